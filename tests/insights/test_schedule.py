"""The order of a plan, against chains worked out by hand."""

import datetime as dt

import pytest

from genuinecare.insights.schedule import (
    Path,
    Task,
    can_start_now,
    critical_path,
    cycle_if_added,
    find_cycle,
    remaining_days,
    waiting_on,
)

# 1 (3 days) and 2 (5 days) start the plan; 3 (2 days) waits for 1; 4 (4 days) waits
# for 2 and 3; 5 stands alone. Chains: 1-3-4 = 3+2+4 = 9, 2-4 = 5+4 = 9, 5 alone.
EDGES = [(3, 1), (4, 2), (4, 3)]


def plan(five: int = 8, **closed: bool) -> list[Task]:
    days = {1: 3, 2: 5, 3: 2, 4: 4, 5: five}
    return [Task(id=i, days=d, closed=closed.get(f"t{i}", False)) for i, d in days.items()]


def test_the_longest_chain_is_the_critical_path() -> None:
    assert critical_path(plan(five=10), EDGES) == Path(ids=(5,), days=10)
    assert critical_path(plan(five=11), EDGES).days == 11


def test_between_chains_of_the_same_length_the_earlier_tasks_win() -> None:
    # 1-3-4 and 2-4 both take 9 days; 1 comes before 2 in the plan.
    assert critical_path(plan(five=8), EDGES) == Path(ids=(1, 3, 4), days=9)
    assert critical_path(plan(five=8), list(reversed(EDGES))) == Path(ids=(1, 3, 4), days=9)


def test_closed_tasks_take_no_more_time() -> None:
    # 1 done: 3-4 = 6 days, 2-4 = 9 days.
    assert critical_path(plan(five=8, t1=True), EDGES) == Path(ids=(2, 4), days=9)
    # 2 and 3 done as well: 4 alone = 4 days, 5 = 8 days.
    assert critical_path(plan(five=8, t1=True, t2=True, t3=True), EDGES) == Path((5,), 8)


def test_an_empty_plan_has_an_empty_path() -> None:
    assert critical_path([], []) == Path(ids=(), days=0)
    assert critical_path([Task(1, closed=True)], []) == Path(ids=(), days=0)


def test_what_can_start_now_and_what_is_blocked() -> None:
    assert can_start_now(plan(), EDGES) == (1, 2, 5)
    assert waiting_on(plan(), EDGES)[4] == (2, 3)
    assert waiting_on(plan(), EDGES)[3] == (1,)
    opened = plan(t1=True)
    assert can_start_now(opened, EDGES) == (2, 3, 5)
    assert waiting_on(opened, EDGES)[4] == (2, 3)
    assert 1 not in waiting_on(opened, EDGES)
    started = [Task(1, started=True), Task(2)]
    assert can_start_now(started, []) == (2,)


def test_a_circle_is_found_and_named_in_order() -> None:
    assert cycle_if_added([(1, 2), (2, 3)], 3, 1) == (3, 1, 2, 3)
    assert cycle_if_added([(1, 2)], 2, 1) == (2, 1, 2)
    assert cycle_if_added([(1, 2), (2, 3)], 1, 3) is None  # a shortcut, not a circle
    assert cycle_if_added([], 4, 4) == (4, 4)
    assert find_cycle([1, 2, 3], EDGES) is None
    assert find_cycle([1, 2, 3], [(1, 2), (2, 3), (3, 1)]) == (1, 2, 3, 1)


def test_a_circle_has_no_critical_path() -> None:
    with pytest.raises(ValueError, match="circle"):
        critical_path([Task(1), Task(2)], [(1, 2), (2, 1)])


def test_remaining_days_count_from_today_and_are_never_less_than_one() -> None:
    today = dt.date(2026, 12, 4)
    assert remaining_days(dt.date(2026, 12, 14), today) == 10
    assert remaining_days(today, today) == 1
    assert remaining_days(dt.date(2026, 11, 1), today) == 1
    assert remaining_days(None, today) == 1
