"""Which items a wave asks, in which order, and what each answer column means.

A wave's answer vector follows ``Wave.item_keys``: the scored agreement items of
its catalog for the wave's audience, in catalog order, then (optionally) the
likelihood-to-recommend item of the recommend catalog. ``Layout`` turns those
keys into the index arrays the vectorised scoring in ``genuinecare.insights``
needs.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from genuinecare.catalog.schema import Catalog, Dimension, Item

AGREE = "agree5"
RECOMMEND = "ltr11"
SCALE_RANGE = {AGREE: (1, 5), RECOMMEND: (0, 10)}


def wave_items(catalog: Catalog, *, audience: str) -> list[Item]:
    """Scored agreement items the audience answers, in catalog order."""
    return [item for item in catalog.scored_items() if item.audience == audience]


def recommend_items(catalog: Catalog, *, audience: str) -> list[Item]:
    return [i for i in catalog.items if i.scale == RECOMMEND and i.audience == audience]


@dataclass(frozen=True, eq=False)
class Column:
    """One answer column: the item and the catalog it comes from."""

    catalog_id: str
    item: Item

    @property
    def key(self) -> str:
        """The name of the item's form field and draft entry."""
        return f"{self.catalog_id}.{self.item.id}"


@dataclass(frozen=True, eq=False)
class Layout:
    columns: tuple[Column, ...]
    dimensions: tuple[Dimension, ...]
    piece: str

    @classmethod
    def build(cls, *, item_keys: Sequence[Sequence[str]], catalogs: dict[str, Catalog]) -> "Layout":
        """The layout of ``item_keys``; KeyError for an item a catalog does not hold."""
        by_id = {
            (catalog_id, item.id): item
            for catalog_id, catalog in catalogs.items()
            for item in catalog.items
        }
        columns = tuple(Column(c, by_id[(c, i)]) for c, i in item_keys)
        main = next(iter(catalogs.values()))
        used = {column.item.dimension for column in columns if column.item.scale == AGREE}
        dimensions = tuple(d for d in main.dimensions if d.id in used)
        return cls(columns=columns, dimensions=dimensions, piece=main.piece)

    @cached_property
    def agree(self) -> npt.NDArray[np.intp]:
        """Positions of the agreement columns."""
        return np.array(
            [i for i, c in enumerate(self.columns) if c.item.scale == AGREE], dtype=np.intp
        )

    @cached_property
    def recommend(self) -> npt.NDArray[np.intp]:
        return np.array(
            [i for i, c in enumerate(self.columns) if c.item.scale == RECOMMEND], dtype=np.intp
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

    @cached_property
    def low(self) -> npt.NDArray[np.int8]:
        return np.array([SCALE_RANGE[c.item.scale][0] for c in self.columns], dtype=np.int8)

    @cached_property
    def high(self) -> npt.NDArray[np.int8]:
        return np.array([SCALE_RANGE[c.item.scale][1] for c in self.columns], dtype=np.int8)
