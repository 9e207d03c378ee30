import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genuinecare.practice.cadences.cadence import (
    Cadence,
    DueState,
    Status,
    bulk_interval_status,
    local_dates,
    next_digest_week,
    status_for,
)

BERLIN = ZoneInfo("Europe/Berlin")
UTC = dt.UTC
WEEKLY = Cadence.interval(ideal_days=7, max_days=14)


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def test_back_dated_action_counts_from_when_it_happened() -> None:
    now = berlin(2026, 11, 22, 12, 0)
    happened = berlin(2026, 8, 14, 9, 0)  # 100 days ago, logged today
    state = status_for(
        cadence=Cadence.interval(ideal_days=60, max_days=90),
        happened=[happened],
        now=now,
        tz=BERLIN,
    )
    assert state == DueState(
        status=Status.OVERDUE,
        last_happened=happened,
        due_on=dt.date(2026, 10, 13),
        hard_due_on=dt.date(2026, 11, 12),
        days_overdue=10,
    )


@pytest.mark.parametrize(
    ("day", "status", "days_overdue"),
    [
        (0, Status.ON_TRACK, 0),
        (7, Status.ON_TRACK, 0),  # day ideal: still on track, due today
        (8, Status.DUE_SOON, 0),  # day ideal + 1
        (14, Status.DUE_SOON, 0),  # day max
        (15, Status.OVERDUE, 1),  # day max + 1
        (40, Status.OVERDUE, 26),
    ],
)
def test_interval_boundaries(day: int, status: Status, days_overdue: int) -> None:
    happened = berlin(2026, 11, 2, 9, 0)
    now = berlin(2026, 11, 2, 23, 59) + dt.timedelta(days=day)
    state = status_for(cadence=WEEKLY, happened=[happened], now=now, tz=BERLIN)
    assert (state.status, state.days_overdue) == (status, days_overdue)
    assert (state.due_on, state.hard_due_on) == (dt.date(2026, 11, 9), dt.date(2026, 11, 16))


def test_latest_action_wins_whatever_the_order() -> None:
    actions = [berlin(2026, 9, 1, 8), berlin(2026, 11, 20, 8), berlin(2026, 10, 1, 8)]
    now = berlin(2026, 11, 22, 8)
    forward = status_for(cadence=WEEKLY, happened=actions, now=now, tz=BERLIN)
    backward = status_for(cadence=WEEKLY, happened=actions[::-1], now=now, tz=BERLIN)
    assert forward == backward
    assert forward.status == Status.ON_TRACK
    assert forward.last_happened == berlin(2026, 11, 20, 8)
    assert forward.due_on == dt.date(2026, 11, 27)


def test_no_action_and_future_actions_mean_never() -> None:
    now = berlin(2026, 11, 22, 8)
    assert status_for(cadence=WEEKLY, happened=[], now=now, tz=BERLIN) == DueState(
        Status.NEVER, None, None, None, 0
    )
    later_today = berlin(2026, 11, 22, 9)
    state = status_for(cadence=WEEKLY, happened=[later_today], now=now, tz=BERLIN)
    assert state.status == Status.NEVER


YEARLY_CONTACT = Cadence.per_period(count=1, period_days=365)


@pytest.mark.parametrize(
    ("days_ago", "status", "days_overdue"),
    [(0, Status.ON_TRACK, 0), (364, Status.ON_TRACK, 0), (365, Status.OVERDUE, 1)],
)
def test_rolling_window_edges(days_ago: int, status: Status, days_overdue: int) -> None:
    now = berlin(2026, 11, 22, 10)
    happened = berlin(2026, 11, 22, 9) - dt.timedelta(days=days_ago)
    state = status_for(cadence=YEARLY_CONTACT, happened=[happened], now=now, tz=BERLIN)
    assert (state.status, state.days_overdue, state.in_window) == (
        status,
        days_overdue,
        int(status == Status.ON_TRACK),
    )
    assert state.due_on == happened.date() + dt.timedelta(days=364)


def test_count_cadence_with_zero_one_and_two_actions() -> None:
    twice_a_month = Cadence.per_period(count=2, period_days=30)
    now = berlin(2026, 11, 22, 10)
    at = [berlin(2026, 10, 24, 9), berlin(2026, 11, 20, 9)]  # 29 and 2 days ago

    def state(*actions: dt.datetime) -> DueState:
        return status_for(cadence=twice_a_month, happened=actions, now=now, tz=BERLIN)

    assert state() == DueState(Status.NEVER, None, None, None, 0, 0)
    assert state(at[1]) == DueState(Status.NEVER, at[1], None, None, 0, 1)
    assert state(*at) == DueState(
        Status.ON_TRACK, at[1], dt.date(2026, 11, 22), dt.date(2026, 11, 22), 0, 2
    )
    a_day_earlier = berlin(2026, 10, 23, 9)  # 30 days ago: out of (today - 30, today]
    assert state(a_day_earlier, at[1]) == DueState(
        Status.OVERDUE, at[1], dt.date(2026, 11, 21), dt.date(2026, 11, 21), 1, 1
    )


