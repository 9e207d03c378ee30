"""Scoring, likelihood to recommend, soil and mirror gap against hand-computed values."""

import math

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from genuinecare.insights.mirror import (
    MirrorGap,
    classify_gap,
    mirror_gaps,
    soil_indices,
    soil_stage,
)
from genuinecare.insights.recommend import Recommendation, recommend_score
from genuinecare.insights.scoring import (
    alpha_acceptable,
    answer_shares,
    column_means,
    cronbach_alpha,
    dimension_alphas,
    dimension_means,
    dimension_shares,
    group_means,
    piece_means,
    pooled_means,
    respondent_scores,
    reverse_keyed,
    to_score,
    weakest,
)

NA = np.nan


def assert_same(actual: npt.ArrayLike, expected: npt.ArrayLike) -> None:
    """Equal to 1e-12, NaN where NaN is expected."""
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), np.asarray(expected, dtype=float), rtol=0, atol=1e-12
    )


# ---------------------------------------------------------------- reverse keying


def test_reverse_keying_flips_only_marked_items_and_keeps_nan() -> None:
    answers = np.array([[1, 5, NA], [4, 2, 3]])

    keyed = reverse_keyed(answers, reverse=np.array([False, True, True]))

    # column 1: 6-5=1, 6-2=4; column 2: NaN stays, 6-3=3
    assert_same(keyed, np.array([[1, 1, NA], [4, 4, 3]]))


@pytest.mark.parametrize("bad", [0, 6, 2.5, -1])
def test_reverse_keying_refuses_answers_outside_1_to_5(bad: float) -> None:
    with pytest.raises(ValueError, match=r"row 1, column 0\) is not one of 1\.\.5"):
        reverse_keyed(np.array([[1, 2], [bad, 3]]), reverse=np.array([False, False]))


def test_reverse_keying_needs_one_bool_per_item() -> None:
    with pytest.raises(ValueError, match="reverse must be 2 bools"):
        reverse_keyed([[1, 2]], reverse=np.array([1, 0]))


# ---------------------------------------------------------------- means, scores, shares


def test_does_not_apply_is_left_out_of_item_means() -> None:
    answers = [[5, NA], [NA, NA], [3, NA]]

    # column 0: (5 + 3) / 2 = 4, not (5 + 3) / 3; column 1: nobody answered
    assert_same(column_means(answers), [4.0, NA])


def test_score_is_mean_minus_one_over_four_times_100() -> None:
    # (1-1)/4*100 = 0; (3-1)/4*100 = 50; (4.2-1)/4*100 = 80; (5-1)/4*100 = 100
    assert_same(to_score(np.array([1.0, 3.0, 4.2, 5.0, NA])), [0, 50, 80, 100, NA])
    assert to_score(4.0) == 75.0


def test_favourable_neutral_unfavourable_shares_among_valid_answers() -> None:
    answers = np.array([[5, 1], [4, 1], [3, NA], [1, NA], [NA, NA]])

    shares = answer_shares(answers)

    # column 0: 4 valid (5, 4, 3, 1): favourable 2/4, neutral 1/4, unfavourable 1/4
    # column 1: 2 valid (1, 1): unfavourable 2/2
    assert_same(shares.favourable, [0.5, 0.0])
    assert_same(shares.neutral, [0.25, 0.0])
    assert_same(shares.unfavourable, [0.25, 1.0])
    assert shares.answered.tolist() == [4, 2]


def test_shares_of_an_unanswered_item_are_nan() -> None:
    shares = answer_shares([[NA], [NA]])

    assert math.isnan(shares.favourable[0]) and shares.answered.tolist() == [0]


# ---------------------------------------------------------------- dimensions and pieces

# Items 0 and 1 measure dimension 0, items 2 and 3 dimension 1.
MISSING = np.array(
    [
        [4, 2, 5, NA],  # dimension 0: (4+2)/2 = 3; dimension 1: 5
        [NA, NA, 3, 1],  # dimension 0: none;        dimension 1: (3+1)/2 = 2
        [5, NA, NA, NA],  # dimension 0: 5;           dimension 1: none
    ]
)
ITEM_DIMENSION = np.array([0, 0, 1, 1])


def test_dimension_means_per_respondent_ignore_missing_answers() -> None:
    per_respondent = group_means(MISSING, column_group=ITEM_DIMENSION, n_groups=2)

    assert_same(per_respondent, np.array([[3, 5], [NA, 2], [5, NA]]))


