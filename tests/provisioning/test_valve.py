"""The safety valve for SCIM: too many deactivations or new addresses within the hour wait
for an admin, who sees them and applies or discards them all."""

import pytest
from django.urls import reverse

from genuinecare.people.models import Person
from genuinecare.provisioning.enums import ChangeState
from genuinecare.provisioning.models import SyncChange
from tests.conftest import Cast
from tests.factories import PersonFactory

from .helpers import Scim, token_for

pytestmark = pytest.mark.django_db

OFF = [{"op": "replace", "path": "active", "value": False}]


@pytest.fixture
def staff(cast: Cast) -> list[Person]:
    """Twenty active people in Acme: the cast's four and sixteen more (not the admin first)."""
    PersonFactory.create_batch(16, organisation=cast.organisation)
    return list(Person.objects.filter(organisation=cast.organisation).exclude(pk=cast.admin.pk))


def _active(cast: Cast) -> int:
    return Person.objects.filter(organisation=cast.organisation, archived_at__isnull=True).count()


def test_the_ninth_deactivation_of_twenty_within_the_hour_is_held(
    cast: Cast, staff: list[Person]
) -> None:
    scim = Scim(token_for(cast.admin))
    for person in staff[:8]:  # 8 of 20 is 40 %: not more than 40 %
        assert scim.patch(f"Users/{person.pk}", OFF).status_code == 200
    assert _active(cast) == 12
    held = scim.patch(f"Users/{staff[8].pk}", OFF)
    assert held.status_code == 503
    assert held["Retry-After"] == "3600"
    assert "Held for an admin's confirmation" in held.json()["detail"]
    assert held.json()["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
    # While something waits, later deactivations wait too; a retry replaces its own entry.
    assert scim.delete(f"Users/{staff[9].pk}").status_code == 503
    assert scim.patch(f"Users/{staff[8].pk}", OFF).status_code == 503
    assert _active(cast) == 12
    waiting = SyncChange.objects.filter(state=ChangeState.HELD)
    assert sorted(waiting.values_list("person", flat=True)) == sorted([staff[8].pk, staff[9].pk])
    # Other changes go on as usual.
    rename = [{"op": "replace", "path": "name.formatted", "value": "Still Here"}]
    assert scim.patch(f"Users/{staff[10].pk}", rename).status_code == 200


def test_the_admin_sees_the_held_changes_and_applies_them(cast: Cast, staff: list[Person]) -> None:
    scim = Scim(token_for(cast.admin))
    for person in staff[:10]:
        scim.patch(f"Users/{person.pk}", OFF)
    client = cast.client_for(cast.admin)
    page = client.get(reverse("provisioning:held", kwargs={"org": "acme"})).content.decode()
    assert staff[8].name in page and staff[9].name in page
    assert staff[0].name not in page  # applied before the valve closed
    assert 'data-count="deactivations">2<' in page
    tokens_page = client.get(reverse("provisioning:tokens", kwargs={"org": "acme"}))
    assert "2 changes wait for your confirmation" in tokens_page.content.decode()
    client.post(reverse("provisioning:apply", kwargs={"org": "acme"}))
    assert _active(cast) == 10
    staff[8].refresh_from_db()
    assert staff[8].archived_at is not None
    assert not SyncChange.objects.filter(state=ChangeState.HELD).exists()
    # The identity provider's retry now finds the person deactivated: nothing to hold.
    assert scim.patch(f"Users/{staff[8].pk}", OFF).status_code == 200
    # A deactivated person still reads back over SCIM, as inactive.
    assert scim.get(f"Users/{staff[9].pk}").status_code == 200
    assert scim.get(f"Users/{staff[9].pk}").json()["active"] is False


def test_discarding_changes_nobody(cast: Cast, staff: list[Person]) -> None:
    scim = Scim(token_for(cast.admin))
    for person in staff[:9]:
        scim.patch(f"Users/{person.pk}", OFF)
    client = cast.client_for(cast.admin)
    client.post(reverse("provisioning:discard", kwargs={"org": "acme"}))
    assert _active(cast) == 12
    staff[8].refresh_from_db()
    assert staff[8].archived_at is None
    assert SyncChange.objects.get(person=staff[8]).state == ChangeState.DISCARDED


def test_the_fifth_new_address_of_twenty_is_held(cast: Cast, staff: list[Person]) -> None:
    scim = Scim(token_for(cast.admin))
    for index, person in enumerate(staff[:4]):
        new = [{"op": "replace", "path": "userName", "value": f"renamed{index}@acme.test"}]
        assert scim.patch(f"Users/{person.pk}", new).status_code == 200
    fifth = [{"op": "replace", "path": "userName", "value": "renamed4@acme.test"}]
    assert scim.patch(f"Users/{staff[4].pk}", fifth).status_code == 503
    staff[4].refresh_from_db()
    assert staff[4].email != "renamed4@acme.test"
    held = SyncChange.objects.get(state=ChangeState.HELD)
    assert (held.old_email, held.new_email) == (staff[4].email, "renamed4@acme.test")
    page = cast.client_for(cast.admin).get(reverse("provisioning:held", kwargs={"org": "acme"}))
    assert "renamed4@acme.test" in page.content.decode()


def test_a_held_change_that_no_longer_fits_is_marked_failed(
    cast: Cast, staff: list[Person]
) -> None:
    scim = Scim(token_for(cast.admin))
    for index, person in enumerate(staff[:4]):
        new = [{"op": "replace", "path": "userName", "value": f"renamed{index}@acme.test"}]
        scim.patch(f"Users/{person.pk}", new)
    taken = [{"op": "replace", "path": "userName", "value": "later@acme.test"}]
    assert scim.patch(f"Users/{staff[4].pk}", taken).status_code == 503
    PersonFactory(organisation=cast.organisation, email="later@acme.test")
    cast.client_for(cast.admin).post(reverse("provisioning:apply", kwargs={"org": "acme"}))
    held = SyncChange.objects.get(person=staff[4])
    assert held.state == ChangeState.FAILED
    assert "later@acme.test" in held.detail
