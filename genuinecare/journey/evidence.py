"""What the leader may see, as suggested focus areas: ranked, each with its evidence.

Every figure comes from what ``surveys.guard.guard_for`` releases, for the same
release everybody gets, and through ``surveys.summary`` or the team's mirror — never
from raw answers. Three sources, in this order:

1. **felt** — the weakest felt-care dimensions (lowest favourable share) of the latest
   closed employee or team wave covering the journey's unit, for the unit's group as
   the guard releases it. A hidden group (below k, or held back) suggests nothing.
2. **gap** — the largest blind spots (self above the team by a scale point or more)
   of the leader's team's mirror, shown only as far as its guard lets it.
3. **driver** — the dimensions most related to recommending us (Spearman's rho,
   ``insights.drivers``), only for a unit group the guard releases *whole* (no answer
   held back on any item or on the recommend question) and with at least k
   respondents. The coefficient is computed over exactly the respondents whose answers
   the group's released figures already rest on, so it rests on no set of answers the
   ledger has not released, and no group below k is ever looked at.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from genuinecare.insights.drivers import drivers, strongest
from genuinecare.insights.mirror import BLIND_SPOT
from genuinecare.journey.enums import FocusSource, FocusState
from genuinecare.journey.models import Journey
from genuinecare.mirror.access import get_team_mirror
from genuinecare.mirror.team import NoSelfAnswers, build_team_mirror
from genuinecare.people.access import unit_tree
from genuinecare.people.models import Person
from genuinecare.surveys.access import result_scope, waves_visible_to
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.guard import Guard, guard_for
from genuinecare.surveys.models import Wave
from genuinecare.surveys.summary import Summary, unit_summary

PER_SOURCE = 3
FAVOURABLE = "favourable %"
GAP = "gap"
CORRELATION = "correlation"
FELT_GROUP = "felt"
# Waves answered by the people of a unit (customer and supplier waves group by account).
EMPLOYEE_AUDIENCES = (Audience.EMPLOYEES, Audience.TEAM)


@dataclass(frozen=True)
class Suggestion:
    """One suggested focus area and the released evidence it stands on."""

    source: str
    key: str  # "<catalog>:<dimension>"
    title: str
    figure: float
    measure: str
    group_size: int
    wave: Wave
    baseline: dict[str, float] = field(default_factory=dict)
    baseline_size: int | None = None

    @property
    def date(self) -> dt.date | None:
        return self.wave.closed_at.date() if self.wave.closed_at else None

    def snapshot(self) -> dict[str, Any]:
        """The evidence as a focus freezes it at acceptance."""
        return {
            "source": self.source,
            "key": self.key,
            "wave": self.wave.pk,
            "wave_name": self.wave.title,
            "catalog": self.wave.catalog_version.catalog_id,
            "audience": self.wave.audience,
            "figure": round(self.figure, 4),
            "measure": self.measure,
            "group_size": self.group_size,
            "date": self.date.isoformat() if self.date else None,
            # the unit group's favourable share per dimension in that wave, as released:
            # the "before" of re-measurement
            "baseline": {k: round(v, 4) for k, v in self.baseline.items()},
            "baseline_size": self.baseline_size,
        }


def covers(wave: Wave, unit_id: int) -> bool:
    """Whether the wave asked the unit: all units, or chosen ones at, above or below it."""
    chosen = set(wave.units.values_list("pk", flat=True))
    if not chosen:
        return True
    tree = unit_tree(wave.organisation_id, include_archived=True)
    related = {unit_id, *tree.ancestors(unit_id), *tree.descendants(unit_id)}
    return bool(chosen & related)


def unit_waves(
    journey: Journey, membership: Person, *, as_of: dt.datetime | None = None
) -> list[Wave]:
    """Closed waves the leader may open that asked the journey's unit, newest first.

    ``as_of`` keeps only the waves closed by then: the evidence as it stood that day.
    """
    found = (
        waves_visible_to(membership)
        .filter(closed_at__isnull=False, by_account=False, audience__in=EMPLOYEE_AUDIENCES)
        .select_related("organisation", "catalog_version")
        .order_by("-closed_at", "-pk")
    )
    if as_of is not None:
        found = found.filter(closed_at__lte=as_of)
    return [
        wave
        for wave in found
        if covers(wave, journey.unit_id) and _in_scope(membership, wave, journey.unit_id)
    ]


def _in_scope(membership: Person, wave: Wave, unit_id: int) -> bool:
    scope = result_scope(membership, wave)
    return scope is None or unit_id in scope


def key_of(wave: Wave, dimension: str) -> str:
    return f"{wave.catalog_version.catalog_id}:{dimension}"


def released_unit(wave: Wave, unit_id: int, *, language: str) -> tuple[Guard, Summary | None]:
    """The wave's guard and the unit group's summary as it releases it (None: hidden)."""
    guard = guard_for(wave)
    return guard, unit_summary(wave, guard, unit_id=unit_id, language=language)


def baseline_of(wave: Wave, summary: Summary | None) -> dict[str, float]:
    """Favourable share per shown dimension of a released summary, by key."""
    if summary is None:
        return {}
    return {
        key_of(wave, d.id): float(d.figures.favourable)
        for d in summary.dimensions
        if not d.hidden and d.figures.favourable is not None
    }


def _felt(wave: Wave, summary: Summary, groups: dict[str, str | None]) -> list[Suggestion]:
    with_groups = any(group is not None for group in groups.values())
    rows = [
        d
        for d in summary.dimensions
        if not d.hidden
        and d.figures.favourable is not None
        and (groups.get(d.id) == FELT_GROUP or not with_groups)
    ]
    rows.sort(key=lambda d: (d.figures.favourable, d.figures.score or 0.0, d.id))
    baseline = baseline_of(wave, summary)
    return [
        Suggestion(
            source=FocusSource.FELT,
            key=key_of(wave, d.id),
            title=d.title,
            figure=float(d.figures.favourable or 0.0),
            measure=FAVOURABLE,
            group_size=summary.respondents,
            wave=wave,
            baseline=baseline,
            baseline_size=summary.respondents,
        )
        for d in rows[:PER_SOURCE]
    ]


def driver_figures(guard: Guard, unit_id: int) -> list[tuple[int, float, int]]:
    """(dimension position, rho, pairs) of the unit group, strongest first; [] unless whole.

    Only a group the guard shows with every figure resting on all of its answers
    (nothing held back), with the recommend question shown and at least k
    respondents, is looked at; each coefficient needs k complete pairs.
    """
    data = guard.data
    position = data.tree.index.get(unit_id)
    shown = None if position is None else guard.groups.get(position)
    if shown is None or shown.held or not shown.recommend or not data.layout.recommend.size:
        return []
    if shown.respondents < guard.k:
        return []
    rows = shown.members
    means = data.dimension_means[rows]
    rating = data.answers[rows][:, int(data.layout.recommend[0])]
    found = drivers(means, rating, min_pairs=max(guard.k, 2))
    return [(d.dimension, d.correlation, d.pairs) for d in strongest(found, limit=PER_SOURCE)]


def _drivers(
    wave: Wave, guard: Guard, summary: Summary, unit_id: int, baseline: dict[str, float]
) -> list[Suggestion]:
    dimensions = guard.data.layout.dimensions
    titles = {d.id: d.title for d in summary.dimensions}
    return [
        Suggestion(
            source=FocusSource.DRIVER,
            key=key_of(wave, dimensions[n].id),
            title=titles.get(dimensions[n].id, dimensions[n].id),
            figure=rho,
            measure=CORRELATION,
            group_size=pairs,
            wave=wave,
            baseline=baseline,
            baseline_size=summary.respondents,
        )
        for n, rho, pairs in driver_figures(guard, unit_id)
    ]


def _gaps(
    journey: Journey, membership: Person, *, language: str, as_of: dt.datetime | None
) -> list[Suggestion]:
    _leader, assessment, wave = get_team_mirror(membership, membership.pk)
    if assessment is None or wave is None or not covers(wave, journey.unit_id):
        return []
    if as_of is not None and (wave.closed_at is None or wave.closed_at > as_of):
        return []
    try:
        mirror = build_team_mirror(wave=wave, assessment=assessment, language=language)
    except NoSelfAnswers:
        return []
    if mirror is None:
        return []
    wave = Wave.objects.select_related("organisation", "catalog_version").get(pk=wave.pk)
    _guard, summary = released_unit(wave, journey.unit_id, language=language)
    baseline = baseline_of(wave, summary)
    dimensions = _guard.data.layout.dimensions
    rows = [
        (dimension, row)
        for dimension, row in zip(dimensions, mirror.dimensions, strict=True)
        if row.gap is not None and row.gap.kind == BLIND_SPOT
    ]
    rows.sort(key=lambda pair: (-(pair[1].gap.gap if pair[1].gap else 0.0), pair[0].id))
    return [
        Suggestion(
            source=FocusSource.GAP,
            key=key_of(wave, dimension.id),
            title=row.title,
            figure=row.gap.gap if row.gap else 0.0,
            measure=GAP,
            group_size=mirror.respondents,
            wave=wave,
            baseline=baseline,
            baseline_size=summary.respondents if summary else None,
        )
        for dimension, row in rows[:PER_SOURCE]
    ]


def suggestions(
    journey: Journey, membership: Person, *, language: str, as_of: dt.datetime | None = None
) -> list[Suggestion]:
    """The ranked suggestions for the journey, as this leader may see them now.

    ``as_of`` asks for the evidence of the waves closed by then (a journey started from
    an earlier wave); what is shown of them is still what the guard releases now.

    Felt care first (weakest first), then blind spots (largest first), then drivers
    (strongest first). A dimension already accepted, or dismissed from the same
    source, is not suggested again; an ended focus may be suggested anew.
    """
    felt: list[Suggestion] = []
    related: list[Suggestion] = []
    waves = unit_waves(journey, membership, as_of=as_of)
    if waves:
        wave = waves[0]
        guard, summary = released_unit(wave, journey.unit_id, language=language)
        if summary is not None:
            groups = {d.id: d.group for d in guard.data.layout.dimensions}
            felt = _felt(wave, summary, groups)
            related = _drivers(wave, guard, summary, journey.unit_id, baseline_of(wave, summary))
    ranked = [*felt, *_gaps(journey, membership, language=language, as_of=as_of), *related]
    decided = journey.focuses.filter(
        Q(state=FocusState.ACCEPTED) | Q(state=FocusState.DISMISSED)
    ).values_list("source", "key", "state")
    accepted = {key for _source, key, state in decided if state == FocusState.ACCEPTED}
    dismissed = {(source, key) for source, key, state in decided if state == FocusState.DISMISSED}
    return [s for s in ranked if s.key not in accepted and (s.source, s.key) not in dismissed]


def find(
    journey: Journey,
    membership: Person,
    *,
    source: str,
    key: str,
    language: str,
    as_of: dt.datetime | None = None,
) -> Suggestion | None:
    """The suggestion of that source and key as the evidence stands now, if still suggested."""
    return next(
        (
            s
            for s in suggestions(journey, membership, language=language, as_of=as_of)
            if s.source == source and s.key == key
        ),
        None,
    )
