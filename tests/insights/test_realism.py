"""The realism check and the risk bands, against values worked out by hand."""

import datetime as dt

import pytest

from genuinecare.insights.realism import Commitment, realism
from genuinecare.insights.risk import band, score

TODAY = dt.date(2026, 12, 4)


def days_ago(days: int, kept: bool) -> Commitment:
    return Commitment(due_on=TODAY - dt.timedelta(days=days), kept=kept)


def test_two_of_five_kept_last_cycle_and_a_plan_of_six_is_too_many() -> None:
    track = [days_ago(1, True), days_ago(10, False), days_ago(30, True)]
    track += [days_ago(60, False), days_ago(90, False)]  # day 90 is the cycle's first day
    track += [days_ago(91, True), days_ago(0, True), days_ago(-5, True)]  # outside the cycle
    check = realism(track, planned=6, today=TODAY)
    assert (check.kept, check.due, check.planned) == (2, 5, 6)
    assert check.since == dt.date(2026, 9, 5)
    assert check.rate == pytest.approx(0.4)
    assert check.expected == 2  # 0.4 × 6 = 2.4
    assert check.too_many


def test_a_plan_within_what_was_kept_is_not_flagged() -> None:
    track = [days_ago(5, True), days_ago(6, True), days_ago(7, False)]
    check = realism(track, planned=2, today=TODAY)
    assert (check.kept, check.due, check.expected, check.too_many) == (2, 3, 1, False)
    # 2/3 × 2 = 1.33 → 1; one more than was kept is flagged
    assert realism(track, planned=3, today=TODAY).too_many


def test_expected_rounds_half_up() -> None:
    track = [days_ago(5, True), days_ago(6, False)]
    assert realism(track, planned=3, today=TODAY).expected == 2  # 0.5 × 3 = 1.5
    assert realism(track, planned=1, today=TODAY).expected == 1  # 0.5 × 1 = 0.5


def test_without_a_track_nothing_is_flagged() -> None:
    check = realism([days_ago(100, False)], planned=9, today=TODAY)
    assert (check.due, check.rate, check.expected, check.too_many) == (0, None, None, False)


def test_nothing_kept_flags_any_plan() -> None:
    check = realism([days_ago(3, False)], planned=1, today=TODAY)
    assert (check.rate, check.expected, check.too_many) == (0.0, 0, True)
    assert not realism([days_ago(3, False)], planned=0, today=TODAY).too_many


def test_a_shorter_cycle() -> None:
    track = [days_ago(10, True), days_ago(40, True)]
    assert realism(track, planned=1, today=TODAY, window=30).due == 1


def test_nonsense_is_refused() -> None:
    with pytest.raises(ValueError):
        realism([], planned=-1, today=TODAY)
    with pytest.raises(ValueError):
        realism([], planned=1, today=TODAY, window=0)


@pytest.mark.parametrize(
    ("likelihood", "impact", "expected", "named"),
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (2, 5, 10, "high"),
        (4, 4, 16, "high"),
        (4, 5, 20, "critical"),
        (5, 5, 25, "critical"),
    ],
)
def test_scores_and_bands(likelihood: int, impact: int, expected: int, named: str) -> None:
    assert score(likelihood, impact) == expected
    assert band(expected) == named


@pytest.mark.parametrize(("likelihood", "impact"), [(0, 3), (6, 3), (3, 0), (3, 6), (True, 3)])
def test_levels_outside_one_to_five_are_refused(likelihood: int, impact: int) -> None:
    with pytest.raises(ValueError):
        score(likelihood, impact)


@pytest.mark.parametrize("value", [0, 26, -1])
def test_scores_outside_one_to_twenty_five_have_no_band(value: int) -> None:
    with pytest.raises(ValueError):
        band(value)
