"""Scores on the five-point agreement scale: pure, vectorised, free of Django.

Answers come as one float matrix, respondents in rows and items in columns, with
NaN for "does not apply" and for missing answers (see DESIGN.md section 4).
``respondent_scores`` is the one entry from answers to scores: it keys reverse
items and takes each respondent's dimension means. Every other function expects
keyed answers in 1..5, and none loops over respondents or answers.

Aggregation choice: a dimension (or puzzle piece) mean is first taken per
respondent over the items they answered, then across respondents. Each
respondent thus weighs the same, however many items they skipped; a respondent
who answered none of a dimension's items is left out of that dimension.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

SCALE_MIN = 1
SCALE_MAX = 5
FAVOURABLE_FROM = 4
NEUTRAL = 3
UNFAVOURABLE_UP_TO = 2
ALPHA_ACCEPTABLE = 0.70
# A sum-score variance below this counts as zero: alpha is then undefined.
_NO_VARIANCE = 1e-12


def finite(value: float) -> float | None:
    """``value`` as a float, or None where it is NaN (nothing to show)."""
    return None if math.isnan(value) else float(value)


def _matrix(answers: npt.ArrayLike) -> FloatArray:
    matrix = np.asarray(answers, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"answers must be a respondents x items matrix, got {matrix.ndim} dims")
    return matrix


def _group_index(index: npt.ArrayLike, *, n_columns: int, n_groups: int) -> IntArray:
    groups = np.asarray(index)
    if groups.shape != (n_columns,) or not np.issubdtype(groups.dtype, np.integer):
        raise ValueError(f"group index must be {n_columns} integers, got shape {groups.shape}")
    if n_columns and (groups.min() < 0 or groups.max() >= n_groups):
        raise ValueError(f"group index values must lie in 0..{n_groups - 1}")
    return groups.astype(np.intp)


def one_hot(groups: npt.ArrayLike, n_groups: int) -> FloatArray:
    """Columns x groups matrix with 1.0 where a column belongs to a group."""
    one_hot: FloatArray = np.equal.outer(groups, np.arange(n_groups)).astype(np.float64)
    return one_hot


def ratio(numerator: FloatArray, denominator: FloatArray) -> FloatArray:
    """The quotient numerator / denominator, NaN where the denominator is 0 (no warning)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        result = numerator / denominator
    guarded: FloatArray = np.where(denominator > 0, result, np.nan)
    return guarded


def reverse_keyed(answers: npt.ArrayLike, *, reverse: npt.ArrayLike) -> FloatArray:
    """Return a copy with reverse-keyed columns flipped to ``6 - x``.

    Guarantees: NaN stays NaN; the result holds only whole numbers 1..5 and NaN.
    Raises ValueError when ``reverse`` is not one bool per item or an answer is
    not a whole number in 1..5.
    """
    matrix = _matrix(answers)
    mask = np.asarray(reverse)
    if mask.shape != (matrix.shape[1],) or mask.dtype != np.bool_:
        raise ValueError(f"reverse must be {matrix.shape[1]} bools, got {mask.shape} {mask.dtype}")
    valid = ~np.isnan(matrix)
    bad = valid & ((matrix < SCALE_MIN) | (matrix > SCALE_MAX) | (matrix != np.round(matrix)))
    if bad.any():
        row, column = np.argwhere(bad)[0]
        raise ValueError(
            f"answer {matrix[row, column]!r} (row {row}, column {column}) is not one of 1..5"
        )
    flipped: FloatArray = np.where(mask[np.newaxis, :], SCALE_MIN + SCALE_MAX - matrix, matrix)
    return flipped


@dataclass(frozen=True, eq=False)
class RespondentScores:
    """Per respondent: keyed answers (1..5, NaN where none) and dimension means."""

    keyed: FloatArray  # respondents x items, reverse-keyed items flipped
    dimension_means: FloatArray  # respondents x dimensions, NaN where none answered