def test_local_calendar_day_decides_not_utc() -> None:
    daily = Cadence.interval(ideal_days=1, max_days=2)
    now = berlin(2026, 6, 12, 10)
    late_evening_local = berlin(2026, 6, 10, 23, 30)  # 21:30 UTC, day June 10
    late_evening_utc = dt.datetime(2026, 6, 10, 23, 30, tzinfo=UTC)  # 01:30 June 11 in Berlin
    local = status_for(cadence=daily, happened=[late_evening_local], now=now, tz=BERLIN)
    utc = status_for(cadence=daily, happened=[late_evening_utc], now=now, tz=BERLIN)
    assert (local.status, local.due_on) == (Status.DUE_SOON, dt.date(2026, 6, 11))
    assert (utc.status, utc.due_on) == (Status.ON_TRACK, dt.date(2026, 6, 12))


@pytest.mark.parametrize(
    ("happened", "now", "status"),
    [
        # Spring forward (29 March 2026): Saturday 23:30 to Sunday 23:30 is 23 hours.
        (berlin(2026, 3, 28, 23, 30), berlin(2026, 3, 29, 23, 30), Status.ON_TRACK),
        (berlin(2026, 3, 28, 23, 30), berlin(2026, 3, 30, 0, 30), Status.OVERDUE),
        (berlin(2026, 3, 29, 0, 30), berlin(2026, 3, 29, 23, 59), Status.ON_TRACK),
        # Fall back (25 October 2026): Saturday 23:30 to Sunday 23:59 is 25.5 hours.
        (berlin(2026, 10, 24, 23, 30), berlin(2026, 10, 25, 23, 59), Status.ON_TRACK),
        (berlin(2026, 10, 24, 23, 30), berlin(2026, 10, 26, 0, 0), Status.OVERDUE),
    ],
)
def test_daylight_saving_never_shifts_a_due_date(
    happened: dt.datetime, now: dt.datetime, status: Status
) -> None:
    daily = Cadence.interval(ideal_days=1, max_days=1)
    state = status_for(cadence=daily, happened=[happened], now=now, tz=BERLIN)
    assert state.status == status
    assert state.due_on == happened.date() + dt.timedelta(days=1)
    bulk = bulk_interval_status(
        cadence=daily, last_happened=[to_utc64(happened)], now=now, tz=BERLIN
    )
    assert bulk.status.tolist() == [status.value]


def test_naive_datetimes_are_refused() -> None:
    aware = berlin(2026, 11, 22, 10)
    naive = aware.replace(tzinfo=None)
    with pytest.raises(ValueError, match="naive"):
        status_for(cadence=WEEKLY, happened=[], now=naive, tz=BERLIN)
    with pytest.raises(ValueError, match="naive"):
        status_for(cadence=WEEKLY, happened=[aware, naive], now=aware, tz=BERLIN)
    with pytest.raises(ValueError, match="naive"):
        bulk_interval_status(cadence=WEEKLY, last_happened=[], now=naive, tz=BERLIN)
    with pytest.raises(ValueError, match="naive"):
        next_digest_week(now=naive, tz=BERLIN)


def test_invalid_cadences_are_refused() -> None:
    with pytest.raises(ValueError, match="ideal_days <= max_days"):
        Cadence.interval(ideal_days=10, max_days=5)
    with pytest.raises(ValueError, match="at least 1"):
        Cadence.per_period(count=0, period_days=365)
    with pytest.raises(ValueError, match="needs an interval"):
        bulk_interval_status(
            cadence=YEARLY_CONTACT, last_happened=[], now=berlin(2026, 1, 1), tz=BERLIN
        )


def test_a_rule_reads_as_one_cadence_and_an_incomplete_one_is_refused() -> None:
    blank: dict[str, Any] = {
        "ideal_days": None,
        "max_days": None,
        "count": None,
        "period_days": None,
    }
    assert Cadence.of(**{**blank, "mode": "count", "count": 2, "period_days": 90}) == (
        Cadence.per_period(count=2, period_days=90)
    )
    assert Cadence.of(**{**blank, "mode": "interval", "ideal_days": 5, "max_days": 7}) == (
        Cadence.interval(ideal_days=5, max_days=7)
    )
    incomplete: dict[str, Any]
    for incomplete in (
        {"mode": "count", "ideal_days": 5, "max_days": 7},
        {"mode": "count", "count": 2},
        {"mode": "interval", "count": 2, "period_days": 90},
        {"mode": "interval", "ideal_days": 5},
        {"mode": "interval", "ideal_days": 0, "max_days": 7},
    ):
        with pytest.raises(ValueError, match=r"needs|at least 1|<="):
            Cadence.of(**{**blank, **incomplete})


