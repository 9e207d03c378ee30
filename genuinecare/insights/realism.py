"""The realism check: a plan's open commitments beside what the leader has kept.

Pure Python, no Django. The leader's *track* is every commitment of theirs whose due date
fell in the last cycle, and whether they kept it by then: an expectation they rated "kept"
themselves, a step done on or before its due date. The *last cycle* is simply the
``window`` days before ``today`` (90 by default): a due date ``d`` counts when
``today - window <= d < today``.

What the track suggests is the number kept in the last cycle: a leader who kept 2 of 5
has shown they can carry about two in a cycle, so a plan of six open commitments is
flagged (never refused). Without a track (nothing came due yet) there is nothing to
compare with, and no warning.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

CYCLE_DAYS = 90


@dataclass(frozen=True)
class Commitment:
    """One of the leader's commitments: when it was due, and whether it was kept by then."""

    due_on: dt.date
    kept: bool


@dataclass(frozen=True)
class Realism:
    """What the last cycle says about the plan's open commitments."""

    kept: int  # kept in the last cycle
    due: int  # came due in the last cycle
    planned: int  # open commitments of the plan
    since: dt.date  # the first day of the last cycle
    window: int = CYCLE_DAYS  # its length in days

    @property
    def has_track(self) -> bool:
        """Something came due in the last cycle."""
        return self.due > 0

    @property
    def rate(self) -> float | None:
        """The share kept, from 0 to 1; None without a track."""
        return self.kept / self.due if self.due else None

    @property
    def expected(self) -> int | None:
        """How many of the planned commitments the rate would keep (rounded half up)."""
        if not self.due:
            return None
        return (2 * self.kept * self.planned + self.due) // (2 * self.due)

    @property
    def too_many(self) -> bool:
        """The plan holds more than the leader kept in the last cycle."""
        return self.has_track and self.planned > self.kept


def realism(
    track: Iterable[Commitment], *, planned: int, today: dt.date, window: int = CYCLE_DAYS
) -> Realism:
    """Compare ``planned`` open commitments with what was kept in the last cycle."""
    if planned < 0:
        raise ValueError(f"planned must not be negative, got {planned}")
    if window < 1:
        raise ValueError(f"the cycle must last at least a day, got {window}")
    since = today - dt.timedelta(days=window)
    cycle = [c for c in track if since <= c.due_on < today]
    return Realism(
        kept=sum(1 for c in cycle if c.kept),
        due=len(cycle),
        planned=planned,
        since=since,
        window=window,
    )
