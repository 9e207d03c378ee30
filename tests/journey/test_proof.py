"""The team's pulses: made when due, sent once by the worker, answered once through the link."""

import datetime as dt
import hashlib
import io
import logging
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from genuinecare.journey.enums import JourneyStatus, Outcome, PulseKind, StepStatus
from genuinecare.journey.models import (
    Expectation,
    Experiment,
    Journey,
    PulseAnswer,
    PulseInvitation,
    Step,
    TeamPulse,
)
from genuinecare.journey.pulses import answer_pulse, create_pulse, send_due
from genuinecare.lib.logs import RedactLinks, redact
from genuinecare.outbox.actions import drain
from genuinecare.outbox.models import Message
from genuinecare.people.enums import Language
from genuinecare.people.models import Person
from genuinecare.releases.models import Ledger
from genuinecare.site.management.commands.worker import run_periodic
from tests.conftest import Cast
from tests.factories.people import PersonFactory
from tests.security.test_links import _access_atoms

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.UTC)
TODAY = timezone.localdate(NOW)
K = 3


def team_of(cast: Cast, size: int = 4) -> list[Person]:
    """The leader's team at ``size`` members (cast.member and new ones), k set to 3."""
    cast.organisation.anonymity_threshold = K
    cast.organisation.save(update_fields=["anonymity_threshold"])
    extra = [
        PersonFactory(organisation=cast.organisation, unit=cast.sales_dach, manager=cast.leader)
        for _ in range(size - 1)
    ]
    return [cast.member, *extra]


def promise(
    journey: Journey, *, due_on: dt.date = TODAY, what: str = "Fridays free"
) -> Expectation:
    return Expectation.objects.create(
        journey=journey, what=what, due_on=due_on, noticed_by="No meetings on Fridays"
    )


def experiment(journey: Journey, *, ends_on: dt.date, outcome: str = Outcome.OPEN) -> Experiment:
    return Experiment.objects.create(
        journey=journey,
        hypothesis="Pairing on customer calls builds trust",
        watch="Calls done in pairs",
        success_signs="More calls",
        failure_signs="Fewer calls",
        starts_on=TODAY - dt.timedelta(days=20),
        ends_on=ends_on,
        outcome=outcome,
    )


def done_step(journey: Journey, *, days_ago: int = 30, title: str = "Weekly open hour") -> Step:
    return Step.objects.create(
        journey=journey,
        title=title,
        status=StepStatus.DONE,
        done_at=NOW - dt.timedelta(days=days_ago),
    )


def tokens() -> list[str]:
    """The tokens of the pulse e-mails queued so far (before they are sent and scrubbed)."""
    found = []
    for body in Message.objects.filter(kind="journey.pulse").values_list("body", flat=True):
        link = next(word for word in body.split() if "/journey-pulse/" in word)
        found.append(link.rstrip("/").rsplit("/", 1)[-1])
    return found


def pulse_url(token: str) -> str:
    return reverse("journey-pulse", kwargs={"token": token})


def answer(token: str, **values: int) -> None:
    answer_pulse(token=token, values=values or {"kept": 3}, today=TODAY)


def test_the_worker_sends_a_due_promise_once_to_every_team_member(
    cast: Cast, journey: Journey
) -> None:
    team = team_of(cast)
    promise(journey)
    run_periodic(now=NOW)
    pulse = TeamPulse.objects.get()
    assert (pulse.kind, pulse.closes_on, pulse.sent_at) == (
        PulseKind.PROMISE,
        TODAY + dt.timedelta(days=14),
        NOW,
    )
    invited = set(pulse.invitations.values_list("person_id", flat=True))
    assert invited == {person.pk for person in team}  # the leader is not asked
    messages = Message.objects.filter(kind="journey.pulse")
    assert sorted(messages.values_list("to_email", flat=True)) == sorted(p.email for p in team)
    sent = tokens()
    hashes = {hashlib.sha256(token.encode()).hexdigest() for token in sent}
    assert hashes == set(pulse.invitations.values_list("token_hash", flat=True))
    assert all("Fridays free" in body for body in messages.values_list("body", flat=True))
    run_periodic(now=NOW + dt.timedelta(hours=1))  # the next round: nothing new
    assert (TeamPulse.objects.count(), PulseInvitation.objects.count()) == (1, len(team))
    assert Message.objects.filter(kind="journey.pulse").count() == len(team)
    drain(worker="test")
    assert set(Message.objects.filter(kind="journey.pulse").values_list("body", "to_email")) == {
        ("", "")
    }  # the link and the address are forgotten once sent


