"""Nobody sees another organisation's data, and leaders see only their subtree."""

import pytest
from django.urls import reverse

from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def org_urls(cast: Cast) -> list[str]:
    slug = cast.organisation.slug
    unit, person = cast.sales.pk, cast.member.pk
    return [
        reverse("people:dashboard", kwargs={"org": slug}),
        reverse("people:units", kwargs={"org": slug}),
        reverse("people:unit", kwargs={"org": slug, "pk": unit}),
        reverse("people:people", kwargs={"org": slug}),
        reverse("people:person", kwargs={"org": slug, "pk": person}),
        reverse("people:person-add", kwargs={"org": slug}),
        reverse("people:person-edit", kwargs={"org": slug, "pk": person}),
        reverse("people:import", kwargs={"org": slug}),
    ]


def test_outsider_gets_404_on_every_page(cast: Cast) -> None:
    client = cast.client_for(cast.outsider)
    for url in org_urls(cast):
        response = client.get(url)
        assert response.status_code == 404, url
        assert cast.organisation.name.encode() not in response.content


def test_outsider_cannot_change_anything(cast: Cast) -> None:
    client = cast.client_for(cast.outsider)
    slug = cast.organisation.slug
    for name in ("people:unit-rename", "people:unit-move", "people:unit-archive"):
        url = reverse(name, kwargs={"org": slug, "pk": cast.sales.pk})
        assert client.post(url, {"name": "Hacked", "parent": ""}).status_code == 404
    archive = reverse("people:person-archive", kwargs={"org": slug, "pk": cast.member.pk})
    assert client.post(archive).status_code == 404
    assert cast.client_for(cast.leader).post(archive).status_code == 404
    cast.member.refresh_from_db()
    assert cast.member.archived_at is None
    cast.sales.refresh_from_db()
    assert (cast.sales.name, cast.sales.archived_at) == ("Sales", None)


def test_outsider_cannot_reach_own_objects_through_this_organisation(cast: Cast) -> None:
    """A person id from the outsider's own organisation is not found under another slug."""
    client = cast.client_for(cast.admin)
    url = reverse("people:person", kwargs={"org": "acme", "pk": cast.outsider.pk})
    assert client.get(url).status_code == 404


def test_anonymous_visitor_is_sent_to_sign_in(cast: Cast) -> None:
    from django.test import Client

    response = Client().get(reverse("people:people", kwargs={"org": "acme"}))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_leader_sees_own_subtree_only(cast: Cast) -> None:
    client = cast.client_for(cast.leader)
    listing = client.get(reverse("people:people", kwargs={"org": "acme"})).content.decode()
    assert cast.member.name in listing
    assert cast.colleague_elsewhere.name not in listing
    assert cast.admin.name not in listing
    outside = reverse("people:person", kwargs={"org": "acme", "pk": cast.colleague_elsewhere.pk})
    assert client.get(outside).status_code == 404
    assert (
        client.get(reverse("people:unit", kwargs={"org": "acme", "pk": cast.it.pk})).status_code
        == 404
    )
    inside = reverse("people:unit", kwargs={"org": "acme", "pk": cast.sales_dach.pk})
    assert cast.member.name in client.get(inside).content.decode()


def test_leader_cannot_use_admin_pages(cast: Cast) -> None:
    client = cast.client_for(cast.leader)
    assert client.get(reverse("people:import", kwargs={"org": "acme"})).status_code == 404
    assert client.get(reverse("people:person-add", kwargs={"org": "acme"})).status_code == 404


def test_member_sees_no_people_pages(cast: Cast) -> None:
    client = cast.client_for(cast.member)
    assert client.get(reverse("people:people", kwargs={"org": "acme"})).status_code == 404
    dashboard = client.get(reverse("people:dashboard", kwargs={"org": "acme"}))
    assert dashboard.status_code == 200
    assert cast.member.name in dashboard.content.decode()


def test_consultant_switches_between_organisations(cast: Cast) -> None:
    from tests.factories import PersonFactory

    PersonFactory(
        organisation=cast.outsider.organisation, user=cast.admin.user, email=cast.admin.email
    )
    client = cast.client_for(cast.admin)
    choice = client.get(reverse("home")).content.decode()
    assert "Acme" in choice and "Globex" in choice
    globex = client.get(reverse("people:dashboard", kwargs={"org": "globex"}))
    assert "<h1>Globex</h1>" in globex.content.decode()


