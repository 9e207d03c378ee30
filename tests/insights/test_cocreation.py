"""The co-creation share, against values counted by hand."""

import datetime as dt

from genuinecare.insights.cocreation import MonthShare, co_creation


def d(month: int, day: int, year: int = 2026) -> dt.date:
    return dt.date(year, month, day)


def test_no_steps_has_no_share_and_is_not_flagged() -> None:
    result = co_creation([])
    assert (result.steps, result.from_team, result.share, result.months) == (0, 0, None, ())
    assert result.top_down is False


def test_share_overall_and_per_month_with_an_empty_month_between() -> None:
    # October: 2 leader + 1 team; November: nothing; December: 1 leader + 2 team.
    steps = [
        (d(10, 3), "leader"),
        (d(10, 20), "team"),
        (d(10, 31), "leader"),
        (d(12, 1), "team"),
        (d(12, 15), "team"),
        (d(12, 16), "leader"),
    ]
    result = co_creation(steps)
    assert (result.steps, result.from_team) == (6, 3)
    assert result.share == 0.5
    assert result.months == (
        MonthShare(d(10, 1), 3, 1, 1 / 3, 1 / 3),
        MonthShare(d(11, 1), 0, 0, None, 1 / 3),
        MonthShare(d(12, 1), 3, 2, 2 / 3, 3 / 6),
    )
    assert result.top_down is False


def test_months_run_across_the_new_year_in_any_input_order() -> None:
    result = co_creation([(d(1, 5, 2027), "team"), (d(12, 9), "leader")])
    assert [(m.month, m.steps, m.from_team, m.running_share) for m in result.months] == [
        (d(12, 1), 1, 0, 0.0),
        (d(1, 1, 2027), 1, 1, 0.5),
    ]


def test_run_only_from_the_top_needs_three_steps_and_none_from_the_team() -> None:
    two = [(d(10, 1), "leader"), (d(10, 2), "leader")]
    assert co_creation(two).top_down is False  # too early to say
    three = [*two, (d(11, 2), "leader")]
    assert co_creation(three).top_down is True
    assert co_creation(three).share == 0.0
    assert co_creation([*three, (d(11, 3), "team")]).top_down is False