def test_dimension_mean_weighs_each_respondent_equally() -> None:
    means = dimension_means(MISSING, item_dimension=ITEM_DIMENSION, n_dimensions=2)

    # dimension 0: (3 + 5) / 2 = 4 (pooling answers would give (4+2+5)/3 = 3.67)
    # dimension 1: (5 + 2) / 2 = 3.5
    assert_same(means, [4.0, 3.5])
    # 0-100: (4-1)/4*100 = 75; (3.5-1)/4*100 = 62.5
    assert_same(to_score(means), [75.0, 62.5])


def test_piece_mean_weighs_each_dimension_equally_per_respondent() -> None:
    means = piece_means(
        MISSING,
        item_dimension=ITEM_DIMENSION,
        dimension_piece=np.array([0, 0]),
        n_dimensions=2,
        n_pieces=1,
    )

    # respondents: (3+5)/2 = 4, 2, 5 -> (4 + 2 + 5) / 3 = 11/3
    assert_same(means, [11 / 3])


def test_respondent_scores_key_reverse_items_then_average_each_respondent() -> None:
    # Items: a (dim 0), b (dim 0, reverse), c (dim 1, reverse).
    answers = np.array([[5, 1, 2], [3, NA, NA], [NA, NA, NA]])

    scores = respondent_scores(
        answers,
        reverse=np.array([False, True, True]),
        item_dimension=np.array([0, 0, 1]),
        n_dimensions=3,
    )

    # row 0: b 6-1=5, c 6-2=4; dim 0 = (5+5)/2 = 5, dim 1 = 4. Dimension 2 has no item.
    assert_same(scores.keyed, [[5.0, 5.0, 4.0], [3, NA, NA], [NA, NA, NA]])
    assert_same(scores.dimension_means, [[5, 4, NA], [3, NA, NA], [NA, NA, NA]])


def test_respondent_scores_refuse_answers_off_the_scale() -> None:
    with pytest.raises(ValueError, match=r"is not one of 1\.\.5"):
        respondent_scores(
            np.array([[7.0]]), reverse=np.array([False]), item_dimension=[0], n_dimensions=1
        )


def test_pooled_means_average_every_answer_of_a_dimension() -> None:
    # dim 0 holds columns 0 and 1: (1 + 5 + 3) / 3 = 3; dim 1: 4; dim 2: none.
    answers = np.array([[1, 5, NA], [NA, 3, 4]])
    means = pooled_means(answers, item_dimension=np.array([0, 0, 1]), n_dimensions=3)
    assert_same(means, [3, 4, NA])
    # Pooled: (1 + 1 + 5) / 3; per respondent first: (1 + 5) / 2 = 3.
    skewed = np.array([[1, 1], [NA, 5]])
    assert_same(pooled_means(skewed, item_dimension=[0, 0], n_dimensions=1), [7 / 3])
    assert_same(dimension_means(skewed, item_dimension=[0, 0], n_dimensions=1), [3])


def test_dimension_shares_pool_the_answers_of_the_dimension() -> None:
    shares = dimension_shares(MISSING, item_dimension=ITEM_DIMENSION, n_dimensions=2)

    # dimension 0 answers 4, 2, 5: favourable 2/3, unfavourable 1/3
    # dimension 1 answers 5, 3, 1: one third each
    assert_same(shares.favourable, [2 / 3, 1 / 3])
    assert_same(shares.neutral, [0, 1 / 3])
    assert_same(shares.unfavourable, [1 / 3, 1 / 3])
    assert shares.answered.tolist() == [3, 3]


def test_item_dimension_index_must_fit_the_answers() -> None:
    with pytest.raises(ValueError, match=r"values must lie in 0\.\.1"):
        dimension_means(MISSING, item_dimension=np.array([0, 0, 1, 2]), n_dimensions=2)
    with pytest.raises(ValueError, match="must be 4 integers"):
        dimension_means(MISSING, item_dimension=np.array([0, 1]), n_dimensions=2)


