"""What each column of a wave's answer vector means, as index arrays for scoring.

A wave asks the items frozen in ``Wave.item_keys``: the scored agreement items
of its catalog for the wave's audience, in catalog order, then (optionally) the
likelihood-to-recommend item of the recommend catalog. Respondents answer them
on the shared form (``genuinecare.catalog.questionnaire``), and a response
stores the form's joined answer vector; ``Layout`` turns the form's columns into
the index arrays the vectorised scoring in ``genuinecare.insights`` needs.
"""

from dataclasses import dataclass

from genuinecare.catalog.columns import ScoredColumns
from genuinecare.catalog.enums import Scale
from genuinecare.catalog.questionnaire import Questionnaire
from genuinecare.catalog.schema import Catalog, Item


def wave_items(catalog: Catalog, *, audience: str) -> list[Item]:
    """Scored agreement items the audience answers, in catalog order."""
    return [item for item in catalog.scored_items() if item.audience == audience]


def recommend_items(catalog: Catalog, *, audience: str) -> list[Item]:
    """The catalog's recommend questions for the audience."""
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
class Layout(ScoredColumns):
    """A wave's joined answer vector: every part's columns, scored in the main catalog's
    dimensions that the wave asks about (index arrays from ``ScoredColumns``)."""

    columns: tuple[Column, ...]
    piece: str

    @classmethod
    def of(cls, questionnaire: Questionnaire) -> "Layout":
        """The columns of the questionnaire's joined answer vector, in order."""
        columns = tuple(
            Column(part.catalog.id, item) for part in questionnaire.parts for item in part.columns
        )
        main = questionnaire.parts[0].catalog
        used = {column.item.dimension for column in columns if column.item.scale == Scale.AGREE5}
        return cls(
            items=tuple(column.item for column in columns),
            dimensions=tuple(d for d in main.dimensions if d.id in used),
            columns=columns,
            piece=main.piece,
        )

    @property
    def keys(self) -> list[list[str]]:
        """[catalog id, item id] per column, as ``Wave.item_keys`` stores them."""
        return [[column.catalog_id, column.item.id] for column in self.columns]
