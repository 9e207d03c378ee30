"""Short anonymous team pulses: was a promise kept, was the roof safe, did a step help.

Three kinds, each made at most once for what it asks about (the table's constraints):

* a **promise** pulse when an expectation comes due: one item, ``kept`` (3 kept,
  2 partly, 1 not yet);
* a **roof** pulse per experiment once its time box has ended, or once it has been
  ended early: two agree-items;
* an **action** pulse 30 days after a step was done: one agree-item.

A pulse is open for ``OPEN_DAYS`` days from the day it was made. Sending it makes one
invitation per team member with a single-use link (only the token's hash is stored)
and an e-mail in the member's language. An answer keeps no person and no time: the
invitation is marked answered and lets go of the person, the answers keep only the
ledger batch they joined (``releases.store.batch_for_answer``), in one transaction.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, override

from genuinecare.catalog.questionnaire_page import AGREE_LABELS
from genuinecare.insights.anonymity import validate_k
from genuinecare.journey.access import team_members
from genuinecare.journey.enums import JourneyStatus, Outcome, PromiseRating, PulseKind, StepStatus
from genuinecare.journey.models import (
    Expectation,
    Experiment,
    PulseAnswer,
    PulseInvitation,
    Step,
    TeamPulse,
)
from genuinecare.lib.tokens import hash_token, new_token
from genuinecare.outbox.actions import enqueue_template
from genuinecare.releases.store import Scope, batch_for_answer

OPEN_DAYS = 14
ACTION_AFTER = dt.timedelta(days=30)

# The answer form's own agree labels (one wording, one translation), the strongest first.
AGREE5: tuple[tuple[int, Promise], ...] = tuple(
    (value, label) for value, label in reversed(list(enumerate(AGREE_LABELS, start=1)))
)
# The promise item: the higher, the better kept.
RATING_VALUE = {PromiseRating.KEPT: 3, PromiseRating.PARTLY: 2, PromiseRating.NOT_YET: 1}
KEPT3: tuple[tuple[int, Promise], ...] = tuple(
    (value, rating.label) for rating, value in RATING_VALUE.items()
)


@dataclass(frozen=True, slots=True)
class PulseItem:
    """One question of a pulse and the answers it offers (value, label)."""

    id: str
    text: Promise
    choices: tuple[tuple[int, Promise], ...]

    @property
    def values(self) -> set[int]:
        return {value for value, _label in self.choices}

    @property
    def agree(self) -> bool:
        """An agree-item (1 to 5), shown as a score and a favourable share."""
        return self.choices is AGREE5


ITEMS: dict[str, tuple[PulseItem, ...]] = {
    PulseKind.PROMISE: (PulseItem("kept", gettext_lazy("Was this promise kept?"), KEPT3),),
    PulseKind.ROOF: (
        PulseItem("no_blame", gettext_lazy("I could try this without fear of blame."), AGREE5),
        PulseItem("shielded", gettext_lazy("Pressure from outside was kept off us."), AGREE5),
    ),
    PulseKind.ACTION: (
        PulseItem("difference", gettext_lazy("This step made a difference for us."), AGREE5),
    ),
}


def items_of(pulse: TeamPulse) -> tuple[PulseItem, ...]:
    """The questions a pulse asks."""
    return ITEMS[pulse.kind]


def pulse_scope(pulse: TeamPulse) -> Scope:
    """The release ledger of one pulse's answers."""
    return Scope(pulse.journey.organisation_id, f"journey-pulse:{pulse.pk}")


def subject_of(pulse: TeamPulse) -> str:
    """What the pulse asks about, in the leader's words."""
    if pulse.expectation is not None:
        return pulse.expectation.what
    if pulse.experiment is not None:
        return pulse.experiment.hypothesis
    return pulse.step.title if pulse.step is not None else ""


