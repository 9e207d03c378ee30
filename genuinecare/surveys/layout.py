"""What each column of a wave's answer vector means, as index arrays for scoring.

A wave asks the items frozen in ``Wave.item_keys``: the scored agreement items
of its catalog for the wave's audience, in catalog order, then (optionally) the
likelihood-to-recommend item of the recommend catalog. Respondents answer them
on the shared form (``genuinecare.catalog.questionnaire``), and a response
stores the form's joined answer vector; ``Layout`` turns the form's columns into
the index arrays the vectorised scoring in ``genuinecare.insights`` needs.
"""

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from genuinecare.catalog.enums import Scale
from genuinecare.catalog.questionnaire import Questionnaire
from genuinecare.catalog.schema import Catalog, Dimension, Item


def wave_items(catalog: Catalog, *, audience: str) -> list[Item]:
    """Scored agreement items the audience answers, in catalog order."""
    return [item for item in catalog.scored_items() if item.audience == audience]


def recommend_items(catalog: Catalog, *, audience: str) -> list[Item]:
    return [i for i in catalog.items if i.scale == Scale.LTR11 and i.audience == audience]


@dataclass(frozen=True, eq=False)
class Column:
    """One answer column: the item and the catalog it comes from."""

    catalog_id: str
    item: Item

    @property
    def key(self) -> str:
        """The column's name in exports."""
        return f"{self.catalog_id}.{self.item.id}"


@dataclass(frozen=True, eq=False)
class Layout:
    columns: tuple[Column, ...]
    dimensions: tuple[Dimension, ...]
    piece: str

    @classmethod
    def of(cls, questionnaire: Questionnaire) -> "Layout":
        """The columns of the questionnaire's joined answer vector, in order."""
        columns = tuple(
            Column(part.catalog.id, item) for part in questionnaire.parts for item in part.columns
        )
        main = questionnaire.parts[0].catalog
        used = {column.item.dimension for column in columns if column.item.scale == Scale.AGREE5}
        dimensions = tuple(d for d in main.dimensions if d.id in used)
        return cls(columns=columns, dimensions=dimensions, piece=main.piece)

    @property
    def keys(self) -> list[list[str]]:
        """[catalog id, item id] per column, as ``Wave.item_keys`` stores them."""
        return [[column.catalog_id, column.item.id] for column in self.columns]

    @cached_property
    def agree(self) -> npt.NDArray[np.intp]:
        """Positions of the agreement columns."""
        return np.array(
            [i for i, c in enumerate(self.columns) if c.item.scale == Scale.AGREE5], dtype=np.intp
        )

    @cached_property
    def recommend(self) -> npt.NDArray[np.intp]:
        return np.array(
            [i for i, c in enumerate(self.columns) if c.item.scale == Scale.LTR11], dtype=np.intp
        )

    @cached_property
    def agree_items(self) -> tuple[Item, ...]:
        return tuple(self.columns[i].item for i in self.agree)

    @cached_property
    def reverse(self) -> npt.NDArray[np.bool_]:
        return np.array([item.reverse for item in self.agree_items], dtype=np.bool_)

    @cached_property
    def item_dimension(self) -> npt.NDArray[np.intp]:
        """Dimension position of each agreement column."""
        position = {d.id: n for n, d in enumerate(self.dimensions)}
        return np.array([position[i.dimension] for i in self.agree_items], dtype=np.intp)
