"""Cadence arithmetic for "Care in practice": what is due, due soon or overdue, and since when.

Pure Python and numpy, no Django. All time arithmetic is in calendar days in the leader's
time zone: an action counts on the local date on which it happened, so daylight-saving
changes never move a due date. Only actions that have happened (not after ``now``) count,
each from the date it happened, not the date it was logged.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Self
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt

SECONDS_PER_DAY = 86_400


class Status(StrEnum):
    """Where a stakeholder stands against a cadence."""

    ON_TRACK = "on_track"  # within the ideal interval, or enough actions in the window
    DUE_SOON = "due_soon"  # past the ideal interval, within the maximum
    OVERDUE = "overdue"  # past the maximum, or too few actions in the window
    NEVER = "never"  # the cadence has never been met: no action, or fewer than `count` ever


@dataclass(frozen=True, slots=True)
class Cadence:
    """How often a kind of care is due: an interval (ideal, maximum) or a count per period."""

    kind: Literal["interval", "count"]
    ideal_days: int | None = None
    max_days: int | None = None
    count: int | None = None
    period_days: int | None = None

    def __post_init__(self) -> None:
        if self.kind == "interval":
            if self.ideal_days is None or self.max_days is None:
                raise ValueError("an interval cadence needs ideal_days and max_days")
            if not 1 <= self.ideal_days <= self.max_days:
                raise ValueError(
                    f"need 1 <= ideal_days <= max_days, got {self.ideal_days} and {self.max_days}"
                )
        elif self.kind == "count":
            if self.count is None or self.period_days is None:
                raise ValueError("a count cadence needs count and period_days")
            if self.count < 1 or self.period_days < 1:
                raise ValueError(
                    f"count and period_days must be at least 1, got {self.count}, "
                    f"{self.period_days}"
                )
        else:
            raise ValueError(f"kind must be 'interval' or 'count', got {self.kind!r}")

    @classmethod
    def interval(cls, *, ideal_days: int, max_days: int) -> Self:
        """A cadence of one action at least every ``max_days``, ideally every ``ideal_days``."""
        return cls(kind="interval", ideal_days=ideal_days, max_days=max_days)

    @classmethod
    def per_period(cls, *, count: int, period_days: int) -> Self:
        """A cadence of ``count`` actions in every ``period_days``."""
        return cls(kind="count", count=count, period_days=period_days)

    @classmethod
    def of(
        cls,
        *,
        mode: str,
        ideal_days: int | None,
        max_days: int | None,
        count: int | None,
        period_days: int | None,
    ) -> Self:
        """The cadence a rule describes: a count per period for mode "count", else an interval.

        Raises ValueError when the values it needs are missing or impossible.
        """
        if mode == "count":
            return cls(kind="count", count=count, period_days=period_days)
        return cls(kind="interval", ideal_days=ideal_days, max_days=max_days)


@dataclass(frozen=True, slots=True)
class DueState:
    """One stakeholder's standing against one cadence.

    ``due_on`` is the last day on which the status stays ``on_track`` without a new action;
    ``hard_due_on`` the last day before ``overdue`` (the same day for a count cadence).
    ``days_overdue`` counts the days past ``hard_due_on`` (0 unless overdue).
    """

    status: Status
    last_happened: dt.datetime | None
    due_on: dt.date | None
    hard_due_on: dt.date | None
    days_overdue: int
    in_window: int | None = None  # count cadences: qualifying actions in the rolling window


def local_date(*, moment: dt.datetime, tz: ZoneInfo) -> dt.date:
    """The calendar date of ``moment`` in ``tz``; naive datetimes are refused."""
    _require_aware(moment)
    return moment.astimezone(tz).date()


def status_for(
    *, cadence: Cadence, happened: Sequence[dt.datetime], now: dt.datetime, tz: ZoneInfo
) -> DueState:
    """The status of one stakeholder, given when each qualifying action happened.

    Order of ``happened`` does not matter; actions after ``now`` are ignored. Interval
    cadences count calendar days from the latest action's local date: on_track through
    day ``ideal_days``, due_soon through day ``max_days``, overdue after. Count cadences
    count actions whose local date is in ``(today - period_days, today]``: on_track with
    at least ``count`` of them, overdue with fewer, never if there were never ``count``.
    Raises ValueError for naive datetimes.
    """
    _require_aware(now)
    for moment in happened:
        _require_aware(moment)
    past = sorted(moment for moment in happened if moment <= now)
    today = local_date(moment=now, tz=tz)
    dates = sorted(local_date(moment=moment, tz=tz) for moment in past)
    last = past[-1] if past else None
    if cadence.kind == "count":
        return _count_status(cadence=cadence, dates=dates, last=last, today=today)
    if not dates:
        return DueState(Status.NEVER, None, None, None, 0)
    assert cadence.ideal_days is not None and cadence.max_days is not None  # noqa: S101
    elapsed = (today - dates[-1]).days
    due_on = dates[-1] + dt.timedelta(days=cadence.ideal_days)
    hard_due_on = dates[-1] + dt.timedelta(days=cadence.max_days)
    if elapsed > cadence.max_days:
        status = Status.OVERDUE
    elif elapsed > cadence.ideal_days:
        status = Status.DUE_SOON
    else:
        status = Status.ON_TRACK
    return DueState(status, last, due_on, hard_due_on, max(0, elapsed - cadence.max_days))


def _count_status(
    *, cadence: Cadence, dates: Sequence[dt.date], last: dt.datetime | None, today: dt.date
) -> DueState:
    assert cadence.count is not None and cadence.period_days is not None  # noqa: S101
    window_start = today - dt.timedelta(days=cadence.period_days)  # exclusive
    in_window = sum(1 for day in dates if day > window_start)
    if len(dates) < cadence.count:
        return DueState(Status.NEVER, last, None, None, 0, in_window)
    # The window stays full until the count-th most recent action drops out of it.
    due_on = dates[-cadence.count] + dt.timedelta(days=cadence.period_days - 1)
    if in_window >= cadence.count:
        return DueState(Status.ON_TRACK, last, due_on, due_on, 0, in_window)
    return DueState(Status.OVERDUE, last, due_on, due_on, (today - due_on).days, in_window)


@dataclass(frozen=True, slots=True, eq=False)
class BulkDueState:
    """:class:`DueState` for many stakeholders at once, as aligned arrays.

    ``status`` holds :class:`Status` values as strings (compare with ``== Status.OVERDUE``);
    dates are ``datetime64[D]`` with NaT where the cadence was never met.
    """

    status: npt.NDArray[np.str_]
    due_on: npt.NDArray[np.datetime64]
    hard_due_on: npt.NDArray[np.datetime64]
    days_overdue: npt.NDArray[np.int64]


def bulk_interval_status(
    *, cadence: Cadence, last_happened: npt.ArrayLike, now: dt.datetime, tz: ZoneInfo
) -> BulkDueState:
    """:func:`status_for` for thousands of stakeholders under one interval cadence.

    ``last_happened`` holds each stakeholder's latest action as ``datetime64`` in UTC
    (NaT for none). Element ``i`` of the result equals ``status_for`` with
    ``happened=[last_happened[i]]`` (a value after ``now`` counts as no action).
    """
    if cadence.kind != "interval":
        raise ValueError("bulk_interval_status needs an interval cadence")
    assert cadence.ideal_days is not None and cadence.max_days is not None  # noqa: S101
    _require_aware(now)
    moments = np.asarray(last_happened, dtype="datetime64[s]")
    now_utc = np.datetime64(now.astimezone(dt.UTC).replace(tzinfo=None), "s")
    missing = np.isnat(moments) | (moments > now_utc)
    days = np.where(missing, np.datetime64("NaT", "D"), local_dates(moments=moments, tz=tz))
    today = np.datetime64(local_date(moment=now, tz=tz), "D")
    elapsed = np.where(missing, 0, (today - days).astype(np.int64))
    status = np.select(
        [missing, elapsed > cadence.max_days, elapsed > cadence.ideal_days],
        [Status.NEVER.value, Status.OVERDUE.value, Status.DUE_SOON.value],
        default=Status.ON_TRACK.value,
    ).astype(np.str_)
    return BulkDueState(
        status=status,
        due_on=(days + np.timedelta64(cadence.ideal_days, "D")).astype("datetime64[D]"),
        hard_due_on=(days + np.timedelta64(cadence.max_days, "D")).astype("datetime64[D]"),
        days_overdue=np.maximum(elapsed - cadence.max_days, 0).astype(np.int64),
    )


def local_dates(*, moments: npt.ArrayLike, tz: ZoneInfo) -> npt.NDArray[np.datetime64]:
    """Local calendar dates of UTC ``datetime64`` moments in ``tz`` (NaT stays NaT).

    Offsets are looked up once per distinct UTC day, not per moment. A day whose offset
    changes is split at the change, found to the second by bisection; this assumes a zone
    changes its offset at most once per UTC day, which holds for current tz data.
    """
    seconds = np.asarray(moments, dtype="datetime64[s]")
    valid = ~np.isnat(seconds)
    result = np.full(seconds.shape, np.datetime64("NaT", "D"))
    if not valid.any():
        return result
    epoch = seconds[valid].astype(np.int64)
    day_starts, day_index = np.unique(
        epoch // SECONDS_PER_DAY * SECONDS_PER_DAY, return_inverse=True
    )
    starts = day_starts.tolist()
    before = np.array([_offset(start, tz) for start in starts], dtype=np.int64)
    after = np.array([_offset(start + SECONDS_PER_DAY, tz) for start in starts], dtype=np.int64)
    change_at = day_starts.astype(np.int64)  # a copy; days without a change switch at the start
    for i in np.flatnonzero(before != after).tolist():
        change_at[i] = _first_change(starts[i], int(before[i]), tz)
    offsets = np.where(epoch >= change_at[day_index], after[day_index], before[day_index])
    result[valid] = ((epoch + offsets) // SECONDS_PER_DAY).astype("datetime64[D]")
    return result


def _offset(epoch_seconds: int, tz: ZoneInfo) -> int:
    offset = dt.datetime.fromtimestamp(epoch_seconds, tz).utcoffset()
    assert offset is not None  # noqa: S101 - a ZoneInfo always has an offset
    return int(offset.total_seconds())


def _first_change(start: int, offset_at_start: int, tz: ZoneInfo) -> int:
    """The first second of the UTC day starting at ``start`` with a different offset."""
    low, high = start, start + SECONDS_PER_DAY  # offset(low) == at start, offset(high) differs
    while high - low > 1:
        middle = (low + high) // 2
        if _offset(middle, tz) == offset_at_start:
            low = middle
        else:
            high = middle
    return high


def next_digest_week(*, now: dt.datetime, tz: ZoneInfo) -> str:
    """The ISO year-week key (e.g. ``"2026-W47"``) of the digest due at ``now``.

    It is the ISO week holding ``now``'s local date, so every run of the digest job in
    the same local week yields the same key; store it with each sent digest to send one
    per week however often the job runs. Raises ValueError for naive datetimes.
    """
    year, week, _ = local_date(moment=now, tz=tz).isocalendar()
    return f"{year}-W{week:02d}"


def _require_aware(moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware datetime")