def is_open(pulse: TeamPulse, today: dt.date) -> bool:
    """Whether the pulse takes answers: until the day before ``closes_on``."""
    return today < pulse.closes_on


# --- create ---------------------------------------------------------------------------


def create_pulse(
    *,
    kind: PulseKind,
    today: dt.date,
    expectation: Expectation | None = None,
    experiment: Experiment | None = None,
    step: Step | None = None,
) -> TeamPulse:
    """The pulse of ``kind`` about one expectation, experiment or step; made once only.

    Asking again returns the pulse made the first time.
    """
    about = {PulseKind.PROMISE: expectation, PulseKind.ROOF: experiment, PulseKind.ACTION: step}
    target = about.get(kind)
    if target is None or sum(x is not None for x in (expectation, experiment, step)) != 1:
        raise ValidationError(_("A pulse asks about exactly one promise, experiment or step."))
    lookup = {
        PulseKind.PROMISE: "expectation",
        PulseKind.ROOF: "experiment",
        PulseKind.ACTION: "step",
    }[kind]
    existing = TeamPulse.objects.filter(kind=kind, **{lookup: target}).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return TeamPulse.objects.create(
                journey_id=target.journey_id,
                kind=kind,
                expectation=expectation,
                experiment=experiment,
                step=step,
                closes_on=today + dt.timedelta(days=OPEN_DAYS),
            )
    except IntegrityError:  # made at the same moment by another worker
        return TeamPulse.objects.get(kind=kind, **{lookup: target})


OPEN_JOURNEY = Q(journey__status=JourneyStatus.OPEN)


def due_expectations(today: dt.date) -> QuerySet[Expectation]:
    """Expectations come due without a promise pulse yet, in open journeys."""
    return Expectation.objects.filter(OPEN_JOURNEY, due_on__lte=today).exclude(
        pulses__kind=PulseKind.PROMISE
    )


def due_experiments(today: dt.date) -> QuerySet[Experiment]:
    """Experiments whose time box has ended, or that were ended after they started."""
    ended = Q(ends_on__lte=today) | (~Q(outcome=Outcome.OPEN) & Q(starts_on__lte=today))
    return Experiment.objects.filter(OPEN_JOURNEY, ended).exclude(pulses__kind=PulseKind.ROOF)


def due_steps(now: dt.datetime) -> QuerySet[Step]:
    """Steps done at least 30 days ago (and still done) without action feedback yet."""
    return Step.objects.filter(
        OPEN_JOURNEY, status=StepStatus.DONE, done_at__lte=now - ACTION_AFTER
    ).exclude(pulses__kind=PulseKind.ACTION)


def create_due(*, now: dt.datetime) -> list[TeamPulse]:
    """Make every pulse that has come due; the pulses made."""
    today = timezone.localdate(now)
    made = [
        create_pulse(kind=PulseKind.PROMISE, expectation=expectation, today=today)
        for expectation in due_expectations(today)
    ]
    made += [
        create_pulse(kind=PulseKind.ROOF, experiment=experiment, today=today)
        for experiment in due_experiments(today)
    ]
    made += [create_pulse(kind=PulseKind.ACTION, step=step, today=today) for step in due_steps(now)]
    return made


# --- send -----------------------------------------------------------------------------


