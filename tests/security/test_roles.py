"""Promise 2: members see no leader pages, leaders only their subtree, private things stay
private (a leader's self-assessment, care actions and notes), admins see only what is shared.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from genuinecare.catalog.schema import Item
from genuinecare.mirror.actions import set_sharing
from genuinecare.mirror.models import Assessment
from genuinecare.people.enums import Role
from genuinecare.people.models import Upload
from tests.factories import PersonFactory, answer, make_wave
from tests.mirror.conftest import complete, keyed

from .conftest import World
from .routes import ORGANISATION_ROUTES, POST, Route

pytestmark = pytest.mark.django_db

RANK = {"member": 0, "leader": 1, "admin": 2}


def _denied(world: World, who: str) -> list[Route]:
    return [r for r in ORGANISATION_ROUTES if RANK[r.role] > RANK[who]]


def _try_both(client: Client, url: str) -> list[int]:
    return [client.get(url).status_code, client.post(url).status_code]


@pytest.mark.parametrize("who", ["member", "leader"])
def test_a_role_too_low_gets_404_everywhere(world: World, who: str) -> None:
    person = world.cast.member if who == "member" else world.cast.leader
    client = world.cast.client_for(person)
    denied = _denied(world, who)
    assert len(denied) == (113 if who == "member" else 38)
    for route in denied:
        url = world.acme_url(route)
        assert _try_both(client, url) == [404, 404], url


def test_private_things_reach_nobody_but_their_leader(world: World) -> None:
    """Another leader and the admin get 404 on everything one leader owns."""
    other = PersonFactory(
        organisation=world.cast.organisation,
        unit=world.cast.sales,
        role=Role.LEADER,
        email="other-leader@acme.test",
        signs_in=True,
    )
    owned = [r for r in ORGANISATION_ROUTES if r.owner]
    assert len(owned) == 41
    for person in (other, world.cast.admin):
        client = world.cast.client_for(person)
        for route in owned:
            url = world.acme_url(route)
            for method in route.methods:
                status = getattr(client, method.lower())(url).status_code
                assert status == 404, (person.email, method, url)


def test_a_leader_reaches_only_their_subtree(world: World) -> None:
    cast = world.cast
    client = cast.client_for(cast.leader)
    outside = {"unit": cast.it.pk, "person": cast.colleague_elsewhere.pk}
    for route in ORGANISATION_ROUTES:
        if route.family in outside and route.role == "leader":
            url = world.url(route, slug="acme", objects={**world.acme, **outside})
            assert client.get(url).status_code == 404, url
    wave = make_wave(cast.admin, threshold=3)
    for unit in (cast.it, cast.sales_dach):
        for _ in range(3):
            answer(wave, unit=unit, value=4)
    results = reverse("surveys:results", kwargs={"org": "acme", "pk": wave.pk})
    assert client.get(results, {"unit": cast.it.pk}).status_code == 404
    assert client.get(results, {"drill": cast.it.pk}).status_code == 404
    assert client.get(results, {"select": cast.it.pk}).status_code == 404
    mine = client.get(results).context
    assert [row.name for row in mine["heat"].rows] == ["Sales", "DACH"]
    assert mine["summary"].respondents == 3  # their own unit, Sales


def test_a_leader_manages_only_waves_they_created(world: World) -> None:
    """The admin's wave is visible to a leader, but opening, closing or rewording is not."""
    client = world.cast.client_for(world.cast.leader)
    for name in ("surveys:wave-open", "surveys:wave-close", "surveys:wave-messages"):
        url = reverse(name, kwargs={"org": "acme", "pk": world.acme["wave"]})
        assert client.post(url, {"message_en": "x", "message_de": "y"}).status_code == 404
    wave = world.cast.organisation.waves.get(pk=world.acme["wave"])
    assert (wave.invited_at, wave.closed_at, wave.message_en.startswith("We would")) == (
        None,
        None,
        True,
    )


def test_an_admin_reads_a_shared_self_assessment_without_its_open_answers(
    world: World,
) -> None:
    def answers(item: Item) -> str | int | None:
        if item.scale == "open":
            return "My private reflection"
        if item.scale == "ltr11":
            return 9
        return keyed(4)(item)

    Assessment.objects.filter(person=world.cast.leader, submitted_at__isnull=True).delete()
    shared = complete(world.cast.leader, ("care", "readiness"), answers)
    set_sharing(assessment=shared, shared=True)
    kwargs = {"org": "acme", "pk": shared.pk}
    admin = world.cast.client_for(world.cast.admin)
    report = admin.get(reverse("mirror:report", kwargs=kwargs))
    assert report.status_code == 200
    assert "My private reflection" not in report.content.decode()
    own = world.cast.client_for(world.cast.leader).get(reverse("mirror:report", kwargs=kwargs))
    assert "My private reflection" in own.content.decode()
    for name in ("mirror:share", "mirror:save", "mirror:submit"):
        assert admin.post(reverse(name, kwargs=kwargs)).status_code == 404
    # the unshared one stays out of reach
    unshared = {"org": "acme", "pk": world.acme["assessment"]}
    assert admin.get(reverse("mirror:report", kwargs=unshared)).status_code == 404


def test_notes_and_care_actions_never_reach_the_admin(world: World) -> None:
    admin = world.cast.client_for(world.cast.admin)
    for route in ORGANISATION_ROUTES:
        if route.role == "admin" or (route.owner is False and route.methods != (POST,)):
            page = admin.get(world.acme_url(route))
            if page.get("Content-Type", "").startswith("text/html"):
                assert b"secret note" not in page.content, route.name


def test_a_leader_reaches_no_account_upload_and_cannot_import(world: World) -> None:
    """Accounts and their contacts are an admin's to import: a leader reaches no upload."""
    client = world.cast.client_for(world.cast.leader)
    kwargs: dict[str, str | int] = {"org": "acme", "pk": world.acme["accounts_upload"]}
    assert client.get(reverse("practice:account-import-preview", kwargs=kwargs)).status_code == 404
    assert client.post(reverse("practice:account-import-apply", kwargs=kwargs)).status_code == 404
    assert Upload.objects.get(pk=kwargs["pk"]).applied_at is None
    mine = reverse("practice:account-import", kwargs={"org": "acme"})
    upload = SimpleUploadedFile("mine.csv", b"name;type\nParts GmbH;supplier\n")
    assert client.post(mine, {"file": upload}).status_code == 404
    assert not Upload.objects.filter(uploaded_by=world.cast.leader).exists()
