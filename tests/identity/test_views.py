"""The admin's side: the person page's sign-in block, invite, resend, revoke, bulk, and 404s."""

import pytest
from django.test import Client
from django.urls import reverse

from genuinecare.identity.enums import End
from genuinecare.identity.models import Activation
from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.factories import PersonFactory

from .helpers import activation_mails

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(cast: Cast) -> list[Person]:
    """Three people brought in without a password, as the people import does."""
    return [
        PersonFactory(organisation=cast.organisation, name=f"Pat {n}", email=f"pat{n}@acme.test")
        for n in range(3)
    ]


def _url(name: str, person: Person, slug: str = "acme") -> str:
    return reverse(f"identity:{name}", kwargs={"org": slug, "pk": person.pk})


def test_the_person_page_loads_the_sign_in_block_and_it_shows_each_state(
    cast: Cast, imported: list[Person]
) -> None:
    client = cast.client_for(cast.admin)
    pat = imported[0]
    page = client.get(pat.get_absolute_url())
    assert f'hx-get="{_url("person", pat)}"' in page.text
    block = client.get(_url("person", pat), headers={"HX-Request": "true"})
    assert block.text.startswith('<div id="sign-in" class="sign-in" data-state="not_invited">')
    assert "<strong>Not invited</strong>" in block.text
    assert _url("invite", pat) in block.text and _url("revoke", pat) not in block.text
    client.post(_url("invite", pat))
    block = client.get(_url("person", pat), headers={"HX-Request": "true"})
    assert 'data-state="invited"' in block.text and "its link works until" in block.text
    activation = Activation.objects.get(person=pat)
    assert f'name="activation" value="{activation.pk}"' in block.text
    assert _url("revoke", pat) in block.text
    full = client.get(_url("person", cast.leader))
    assert "<strong>Active, never signed in</strong>" in full.text  # a password, no sign-in yet
    assert "<!doctype html>" in full.text


def test_invite_resend_and_revoke_from_the_person_page(cast: Cast, imported: list[Person]) -> None:
    client = cast.client_for(cast.admin)
    pat = imported[0]
    response = client.post(_url("invite", pat), follow=True)
    assert "An activation e-mail is on its way to pat0@acme.test." in response.text
    first = Activation.objects.get(person=pat)
    again = client.post(_url("invite", pat), follow=True)
    assert "Pat 0&#x27;s link still works; no new e-mail was sent." in again.text
    client.post(_url("resend", pat), {"activation": first.pk})
    client.post(_url("resend", pat), {"activation": first.pk})  # a double submit
    assert len(activation_mails("pat0@acme.test")) == 2
    first.refresh_from_db()
    assert first.end == End.REPLACED
    revoked = client.post(_url("revoke", pat), follow=True)
    assert "Pat 0&#x27;s activation link no longer works." in revoked.text
    assert list(Activation.objects.filter(person=pat).values_list("end", flat=True)) == [
        End.REVOKED,
        End.REPLACED,
    ]
    refused = client.post(_url("invite", cast.member), follow=True)
    assert f"{cast.member.name} can sign in already." in refused.text


def test_a_tampered_resend_sends_nothing_new(cast: Cast, imported: list[Person]) -> None:
    client = cast.client_for(cast.admin)
    pat = imported[0]
    client.post(_url("invite", pat))
    response = client.post(_url("resend", pat), {"activation": "²"})
    assert response.status_code == 400
    assert len(activation_mails("pat0@acme.test")) == 1


def test_bulk_invite_from_the_people_list(cast: Cast, imported: list[Person]) -> None:
    client = cast.client_for(cast.admin)
    listing = client.get(reverse("people:people", kwargs={"org": "acme"}))
    assert f'<input type="checkbox" name="person" value="{imported[0].pk}"' in listing.text
    assert reverse("identity:invite-many", kwargs={"org": "acme"}) in listing.text
    client.post(_url("invite", imported[2]))
    ids = [p.pk for p in imported] + [cast.member.pk, cast.outsider.pk]
    response = client.post(
        reverse("identity:invite-many", kwargs={"org": "acme"}), {"person": ids}, follow=True
    )
    assert (
        "2 activation e-mails sent. 1 person&#x27;s link still works. 1 person signs in already."
        in response.text
    )
    assert Activation.objects.filter(person__in=imported).count() == 3
    assert not Activation.objects.filter(person=cast.outsider).exists()
    nothing = client.post(reverse("identity:invite-many", kwargs={"org": "acme"}), follow=True)
    assert "Tick the people to invite first." in nothing.text


def test_leaders_see_no_tick_boxes_on_the_people_list(cast: Cast) -> None:
    listing = cast.client_for(cast.leader).get(reverse("people:people", kwargs={"org": "acme"}))
    assert 'type="checkbox"' not in listing.text
    assert "identity" not in listing.text and "/sign-in/" not in listing.text


@pytest.mark.parametrize("who", ["outsider", "member", "leader"])
def test_only_the_organisations_admins_reach_activation(
    cast: Cast, imported: list[Person], who: str
) -> None:
    client: Client = cast.client_for(getattr(cast, who))
    pat = imported[0]
    for name in ("invite", "resend", "revoke"):
        assert client.post(_url(name, pat)).status_code == 404
    assert client.get(_url("person", pat)).status_code == 404
    bulk = reverse("identity:invite-many", kwargs={"org": "acme"})
    assert client.post(bulk, {"person": [pat.pk]}).status_code == 404
    assert not Activation.objects.exists()


def test_the_outsiders_admin_cannot_invite_acme_people_through_their_own_organisation(
    cast: Cast, imported: list[Person]
) -> None:
    client = cast.client_for(cast.outsider)
    assert client.post(_url("invite", imported[0], slug="globex")).status_code == 404
    bulk = reverse("identity:invite-many", kwargs={"org": "globex"})
    client.post(bulk, {"person": [imported[0].pk]})
    assert not Activation.objects.exists()
