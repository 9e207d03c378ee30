"""Driver analysis against hand-computed values."""

import math

import numpy as np
import pytest

from genuinecare.insights.drivers import Driver, drivers, pearson, ranks, spearman, strongest

NAN = float("nan")


def test_ranks_share_the_mean_rank_on_ties() -> None:
    assert ranks([10, 20, 20, 5]).tolist() == [2.0, 3.5, 3.5, 1.0]
    with pytest.raises(ValueError):
        ranks([1, NAN])


def test_pearson_by_hand() -> None:
    # x = 1, 2, 3; y = 1, 3, 2: dx = -1, 0, 1; dy = -1, 1, 0; sum dxdy = 1; sqrt(2 * 2) = 2
    assert pearson([1, 2, 3], [1, 3, 2]) == pytest.approx(0.5)
    assert pearson([1, 1, 1], [1, 2, 3]) is None  # no variation


def test_spearman_by_hand_with_ties() -> None:
    # ranks of x: 1.5 1.5 3.5 3.5, of y: 1 2 3 4; sum dxdy = 4; sqrt(4 * 5)
    assert spearman([2, 2, 4, 4], [2, 5, 8, 10]) == pytest.approx(4 / math.sqrt(20))
    assert spearman([1, 2, 4, 5], [0, 1, 9, 10]) == pytest.approx(1.0)  # monotone: 1
    assert spearman([5, 4, 2, 1], [0, 1, 9, 10]) == pytest.approx(-1.0)


def test_drivers_need_min_pairs_of_complete_answers() -> None:
    means = np.array(
        [
            [1.0, 2.0, 3.0],
            [2.0, 2.0, NAN],
            [4.0, 4.0, 1.0],
            [5.0, 4.0, 2.0],
        ]
    )
    rating = np.array([2.0, 5.0, 8.0, 10.0])
    first, second, third = drivers(means, rating, min_pairs=4)
    assert first == Driver(0, pytest.approx(1.0), 4)  # type: ignore[arg-type]
    assert second is not None and second.correlation == pytest.approx(4 / math.sqrt(20))
    assert third is None  # three complete pairs only
    (_, _, three) = drivers(means, rating, min_pairs=3)
    # x = 3, 1, 2 against y = 2, 8, 10 → ranks 3 1 2 / 1 2 3: dx 1 -1 0, dy -1 0 1 → -1 / 2
    assert three is not None and three.correlation == pytest.approx(-0.5) and three.pairs == 3


def test_a_missing_rating_drops_the_pair_and_strongest_keeps_positive_ones() -> None:
    means = np.array([[1.0, 4.0], [2.0, 3.0], [3.0, 2.0], [9.0, 9.0]])
    rating = np.array([1.0, 2.0, 3.0, NAN])
    found = drivers(means, rating, min_pairs=3)
    assert [d.correlation if d else None for d in found] == [
        pytest.approx(1.0),
        pytest.approx(-1.0),
    ]
    assert [d.dimension for d in strongest(found, limit=3)] == [0]


def test_shapes_are_checked() -> None:
    with pytest.raises(ValueError):
        drivers(np.ones((3, 2)), np.ones(2), min_pairs=3)
    with pytest.raises(ValueError):
        drivers(np.ones((3, 2)), np.ones(3), min_pairs=1)