@given(
    hnp.arrays(
        float,
        (7, 5),
        elements=st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, NA]),
    )
)
def test_dimension_means_agree_with_a_plain_loop(answers: np.ndarray) -> None:
    groups = np.array([0, 1, 0, 2, 1])
    expected = []
    for dimension in range(3):
        per_respondent = [
            np.mean(valid)
            for row in answers
            if (valid := [x for x, g in zip(row, groups, strict=True) if g == dimension and x == x])
        ]
        expected.append(np.mean(per_respondent) if per_respondent else NA)

    actual = dimension_means(answers, item_dimension=groups, n_dimensions=3)

    np.testing.assert_allclose(actual, expected, rtol=1e-12)


# ---------------------------------------------------------------- Cronbach's alpha

# 3 items x 5 respondents, plus one respondent with a missing answer.
ALPHA_DATA = np.array(
    [
        [4, 5, 4],  # sum 13
        [3, 3, 2],  # sum 8
        [5, 5, 5],  # sum 15
        [2, 3, 3],  # sum 8
        [4, 4, 3],  # sum 11
        [NA, 1, 1],  # incomplete: left out (listwise)
    ]
)


def test_cronbach_alpha_on_a_hand_computed_example() -> None:
    # item 1: 4,3,5,2,4 mean 3.6, squared deviations .16+.36+1.96+2.56+.16 = 5.2, var 5.2/4 = 1.3
    # item 2: 5,3,5,3,4 mean 4,   squared deviations 1+1+1+1+0 = 4,            var 4/4   = 1.0
    # item 3: 4,2,5,3,3 mean 3.4, squared deviations .36+1.96+2.56+.16+.16 = 5.2, var = 1.3
    # sum of item variances 3.6
    # sums 13,8,15,8,11 mean 11, squared deviations 4+9+16+9+0 = 38, var 38/4 = 9.5
    # alpha = 3/2 * (1 - 3.6/9.5) = 1.5 * 5.9/9.5 = 177/190 = 0.93157...
    alpha = cronbach_alpha(ALPHA_DATA)

    assert alpha == pytest.approx(177 / 190, abs=1e-12)
    assert alpha_acceptable(alpha) is True


def test_alpha_is_undefined_for_a_single_item() -> None:
    assert cronbach_alpha(ALPHA_DATA[:, :1]) is None


def test_alpha_is_undefined_without_variance_of_the_sum() -> None:
    # every sum is 6: items vary, but the sum score does not
    assert cronbach_alpha([[1, 5], [5, 1], [3, 3]]) is None
    assert cronbach_alpha([[3, 3], [3, 3], [3, 3]]) is None


def test_alpha_is_undefined_with_fewer_than_two_complete_respondents() -> None:
    assert cronbach_alpha(np.array([[4, 5], [NA, 3], [2, NA]])) is None


def test_alpha_per_dimension_and_threshold() -> None:
    answers = np.column_stack([ALPHA_DATA, ALPHA_DATA[:, 0]])

    alphas = dimension_alphas(answers, item_dimension=np.array([0, 0, 0, 1]), n_dimensions=2)

    assert alphas[0] == pytest.approx(177 / 190, abs=1e-12)
    assert alphas[1] is None
    assert [alpha_acceptable(a) for a in (0.70, 0.6999, None)] == [True, False, None]


# ---------------------------------------------------------------- likelihood to recommend


def test_likelihood_to_recommend_score() -> None:
    ratings = [10, 9, 8, 7, 6, 0, 3, 9, NA, 10]

    result = recommend_score(ratings)

    # 9 valid: promoters 10,9,9,10 = 4; passives 8,7 = 2; detractors 6,0,3 = 3
    # score = (4 - 3) / 9 * 100 = 11.11...
    assert result.answered == 9
    assert result.promoters == pytest.approx(4 / 9)
    assert result.passives == pytest.approx(2 / 9)
    assert result.detractors == pytest.approx(3 / 9)
    assert result.score == pytest.approx(100 / 9)


def test_likelihood_to_recommend_extremes_and_no_answers() -> None:
    assert recommend_score([9, 10]).score == 100.0
    assert recommend_score([0, 6]).score == -100.0
    assert recommend_score([7, 8]).score == 0.0
    assert recommend_score([NA]) == Recommendation(0, None, None, None, None)


@pytest.mark.parametrize("bad", [11, -1, 7.5])
def test_likelihood_to_recommend_refuses_ratings_outside_0_to_10(bad: float) -> None:
    with pytest.raises(ValueError, match=r"not a whole number in 0\.\.10"):
        recommend_score([5, bad])


# ---------------------------------------------------------------- soil


