"""The safe roof: experiments and shielding, and the roof as the journey page shows it.

The leader is a safe roof under which the team can try things, as long as the leader keeps
the business risks and the results the unit is measured by in hand. Every write here is a
keyword-only verb inside a transaction that raises a translated ``ValidationError`` saying
what to fix; the read side (:func:`roof_of`, the choices of the forms) lives here too, so
views never query tables themselves.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.insights.realism import Realism
from genuinecare.journey.access import team_members
from genuinecare.journey.checks import (
    ensure_open,
    required_text,
    today_or,
    write_fields,
)
from genuinecare.journey.enums import (
    FocusState,
    Outcome,
)
from genuinecare.journey.models import (
    Experiment,
    Focus,
    Journey,
    Shielding,
    Step,
)
from genuinecare.journey.promises import ExpectationRow, expectation_state, realism_of
from genuinecare.journey.risks import ResultRow, RiskRow, risk_rows
from genuinecare.people.models import Person

ENDINGS = (Outcome.AMPLIFY, Outcome.DAMPEN, Outcome.STOP)


# Experiments ---------------------------------------------------------------------------


def _links(journey: Journey, focus: Focus | None, step: Step | None) -> None:
    if focus is not None and focus.journey_id != journey.pk:
        raise ValidationError(_("Choose a focus area of this journey."))
    if step is not None and step.journey_id != journey.pk:
        raise ValidationError(_("Choose a step of this journey."))


def _experiment_fields(
    journey: Journey,
    *,
    hypothesis: str,
    watch: str,
    success_signs: str,
    failure_signs: str,
    starts_on: dt.date,
    ends_on: dt.date,
    cost: str,
    focus: Focus | None,
    step: Step | None,
) -> dict[str, object]:
    _links(journey, focus, step)
    if ends_on < starts_on:
        raise ValidationError(_("The time box ends before it starts: choose a later end."))
    return {
        "hypothesis": required_text(
            hypothesis, _("Say what you believe will happen (the hypothesis).")
        ),
        "watch": required_text(watch, _("Say what you will watch.")),
        "success_signs": required_text(
            success_signs, _("Name the signs of success that would make you amplify it.")
        ),
        "failure_signs": required_text(
            failure_signs, _("Name the signs of failure that would make you dampen it.")
        ),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "cost": cost.strip()[:200],
        "focus": focus,
        "step": step,
    }


def add_experiment(
    *,
    journey: Journey,
    hypothesis: str,
    watch: str,
    success_signs: str,
    failure_signs: str,
    starts_on: dt.date,
    ends_on: dt.date,
    cost: str = "",
    focus: Focus | None = None,
    step: Step | None = None,
) -> Experiment:
    """A safe-to-fail probe with its time box; several may run side by side for a focus."""
    ensure_open(journey)
    fields = _experiment_fields(
        journey,
        hypothesis=hypothesis,
        watch=watch,
        success_signs=success_signs,
        failure_signs=failure_signs,
        starts_on=starts_on,
        ends_on=ends_on,
        cost=cost,
        focus=focus,
        step=step,
    )
    with transaction.atomic():
        return Experiment.objects.create(journey=journey, **fields)


def edit_experiment(
    *,
    experiment: Experiment,
    hypothesis: str,
    watch: str,
    success_signs: str,
    failure_signs: str,
    starts_on: dt.date,
    ends_on: dt.date,
    cost: str = "",
    focus: Focus | None = None,
    step: Step | None = None,
) -> Experiment:
    """Change a running experiment; an ended one keeps the record it ended with."""
    ensure_open(experiment.journey)
    if experiment.outcome != Outcome.OPEN:
        raise ValidationError(_("This experiment has ended: its record stays as it ended."))
    fields = _experiment_fields(
        experiment.journey,
        hypothesis=hypothesis,
        watch=watch,
        success_signs=success_signs,
        failure_signs=failure_signs,
        starts_on=starts_on,
        ends_on=ends_on,
        cost=cost,
        focus=focus,
        step=step,
    )
    return write_fields(experiment, fields)


def end_experiment(*, experiment: Experiment, outcome: str, learnt: str) -> Experiment:
    """End an experiment once: amplify, dampen or stop, with what was learnt."""
    ensure_open(experiment.journey)
    if outcome not in ENDINGS:
        raise ValidationError(_("Choose how the experiment ends: amplify, dampen or stop."))
    learnt = required_text(learnt, _("Say what you learnt from it."))
    with transaction.atomic():
        ended = Experiment.objects.filter(pk=experiment.pk, outcome=Outcome.OPEN).update(
            outcome=outcome, outcome_note=learnt, decided_at=timezone.now()
        )
        if not ended:
            raise ValidationError(_("This experiment has already ended."))
    experiment.refresh_from_db()
    return experiment


# Shielding -----------------------------------------------------------------------------


def log_shielding(
    *,
    journey: Journey,
    on: dt.date,
    note: str,
    experiment: Experiment | None = None,
    today: dt.date | None = None,
) -> Shielding:
    """What pressure the leader kept off the team, and on which day."""
    ensure_open(journey)
    if experiment is not None and experiment.journey_id != journey.pk:
        raise ValidationError(_("Choose an experiment of this journey."))
    if on > today_or(today):
        raise ValidationError(_("Log shielding once it has happened: the date is in the future."))
    note = required_text(note, _("Say what pressure you kept off the team."))
    with transaction.atomic():
        return Shielding.objects.create(journey=journey, on=on, note=note, experiment=experiment)


# Reading the roof ----------------------------------------------------------------------


def focus_choices(journey: Journey) -> QuerySet[Focus]:
    """The focus areas an experiment may serve: the journey's own, not the dismissed ones."""
    return journey.focuses.exclude(state=FocusState.DISMISSED).order_by("title", "pk")


def step_choices(journey: Journey) -> QuerySet[Step]:
    return journey.steps.order_by("title", "pk")


def experiment_choices(journey: Journey) -> QuerySet[Experiment]:
    return journey.experiments.order_by("-starts_on", "-pk")


def owner_choices(journey: Journey) -> list[Person]:
    """Who may own a risk: the leader and the people of their team."""
    return [journey.leader, *team_members(journey)]


@dataclass(frozen=True)
class Roof:
    running: list[Experiment]
    ended: list[Experiment]
    shieldings: list[Shielding]
    risks: list[RiskRow]
    results: list[ResultRow]
    expectations: list[ExpectationRow]
    realism: Realism


def roof_of(journey: Journey, *, today: dt.date) -> Roof:
    """Everything the journey page shows of the safe roof."""
    experiments = list(journey.experiments.select_related("focus", "step"))
    results = [
        ResultRow(result=result, latest=result.readings.first()) for result in journey.results.all()
    ]
    return Roof(
        running=[e for e in experiments if e.outcome == Outcome.OPEN],
        ended=[e for e in experiments if e.outcome != Outcome.OPEN],
        shieldings=list(journey.shieldings.select_related("experiment")),
        risks=risk_rows(journey, today=today),
        results=results,
        expectations=[
            ExpectationRow(e, expectation_state(e, today)) for e in journey.expectations.all()
        ],
        realism=realism_of(journey, today=today),
    )
