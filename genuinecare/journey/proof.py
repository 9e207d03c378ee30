"""Proof that it worked: the team's pulses, shown only through the release ledger.

Every pulse has its own ledger (scope ``journey-pulse:<pk>``, one track counting
respondents). Its figures are a release of the pulse's answers and are shown only
when ``insights.ledger`` admits it at the organisation's anonymity threshold ``k``:
nothing is shown below ``k`` answers; once shown, a figure changes only when at
least ``k`` new answers have arrived since it was last shown (newer answers are
*held back* until then), so reloading the page after one more answer never reveals
that answer. Every viewer and every part reads the same figures, because they all
go through :func:`pulse_result`.

The leader's own view of a promise (recorded by the roof: ``promises.rate_expectation``) is
set beside the team's rating: a mirror gap for promises (``promise_gap``).
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import numpy.typing as npt
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.insights.anonymity import validate_k
from genuinecare.insights.ledger import Atoms, admit_within
from genuinecare.insights.scoring import FAVOURABLE_FROM, to_score
from genuinecare.journey.enums import PromiseRating, PulseKind, StepStatus
from genuinecare.journey.models import (
    Expectation,
    Experiment,
    Journey,
    PulseAnswer,
    Shielding,
    Step,
    TeamPulse,
)
from genuinecare.journey.pulses import (
    ACTION_AFTER,
    RATING_VALUE,
    PulseItem,
    is_open,
    items_of,
    pulse_scope,
)
from genuinecare.releases.store import Decision, Snapshot, release

TRACKS = ("respondents",)
KEPT = RATING_VALUE[PromiseRating.KEPT]
SAME_VIEW = 0.5  # a leader and a team mean closer than this see a promise alike


@dataclass(frozen=True, slots=True)
class ItemFigure:
    """What the team said to one question, over the answers shown."""

    item: PulseItem
    answered: int
    mean: float
    score: float | None = None  # agree-items: 0 to 100
    favourable: float | None = None  # agree-items: % answering 4 or 5
    shares: list[tuple[str, float]] = field(default_factory=list)  # promise: label, %
    counts: dict[int, int] = field(default_factory=dict)  # answers per value


@dataclass(frozen=True, slots=True)
class PulseResult:
    """One pulse as it may be shown: figures only when ``shown``."""

    pulse: TeamPulse
    threshold: int
    invited: int
    shown: bool
    answered: int  # respondents in the version shown; 0 while hidden
    held: bool  # some newer answers wait until enough others have answered
    figures: list[ItemFigure]
    open: bool

    @property
    def sent(self) -> bool:
        return self.pulse.sent_at is not None

    @property
    def last_day(self) -> dt.date:
        """The last day the pulse takes answers."""
        return self.pulse.closes_on - dt.timedelta(days=1)

    def figure(self, item_id: str) -> ItemFigure | None:
        return next((f for f in self.figures if f.item.id == item_id), None)


@dataclass(frozen=True, eq=False)
class _Answers:
    items: npt.NDArray[np.str_]
    values: npt.NDArray[np.int64]
    batches: npt.NDArray[np.int64]

    @property
    def size(self) -> int:
        return int(self.values.shape[0])


def _load(pulse: TeamPulse) -> _Answers:
    rows = list(PulseAnswer.objects.filter(pulse=pulse).values_list("item", "value", "batch"))
    return _Answers(
        items=np.array([r[0] for r in rows], dtype=np.str_),
        values=np.array([r[1] for r in rows], dtype=np.int64),
        batches=np.array([r[2] for r in rows], dtype=np.int64),
    )


@dataclass(frozen=True, eq=False)
class _Shown:
    """The answers a release admitted, and whether newer ones were held back."""

    answers: _Answers
    held: bool


def _decide(k: int, first_item: str) -> Callable[[Snapshot, _Answers], Decision[_Shown]]:
    """Release the pulse's answers as far as the ledger admits (one group, one release)."""

    def decide(snapshot: Snapshot, answers: _Answers) -> Decision[_Shown]:
        grown, atom_of = snapshot.with_answers(
            np.zeros(answers.size, dtype=np.int64), answers.batches
        )
        if answers.size == 0:
            return Decision(_Shown(answers, held=False), grown)
        # One respondent answers every item at once: count them by the first item.
        respondents = np.bincount(atom_of[answers.items == first_item], minlength=grown.atoms)
        within = admit_within(
            labels=grown.labels[0],
            counts=respondents.astype(np.int64),
            atoms=Atoms(group=np.zeros(grown.atoms, dtype=np.intp)),
            candidates=np.ones((1, 1), dtype=np.bool_),
            k=k,
        )
        kept = within.kept[0]
        chosen = np.ones(grown.atoms, dtype=np.bool_)
        if kept is not None:
            chosen[:] = False
            chosen[kept] = True
        mask = chosen[atom_of]
        shown = _Answers(answers.items[mask], answers.values[mask], answers.batches[mask])
        held = bool(mask.any() and (~mask).any())
        refined = replace(grown, labels=within.labels[np.newaxis, :])
        return Decision(_Shown(shown, held), refined)

    return decide


