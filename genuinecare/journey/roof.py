"""The safe roof: experiments, shielding, the risk register, business results, expectations.

The leader is a safe roof under which the team can try things, as long as the leader keeps
the business risks and the results the unit is measured by in hand. Every write here is a
keyword-only verb inside a transaction that raises a translated ``ValidationError`` saying
what to fix; the read side (:func:`roof_of`, the choices of the forms) lives here too, so
views never query tables themselves.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from genuinecare.insights import risk as scoring
from genuinecare.insights.realism import CYCLE_DAYS, Commitment, Realism, realism
from genuinecare.journey.access import team_members
from genuinecare.journey.enums import (
    FocusState,
    JourneyStatus,
    Outcome,
    PromiseRating,
    StepStatus,
    Treatment,
)
from genuinecare.journey.models import (
    BusinessResult,
    Expectation,
    Experiment,
    Focus,
    Journey,
    Reading,
    Risk,
    Shielding,
    Step,
)
from genuinecare.people.models import Person

MAX_RESULTS = 5  # "a few named figures": more would bury the ones that matter
DUE_SOON = dt.timedelta(days=14)
ENDINGS = (Outcome.AMPLIFY, Outcome.DAMPEN, Outcome.STOP)
CLOSED_STEPS = (StepStatus.DONE, StepStatus.CANCELLED)
BAND_LABELS = {
    "low": gettext_lazy("low"),
    "medium": gettext_lazy("medium"),
    "high": gettext_lazy("high"),
    "critical": gettext_lazy("critical"),
}


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else timezone.localdate()


def _open(journey: Journey) -> None:
    if journey.status != JourneyStatus.OPEN:
        raise ValidationError(_("This journey is closed: its safe roof can no longer change."))


def _text(value: str, message: str, *, limit: int = 5000) -> str:
    value = value.strip()
    if not value:
        raise ValidationError(message)
    return value[:limit]


def _level(value: int, name: str) -> int:
    try:
        return scoring.valid_level(value)
    except ValueError:
        raise ValidationError(
            _("%(name)s is a number from 1 to 5.") % {"name": name}, code="range"
        ) from None


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
        "hypothesis": _text(hypothesis, _("Say what you believe will happen (the hypothesis).")),
        "watch": _text(watch, _("Say what you will watch.")),
        "success_signs": _text(
            success_signs, _("Name the signs of success that would make you amplify it.")
        ),
        "failure_signs": _text(
            failure_signs, _("Name the signs of failure that would make you dampen it.")
        ),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "cost": cost.strip()[:200],
        "focus": focus,
        "step": step,
    }


def _changed[M: models.Model](row: M, fields: dict[str, Any]) -> M:
    """Write the checked ``fields`` onto ``row`` and save it."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(row, name, value)
        row.save(update_fields=list(fields))
    return row


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
    _open(journey)
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
    _open(experiment.journey)
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
    return _changed(experiment, fields)


def end_experiment(*, experiment: Experiment, outcome: str, learnt: str) -> Experiment:
    """End an experiment once: amplify, dampen or stop, with what was learnt."""
    _open(experiment.journey)
    if outcome not in ENDINGS:
        raise ValidationError(_("Choose how the experiment ends: amplify, dampen or stop."))
    learnt = _text(learnt, _("Say what you learnt from it."))
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
    _open(journey)
    if experiment is not None and experiment.journey_id != journey.pk:
        raise ValidationError(_("Choose an experiment of this journey."))
    if on > _today(today):
        raise ValidationError(_("Log shielding once it has happened: the date is in the future."))
    note = _text(note, _("Say what pressure you kept off the team."))
    with transaction.atomic():
        return Shielding.objects.create(journey=journey, on=on, note=note, experiment=experiment)


# The risk register ---------------------------------------------------------------------


