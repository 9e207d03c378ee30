"""Which columns of an answer vector are scored, and how: the index arrays of the pure scoring.

A questionnaire part (``questionnaire.Part.scored``, what the mirror scores) and
a survey wave (``surveys.layout.Layout``) both carry their columns this way, so
the arrays are built once and stored answers reach ``insights.scoring`` by one
path: ``ScoredColumns.scores``.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from genuinecare.catalog.enums import Scale
from genuinecare.catalog.schema import Dimension, Item
from genuinecare.insights.scoring import RespondentScores, respondent_scores


@dataclass(frozen=True, eq=False)
class ScoredColumns:
    """The scaled columns of an answer vector and the dimensions they are scored in."""

    items: tuple[Item, ...]  # every scaled column of the vector, in order
    dimensions: tuple[Dimension, ...]  # the dimensions scored, in catalog order

    @cached_property
    def agree(self) -> npt.NDArray[np.intp]:
        """Positions of the agreement columns of a scored dimension."""
        scored = {d.id for d in self.dimensions}
        return np.array(
            [
                j
                for j, i in enumerate(self.items)
                if i.scale == Scale.AGREE5 and i.dimension in scored
            ],
            dtype=np.intp,
        )

    @cached_property
    def recommend(self) -> npt.NDArray[np.intp]:
        """Positions of the likelihood-to-recommend columns."""
        return np.array([j for j, i in enumerate(self.items) if i.scale == Scale.LTR11], np.intp)

    @cached_property
    def agree_items(self) -> tuple[Item, ...]:
        """The agreement items, in the order of ``agree``."""
        return tuple(self.items[j] for j in self.agree)

    @cached_property
    def reverse(self) -> npt.NDArray[np.bool_]:
        """Which agreement items are reverse-keyed (their answers are flipped before scoring)."""
        return np.array([item.reverse for item in self.agree_items], dtype=np.bool_)

    @cached_property
    def item_dimension(self) -> npt.NDArray[np.intp]:
        """Dimension position of each agreement column."""
        position = {d.id: n for n, d in enumerate(self.dimensions)}
        return np.array([position[i.dimension] for i in self.agree_items], dtype=np.intp)

    def scores(self, answers: npt.NDArray[np.float64]) -> RespondentScores:
        """Keyed agreement answers and dimension means of ``answers`` (rows x every column)."""
        return respondent_scores(
            answers[:, self.agree],
            reverse=self.reverse,
            item_dimension=self.item_dimension,
            n_dimensions=len(self.dimensions),
        )
