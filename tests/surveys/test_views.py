from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from genuinecare.outbox.actions import drain
from genuinecare.surveys.enums import Audience, Mode
from genuinecare.surveys.models import Invitation, Response
from genuinecare.surveys.tasks import run_due
from tests.conftest import Cast
from tests.surveys.factories import invite, make_wave


def _pages(wave) -> list[str]:
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
        reverse("surveys:contacts", kwargs={"org": org}),
    ]
    for person in (cast.outsider, cast.member):
        client = cast.client_for(person)
        statuses = [client.get(url).status_code for url in [*_pages(wave), *lists]]
        statuses += [client.post(url).status_code for url in posts]
        assert statuses == [404] * 11, person
    wave.refresh_from_db()
    assert wave.invited_at is None and wave.closed_at is None


def test_leaders_see_results_but_not_raw_responses_or_contacts(cast: Cast) -> None:
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL)
    client = cast.client_for(cast.leader)
    pages = _pages(wave)
    assert [client.get(url).status_code for url in pages[:4]] == [200, 200, 200, 200]
    assert client.get(pages[4]).status_code == 404
    assert client.get(reverse("surveys:contacts", kwargs={"org": "acme"})).status_code == 404
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


def test_admin_creates_a_wave_and_the_worker_invites_and_reminds(cast: Cast, settings) -> None:
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
        "comment_threshold": "5",
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
    assert run_due(now=timezone.now() + timedelta(days=12)) is None
    drain(worker="test")
    assert len(mail.outbox) == 3  # nothing after close
    page = client.get(wave.get_absolute_url()).content.decode()
    assert "data-invitations-sent>2<" in page


def test_respond_page_states_are_kind_pages(cast: Cast, client) -> None:
    wave = make_wave(cast.admin)
    _invitation, token = invite(wave, unit=cast.it, email="p@x.test")
    page = client.get(reverse("respond", kwargs={"token": token}) + "?lang=de")
    assert page.status_code == 200
    assert "Diese Umfrage ist anonym." in page.content.decode()
    unknown = client.get(reverse("respond", kwargs={"token": "nope"}))
    assert unknown.status_code == 404 and "We do not know this link" in unknown.content.decode()
    from genuinecare.surveys.submission import layout_of

    data = {c.key: "4" for c in layout_of(wave).columns if c.item.scale == "agree5"}
    first = client.post(reverse("respond", kwargs={"token": token}), data)
    assert first.status_code == 302 and first["Location"].startswith("/r/thanks/")
    again = client.post(reverse("respond", kwargs={"token": token}), data)
    assert "You have already answered" in again.content.decode()
    assert Response.objects.count() == 1
