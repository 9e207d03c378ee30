from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from genuinecare.outbox.actions import drain
from genuinecare.surveys.actions import close_wave
from genuinecare.surveys.enums import Audience, Mode
from genuinecare.surveys.models import Invitation, Response, Wave
from genuinecare.surveys.submission import Draft, questionnaire_of
from genuinecare.surveys.tasks import run_due
from tests.conftest import Cast, streamed
from tests.factories import invite, make_wave, page_post


def _pages(wave: Wave) -> list[str]:
    org, pk = wave.organisation.slug, wave.pk
    return [
        reverse("surveys:wave", kwargs={"org": org, "pk": pk}),
        reverse("surveys:results", kwargs={"org": org, "pk": pk}),
        reverse("surveys:report-pdf", kwargs={"org": org, "pk": pk}),
        reverse(
            "surveys:export", kwargs={"org": org, "pk": pk, "kind": "aggregated", "fmt": "csv"}
        ),
        reverse("surveys:export", kwargs={"org": org, "pk": pk, "kind": "raw", "fmt": "xlsx"}),
    ]


def test_outsiders_and_members_get_404_everywhere(cast: Cast) -> None:
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL)
    org = cast.organisation.slug
    posts = [
        reverse(f"surveys:{name}", kwargs={"org": org, "pk": wave.pk})
        for name in ("wave-open", "wave-close", "wave-messages")
    ]
    lists = [
        reverse("surveys:waves", kwargs={"org": org}),
        reverse("surveys:wave-create", kwargs={"org": org}),
    ]
    for person in (cast.outsider, cast.member):
        client = cast.client_for(person)
        statuses = [client.get(url).status_code for url in [*_pages(wave), *lists]]
        statuses += [client.post(url).status_code for url in posts]
        assert statuses == [404] * 10, person
    wave.refresh_from_db()
    assert wave.invited_at is None and wave.closed_at is None


def test_leaders_see_results_but_not_raw_responses_or_contacts(cast: Cast) -> None:
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL)
    client = cast.client_for(cast.leader)
    pages = _pages(wave)
    wave_page, results, pdf, export = (client.get(url) for url in pages[:4])
    assert "<h1>Spring pulse</h1>" in wave_page.content.decode()
    assert "<h1>Spring pulse · Sales</h1>" in results.content.decode()  # their subtree
    assert (pdf["Content-Type"], pdf.content[:5]) == ("application/pdf", b"%PDF-")
    rows = streamed(export).decode("utf-8-sig").splitlines()
    assert rows[0].startswith("Unit,Respondents,Heard: % favourable,")
    assert client.get(pages[4]).status_code == 404
    assert client.get(reverse("practice:account-import", kwargs={"org": "acme"})).status_code == 404
    assert (
        client.post(
            reverse("surveys:wave-close", kwargs={"org": "acme", "pk": wave.pk})
        ).status_code
        == 404
    )


def test_leader_cannot_see_another_leaders_team_mirror(cast: Cast) -> None:
    wave = make_wave(cast.admin, audience=Audience.TEAM, leader=cast.admin)
    response = cast.client_for(cast.leader).get(_pages(wave)[0])
    assert response.status_code == 404


