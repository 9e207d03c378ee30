"""Driver analysis: which dimensions go together with recommending us.

Pure and free of Django, like ``scoring``. Given one row per respondent (their mean
per dimension, NaN where they gave no answer) and their likelihood-to-recommend
rating (0..10, NaN where not answered), the relation of each dimension to the
rating is Spearman's rank correlation over the respondents who answered both.

Guarantees: a dimension gets a coefficient only when at least ``min_pairs``
respondents answered both it and the rating, and both vary among them; otherwise
None. Callers pass only the answers a group may show whole (see
``genuinecare.journey.evidence``); this module counts nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True)
class Driver:
    """One dimension's relation to the rating: the coefficient (-1..1) and its pairs."""

    dimension: int
    correlation: float
    pairs: int


def ranks(values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """1-based ranks of a 1-d array of finite values, ties getting their mean rank."""
    data = np.asarray(values, dtype=np.float64)
    if data.ndim != 1 or np.isnan(data).any():
        raise ValueError("ranks are taken of a 1-d array of finite values")
    order = np.argsort(data, kind="stable")
    ranked = np.empty(data.size, dtype=np.float64)
    ranked[order] = np.arange(1, data.size + 1, dtype=np.float64)
    for value in np.unique(data):
        tied = data == value
        ranked[tied] = ranked[tied].mean()
    return ranked


def pearson(x: npt.ArrayLike, y: npt.ArrayLike) -> float | None:
    """Pearson's r of two equal-length 1-d arrays; None when either does not vary."""
    a = np.asarray(x, dtype=np.float64)
    b = np.asarray(y, dtype=np.float64)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError("pearson needs two 1-d arrays of the same length")
    da, db = a - a.mean(), b - b.mean()
    denominator = float(np.sqrt((da * da).sum() * (db * db).sum()))
    if a.size < 2 or denominator == 0.0:
        return None
    return float((da * db).sum() / denominator)


def spearman(x: npt.ArrayLike, y: npt.ArrayLike) -> float | None:
    """Spearman's rank correlation (Pearson's r of the mean ranks); None without variation."""
    return pearson(ranks(x), ranks(y))


def drivers(
    dimension_means: npt.ArrayLike, rating: npt.ArrayLike, *, min_pairs: int
) -> list[Driver | None]:
    """Spearman's rho of each dimension (column) with the rating, over complete pairs.

    ``dimension_means`` is respondents × dimensions, ``rating`` one value per
    respondent. None for a dimension with fewer than ``min_pairs`` complete pairs
    (``min_pairs`` is at least 2) or without variation on either side.
    """
    means = np.asarray(dimension_means, dtype=np.float64)
    ratings = np.asarray(rating, dtype=np.float64)
    if means.ndim != 2 or ratings.shape != (means.shape[0],):
        raise ValueError("dimension_means is respondents x dimensions, rating one per respondent")
    if min_pairs < 2:
        raise ValueError("a correlation needs at least two pairs")
    found: list[Driver | None] = []
    for column in range(means.shape[1]):
        both = ~np.isnan(means[:, column]) & ~np.isnan(ratings)
        pairs = int(both.sum())
        rho = spearman(means[both, column], ratings[both]) if pairs >= min_pairs else None
        found.append(None if rho is None else Driver(column, rho, pairs))
    return found


def strongest(found: list[Driver | None], *, limit: int) -> list[Driver]:
    """The dimensions most positively related to the rating, strongest first (ties: order)."""
    positive = [d for d in found if d is not None and d.correlation > 0]
    return sorted(positive, key=lambda d: (-d.correlation, d.dimension))[:limit]