def _risk_fields(
    journey: Journey,
    *,
    cause: str,
    event: str,
    consequence: str,
    likelihood: int,
    impact: int,
    owner: Person | None,
    treatment: str,
    treatment_note: str,
    residual_likelihood: int,
    residual_impact: int,
    review_on: dt.date,
) -> dict[str, object]:
    levels = {
        "likelihood": _level(likelihood, _("The likelihood")),
        "impact": _level(impact, _("The impact")),
        "residual_likelihood": _level(residual_likelihood, _("The residual likelihood")),
        "residual_impact": _level(residual_impact, _("The residual impact")),
    }
    if (
        levels["residual_likelihood"] * levels["residual_impact"]
        > levels["likelihood"] * levels["impact"]
    ):
        raise ValidationError(
            _("The residual score is higher than the score before treatment: lower it.")
        )
    if treatment not in Treatment.values:
        raise ValidationError(_("Choose a treatment: avoid, reduce, share or accept."))
    if owner is not None and not (
        owner.pk == journey.leader_id or team_members(journey).filter(pk=owner.pk).exists()
    ):
        raise ValidationError(_("The owner is you or someone in your team."))
    return {
        "cause": _text(cause, _("Name the cause: what could set it off.")),
        "event": _text(event, _("Name the event: what could happen.")),
        "consequence": _text(consequence, _("Name the consequence: what it would do.")),
        **levels,
        "owner": owner,
        "treatment": treatment,
        "treatment_note": treatment_note.strip()[:5000],
        "review_on": review_on,
    }


def add_risk(
    *,
    journey: Journey,
    cause: str,
    event: str,
    consequence: str,
    likelihood: int,
    impact: int,
    owner: Person | None,
    treatment: str,
    treatment_note: str = "",
    residual_likelihood: int,
    residual_impact: int,
    review_on: dt.date,
) -> Risk:
    """A risk or pitfall: cause → event → consequence, scored before and after treatment."""
    _open(journey)
    fields = _risk_fields(
        journey,
        cause=cause,
        event=event,
        consequence=consequence,
        likelihood=likelihood,
        impact=impact,
        owner=owner,
        treatment=treatment,
        treatment_note=treatment_note,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        review_on=review_on,
    )
    with transaction.atomic():
        return Risk.objects.create(journey=journey, **fields)


def edit_risk(
    *,
    risk: Risk,
    cause: str,
    event: str,
    consequence: str,
    likelihood: int,
    impact: int,
    owner: Person | None,
    treatment: str,
    treatment_note: str = "",
    residual_likelihood: int,
    residual_impact: int,
    review_on: dt.date,
) -> Risk:
    """Review a risk: the one named in the readiness reflection is completed this way."""
    _open(risk.journey)
    fields = _risk_fields(
        risk.journey,
        cause=cause,
        event=event,
        consequence=consequence,
        likelihood=likelihood,
        impact=impact,
        owner=owner,
        treatment=treatment,
        treatment_note=treatment_note,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        review_on=review_on,
    )
    return _changed(risk, fields)


# Business results ----------------------------------------------------------------------


def _result_fields(
    journey: Journey,
    *,
    name: str,
    measure: str,
    target: Decimal,
    higher_is_better: bool,
    result: BusinessResult | None = None,
) -> dict[str, object]:
    name = _text(name, _("Name the figure the unit is measured by."), limit=200)
    others = journey.results.all() if result is None else journey.results.exclude(pk=result.pk)
    if others.filter(name__iexact=name).exists():
        raise ValidationError(_("This journey already has a figure of that name."))
    return {
        "name": name,
        "measure": measure.strip()[:40],
        "target": target,
        "higher_is_better": higher_is_better,
    }


def add_result(
    *,
    journey: Journey,
    name: str,
    measure: str = "",
    target: Decimal,
    higher_is_better: bool = True,
) -> BusinessResult:
    """A figure the unit is measured by, with its target (a few: at most five)."""
    _open(journey)
    fields = _result_fields(
        journey, name=name, measure=measure, target=target, higher_is_better=higher_is_better
    )
    with transaction.atomic():
        if journey.results.count() >= MAX_RESULTS:
            raise ValidationError(
                _(
                    "A journey keeps at most %(count)d business results: the few the unit "
                    "is really measured by."
                )
                % {"count": MAX_RESULTS}
            )
        return BusinessResult.objects.create(journey=journey, **fields)


