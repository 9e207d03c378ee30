"""Trends: each dimension across the closed waves of one catalog, audience (and team).

Every figure comes from ``summary`` (the guarded results) for the same group in
every wave: the whole wave, or one unit group. Where the guard hides the group
in a wave, that wave's cells stay empty, and a change since last time is shown
only when both the latest and the previous wave show the group.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from genuinecare.insights.charts import Chart, line_chart
from genuinecare.people.models import Person, Unit
from genuinecare.surveys.access import result_scope
from genuinecare.surveys.guard import guard_for
from genuinecare.surveys.models import Wave
from genuinecare.surveys.summary import Summary, unit_summary, wave_summary


@dataclass(frozen=True)
class Family:
    """Waves that can be compared: same catalog, same audience, same team leader."""

    catalog_id: str
    audience: str
    leader_id: int | None

    @classmethod
    def of(cls, wave: Wave) -> "Family":
        return cls(wave.catalog_version.catalog_id, wave.audience, wave.leader_id)

    @property
    def key(self) -> str:
        return f"{self.catalog_id}:{self.audience}:{self.leader_id or ''}"


@dataclass(frozen=True)
class DimensionTrend:
    id: str
    title: str
    values: list[float | None]  # % favourable per wave, None where hidden or unanswered
    change: float | None  # latest minus previous wave, in percentage points


@dataclass(frozen=True)
class Trend:
    waves: list[Wave]
    respondents: list[int | None]  # None where the group is hidden in that wave
    dimensions: list[DimensionTrend]
    chart: Chart | None


def _summary(wave: Wave, *, unit_id: int | None, language: str) -> Summary | None:
    guard = guard_for(wave)
    if unit_id is None:
        return wave_summary(wave, guard, language=language)
    return unit_summary(wave, guard, unit_id=unit_id, language=language)


def build_trend(waves: list[Wave], *, unit_id: int | None, language: str) -> Trend:
    """% favourable per dimension of one group across ``waves`` (oldest first)."""
    summaries = [_summary(wave, unit_id=unit_id, language=language) for wave in waves]
    titles = {d.id: d.title for summary in summaries if summary for d in summary.dimensions}
    dimensions = []
    for dimension_id, title in titles.items():
        values = [_favourable(summary, dimension_id) for summary in summaries]
        change = None
        if len(values) > 1 and values[-1] is not None and values[-2] is not None:
            change = values[-1] - values[-2]
        dimensions.append(DimensionTrend(dimension_id, title, values, change))
    chart = None
    if len(waves) > 1 and dimensions:
        chart = line_chart(
            periods=[f"{n + 1}. {w.closes_at:%Y-%m-%d}" for n, w in enumerate(waves)],
            series={d.title: d.values for d in dimensions},
            alt=_("Share of favourable answers per dimension across waves"),
        )
    return Trend(
        waves=waves,
        respondents=[s.respondents if s else None for s in summaries],
        dimensions=dimensions,
        chart=chart,
    )


def _favourable(summary: Summary | None, dimension_id: str) -> float | None:
    dimensions = summary.dimensions if summary else []
    found = next((d for d in dimensions if d.id == dimension_id), None)
    return None if found is None else found.figures.favourable


@dataclass(frozen=True)
class TrendUnits:
    """The unit a trend is shown for, and the units the viewer may choose from."""

    unit_id: int | None
    unit_name: str | None
    units: QuerySet[Unit]
    # False while a leader, who sees units only, has no unit to show.
    ready: bool


def trend_units(membership: Person, waves: list[Wave], *, unit_id: int | None) -> TrendUnits:
    """Which units ``membership`` may follow ``waves`` for; 404 for a unit of another
    organisation. Admins may look at the whole organisation (no unit); a leader asking
    for a unit outside their results scope is shown their own unit instead."""
    units = Unit.objects.filter(organisation_id=membership.organisation_id)
    if unit_id is not None and not units.filter(pk=unit_id).exists():
        raise Http404
    scope = result_scope(membership, waves[0]) if waves else None
    if scope is not None:
        unit_id = unit_id if unit_id in scope else membership.unit_id
    shown = units if scope is None else units.filter(pk__in=scope)
    name = None if unit_id is None else units.filter(pk=unit_id).values_list("name", flat=True)[0]
    return TrendUnits(unit_id, name, shown.order_by("name"), scope is None or unit_id is not None)