def respondent_scores(
    answers: npt.ArrayLike,
    *,
    reverse: npt.ArrayLike,
    item_dimension: npt.ArrayLike,
    n_dimensions: int,
) -> RespondentScores:
    """Raw agreement answers (respondents x items) to keyed answers and dimension means.

    ``reverse`` marks the reverse-keyed items, ``item_dimension[j]`` is the
    dimension (0..n_dimensions-1) of item ``j``. Each respondent's dimension mean
    is over the items of that dimension they answered. Raises ValueError as
    ``reverse_keyed`` and ``group_means`` do.
    """
    keyed = reverse_keyed(answers, reverse=reverse)
    means = group_means(keyed, column_group=item_dimension, n_groups=n_dimensions)
    return RespondentScores(keyed=keyed, dimension_means=means)


def column_means(matrix: npt.ArrayLike) -> FloatArray:
    """Mean of each column over its non-NaN values; NaN for a column with none."""
    values = _matrix(matrix)
    valid = ~np.isnan(values)
    return ratio(np.where(valid, values, 0.0).sum(axis=0), valid.sum(axis=0).astype(np.float64))


@overload
def to_score(means: float) -> float: ...
@overload
def to_score(means: FloatArray) -> FloatArray: ...
def to_score(means: float | FloatArray) -> float | FloatArray:
    """Convert a 1..5 mean to the 0..100 score, ``(mean - 1) / 4 * 100``; NaN stays NaN."""
    if isinstance(means, np.ndarray):
        scores: FloatArray = (means - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100.0
        return scores
    return (float(means) - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * 100.0


def group_means(matrix: npt.ArrayLike, *, column_group: npt.ArrayLike, n_groups: int) -> FloatArray:
    """Per row, the mean of the non-NaN values of each group of columns.

    ``column_group[j]`` names the group (0..n_groups-1) of column ``j``. The result
    is rows x groups; NaN where a row has no value in a group.
    """
    values = _matrix(matrix)
    groups = _group_index(column_group, n_columns=values.shape[1], n_groups=n_groups)
    columns = one_hot(groups, n_groups)
    valid = ~np.isnan(values)
    sums = np.where(valid, values, 0.0) @ columns
    counts = valid.astype(np.float64) @ columns
    return ratio(sums, counts)


def dimension_means(
    answers: npt.ArrayLike, *, item_dimension: npt.ArrayLike, n_dimensions: int
) -> FloatArray:
    """Mean (1..5) per dimension: per respondent first, then across respondents.

    NaN for a dimension nobody answered. Feed the result to ``to_score`` for 0..100.
    """
    return column_means(group_means(answers, column_group=item_dimension, n_groups=n_dimensions))


def piece_means(
    answers: npt.ArrayLike,
    *,
    item_dimension: npt.ArrayLike,
    dimension_piece: npt.ArrayLike,
    n_dimensions: int,
    n_pieces: int,
) -> FloatArray:
    """Mean (1..5) per puzzle piece, built from dimensions rather than items.

    Per respondent: the mean of their dimension means within the piece (each
    dimension weighs the same, however many items it has); then across
    respondents. NaN for a piece nobody answered.
    """
    per_dimension = group_means(answers, column_group=item_dimension, n_groups=n_dimensions)
    return column_means(group_means(per_dimension, column_group=dimension_piece, n_groups=n_pieces))


def pooled_means(
    answers: npt.ArrayLike, *, item_dimension: npt.ArrayLike, n_dimensions: int
) -> FloatArray:
    """Per dimension, the mean of all answers to its items (NaN where none).

    Unlike ``dimension_means`` nothing is taken per respondent first: for items
    that rest on different respondents.
    """
    values = _matrix(answers)
    groups = _group_index(item_dimension, n_columns=values.shape[1], n_groups=n_dimensions)
    matrix = one_hot(groups, n_dimensions)
    valid = ~np.isnan(values)
    totals = np.where(valid, values, 0.0).sum(axis=0) @ matrix
    return ratio(totals, valid.sum(axis=0).astype(np.float64) @ matrix)


@dataclass(frozen=True, eq=False)
class Shares:
    """Shares (0..1) of favourable (4-5), neutral (3) and unfavourable (1-2) answers.

    One value per item or dimension; the three add up to 1, or are all NaN where
    ``answered`` (the number of valid answers) is 0.
    """

    favourable: FloatArray
    neutral: FloatArray
    unfavourable: FloatArray
    answered: IntArray


def _shares(values: FloatArray, one_hot: FloatArray) -> Shares:
    """Count per column, then add the columns of each group (one-hot columns x groups)."""

    def per_group(hits: BoolArray) -> FloatArray:
        counts: FloatArray = hits.sum(axis=0).astype(np.float64) @ one_hot
        return counts

    answered = per_group(~np.isnan(values))
    return Shares(
        favourable=ratio(per_group(values >= FAVOURABLE_FROM), answered),
        neutral=ratio(per_group(values == NEUTRAL), answered),
        unfavourable=ratio(per_group(values <= UNFAVOURABLE_UP_TO), answered),
        answered=answered.astype(np.intp),
    )


def answer_shares(answers: npt.ArrayLike) -> Shares:
    """Favourable / neutral / unfavourable shares per item among its valid answers."""
    values = _matrix(answers)
    return _shares(values, np.eye(values.shape[1]))


def dimension_shares(
    answers: npt.ArrayLike, *, item_dimension: npt.ArrayLike, n_dimensions: int
) -> Shares:
    """Shares per dimension, pooling all valid answers to the dimension's items."""
    values = _matrix(answers)
    groups = _group_index(item_dimension, n_columns=values.shape[1], n_groups=n_dimensions)
    return _shares(values, one_hot(groups, n_dimensions))


def cronbach_alpha(answers: npt.ArrayLike) -> float | None:
    """Cronbach's alpha of the items (columns) of one dimension.

    ``k / (k - 1) * (1 - sum of item variances / variance of the sum score)`` over
    the respondents who answered every item (listwise), sample variances
    (ddof=1). None when undefined: fewer than 2 items, fewer than 2 complete
    respondents, or no variance in the sum score. May be negative.
    """
    values = _matrix(answers)
    complete = values[~np.isnan(values).any(axis=1)]
    n_respondents, k = complete.shape
    if k < 2 or n_respondents < 2:
        return None
    sum_variance = float(complete.sum(axis=1).var(ddof=1))
    if sum_variance < _NO_VARIANCE:
        return None
    item_variances = float(complete.var(axis=0, ddof=1).sum())
    return float(k / (k - 1) * (1.0 - item_variances / sum_variance))


def dimension_alphas(
    answers: npt.ArrayLike, *, item_dimension: npt.ArrayLike, n_dimensions: int
) -> list[float | None]:
    """``cronbach_alpha`` for each dimension, in dimension order."""
    values = _matrix(answers)
    groups = _group_index(item_dimension, n_columns=values.shape[1], n_groups=n_dimensions)
    return [cronbach_alpha(values[:, groups == d]) for d in range(n_dimensions)]


def alpha_acceptable(alpha: float | None) -> bool | None:
    """True when alpha reaches ``ALPHA_ACCEPTABLE`` (.70), False below, None if undefined."""
    return None if alpha is None else alpha >= ALPHA_ACCEPTABLE


def weakest(scores: npt.ArrayLike, *, count: int = 3) -> list[int]:
    """Indices of the ``count`` lowest scores, lowest first, skipping NaN; ties by index."""
    values = np.asarray(scores, dtype=np.float64)
    order = np.argsort(values, kind="stable")
    return [int(i) for i in order if not np.isnan(values[i])][:count]