def test_each_kind_comes_due_on_its_own_day_and_only_once(cast: Cast, journey: Journey) -> None:
    team_of(cast)
    promise(journey, due_on=TODAY + dt.timedelta(days=1), what="Not yet due")
    running = experiment(journey, ends_on=TODAY + dt.timedelta(days=5))
    ended = experiment(journey, ends_on=TODAY)
    stopped = experiment(journey, ends_on=TODAY + dt.timedelta(days=5), outcome=Outcome.STOP)
    recent = done_step(journey, days_ago=29)
    month = done_step(journey, days_ago=30)
    Step.objects.create(journey=journey, title="Still going", status=StepStatus.IN_PROGRESS)
    run_periodic(now=NOW)
    made = {(p.kind, p.experiment_id or p.step_id) for p in TeamPulse.objects.all()}
    assert made == {
        (PulseKind.ROOF, ended.pk),
        (PulseKind.ROOF, stopped.pk),
        (PulseKind.ACTION, month.pk),
    }
    assert running.pk not in {p.experiment_id for p in TeamPulse.objects.all()}
    assert recent.pk not in {p.step_id for p in TeamPulse.objects.all()}
    again = create_pulse(kind=PulseKind.ACTION, step=month, today=TODAY)
    assert TeamPulse.objects.filter(step=month).get() == again


def test_a_closed_journey_asks_nothing(cast: Cast, journey: Journey) -> None:
    team_of(cast)
    promise(journey)
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.CLOSED)
    run_periodic(now=NOW)
    assert not TeamPulse.objects.exists()


def test_a_team_below_k_is_not_asked_until_it_has_grown(cast: Cast, journey: Journey) -> None:
    team_of(cast, size=2)
    promise(journey)
    run_periodic(now=NOW)
    pulse = TeamPulse.objects.get()
    assert pulse.sent_at is None and not pulse.invitations.exists()
    PersonFactory(organisation=cast.organisation, unit=cast.sales, manager=cast.leader)
    assert send_due(now=NOW + dt.timedelta(days=1)) == 3
    assert send_due(now=NOW + dt.timedelta(days=1)) == 0


def test_a_pulse_not_sent_before_it_closes_is_never_sent(cast: Cast, journey: Journey) -> None:
    promise(journey)
    run_periodic(now=NOW)  # one member only: not sent
    team_of(cast)
    assert send_due(now=NOW + dt.timedelta(days=14)) == 0
    assert not PulseInvitation.objects.exists()


def test_the_answer_page_asks_in_the_members_language_formal_german(
    cast: Cast, journey: Journey
) -> None:
    team = team_of(cast)
    Person.objects.filter(pk=team[1].pk).update(language=Language.DE)
    promise(journey)
    run_periodic(now=NOW)
    german = Message.objects.get(kind="journey.pulse", to_email=team[1].email)
    assert "Ihre Antwort" in german.body and "anonyme Frage" in german.subject
    token = next(t for t in tokens() if t in german.body)
    page = Client().get(pulse_url(token)).content.decode()
    assert "Wurde dieses Versprechen gehalten?" in page
    assert "Teilweise gehalten" in page and "Fridays free" in page
    english = Message.objects.get(kind="journey.pulse", to_email=team[0].email)
    other = next(t for t in tokens() if t in english.body)
    assert "Was this promise kept?" in Client().get(pulse_url(other)).content.decode()


def test_an_answer_joins_the_ledger_batch_and_lets_go_of_the_person(
    cast: Cast, journey: Journey
) -> None:
    team_of(cast)
    experiment(journey, ends_on=TODAY)
    run_periodic(now=NOW)
    token = tokens()[0]
    client = Client()
    done = client.post(pulse_url(token), {"no_blame": "4", "shielded": "2"})
    assert (done.status_code, done.context["state"]) == (200, "done")
    pulse = TeamPulse.objects.get()
    ledger = Ledger.objects.get(scope=f"journey-pulse:{pulse.pk}")
    stored = set(PulseAnswer.objects.values_list("item", "value", "batch"))
    assert stored == {("no_blame", 4, ledger.batch), ("shielded", 2, ledger.batch)}
    invitation = PulseInvitation.objects.get(answered=True)
    assert invitation.person is None
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    used = client.post(pulse_url(token), {"no_blame": "1", "shielded": "1"})
    assert (used.status_code, used.context["state"]) == (200, "used")
    assert "already used" in client.get(pulse_url(token)).content.decode()
    assert PulseAnswer.objects.count() == 2


def test_unknown_and_closed_links_get_a_clear_page_and_store_nothing(
    cast: Cast, journey: Journey
) -> None:
    team_of(cast)
    promise(journey)
    run_periodic(now=NOW)
    client = Client()
    unknown = client.get(pulse_url("not-a-real-token"))
    assert (unknown.status_code, unknown.context["state"]) == (404, "unknown")
    assert client.post(pulse_url("not-a-real-token"), {"kept": "3"}).status_code == 404
    german = client.get(pulse_url("not-a-real-token") + "?lang=de").content.decode()
    assert "Verwenden Sie den Link aus Ihrer E-Mail" in german
    TeamPulse.objects.update(closes_on=timezone.localdate())
    closed = client.post(pulse_url(tokens()[0]), {"kept": "3"})
    assert (closed.status_code, closed.context["state"]) == (200, "closed")
    assert not PulseAnswer.objects.exists()
    with pytest.raises(ValidationError, match="closed"):
        answer(tokens()[1])
    with pytest.raises(ValidationError, match="not valid"):
        answer("not-a-real-token")