def edit_result(
    *,
    result: BusinessResult,
    name: str,
    measure: str = "",
    target: Decimal,
    higher_is_better: bool = True,
) -> BusinessResult:
    """Rename a figure or update its target; its readings stay."""
    _open(result.journey)
    fields = _result_fields(
        result.journey,
        name=name,
        measure=measure,
        target=target,
        higher_is_better=higher_is_better,
        result=result,
    )
    return _changed(result, fields)


def add_reading(
    *, result: BusinessResult, on: dt.date, value: Decimal, today: dt.date | None = None
) -> Reading:
    """A reading of the figure on a day that has come."""
    _open(result.journey)
    if on > _today(today):
        raise ValidationError(_("A reading is of a day that has come: the date is in the future."))
    with transaction.atomic():
        return Reading.objects.create(result=result, on=on, value=value)


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
    _open(journey)
    if due_on < _today(today):
        raise ValidationError(_("A promise is for a day to come: choose today or later."))
    fields = {
        "what": _text(what, _("Say what you promise.")),
        "noticed_by": _text(noticed_by, _("Say how the team will notice that you kept it.")),
    }
    with transaction.atomic():
        return Expectation.objects.create(journey=journey, due_on=due_on, **fields)


def rate_expectation(*, expectation: Expectation, view: str) -> Expectation:
    """The leader's own view of a promise: kept, partly kept or not yet kept (may change)."""
    _open(expectation.journey)
    if view not in PromiseRating.values:
        raise ValidationError(_("Choose kept, partly kept or not yet kept."))
    with transaction.atomic():
        expectation.leader_view = view
        expectation.save(update_fields=["leader_view"])
    return expectation


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
class RiskRow:
    risk: Risk
    score: int
    band: scoring.Band
    residual: int
    residual_band: scoring.Band
    overdue: bool

    @property
    def band_label(self) -> str:
        return str(BAND_LABELS[self.band])

    @property
    def residual_band_label(self) -> str:
        return str(BAND_LABELS[self.residual_band])

    @property
    def to_complete(self) -> bool:
        """Named in the readiness reflection and not yet given a cause and a consequence."""
        return self.risk.from_readiness and not (self.risk.cause and self.risk.consequence)


@dataclass(frozen=True)
class ResultRow:
    result: BusinessResult
    latest: Reading | None

    @property
    def on_target(self) -> bool | None:
        if self.latest is None:
            return None
        if self.result.higher_is_better:
            return self.latest.value >= self.result.target
        return self.latest.value <= self.result.target


@dataclass(frozen=True)
class ExpectationRow:
    expectation: Expectation
    state: str  # "rated", "overdue" (past due, not rated), "due" (within 14 days), "later"


@dataclass(frozen=True)
class Roof:
    running: list[Experiment]
    ended: list[Experiment]
    shieldings: list[Shielding]
    risks: list[RiskRow]
    results: list[ResultRow]
    expectations: list[ExpectationRow]
    realism: Realism


def _expectation_state(expectation: Expectation, today: dt.date) -> str:
    if expectation.leader_view:
        return "rated"
    if expectation.due_on < today:
        return "overdue"
    return "due" if expectation.due_on <= today + DUE_SOON else "later"


def risk_rows(journey: Journey, *, today: dt.date) -> list[RiskRow]:
    """The register, highest score first (then highest residual, then the earliest review)."""
    rows = []
    for risk in journey.risks.select_related("owner"):
        value = scoring.score(risk.likelihood, risk.impact)
        residual = scoring.score(risk.residual_likelihood, risk.residual_impact)
        rows.append(
            RiskRow(
                risk=risk,
                score=value,
                band=scoring.band(value),
                residual=residual,
                residual_band=scoring.band(residual),
                overdue=risk.review_on < today,
            )
        )
    return sorted(rows, key=lambda row: (-row.score, -row.residual, row.risk.review_on))


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
            ExpectationRow(e, _expectation_state(e, today)) for e in journey.expectations.all()
        ],
        realism=realism_of(journey, today=today),
    )