def test_admin_adds_and_edits_a_person_through_the_pages(cast: Cast) -> None:
    from genuinecare.people.models import Person

    client = cast.client_for(cast.admin)
    fields = {
        "name": "Ida Neu",
        "email": "Ida@Acme.test",
        "unit": cast.it.pk,
        "manager": cast.colleague_elsewhere.pk,
        "function": "cio",
        "role": "leader",
        "language": "de",
    }
    client.post(reverse("people:person-add", kwargs={"org": "acme"}), fields)
    ida = Person.objects.get(organisation=cast.organisation, email="ida@acme.test")
    assert (ida.unit, ida.manager, ida.function, ida.role) == (
        cast.it,
        cast.colleague_elsewhere,
        "cio",
        "leader",
    )
    again = client.post(reverse("people:person-add", kwargs={"org": "acme"}), fields)
    assert (
        "ida@acme.test already belongs to someone in this organisation." in again.content.decode()
    )
    edit = reverse("people:person-edit", kwargs={"org": "acme", "pk": cast.colleague_elsewhere.pk})
    loop = client.post(edit, {**fields, "name": "Sean", "manager": ida.pk})
    assert "cannot report to someone who reports to them" in loop.content.decode()
    client.post(edit, {**fields, "name": "Sean Neu", "manager": ""})
    cast.colleague_elsewhere.refresh_from_db()
    assert (cast.colleague_elsewhere.name, cast.colleague_elsewhere.role) == ("Sean Neu", "leader")


def test_admin_cannot_pick_a_unit_of_another_organisation(cast: Cast) -> None:
    from genuinecare.people.models import Unit

    foreign = Unit.objects.create(organisation=cast.outsider.organisation, name="Foreign")
    client = cast.client_for(cast.admin)
    response = client.post(
        reverse("people:person-add", kwargs={"org": "acme"}),
        {
            "name": "X",
            "email": "x@acme.test",
            "unit": foreign.pk,
            "manager": "",
            "function": "other",
            "role": "member",
            "language": "en",
        },
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_archived_leaver_loses_access_and_reports_move_up(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    client.post(reverse("people:person-archive", kwargs={"org": "acme", "pk": cast.leader.pk}))
    cast.leader.refresh_from_db()
    cast.member.refresh_from_db()
    assert cast.leader.archived_at is not None
    assert cast.member.manager is None  # the leader had no manager: the report moves to the top
    leaver = cast.client_for(cast.leader)
    assert leaver.get(reverse("people:dashboard", kwargs={"org": "acme"})).status_code == 404
    listing = client.get(reverse("people:people", kwargs={"org": "acme"})).content.decode()
    assert f"/people/{cast.leader.pk}/" not in listing
    assert f"/people/{cast.member.pk}/" in listing


def test_admin_cannot_archive_themselves(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    page = client.post(
        reverse("people:person-archive", kwargs={"org": "acme", "pk": cast.admin.pk}), follow=True
    )
    assert "You cannot archive yourself. Ask another admin." in page.content.decode()
    cast.admin.refresh_from_db()
    assert cast.admin.archived_at is None


def test_dashboard_leads_leaders_to_the_loops_and_tells_members_about_links(cast: Cast) -> None:
    leader_page = cast.client_for(cast.leader).get(
        reverse("people:dashboard", kwargs={"org": "acme"})
    )
    for name in ("mirror:index", "surveys:waves", "practice:map"):
        assert reverse(name, kwargs={"org": "acme"}) in leader_page.content.decode()
    member_page = cast.client_for(cast.member).get(
        reverse("people:dashboard", kwargs={"org": "acme"})
    )
    assert reverse("mirror:index", kwargs={"org": "acme"}) not in member_page.content.decode()
    assert "you receive a personal link by e-mail" in member_page.content.decode()


def test_dashboard_lists_ones_active_reports_by_name(cast: Cast) -> None:
    from django.utils import timezone

    from tests.factories import PersonFactory

    cast.member.name = "Mia Mitte"
    cast.member.save()
    PersonFactory(organisation=cast.organisation, manager=cast.leader, name="Aaron Früh")
    PersonFactory(
        organisation=cast.organisation,
        manager=cast.leader,
        name="Anna Gegangen",
        archived_at=timezone.now(),
    )
    client = cast.client_for(cast.leader)
    response = client.get(reverse("people:dashboard", kwargs={"org": "acme"}))
    assert [person.name for person in response.context["reports"]] == [
        "Aaron Früh",
        "Mia Mitte",
    ]
    detail = client.get(reverse("people:person", kwargs={"org": "acme", "pk": cast.leader.pk}))
    assert [person.name for person in detail.context["reports"]] == [
        "Aaron Früh",
        "Mia Mitte",
    ]