def send_pulse(*, pulse: TeamPulse, now: dt.datetime) -> int:
    """Invite the team to a pulse: one single-use link and e-mail per member; sent once.

    Returns how many invitations this call made (0 when the pulse was sent before, is
    closed, or its team is smaller than the organisation's anonymity threshold: answers
    that could never be shown are not asked for; such a pulse is tried again next round
    until it closes).
    """
    today = timezone.localdate(now)
    with transaction.atomic():
        locked = (
            TeamPulse.objects.select_for_update()
            .select_related("journey__organisation", "journey__leader")
            .get(pk=pulse.pk)
        )
        if locked.sent_at is not None or not is_open(locked, today):
            return 0
        journey = locked.journey
        members = list(team_members(journey))
        if len(members) < validate_k(journey.organisation.anonymity_threshold):
            return 0
        locked.sent_at = now
        locked.save(update_fields=["sent_at"])
        about = subject_of(locked)
        for member in members:
            token, token_hash = new_token()
            invitation = PulseInvitation.objects.create(
                pulse=locked, person=member, token_hash=token_hash
            )
            with override(member.language):
                closes = date_format(locked.closes_on - dt.timedelta(days=1), "DATE_FORMAT")
                kind = str(locked.get_kind_display())
            enqueue_template(
                template="journey/email/pulse",
                context={
                    "leader": journey.leader.name,
                    "kind": kind,
                    "about": about,
                    "questions": len(items_of(locked)),
                    "closes": closes,
                    "link": settings.SITE_URL + reverse("journey-pulse", kwargs={"token": token}),
                },
                language=member.language,
                to=member.email,
                kind="journey.pulse",
                organisation=journey.organisation,
                dedupe_key=f"journey-pulse-{invitation.pk}",
                scrub_after_send=True,
                forget_recipient=True,
            )
    pulse.sent_at = now
    return len(members)


def send_due(*, now: dt.datetime) -> int:
    """Send every open pulse not sent yet; how many invitations went out."""
    today = timezone.localdate(now)
    waiting = TeamPulse.objects.filter(sent_at__isnull=True, closes_on__gt=today)
    return sum(send_pulse(pulse=pulse, now=now) for pulse in waiting)


def forget_closed(*, now: dt.datetime) -> int:
    """Let go of the people still linked to a closed pulse's invitations; how many.

    Once a pulse is closed nobody can answer it, so no invitation needs its person: the
    database no longer tells who answered from who did not.
    """
    today = timezone.localdate(now)
    return PulseInvitation.objects.filter(pulse__closes_on__lte=today, person__isnull=False).update(
        person=None
    )


# --- answer ---------------------------------------------------------------------------


def _by_token(token: str) -> QuerySet[PulseInvitation]:
    return PulseInvitation.objects.filter(token_hash=hash_token(token)).select_related(
        "pulse__journey__leader", "pulse__expectation", "pulse__experiment", "pulse__step"
    )


def find_invitation(*, token: str) -> PulseInvitation | None:
    """The invitation a link's token opens, or None for an unknown token."""
    return _by_token(token).first()


def answer_pulse(
    *, token: str, values: Mapping[str, int | None], today: dt.date
) -> PulseInvitation:
    """Store one team member's answers to a pulse, once; the invitation lets go of them.

    ``values`` gives a value for every question of the pulse (its item id → value).
    Refused, with nothing stored: an unknown, used or closed link, a missing answer,
    a value the question does not offer.
    """
    with transaction.atomic():
        invitation = _by_token(token).select_for_update(of=("self",)).first()
        if invitation is None:
            raise ValidationError(_("This link is not valid. Use the link from your e-mail."))
        if invitation.answered:
            raise ValidationError(_("This pulse was already answered with this link. Thank you!"))
        pulse = invitation.pulse
        if not is_open(pulse, today):
            raise ValidationError(_("This pulse is closed: answers are no longer taken."))
        items = items_of(pulse)
        unknown = set(values) - {item.id for item in items}
        if unknown:
            raise ValidationError(_("This pulse does not ask that question."))
        for item in items:
            if values.get(item.id) not in item.values:
                raise ValidationError(
                    _("Answer every question: choose one of the answers offered for “%(q)s”.")
                    % {"q": item.text}
                )
        batch = batch_for_answer(pulse_scope(pulse))
        PulseAnswer.objects.bulk_create(
            PulseAnswer(pulse=pulse, item=item.id, value=int(values[item.id] or 0), batch=batch)
            for item in items
        )
        invitation.answered = True
        invitation.person = None
        invitation.save(update_fields=["answered", "person"])
    return invitation
