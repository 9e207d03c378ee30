"""A journey as its leader takes it away: one set of tables for the PDF and the CSV.

``journey_export`` reads the whole journey once into ``Table``s in the active language
(the page's): the header and the readiness it started from, focus areas with their
evidence, steps, experiments, risks, business results and expectations. The PDF template
(``journey/reach_pdf.html``) and ``csv_rows`` write the same tables, so the two files never
disagree. Only the journey's own leader reaches them (``access.get_own_journey``).

The proof figures (promises kept) come through seams that say None until the proof part
is wired in at integration; None is written "—".
"""

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from genuinecare.journey.adoption import percent, promises_kept
from genuinecare.journey.models import Expectation, Journey
from genuinecare.journey.proof import promise_result
from genuinecare.lib.csvexport import Cell
from genuinecare.people.access import unit_tree

NONE = "—"

type Value = str | int | float | Decimal | dt.date | None


@dataclass(frozen=True)
class Table:
    title: str
    header: list[str]
    rows: list[list[Value]] = field(default_factory=list)


@dataclass(frozen=True)
class JourneyExport:
    journey: Journey
    unit_path: str
    facts: list[tuple[str, Value]]  # the header and readiness snapshot, label and value
    tables: list[Table]


def promise_rating(expectation: Expectation) -> str | None:
    """The team's view of a promise, as its pulse is shown (None, written "—", while hidden)."""
    result = promise_result(expectation)
    figure = None if result is None else result.figure("kept")
    if result is None or figure is None:
        return None
    shares = ", ".join(f"{label} {share:.0f} %" for label, share in figure.shares)
    return _("%(shares)s (%(n)d answers)") % {"shares": shares, "n": result.answered}


def _snapshot(evidence: dict[str, object]) -> str:
    """A frozen snapshot of evidence as one readable cell: ``key: value`` pairs."""
    return "; ".join(f"{key}: {value}" for key, value in sorted(evidence.items()))


def _facts(journey: Journey, unit_path: str) -> list[tuple[str, Value]]:
    frozen = journey.readiness or {}
    dimensions = frozen.get("dimensions") or {}
    facts: list[tuple[str, Value]] = [
        (_("Journey"), journey.title),
        (_("Unit"), unit_path),
        (_("Leader"), journey.leader.name),
        (_("Status"), journey.get_status_display()),
        (_("Started"), timezone.localdate(journey.started_at)),
        (_("Readiness reflection of"), frozen.get("date") or NONE),
        (_("Readiness score"), frozen.get("readiness")),
        (_("Soil index"), frozen.get("soil_index")),
        (_("Stage"), frozen.get("stage") or NONE),
    ]
    facts += [(str(title), score) for title, score in dimensions.items()]
    kept = percent(promises_kept(journey))
    facts.append((_("Promises kept, per cent (the team's view)"), kept))
    return facts


def _focus_table(journey: Journey) -> Table:
    table = Table(
        _("Focus areas"), [_("Focus area"), _("Source"), _("State"), _("Reason"), _("Evidence")]
    )
    for focus in journey.focuses.all():
        table.rows.append(
            [
                focus.title,
                focus.get_source_display(),
                focus.get_state_display(),
                focus.reason,
                _snapshot(focus.snapshot),
            ]
        )
    return table


def _step_table(journey: Journey) -> Table:
    table = Table(
        _("Steps"),
        [
            _("Step"),
            _("Status"),
            _("Health"),
            _("Due"),
            _("Owners"),
            _("Lane"),
            _("Waits for"),
            _("Came from"),
            _("Shared with the team"),
            _("Evidence"),
        ],
    )
    steps = journey.steps.prefetch_related("owners", "waits__waits_for")
    for step in steps:
        table.rows.append(
            [
                step.title,
                step.get_status_display(),
                step.get_health_display(),
                step.due_on,
                ", ".join(sorted(owner.name for owner in step.owners.all())),
                step.lane,
                ", ".join(dependency.waits_for.title for dependency in step.waits.all()),
                step.get_origin_display(),
                timezone.localdate(step.shared_at) if step.shared_at else _("no"),
                _snapshot(step.snapshot),
            ]
        )
    return table


