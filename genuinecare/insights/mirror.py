"""The mirror: soil index, soil stages and the gap between self and others.

Pure and free of Django, like ``scoring``. Scores here are on the 0..100 scale
(soil) or in scale points 1..5 (mirror gap).

Soil index: the mean of the 0..100 scores of the CARE dimensions that describe
the soil, i.e. care in practice (group "practice") and the soil itself (group
"soil"); see ``Dimension.in_soil_index`` in ``genuinecare.catalog.schema``. Each
dimension weighs the same. Felt care is left out on purpose: it is the harvest
that the soil yields, measured from the receiver's side.

Soil stages cut the index into five bands; their ids are stable, their
bilingual names and meanings live in ``genuinecare/catalog/data/stages.toml``
(read by ``genuinecare.catalog.stages``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from genuinecare.insights.scoring import ratio

# (stage id, lowest index in the stage); a stage runs up to the next one's bound.
SOIL_STAGES: tuple[tuple[str, float], ...] = (
    ("fallow", 0.0),
    ("tilled", 20.0),
    ("sown", 40.0),
    ("sprouting", 60.0),
    ("flourishing", 80.0),
)
MIN_RATERS = 3
GAP_THRESHOLD = 1.0
BLIND_SPOT = "blind_spot"
HIDDEN_STRENGTH = "hidden_strength"
ALIGNED = "aligned"
# Gaps are rounded before they are classified, so 4.6 - 3.6 (0.9999999999999996) is 1.0.
_GAP_DECIMALS = 9


def soil_indices(
    dimension_scores: npt.ArrayLike, *, in_soil_index: npt.ArrayLike
) -> npt.NDArray[np.float64]:
    """Soil index per row of a rows x dimensions matrix (e.g. one row per attempt).

    The mean 0..100 score of the row's soil dimensions that have a score; NaN for a
    row without any.
    """
    scores = np.asarray(dimension_scores, dtype=np.float64)
    mask = np.asarray(in_soil_index, dtype=np.bool_)
    if scores.ndim != 2 or mask.shape != (scores.shape[1],):
        raise ValueError(f"in_soil_index must hold one bool per dimension, got {mask.shape}")
    selected = scores[:, mask]
    valid = ~np.isnan(selected)
    return ratio(np.where(valid, selected, 0.0).sum(axis=1), valid.sum(axis=1).astype(np.float64))


def soil_stage(index: float) -> str:
    """The id of the soil stage for an index in 0..100; ValueError outside that range."""
    if math.isnan(index) or not 0.0 <= index <= 100.0:
        raise ValueError(f"a soil index lies in 0..100, got {index!r}")
    return [stage for stage, lowest in SOIL_STAGES if index >= lowest][-1]


def classify_gap(gap: float) -> str:
    """``blind_spot`` (self >= others + 1), ``hidden_strength`` (<= -1) or ``aligned``."""
    rounded = round(gap, _GAP_DECIMALS)
    if rounded >= GAP_THRESHOLD:
        return BLIND_SPOT
    if rounded <= -GAP_THRESHOLD:
        return HIDDEN_STRENGTH
    return ALIGNED


@dataclass(frozen=True)
class MirrorGap:
    """Self against others on one item or dimension, in scale points (1..5)."""

    self_mean: float
    others_mean: float
    raters: int
    gap: float
    kind: str


def mirror_gaps(*, self_means: npt.ArrayLike, others: npt.ArrayLike) -> list[MirrorGap | None]:
    """Mirror gap (self - others' mean) per column of ``others`` (raters x columns).

    ``self_means`` holds the leader's own answer or dimension mean per column.
    Guarantees: None for a column with fewer than ``MIN_RATERS`` raters who
    answered it, or without a self answer, so that no single rater (such as the
    manager alone) can be seen. NaN in ``others`` is a rater who did not answer.
    """
    own = np.asarray(self_means, dtype=np.float64)
    ratings = np.asarray(others, dtype=np.float64)
    if ratings.ndim != 2 or own.shape != (ratings.shape[1],):
        raise ValueError("others must be raters x columns, self_means one value per column")
    valid = ~np.isnan(ratings)
    raters = valid.sum(axis=0)
    sums = np.where(valid, ratings, 0.0).sum(axis=0)
    shown = (raters >= MIN_RATERS) & ~np.isnan(own)
    others_means = np.divide(sums, raters, out=np.full(own.shape, np.nan), where=shown)
    gaps = own - others_means
    return [
        MirrorGap(
            self_mean=float(own[j]),
            others_mean=float(others_means[j]),
            raters=int(raters[j]),
            gap=float(gaps[j]),
            kind=classify_gap(float(gaps[j])),
        )
        if shown[j]
        else None
        for j in range(own.shape[0])
    ]
