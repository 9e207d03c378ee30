"""The leader's promises to the team, and the realism check of a plan.

An expectation says what the leader promises, by when, and how the team will notice; the
leader records their own view later, and the team rates it (``journey.proof``).
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.insights.realism import CYCLE_DAYS, Commitment, Realism, realism
from genuinecare.journey.checks import (
    ensure_open,
    required_text,
    today_or,
)
from genuinecare.journey.enums import (
    PromiseRating,
    StepStatus,
)
from genuinecare.journey.models import (
    Expectation,
    Journey,
    Step,
)
from genuinecare.people.models import Person

DUE_SOON = dt.timedelta(days=14)
CLOSED_STEPS = (StepStatus.DONE, StepStatus.CANCELLED)


# Expectations --------------------------------------------------------------------------


def add_expectation(
    *,
    journey: Journey,
    what: str,
    due_on: dt.date,
    noticed_by: str,
    today: dt.date | None = None,
) -> Expectation:
    """A promise to the team: what, by when, and how the team will notice."""
    ensure_open(journey)
    if due_on < today_or(today):
        raise ValidationError(_("A promise is for a day to come: choose today or later."))
    fields = {
        "what": required_text(what, _("Say what you promise.")),
        "noticed_by": required_text(
            noticed_by, _("Say how the team will notice that you kept it.")
        ),
    }
    with transaction.atomic():
        return Expectation.objects.create(journey=journey, due_on=due_on, **fields)


def rate_expectation(*, expectation: Expectation, view: str) -> Expectation:
    """The leader's own view of a promise: kept, partly kept or not yet kept (may change)."""
    ensure_open(expectation.journey)
    if view not in PromiseRating.values:
        raise ValidationError(_("Choose kept, partly kept or not yet kept."))
    with transaction.atomic():
        expectation.leader_view = view
        expectation.save(update_fields=["leader_view"])
    return expectation


def track_of(leader: Person, *, today: dt.date, window: int = CYCLE_DAYS) -> list[Commitment]:
    """The leader's commitments that came due in the last cycle, across their journeys.

    An expectation counts as kept when the leader rated it kept; a step when it was done
    by its due date. Cancelled steps are left out: they were let go, not broken.
    """
    since = today - dt.timedelta(days=window)
    journeys = Journey.objects.filter(leader=leader, organisation_id=leader.organisation_id)
    expectations = Expectation.objects.filter(
        journey__in=journeys, due_on__gte=since, due_on__lt=today
    ).values_list("due_on", "leader_view")
    steps = (
        Step.objects.filter(journey__in=journeys, due_on__gte=since, due_on__lt=today)
        .exclude(status=StepStatus.CANCELLED)
        .values_list("due_on", "status", "done_at")
    )
    track = [Commitment(due, view == PromiseRating.KEPT) for due, view in expectations]
    for due, status, done_at in steps:
        if due is None:  # filtered out above; for the type checker
            continue
        kept = status == StepStatus.DONE and (done_at is None or timezone.localdate(done_at) <= due)
        track.append(Commitment(due, kept))
    return track


def open_commitments(journey: Journey) -> int:
    """The journey's open expectations (not rated kept) and steps neither done nor cancelled."""
    expectations = journey.expectations.exclude(leader_view=PromiseRating.KEPT).count()
    steps = journey.steps.exclude(status__in=CLOSED_STEPS).count()
    return expectations + steps


def realism_of(journey: Journey, *, today: dt.date, adding: int = 0) -> Realism:
    """The realism check of this journey's plan, with ``adding`` commitments more."""
    return realism(
        track_of(journey.leader, today=today),
        planned=open_commitments(journey) + adding,
        today=today,
    )


@dataclass(frozen=True)
class ExpectationRow:
    expectation: Expectation
    state: str  # "rated", "overdue" (past due, not rated), "due" (within 14 days), "later"


def expectation_state(expectation: Expectation, today: dt.date) -> str:
    """Rated, overdue (past due, not rated), due (within 14 days) or later."""
    if expectation.leader_view:
        return "rated"
    if expectation.due_on < today:
        return "overdue"
    return "due" if expectation.due_on <= today + DUE_SOON else "later"
