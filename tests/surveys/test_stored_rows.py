"""An anonymous wave keeps nothing that tells when a person answered.

The rows are read as someone with the database would: after invitations, a
reminder, answers before and after it, and another reminder, the person who
answered at once and the one who answered after the reminder leave the same
traces, and sent reminders name nobody.
"""

import re
from collections import Counter
from datetime import timedelta

from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from genuinecare.outbox.actions import drain
from genuinecare.outbox.models import Message
from genuinecare.people.models import Person
from genuinecare.surveys.actions import close_wave, open_wave, send_reminders
from genuinecare.surveys.models import Invitation, InvitationLink, Wave
from genuinecare.surveys.rates import MailStatus, ReminderStatus, mail_status
from genuinecare.surveys.submission import questionnaire_of
from tests.conftest import Cast
from tests.factories import PersonFactory, UnitFactory, make_wave, page_post

TEXT = (models.CharField, models.TextField, models.JSONField)
STATUS = {"pending": 0, "sending": 0, "sent": 0, "failed": 0}


def _wave(cast: Cast, names: list[str]) -> tuple[Wave, dict[str, Person]]:
    ops = UnitFactory(organisation=cast.organisation, parent=cast.root, name="Ops")
    people: dict[str, Person] = {
        name: PersonFactory(organisation=cast.organisation, unit=ops, email=f"{name}@acme.test")
        for name in names
    }
    now = timezone.now()
    wave = make_wave(
        cast.admin,
        units=[ops],
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=10),
        reminder_days=[2, 5],
    )
    open_wave(wave=wave, now=now)
    wave.refresh_from_db()
    return wave, people


def _latest_link(email: str) -> str:
    """The token of the last e-mail sent to ``email`` (read from the mailbox)."""
    body = [str(m.body) for m in mail.outbox if m.to == [email]][-1]
    found = re.search(r"/r/([^/\s]+)/", body)
    assert found is not None
    return found[1]


def _answer(wave: Wave, token: str) -> None:
    last = len(questionnaire_of(wave).pages)
    done = Client().post(reverse("respond-submit", kwargs={"token": token}), page_post(wave, last))
    assert done.status_code == 302


def _traces(person: Person) -> Counter[str]:
    """Per model, how many rows name ``person``: by address, by key or by reference."""
    invitation = Invitation.objects.get(person=person)
    key = f"pulse:{invitation.wave_id}:{invitation.pk}:"
    own: dict[object, int] = {Person: person.pk, Invitation: invitation.pk}
    found: Counter[str] = Counter()
    for model in apps.get_models():
        texts = [f.attname for f in model._meta.concrete_fields if isinstance(f, TEXT)]
        refs = [
            f.attname
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model in own
        ]
        for row in model._default_manager.values("pk", *texts, *refs):
            if (
                own.get(model) == row["pk"]
                or any(row[r] == own[model._meta.get_field(r).related_model] for r in refs)
                or any(person.email in str(row[t]) or key in str(row[t]) for t in texts)
            ):
                found[model._meta.label] += 1
    return found


