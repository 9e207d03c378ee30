"""The risk register and the business results the unit is measured by.

Shielding the team never reads as ignoring results: the register (cause, event,
consequence, likelihood and impact before and after treatment) and the few figures the
unit is measured by sit beside the experiments on the journey page.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from genuinecare.insights import risk as scoring
from genuinecare.journey.access import team_members
from genuinecare.journey.checks import (
    checked_level,
    ensure_open,
    required_text,
    today_or,
    write_fields,
)
from genuinecare.journey.enums import (
    Treatment,
)
from genuinecare.journey.models import (
    BusinessResult,
    Journey,
    Reading,
    Risk,
)
from genuinecare.people.models import Person

MAX_RESULTS = 5  # "a few named figures": more would bury the ones that matter
BAND_LABELS = {
    "low": gettext_lazy("low"),
    "medium": gettext_lazy("medium"),
    "high": gettext_lazy("high"),
    "critical": gettext_lazy("critical"),
}


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
        "likelihood": checked_level(likelihood, _("The likelihood")),
        "impact": checked_level(impact, _("The impact")),
        "residual_likelihood": checked_level(residual_likelihood, _("The residual likelihood")),
        "residual_impact": checked_level(residual_impact, _("The residual impact")),
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
        "cause": required_text(cause, _("Name the cause: what could set it off.")),
        "event": required_text(event, _("Name the event: what could happen.")),
        "consequence": required_text(consequence, _("Name the consequence: what it would do.")),
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
    ensure_open(journey)
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
    ensure_open(risk.journey)
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
    return write_fields(risk, fields)


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
    name = required_text(name, _("Name the figure the unit is measured by."), limit=200)
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
    ensure_open(journey)
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
    ensure_open(result.journey)
    fields = _result_fields(
        result.journey,
        name=name,
        measure=measure,
        target=target,
        higher_is_better=higher_is_better,
        result=result,
    )
    return write_fields(result, fields)


def add_reading(
    *, result: BusinessResult, on: dt.date, value: Decimal, today: dt.date | None = None
) -> Reading:
    """A reading of the figure on a day that has come."""
    ensure_open(result.journey)
    if on > today_or(today):
        raise ValidationError(_("A reading is of a day that has come: the date is in the future."))
    with transaction.atomic():
        return Reading.objects.create(result=result, on=on, value=value)


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
