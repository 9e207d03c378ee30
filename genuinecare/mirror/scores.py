"""Scores of self-assessment parts: stored vectors in, numpy matrices through the pure core.

One row per attempt; nothing here loops over answers. The report uses one
row, the trend one row per submitted attempt.
"""

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from genuinecare.catalog.questionnaire import Part, answer_matrix
from genuinecare.catalog.schema import Dimension, Item
from genuinecare.insights.mirror import soil_indices
from genuinecare.insights.scoring import FAVOURABLE_FROM, group_means, to_score

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class PartScores:
    """Scores (0..100, NaN where nothing was answered) of one part, one row per attempt."""

    items: tuple[Item, ...]  # the scored items, in catalog order
    dimensions: tuple[Dimension, ...]  # the scored dimensions, in catalog order
    item_scores: FloatArray  # rows x items
    dimension_scores: FloatArray  # rows x dimensions
    dimension_favourable: FloatArray  # rows x dimensions, percent of answers 4-5
    piece_scores: FloatArray  # rows: mean of the dimension scores, each weighing the same
    soil_indices: FloatArray  # rows: NaN unless the part has soil dimensions
    ratings: dict[str, FloatArray]  # ltr11 item id -> one rating (0..10) per row


def score_part(part: Part, vectors: list[bytes]) -> PartScores:
    """Scores of ``part`` for each stored answer vector (one per attempt)."""
    matrix = answer_matrix(vectors, part.width)
    scored = part.scored
    dimensions = scored.dimensions
    scores = scored.scores(matrix)
    keyed, means = scores.keyed, scores.dimension_means
    favourable = group_means(
        np.where(np.isnan(keyed), np.nan, (keyed >= FAVOURABLE_FROM) * 100.0),
        column_group=scored.item_dimension,
        n_groups=len(dimensions),
    )
    dimension_scores = to_score(means)
    in_soil = np.array([d.in_soil_index for d in dimensions], dtype=bool)
    ratings = {scored.items[j].id: matrix[:, j] for j in scored.recommend}
    return PartScores(
        items=scored.agree_items,
        dimensions=dimensions,
        item_scores=to_score(keyed),
        dimension_scores=dimension_scores,
        dimension_favourable=favourable,
        piece_scores=to_score(
            group_means(means, column_group=np.zeros(len(dimensions), np.intp), n_groups=1)[:, 0]
        ),
        soil_indices=soil_indices(dimension_scores, in_soil_index=in_soil),
        ratings=ratings,
    )