def _experiment_table(journey: Journey) -> Table:
    table = Table(
        _("Experiments"),
        [
            _("Hypothesis"),
            _("What we watch"),
            _("Starts"),
            _("Ends"),
            _("Cost"),
            _("Outcome"),
            _("What we learnt"),
        ],
    )
    for experiment in journey.experiments.all():
        table.rows.append(
            [
                experiment.hypothesis,
                experiment.watch,
                experiment.starts_on,
                experiment.ends_on,
                experiment.cost,
                experiment.get_outcome_display(),
                experiment.outcome_note,
            ]
        )
    return table


def _risk_table(journey: Journey) -> Table:
    table = Table(
        _("Risks and pitfalls"),
        [
            _("Cause"),
            _("Event"),
            _("Consequence"),
            _("Score"),
            _("Treatment"),
            _("Residual score"),
            _("Owner"),
            _("Review on"),
        ],
    )
    for risk in journey.risks.select_related("owner"):
        table.rows.append(
            [
                risk.cause,
                risk.event,
                risk.consequence,
                risk.score,
                risk.get_treatment_display(),
                risk.residual_score,
                risk.owner.name if risk.owner else "",
                risk.review_on,
            ]
        )
    return table


def _result_table(journey: Journey) -> Table:
    table = Table(
        _("Business results"),
        [_("Result"), _("Target"), _("Unit of measure"), _("Latest reading"), _("Read on")],
    )
    for result in journey.results.prefetch_related("readings"):
        latest = next(iter(result.readings.all()), None)
        table.rows.append(
            [
                result.name,
                result.target,
                result.measure,
                latest.value if latest else None,
                latest.on if latest else None,
            ]
        )
    return table


def _expectation_table(journey: Journey) -> Table:
    table = Table(
        _("Expectations"),
        [
            _("What I promise"),
            _("By when"),
            _("How the team will notice"),
            _("My own view"),
            _("The team's view"),
        ],
    )
    for expectation in journey.expectations.all():
        table.rows.append(
            [
                expectation.what,
                expectation.due_on,
                expectation.noticed_by,
                expectation.get_leader_view_display() if expectation.leader_view else None,
                promise_rating(expectation),
            ]
        )
    return table


def journey_export(journey: Journey) -> JourneyExport:
    """Everything the leader takes away of their journey, in the active language."""
    unit_path = unit_tree(journey.organisation_id, include_archived=True).path(journey.unit_id)
    return JourneyExport(
        journey=journey,
        unit_path=unit_path,
        facts=_facts(journey, unit_path),
        tables=[
            _focus_table(journey),
            _step_table(journey),
            _experiment_table(journey),
            _risk_table(journey),
            _result_table(journey),
            _expectation_table(journey),
        ],
    )


def csv_cell(value: Value) -> Cell:
    """A value as a CSV cell: dates in ISO form, amounts as numbers, nothing as "—"."""
    if value is None:
        return NONE
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def pdf_cell(value: Value) -> str:
    """A value as the PDF writes it: dates and numbers in the page's language."""
    if value is None or value == "":
        return NONE if value is None else ""
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return formats.number_format(int(value), force_grouping=True)
    if isinstance(value, float | Decimal):
        places = 0 if isinstance(value, float) else 2  # per cent; amounts
        return formats.number_format(value, decimal_pos=places, force_grouping=True)
    return str(value)


def csv_rows(export: JourneyExport) -> Iterator[Sequence[Cell]]:
    """The facts, then each table: its title on a line, its header, its rows, a blank line."""
    yield [_("Journey"), export.journey.title]
    for label, value in export.facts[1:]:
        yield [label, csv_cell(value)]
    for table in export.tables:
        yield []
        yield [table.title]
        yield table.header
        for row in table.rows:
            yield [csv_cell(value) for value in row]