def test_admin_creates_a_wave_and_the_worker_invites_and_reminds(
    cast: Cast, settings: Settings
) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    client = cast.client_for(cast.admin)
    now = timezone.localtime()
    form = {
        "title": "Autumn pulse",
        "audience": "employees",
        "catalog": "care",
        "include_recommend": "on",
        "languages": ["en", "de"],
        "mode": "anonymous",
        "threshold": "3",
        "comment_threshold": "10",
        "opens_at": (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "reminder_days": "2, 5",
        "units": [str(cast.sales.pk)],
    }
    response = client.post(reverse("surveys:wave-create", kwargs={"org": "acme"}), form)
    assert response.status_code == 302
    run_due(now=timezone.now())
    drain(worker="test")
    assert sorted(m.to[0] for m in mail.outbox) == ["leader@acme.test", "member@acme.test"]
    assert "/r/" in mail.outbox[0].body
    wave = Invitation.objects.first().wave
    assert wave.reminder_days == [2, 5]
    answered = Invitation.objects.get(email="member@acme.test")
    Invitation.objects.filter(pk=answered.pk).update(used_on=timezone.localdate())
    run_due(now=timezone.now() + timedelta(days=2, minutes=1))
    run_due(now=timezone.now() + timedelta(days=2, minutes=2))  # idempotent
    drain(worker="test")
    reminders = [m.to[0] for m in mail.outbox[2:]]
    assert reminders == ["leader@acme.test"]
    run_due(now=timezone.now() + timedelta(days=11))
    wave.refresh_from_db()
    assert wave.closed_at is not None
    run_due(now=timezone.now() + timedelta(days=12))
    drain(worker="test")
    assert len(mail.outbox) == 3  # nothing after close
    page = client.get(wave.get_absolute_url()).content.decode()
    assert "data-invitations-sent>2<" in page


def test_respond_page_states_are_kind_pages(cast: Cast, client: Client) -> None:
    wave = make_wave(cast.admin)
    _invitation, token = invite(wave, unit=cast.it, email="p@x.test")
    first = client.get(reverse("respond", kwargs={"token": token}) + "?lang=de")
    assert first.status_code == 302 and first["Location"] == f"/r/{token}/1/?lang=de"
    page = client.get(first["Location"]).content.decode()
    assert "Diese Umfrage ist anonym." in page
    assert "Ich fühle mich gehört, wenn ich mit meiner Führungskraft spreche." in page
    assert "Trifft nicht zu" in page
    unknown = client.get(reverse("respond", kwargs={"token": "nope"}))
    assert unknown.status_code == 404 and "We do not know this link" in unknown.content.decode()
    last = len(questionnaire_of(wave).pages)
    submit = reverse("respond-submit", kwargs={"token": token})
    done = client.post(submit, page_post(wave, last, lang="de"))
    assert done.status_code == 302 and done["Location"] == "/r/thanks/?lang=de"
    assert "Vielen Dank" in client.get(done["Location"]).content.decode()
    again = client.post(submit, page_post(wave, last))
    assert "You have already answered" in again.content.decode()
    assert "You have already answered" in client.get(f"/r/{token}/1/").content.decode()
    assert Response.objects.count() == 1


def test_the_form_saves_each_page_resumes_and_refuses_tampering(cast: Cast, client: Client) -> None:
    wave = make_wave(cast.admin, languages=["en"])
    invitation, token = invite(wave, unit=cast.it, email="f@x.test", language="en")
    save = reverse("respond-save", kwargs={"token": token})
    page = client.get(f"/r/{token}/1/").content.decode()
    question = questionnaire_of(wave).pages[0].questions[0]
    assert question.item.others_text.en in page
    assert 'name="q-comment.heard"' in page
    assert 'class="qn-language"' not in page  # the wave asks in English only
    assert "only for groups of at least 4 people" in page

    moved = client.post(save, page_post(wave, 1, "5", go="next"))
    assert moved.status_code == 302 and moved["Location"] == f"/r/{token}/2/"
    autosaved = client.post(save, page_post(wave, 2, "na"), HTTP_HX_REQUEST="true")
    assert autosaved.status_code == 200 and "Saved." in autosaved.content.decode()
    resumed = client.get(reverse("respond", kwargs={"token": token}))
    assert resumed["Location"] == f"/r/{token}/3/"
    second = client.get(f"/r/{token}/2/").content.decode()
    assert second.count('value="na" checked') == len(questionnaire_of(wave).pages[1].questions)

    tampered = client.post(save, {**page_post(wave, 1), "q-heard_e1": "7"})
    assert (
        tampered.status_code == 400 and "is not on its scale (1 to 5)" in tampered.content.decode()
    )
    invitation.refresh_from_db()
    first_page = Draft.of(invitation, questionnaire_of(wave)).vectors
    assert first_page[questionnaire_of(wave).parts[0].key][0] == 5
    assert client.get(f"/r/{token}/99/").status_code == 404
    assert Response.objects.count() == 0


def test_a_closed_wave_shows_its_kind_page_and_drops_drafts(cast: Cast, client: Client) -> None:
    wave = make_wave(cast.admin)
    invitation, token = invite(wave, unit=cast.it, email="late@x.test")
    client.post(reverse("respond-save", kwargs={"token": token}), page_post(wave, 1))
    close_wave(wave=wave)
    page = client.get(f"/r/{token}/1/")
    assert page.status_code == 200 and "This survey has closed" in page.content.decode()
    invitation.refresh_from_db()
    assert invitation.draft is None


def test_wave_list_costs_the_same_queries_for_one_and_four_waves(cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_wave

    client = cast.client_for(cast.admin)
    url = reverse("surveys:waves", kwargs={"org": "acme"})
    waves = [make_wave(cast.admin)]
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    waves += [make_wave(cast.admin) for _ in range(3)]
    with CaptureQueriesContext(connection) as four:
        page = client.get(url).content.decode()
    assert all(wave.get_absolute_url() in page for wave in waves)
    assert len(four) == len(one)


@pytest.mark.parametrize("name", ["unit", "drill", "select"])
def test_results_refuse_digits_that_are_not_ascii_with_a_400_that_says_what_to_fix(
    cast: Cast, name: str
) -> None:
    wave = make_wave(cast.admin)
    results = reverse("surveys:results", kwargs={"org": "acme", "pk": wave.pk})
    page = cast.client_for(cast.admin).get(results, {name: "²"})
    assert page.status_code == 400
    assert f"“{name}” must be a whole number" in page.content.decode()


def test_trends_refuse_digits_that_are_not_ascii_with_a_400(cast: Cast) -> None:
    page = cast.client_for(cast.admin).get(
        reverse("surveys:trends", kwargs={"org": "acme"}), {"unit": "٣"}
    )
    assert page.status_code == 400
    assert "“unit” must name an entry by its number" in page.content.decode()
