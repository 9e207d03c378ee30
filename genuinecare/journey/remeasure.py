"""Re-measurement: did the steps move the felt-care dimensions they named?

Each step names the dimensions it should move (``Step.dimensions``, ``"<catalog>:<id>"``)
and keeps the evidence it was made from (``Step.snapshot``, copied from its focus).
The *next comparable wave* after the snapshot's wave is the first closed wave after it
of the same catalog and audience that asked the journey's unit and that the leader may
open. Before is the frozen snapshot (the unit group's favourable share per dimension,
as released then); after is what ``guard_for`` releases for the unit's group now.
Either side that was not released stays empty; nothing is computed from raw answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from genuinecare.journey.evidence import baseline_of, released_unit, unit_waves
from genuinecare.journey.models import Journey, Step
from genuinecare.people.models import Person
from genuinecare.surveys.models import Wave
from genuinecare.surveys.summary import Summary


@dataclass(frozen=True)
class Row:
    """One dimension of one step: before (frozen) and after (released now)."""

    step: Step
    key: str
    title: str
    before_wave: str
    before_date: str | None
    before: float | None
    before_size: int | None
    after_wave: Wave | None
    after: float | None
    after_size: int | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def shown(self) -> bool:
        """Both sides released: the comparison may be read."""
        return self.change is not None


def _closed(snapshot: dict[str, Any]) -> dt.datetime | None:
    pk = snapshot.get("wave")
    if not isinstance(pk, int):
        return None
    wave = Wave.objects.filter(pk=pk).only("closed_at").first()
    return wave.closed_at if wave else None


def next_wave(snapshot: dict[str, Any], waves: list[Wave]) -> Wave | None:
    """The first of ``waves`` closed after the snapshot's wave, same catalog and audience."""
    after = _closed(snapshot)
    if after is None:
        return None
    later = [
        w
        for w in waves
        if w.pk != snapshot.get("wave")
        and w.closed_at is not None
        and w.closed_at > after
        and w.catalog_version.catalog_id == snapshot.get("catalog")
        and w.audience == snapshot.get("audience")
    ]
    return min(later, key=lambda w: (w.closed_at, w.pk)) if later else None


def remeasurement(journey: Journey, membership: Person, *, language: str) -> list[Row]:
    """Before and after for each dimension each step of the journey names."""
    steps = [
        s
        for s in journey.steps.select_related("focus").order_by("pk")
        if s.dimensions and s.snapshot.get("wave")
    ]
    if not steps:
        return []
    waves = unit_waves(journey, membership)
    released: dict[int, tuple[Summary | None, dict[str, str]]] = {}
    rows: list[Row] = []
    for step in steps:
        snapshot = step.snapshot
        after_wave = next_wave(snapshot, waves)
        summary: Summary | None = None
        titles: dict[str, str] = {}
        if after_wave is not None:
            if after_wave.pk not in released:
                _guard, found = released_unit(after_wave, journey.unit_id, language=language)
                names = {
                    f"{after_wave.catalog_version.catalog_id}:{d.id}": d.title.get(language)
                    for d in _guard.data.layout.dimensions
                }
                released[after_wave.pk] = (found, names)
            summary, titles = released[after_wave.pk]
        after = baseline_of(after_wave, summary) if after_wave is not None else {}
        baseline = snapshot.get("baseline") or {}
        size = snapshot.get("baseline_size")
        for key in step.dimensions:
            before = baseline.get(key) if isinstance(baseline, dict) else None
            title = titles.get(key) or (
                step.focus.title if step.focus and step.focus.key == key else key
            )
            rows.append(
                Row(
                    step=step,
                    key=key,
                    title=title,
                    before_wave=str(snapshot.get("wave_name", "")),
                    before_date=snapshot.get("date"),
                    before=before,
                    before_size=size if before is not None else None,
                    after_wave=after_wave,
                    after=after.get(key),
                    after_size=summary.respondents if summary and key in after else None,
                )
            )
    return rows