@pytest.mark.parametrize(
    "posted",
    [{}, {"kept": "9"}, {"kept": "0"}, {"kept": "kept"}, {"kept": ""}],
)
def test_bad_answers_get_a_400_with_the_message_and_nothing_is_stored(
    cast: Cast, journey: Journey, posted: dict[str, str]
) -> None:
    team_of(cast)
    promise(journey)
    run_periodic(now=NOW)
    token = tokens()[0]
    refused = Client().post(pulse_url(token) + "?lang=de", posted)
    assert refused.status_code == 400
    page = refused.content.decode()
    assert 'role="alert"' in page and "Wurde dieses Versprechen gehalten?" in page
    assert not PulseAnswer.objects.exists()
    assert not PulseInvitation.objects.filter(answered=True).exists()


def test_the_verb_refuses_a_missing_or_foreign_question(cast: Cast, journey: Journey) -> None:
    team_of(cast)
    experiment(journey, ends_on=TODAY)
    run_periodic(now=NOW)
    token = tokens()[0]
    with pytest.raises(ValidationError, match="Pressure from outside"):
        answer(token, no_blame=4)
    with pytest.raises(ValidationError, match="does not ask"):
        answer(token, no_blame=4, shielded=4, kept=3)
    assert not PulseAnswer.objects.exists()
    answer(token, no_blame=5, shielded=5)
    with pytest.raises(ValidationError, match="already answered"):
        answer(token, no_blame=1, shielded=1)
    assert PulseAnswer.objects.count() == 2


def test_the_answer_form_refuses_a_post_without_csrf_token(cast: Cast, journey: Journey) -> None:
    team_of(cast)
    promise(journey)
    run_periodic(now=NOW)
    response = Client(enforce_csrf_checks=True).post(pulse_url(tokens()[0]), {"kept": "3"})
    assert response.status_code == 403
    assert not PulseAnswer.objects.exists()


def test_logs_never_carry_a_pulse_token_nor_who_answered() -> None:
    assert (
        redact("GET /journey-pulse/s3cr3t-T0k/ HTTP/1.1") == "GET /journey-pulse/[link]/ HTTP/1.1"
    )
    assert redact("https://care.example/journey-pulse/abc_D/?lang=de") == (
        "https://care.example/journey-pulse/[link]/?lang=de"
    )
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Bad: %s", ("/journey-pulse/tok/",), None
    )
    RedactLinks().filter(record)
    assert record.getMessage() == "Bad: /journey-pulse/[link]/"
    atoms = _access_atoms("/journey-pulse/secret1/")
    logged = " ".join(str(v) for v in atoms.values())
    assert [a for a in ("secret1", "198.51.100.4", "203.0.113.7", "Firefox") if a in logged] == []
    assert atoms["r"] == "GET /journey-pulse/[link]/ HTTP/1.1"


def test_end_to_end_the_worker_mails_the_links_and_the_answers_show_from_k(
    cast: Cast, journey: Journey
) -> None:
    team = team_of(cast, size=4)
    step = done_step(journey)
    Step.objects.filter(pk=step.pk).update(done_at=timezone.now() - dt.timedelta(days=31))
    call_command("worker", "--once", stdout=io.StringIO())
    call_command("worker", "--once", stdout=io.StringIO())
    pulses = [m for m in mail.outbox if "/journey-pulse/" in m.body]
    assert len(pulses) == 4  # two rounds, one e-mail per member
    assert sorted(m.to[0] for m in pulses) == sorted(p.email for p in team)
    links = [next(word for word in m.body.split() if "/journey-pulse/" in word) for m in pulses]
    assert all("Weekly open hour" in m.body for m in pulses)
    leader = cast.client_for(cast.leader)
    for number, link in enumerate(links[:K], start=1):
        assert Client().post(urlsplit(link).path, {"difference": "5"}).status_code == 200
        shown = 'data-pulse="shown"' in leader.get(journey.get_absolute_url()).content.decode()
        assert shown == (number >= K), number
    assert not PulseInvitation.objects.filter(answered=True, person__isnull=False).exists()
    assert PulseInvitation.objects.filter(person__isnull=False).count() == 1  # not answered
    run_periodic(now=timezone.now() + dt.timedelta(days=15))  # the pulse has closed
    assert not PulseInvitation.objects.filter(person__isnull=False).exists()
    assert TeamPulse.objects.get().step == step
