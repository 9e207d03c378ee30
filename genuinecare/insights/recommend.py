"""Likelihood to recommend (0..10): pure, vectorised, free of Django.

Promoters answer 9-10, passives 7-8, detractors 0-6; the score is
% promoters - % detractors, from -100 to +100 (DESIGN.md section 4).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

PROMOTER_FROM = 9
DETRACTOR_UP_TO = 6


@dataclass(frozen=True)
class Recommendation:
    """Shares (0..1) of promoters, passives and detractors, and the score (-100..100).

    All shares and the score are None when nobody answered (``answered`` is 0).
    """

    answered: int
    promoters: float | None
    passives: float | None
    detractors: float | None
    score: float | None


def recommend_score(ratings: npt.ArrayLike) -> Recommendation:
    """Likelihood-to-recommend result over all non-NaN ratings (any shape).

    Raises ValueError for a rating that is not a whole number in 0..10.
    """
    values = np.asarray(ratings, dtype=np.float64).ravel()
    values = values[~np.isnan(values)]
    bad = (values < 0) | (values > 10) | (values != np.round(values))
    if bad.any():
        raise ValueError(f"rating {values[bad][0]!r} is not a whole number in 0..10")
    if not values.size:
        return Recommendation(0, None, None, None, None)
    promoters = float(np.mean(values >= PROMOTER_FROM))
    detractors = float(np.mean(values <= DETRACTOR_UP_TO))
    return Recommendation(
        answered=int(values.size),
        promoters=promoters,
        passives=float(np.mean((values > DETRACTOR_UP_TO) & (values < PROMOTER_FROM))),
        detractors=detractors,
        score=(promoters - detractors) * 100.0,
    )