@pytest.mark.parametrize(
    ("now", "tz", "key"),
    [
        (berlin(2026, 11, 22, 12), BERLIN, "2026-W47"),
        (berlin(2026, 12, 31, 12), BERLIN, "2026-W53"),
        (berlin(2027, 1, 1, 0, 0), BERLIN, "2026-W53"),
        (berlin(2027, 1, 4, 0, 0), BERLIN, "2027-W01"),
        (berlin(2027, 2, 1, 9), BERLIN, "2027-W05"),
        # Sunday 23:30 UTC is already Monday in Berlin.
        (dt.datetime(2027, 1, 3, 23, 30, tzinfo=UTC), BERLIN, "2027-W01"),
        (dt.datetime(2027, 1, 3, 23, 30, tzinfo=UTC), ZoneInfo("UTC"), "2026-W53"),
    ],
)
def test_digest_week_keys(now: dt.datetime, tz: ZoneInfo, key: str) -> None:
    assert next_digest_week(now=now, tz=tz) == key


# Bulk equals scalar

ZONES = [
    BERLIN,
    ZoneInfo("UTC"),
    ZoneInfo("America/New_York"),
    ZoneInfo("Australia/Lord_Howe"),  # 30-minute daylight-saving shift
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("Pacific/Chatham"),
]
# UTC instants of daylight-saving changes, so draws land on the awkward days.
TRANSITIONS = [
    dt.datetime(2026, 3, 29, 1, tzinfo=UTC),
    dt.datetime(2026, 10, 25, 1, tzinfo=UTC),
    dt.datetime(2026, 3, 8, 7, tzinfo=UTC),
    dt.datetime(2026, 11, 1, 6, tzinfo=UTC),
    dt.datetime(2026, 4, 4, 15, tzinfo=UTC),
    dt.datetime(2026, 10, 3, 15, 30, tzinfo=UTC),
]


def to_utc64(moment: dt.datetime | None) -> np.datetime64:
    if moment is None:
        return np.datetime64("NaT", "s")
    return np.datetime64(moment.astimezone(UTC).replace(tzinfo=None), "s")


@pytest.mark.parametrize("tz", [*ZONES, ZoneInfo("America/Santiago")])
def test_local_dates_to_the_second_around_every_2026_offset_change(tz: ZoneInfo) -> None:
    # Santiago turns its clocks back at local midnight: a second off flips the date.
    start = dt.datetime(2026, 1, 1, tzinfo=UTC)
    hours = [start + dt.timedelta(hours=h) for h in range(365 * 24)]
    changes = [
        b
        for a, b in itertools.pairwise(hours)
        if a.astimezone(tz).utcoffset() != b.astimezone(tz).utcoffset()
    ]
    seconds = [c + dt.timedelta(seconds=s) for c in changes for s in range(-3600, 3601, 1)]
    expected = [np.datetime64(m.astimezone(tz).date()) for m in seconds]
    assert local_dates(moments=[to_utc64(m) for m in seconds], tz=tz).tolist() == [
        e.astype(dt.date) for e in expected
    ]
    assert len(changes) in (0, 2)


moments = st.one_of(
    st.datetimes(  # hypothesis bounds are wall-clock times, here in UTC
        min_value=dt.datetime(2024, 1, 1, tzinfo=UTC).replace(tzinfo=None),
        max_value=dt.datetime(2028, 12, 31, tzinfo=UTC).replace(tzinfo=None),
        timezones=st.just(UTC),
    ).map(lambda m: m.replace(microsecond=0)),
    st.builds(
        lambda base, seconds: base + dt.timedelta(seconds=seconds),
        st.sampled_from(TRANSITIONS),
        st.integers(-2 * 86_400, 2 * 86_400),
    ),
)


@settings(max_examples=150, deadline=None)
@given(
    happened=st.lists(st.none() | moments, max_size=25),
    now=moments,
    tz=st.sampled_from(ZONES),
    ideal=st.integers(1, 60),
    grace=st.integers(0, 60),
)
def test_bulk_equals_scalar(
    happened: list[dt.datetime | None], now: dt.datetime, tz: ZoneInfo, ideal: int, grace: int
) -> None:
    cadence = Cadence.interval(ideal_days=ideal, max_days=ideal + grace)
    bulk = bulk_interval_status(
        cadence=cadence, last_happened=[to_utc64(m) for m in happened], now=now, tz=tz
    )
    for i, moment in enumerate(happened):
        one = status_for(
            cadence=cadence, happened=[] if moment is None else [moment], now=now, tz=tz
        )
        assert bulk.status[i] == one.status
        assert bulk.days_overdue[i] == one.days_overdue
        due = bulk.due_on[i]
        assert (None if np.isnat(due) else due.astype(dt.date)) == one.due_on
        hard = bulk.hard_due_on[i]
        assert (None if np.isnat(hard) else hard.astype(dt.date)) == one.hard_due_on
        if moment is not None:
            assert local_dates(moments=[to_utc64(moment)], tz=tz)[0] == np.datetime64(
                moment.astimezone(tz).date()
            )
