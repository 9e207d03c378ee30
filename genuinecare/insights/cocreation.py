"""The co-creation share: how much of a journey's plan came from its team, and when.

Pure Python, no Django. A step is given as ``(date, origin)``: the day it joined the plan
and who it came from (``"team"`` or anything else, which counts as the leader).

* The **share** is the steps from the team divided by all steps (``None`` without steps).
* **Over time**, per calendar month from the first step's month to the last one's: the
  steps that joined the plan that month, how many of them came from the team, that
  month's share (``None`` in a month without steps) and the running share of all steps
  up to the end of that month.
* A journey is **run only from the top** when it has at least ``TOP_DOWN_MIN_STEPS``
  steps and not one of them came from the team. With fewer steps it is too early to say.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

TEAM = "team"
TOP_DOWN_MIN_STEPS = 3


@dataclass(frozen=True)
class MonthShare:
    """One calendar month: the steps that joined the plan, and the share so far."""

    month: dt.date  # the first day of the month
    steps: int
    from_team: int
    share: float | None
    running_share: float | None


@dataclass(frozen=True)
class CoCreation:
    """A journey's co-creation: all its steps, those from the team, month by month."""

    steps: int
    from_team: int
    months: tuple[MonthShare, ...]

    @property
    def share(self) -> float | None:
        """The share of all steps that came from the team (None without steps)."""
        return _share(self.from_team, self.steps)

    @property
    def top_down(self) -> bool:
        """At least three steps and none from the team."""
        return self.steps >= TOP_DOWN_MIN_STEPS and self.from_team == 0


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _next_month(month: dt.date) -> dt.date:
    return dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)


def co_creation(steps: Iterable[tuple[dt.date, str]]) -> CoCreation:
    """The share of steps from the team, overall and per month."""
    by_month: dict[dt.date, tuple[int, int]] = {}
    for on, origin in steps:
        month = on.replace(day=1)
        total, team = by_month.get(month, (0, 0))
        by_month[month] = (total + 1, team + (origin == TEAM))
    if not by_month:
        return CoCreation(0, 0, ())
    months: list[MonthShare] = []
    month, last = min(by_month), max(by_month)
    running_total = running_team = 0
    while month <= last:
        total, team = by_month.get(month, (0, 0))
        running_total += total
        running_team += team
        months.append(
            MonthShare(
                month=month,
                steps=total,
                from_team=team,
                share=_share(team, total),
                running_share=_share(running_team, running_total),
            )
        )
        month = _next_month(month)
    return CoCreation(running_total, running_team, tuple(months))
