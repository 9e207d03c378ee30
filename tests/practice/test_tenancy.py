"""Nobody reaches another organisation's practice pages; leaders reach only their own care."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils.html import escape

from genuinecare.people.models import Upload
from genuinecare.practice import actions
from genuinecare.practice.models import AccountFollow, ProposedAction
from tests.conftest import Cast
from tests.factories import PersonFactory, person_stakeholder, practice_world

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def practice_urls(cast: Cast) -> list[str]:
    slug = cast.organisation.slug
    world = practice_world(admin=cast.admin, leader=cast.leader, report=cast.member, now=NOW)
    member, supplier, action = world.report, world.supplier, world.action
    impact, initiative, proposal = world.impact, world.initiative, world.proposal
    upload = world.accounts_upload
    pk = {"org": slug}
    return [
        reverse("practice:map", kwargs=pk),
        reverse("practice:snooze", kwargs=pk),
        reverse("practice:log", kwargs=pk),
        reverse("practice:action", kwargs={**pk, "pk": action.pk}),
        reverse("practice:commitment-done", kwargs={**pk, "pk": action.commitments.get().pk}),
        reverse("practice:stakeholder", kwargs={**pk, "pk": member.pk}),
        reverse("practice:account-add", kwargs=pk),
        reverse("practice:account-import", kwargs=pk),
        reverse("practice:initiatives", kwargs=pk),
        reverse("practice:initiative", kwargs={**pk, "pk": initiative.pk}),
        reverse("practice:impacts", kwargs=pk),
        reverse("practice:impact", kwargs={**pk, "pk": impact.pk}),
        reverse("practice:calendar", kwargs=pk),
        reverse("practice:proposal-confirm", kwargs={**pk, "pk": proposal.pk}),
        reverse("practice:proposal-dismiss", kwargs={**pk, "pk": proposal.pk}),
        reverse("practice:summit", kwargs=pk),
        reverse("practice:genuineness", kwargs=pk),
        reverse("practice:settings", kwargs=pk),
        reverse("practice:account-import-preview", kwargs={**pk, "pk": upload.pk}),
        reverse("practice:account-import-apply", kwargs={**pk, "pk": upload.pk}),
        reverse("practice:accounts", kwargs=pk),
        reverse("practice:account-follow", kwargs={**pk, "pk": supplier.pk}),
        reverse("practice:privacy", kwargs={**pk, "pk": cast.member.pk}),
        reverse("practice:privacy-requests", kwargs=pk),
    ]


def test_outsider_gets_404_on_every_practice_page(cast: Cast) -> None:
    client = cast.client_for(cast.outsider)
    for url in practice_urls(cast):
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 404, url
            assert b"secret" not in response.content
    assert ProposedAction.objects.get().status == "proposed"
    assert Upload.objects.get(file_name="acme-secret.csv").applied_at is None
    assert not AccountFollow.objects.exists()


def test_member_sees_nothing_of_the_practice_loop(cast: Cast) -> None:
    client = cast.client_for(cast.member)
    for url in practice_urls(cast):
        assert client.get(url).status_code == 404, url


def test_another_leader_cannot_open_my_action_commitment_or_proposal(cast: Cast) -> None:
    urls = practice_urls(cast)
    other = PersonFactory(
        organisation=cast.organisation,
        unit=cast.sales,
        role="leader",
        signs_in=True,
        email="other-leader@acme.test",
    )
    client = cast.client_for(other)
    assert client.get(urls[3]).status_code == 404
    for url in (urls[3], urls[4], urls[13], urls[14]):
        assert client.post(url).status_code == 404, url
    # not even the admin reads a leader's private note
    admin = cast.client_for(cast.admin)
    assert admin.get(urls[3]).status_code == 404
    map_page = cast.client_for(cast.leader).get(urls[5]).content.decode()
    assert "secret" in map_page
    assert "secret" not in cast.client_for(cast.admin).get(urls[5]).content.decode()


def test_leader_pages_render_for_the_leader(cast: Cast) -> None:
    client = cast.client_for(cast.leader)
    urls = practice_urls(cast)
    headings = {
        urls[0]: "Your care map",
        urls[2]: "Log a care action",
        urls[3]: "One-on-one",
        urls[5]: cast.member.name,
        urls[6]: "Add an account or party",
        urls[8]: "Initiative register",
        urls[9]: "New CRM",
        urls[10]: "Supplier impact register",
        urls[11]: "Drop part",
        urls[12]: "Calendar import",
        urls[15]: "How many of our leaders met a customer this year?",
        urls[16]: "Care given meets care felt",
        urls[20]: "All accounts",
    }
    for url, heading in headings.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert f"<h1>{escape(heading)}</h1>" in response.content.decode(), url
    assert client.get(urls[17]).status_code == 404  # settings are the admin's
    assert client.get(urls[7]).status_code == 404  # so is importing accounts and contacts


def test_admin_privacy_pages_render_and_never_hand_over_the_export(cast: Cast) -> None:
    urls = practice_urls(cast)
    client = cast.client_for(cast.admin)
    headings = {urls[-2]: f"Privacy request for {cast.member.name}", urls[-1]: "Privacy requests"}
    for url, heading in headings.items():
        response = client.get(url)
        assert response["Content-Type"] == "text/html; charset=utf-8", url
        assert f"<h1>{escape(heading)}</h1>" in response.content.decode(), url
        assert "secret" not in response.content.decode(), url


def test_an_archived_report_is_neither_on_the_map_nor_reachable(cast: Cast) -> None:
    from genuinecare.practice.cadences.due import care_map
    from genuinecare.practice.models import Stakeholder

    kept = person_stakeholder(cast.leader, cast.member)
    gone = PersonFactory(
        organisation=cast.organisation,
        manager=cast.leader,
        email="gone@acme.test",
        name="Gone Report",
    )
    former = person_stakeholder(cast.leader, gone)
    never = PersonFactory(
        organisation=cast.organisation,
        manager=cast.leader,
        email="never@acme.test",
        name="Never Report",
    )
    for person in (gone, never):
        person.archived_at = NOW
        person.save()
    actions.ensure_people_on_map(leader=cast.leader)
    assert not Stakeholder.objects.filter(person=never).exists()
    entries = [e.stakeholder for e in care_map(leader=cast.leader, now=NOW).entries]
    assert entries == [kept]
    client = cast.client_for(cast.leader)
    slug = cast.organisation.slug
    for pk, status in ((kept.pk, 200), (former.pk, 404)):
        url = reverse("practice:stakeholder", kwargs={"org": slug, "pk": pk})
        assert client.get(url).status_code == status, url
    log_page = client.get(reverse("practice:log", kwargs={"org": slug})).content.decode()
    assert cast.member.name in log_page
    assert "Gone Report" not in log_page
    assert "Never Report" not in log_page