def test_an_early_and_a_late_answerer_leave_the_same_rows(cast: Cast) -> None:
    wave, people = _wave(cast, ["early", "late", "never"])
    opened = wave.invited_at
    assert opened is not None
    drain(worker="test")
    first_links = {name: _latest_link(p.email) for name, p in people.items()}
    _answer(wave, first_links["early"])

    assert send_reminders(wave=wave, now=opened + timedelta(days=2, minutes=1)) == 2
    drain(worker="test")
    _answer(wave, _latest_link("late@acme.test"))
    assert send_reminders(wave=wave, now=opened + timedelta(days=5, minutes=1)) == 1
    assert send_reminders(wave=wave, now=opened + timedelta(days=5, minutes=2)) == 0
    drain(worker="test")

    # who got what: nobody who answered was reminded, nobody twice for one day
    reminded = [m.to[0] for m in mail.outbox[3:]]
    assert (sorted(reminded[:2]), reminded[2:]) == (
        ["late@acme.test", "never@acme.test"],
        ["never@acme.test"],
    )
    # the early and the late answerer: the same rows, with the same values
    early, late, never = (_traces(people[n]) for n in ("early", "late", "never"))
    assert (
        early == late == Counter({"people.Person": 1, "surveys.Invitation": 1, "outbox.Message": 1})
    )
    assert never == Counter(
        {
            "people.Person": 1,
            "surveys.Invitation": 1,
            "outbox.Message": 1,
            "surveys.InvitationLink": 3,
        }
    )
    identity = {"id", "person", "email"}
    fields = [f.name for f in Invitation._meta.concrete_fields if f.name not in identity]
    rows = {
        name: Invitation.objects.filter(person=people[name]).values(*fields).get()
        for name in people
    }
    assert rows["early"] == rows["late"]
    assert rows["early"]["used_on"] == timezone.localdate(wave.opens_at)
    assert (rows["early"]["draft"], rows["never"]["used_on"]) == (None, None)
    # their links let go of them but keep their wave: 1 + 2, in no telling order
    assert InvitationLink.objects.filter(wave=wave, invitation=None).count() == 3
    # sent reminders name nobody; the wave counts them, as the wave page does
    reminders = Message.objects.filter(kind="survey-reminder")
    assert (
        list(
            reminders.values_list(
                "to_email", "subject", "body", "last_error", "organisation", "status"
            )
        )
        == [("", "", "", "", None, "sent")] * 3  # type: ignore[comparison-overlap]
    )
    keys = list(reminders.values_list("dedupe_key", flat=True))
    assert all(re.fullmatch(rf"pulse:{wave.pk}:reminder:[0-9a-f]{{32}}", k or "") for k in keys)
    assert len(set(keys)) == 3
    wave.refresh_from_db()
    assert wave.reminders_sent == 2
    # reminders are not counted on the wave page: that count is who had not answered
    assert mail_status(wave) == MailStatus(
        invitations={**STATUS, "sent": 3},
        reminders=ReminderStatus(days=2, pending=False, failed=False),
    )
    # every link of an answerer still opens the kind "already answered" page
    for token in (first_links["early"], first_links["late"], _latest_link("late@acme.test")):
        page = Client().get(reverse("respond", kwargs={"token": token}))
        assert (page.status_code, page.context["state"]) == (200, "used")
    with translation.override("en"):  # the request activates German in this thread
        german = Client().get(
            reverse("respond", kwargs={"token": first_links["late"]}), HTTP_ACCEPT_LANGUAGE="de"
        )
    assert "Sie haben bereits geantwortet" in german.content.decode()
    still = Client().get(reverse("respond", kwargs={"token": first_links["never"]}))
    assert still.status_code == 302  # to the first unanswered page


def test_a_missed_reminder_day_sends_one_reminder_and_none_after_close(cast: Cast) -> None:
    wave, _people = _wave(cast, ["a", "b"])
    opened = wave.invited_at
    assert opened is not None
    assert send_reminders(wave=wave, now=opened + timedelta(days=1)) == 0
    assert send_reminders(wave=wave, now=opened + timedelta(days=6)) == 2  # days 2 and 5 at once
    assert send_reminders(wave=wave, now=opened + timedelta(days=6)) == 0
    assert Message.objects.filter(kind="survey-reminder").count() == 2
    close_wave(wave=wave, now=opened + timedelta(days=7))
    assert send_reminders(wave=wave, now=opened + timedelta(days=8)) == 0
    wave.refresh_from_db()
    assert wave.reminders_sent == 2


def test_reminders_are_queued_in_an_order_that_does_not_follow_the_invitations(
    cast: Cast,
) -> None:
    """Row ids of links and messages say nothing about whose they are (1 in 12! to fail)."""
    wave, _people = _wave(cast, [f"p{n:02}" for n in range(12)])
    opened = wave.invited_at
    assert opened is not None
    invited = list(
        Invitation.objects.filter(wave=wave).order_by("pk").values_list("email", flat=True)
    )
    send_reminders(wave=wave, now=opened + timedelta(days=2, minutes=1))
    queued = list(
        Message.objects.filter(kind="survey-reminder")
        .order_by("pk")
        .values_list("to_email", flat=True)
    )
    linked = list(
        InvitationLink.objects.filter(wave=wave)
        .order_by("pk")
        .values_list("invitation__email", flat=True)[12:]
    )
    assert sorted(queued) == sorted(invited) == sorted(linked)
    assert queued == linked != invited