def test_soil_index_is_the_mean_score_of_the_soil_dimensions_per_row() -> None:
    scores = np.array([[80.0, NA, 40.0, 10.0], [NA, NA, NA, 50.0], [20.0, 30.0, 40.0, 0.0]])
    in_soil = np.array([True, True, True, False])

    indices = soil_indices(scores, in_soil_index=in_soil)

    # (80 + 40) / 2: the unanswered dimension and the non-soil one are left out;
    # a row with no scored soil dimension has no index

    assert indices[0] == 60.0 and indices[2] == 30.0
    assert np.isnan(indices[1])
    with pytest.raises(ValueError, match="one bool per dimension"):
        soil_indices(scores, in_soil_index=np.array([True]))


@pytest.mark.parametrize(
    ("index", "stage"),
    [
        (0.0, "fallow"),
        (19.999, "fallow"),
        (20.0, "tilled"),
        (39.999, "tilled"),
        (40.0, "sown"),
        (59.999, "sown"),
        (60.0, "sprouting"),
        (79.999, "sprouting"),
        (80.0, "flourishing"),
        (100.0, "flourishing"),
    ],
)
def test_soil_stage_boundaries(index: float, stage: str) -> None:
    assert soil_stage(index) == stage


@pytest.mark.parametrize("index", [-0.1, 100.1, NA])
def test_soil_stage_refuses_an_index_outside_0_to_100(index: float) -> None:
    with pytest.raises(ValueError, match=r"lies in 0\.\.100"):
        soil_stage(index)


# ---------------------------------------------------------------- mirror gap


def mirror_gap(*, self_mean: float, others: list[float]) -> MirrorGap | None:
    """The gap for one column: ``mirror_gaps`` with one value per rater."""
    return mirror_gaps(self_means=[self_mean], others=np.array(others).reshape(-1, 1))[0]


def test_mirror_gap_blind_spot_when_self_is_a_point_higher() -> None:
    # others' mean (3 + 3.5 + 4) / 3 = 3.5; gap 4.5 - 3.5 = 1.0
    assert mirror_gap(self_mean=4.5, others=[3, 3.5, 4]) == MirrorGap(
        self_mean=4.5, others_mean=3.5, raters=3, gap=1.0, kind="blind_spot"
    )


def test_mirror_gap_hidden_strength_when_self_is_a_point_lower() -> None:
    gap = mirror_gap(self_mean=2.0, others=[3, 3, 3, NA])

    # NaN is a rater who did not answer: 3 raters, mean 3, gap -1.0
    assert gap is not None
    assert (gap.raters, gap.gap, gap.kind) == (3, -1.0, "hidden_strength")


def test_mirror_gap_aligned_within_one_point_and_rounding_at_the_edge() -> None:
    # (3.5 + 3 + 4) / 3 = 3.5; 4.4 - 3.5 = 0.9
    aligned = mirror_gap(self_mean=4.4, others=[3.5, 3, 4])
    assert aligned is not None and aligned.kind == "aligned"
    # 4.6 - 3.6 is 0.9999999999999996 in floating point: still a whole point
    assert 4.6 - 3.6 < 1.0
    assert classify_gap(4.6 - 3.6) == "blind_spot"
    assert classify_gap(3.6 - 4.6) == "hidden_strength"
    assert classify_gap(-0.99) == "aligned"


def test_others_are_only_shown_with_at_least_three_raters() -> None:
    assert mirror_gap(self_mean=5.0, others=[1, 2]) is None
    assert mirror_gap(self_mean=5.0, others=[1, 2, NA]) is None
    assert mirror_gap(self_mean=NA, others=[1, 2, 3]) is None


def test_mirror_gaps_per_column() -> None:
    others = np.array([[3, 1, 4], [4, NA, 4], [5, 2, 4]])

    gaps = mirror_gaps(self_means=np.array([4.0, 5.0, 2.5]), others=others)

    # column 0: mean 4, gap 0 -> aligned; column 1: 2 raters -> hidden;
    # column 2: mean 4, gap -1.5 -> hidden strength
    assert [g.kind if g else None for g in gaps] == ["aligned", None, "hidden_strength"]


# ---------------------------------------------------------------- weakest dimensions


def test_weakest_skips_unscored_and_breaks_ties_by_position() -> None:
    assert weakest([50, NA, 20, 20, 70], count=3) == [2, 3, 0]