def _figure(item: PulseItem, values: npt.NDArray[np.int64]) -> ItemFigure:
    mean = float(values.mean())
    counts = {value: int((values == value).sum()) for value, _label in item.choices}
    if item.agree:
        return ItemFigure(
            item,
            int(values.size),
            round(mean, 2),
            score=round(to_score(mean), 1),
            favourable=round(float((values >= FAVOURABLE_FROM).mean()) * 100, 1),
            counts=counts,
        )
    shares = [
        (str(label), round(float((values == value).mean()) * 100, 1))
        for value, label in item.choices
    ]
    return ItemFigure(item, int(values.size), round(mean, 2), shares=shares, counts=counts)


def pulse_result(pulse: TeamPulse, *, today: dt.date | None = None) -> PulseResult:
    """The pulse's figures as the release ledger admits them (see the module docstring)."""
    k = validate_k(pulse.journey.organisation.anonymity_threshold)
    items = items_of(pulse)
    shown = release(
        pulse_scope(pulse),
        tracks=TRACKS,
        load=lambda: _load(pulse),
        decide=_decide(k, items[0].id),
        still=lambda loaded: PulseAnswer.objects.filter(pulse=pulse).count() == loaded.size,
    )
    figures = []
    for item in items:
        values = shown.answers.values[shown.answers.items == item.id]
        if values.size:
            figures.append(_figure(item, values))
    answered = figures[0].answered if figures else 0
    return PulseResult(
        pulse=pulse,
        threshold=k,
        invited=pulse.invitations.count(),
        shown=bool(figures),
        answered=answered,
        held=shown.held,
        figures=figures,
        open=is_open(pulse, today or timezone.localdate()),
    )


def _result(pulse: TeamPulse | None) -> PulseResult | None:
    return None if pulse is None else pulse_result(pulse)


def promise_result(expectation: Expectation) -> PulseResult | None:
    """The team's rating of a promise (None before the promise pulse was made)."""
    return _result(expectation.pulses.filter(kind=PulseKind.PROMISE).first())


def roof_result(experiment: Experiment) -> PulseResult | None:
    """The team's safe-roof pulse of an experiment (None before it was made)."""
    return _result(experiment.pulses.filter(kind=PulseKind.ROOF).first())


def action_result(step: Step) -> PulseResult | None:
    """The team's action feedback on a done step (None before it was made)."""
    return _result(step.pulses.filter(kind=PulseKind.ACTION).first())


def promises_kept_rate(journey: Journey) -> float | None:
    """The share (0 to 1) of "kept" among the promise answers shown; None if none is shown.

    Each pulse counts with the answers its ledger released, so the rate is a sum of
    figures that are shown anyway.
    """
    kept = total = 0
    for pulse in journey.pulses.filter(kind=PulseKind.PROMISE).select_related(
        "journey__organisation"
    ):
        result = pulse_result(pulse)
        figure = result.figure("kept")
        if figure is None:
            continue
        total += figure.answered
        kept += figure.counts.get(KEPT, 0)
    return kept / total if total else None


# --- the leader's own view beside the team's -----------------------------------------------


def promise_gap(expectation: Expectation, result: PulseResult | None) -> float | None:
    """The team's mean rating minus the leader's own (1 not yet … 3 kept); None if unknown.

    Negative: the leader sees the promise as better kept than the team does.
    """
    figure = None if result is None else result.figure("kept")
    if figure is None or not expectation.leader_view:
        return None
    return round(figure.mean - RATING_VALUE[PromiseRating(expectation.leader_view)], 2)


def gap_says(gap: float | None) -> str:
    """A sentence for a promise's mirror gap."""
    if gap is None:
        return ""
    if abs(gap) < SAME_VIEW:
        return _("You and your team see this promise alike.")
    if gap < 0:
        return _("You see this promise as better kept than your team does.")
    return _("Your team sees this promise as better kept than you do.")


# --- the journey page's proof section ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class PromiseRow:
    expectation: Expectation
    due: bool
    result: PulseResult | None
    gap: float | None
    gap_says: str


@dataclass(frozen=True, slots=True)
class RoofRow:
    experiment: Experiment
    result: PulseResult | None
    shieldings: list[Shielding]


@dataclass(frozen=True, slots=True)
class StepRow:
    step: Step
    asks_on: dt.date | None
    result: PulseResult | None


def proof_section(journey: Journey) -> dict[str, Any]:
    """What the journey page shows of the proof: promises, safe roof, action feedback."""
    today = timezone.localdate()
    promises = []
    for expectation in journey.expectations.all():
        result = promise_result(expectation)
        gap = promise_gap(expectation, result)
        promises.append(
            PromiseRow(expectation, expectation.due_on <= today, result, gap, gap_says(gap))
        )
    roofs = [
        RoofRow(experiment, roof_result(experiment), list(experiment.shieldings.all()))
        for experiment in journey.experiments.all()
    ]
    steps = [
        StepRow(
            step,
            timezone.localdate(step.done_at + ACTION_AFTER) if step.done_at else None,
            action_result(step),
        )
        for step in journey.steps.filter(status=StepStatus.DONE).order_by("done_at", "pk")
    ]
    results = [(result, result.readings.first()) for result in journey.results.all()]
    kept_rate = promises_kept_rate(journey)
    return {
        "promises": promises,
        "roofs": roofs,
        "steps": steps,
        "results": results,
        "kept_percent": None if kept_rate is None else round(kept_rate * 100),
        "threshold": validate_k(journey.organisation.anonymity_threshold),
    }
