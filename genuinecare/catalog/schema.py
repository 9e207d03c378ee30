"""Question catalogs: the frozen dataclasses and their snapshots (reading is ``catalog.reading``).

A catalog is a versioned, bilingual set of questions kept as a TOML file in
``genuinecare/catalog/data/`` (the format is described in that folder's README).
This module is free of Django: the catalog author runs it through a command, the
Django side stores ``Catalog.to_dict()`` as a snapshot and ``content_hash`` to tie
every answer to the exact wording that was answered.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from genuinecare.catalog.enums import Scale
from genuinecare.lib.i18n import Text

PIECES = ("purpose", "basics", "care", "piece4", "piece5", "readiness", "recommend", "pulse")
PIECE_NUMBERS = {"purpose": 1, "basics": 2, "care": 3, "piece4": 4, "piece5": 5}
SCALES = tuple(Scale)
AUDIENCES = ("self", "employees", "customers", "suppliers")
CIRCLES = ("individual", "team", "organisation", "customer", "supplier", "community_planet")
FORMS = ("self", "others")
# Dimensions in these groups make up the soil index (see genuinecare.insights.scoring).
SOIL_INDEX_GROUPS = ("practice", "soil")
MIN_SCORED_ITEMS = 3
MIN_SUGGESTIONS = 3
# Files in a catalog folder that hold something other than a catalog.
NOT_A_CATALOG = ("stages.toml",)


class CatalogError(ValueError):
    """A catalog cannot be used; ``problems`` holds one line per problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Dimension:
    """What a group of items measures, with first steps to suggest when it is weak."""

    id: str
    title: Text
    description: Text
    scored: bool
    suggestions: tuple[Text, ...]
    group: str | None = None

    @property
    def in_soil_index(self) -> bool:
        """Whether the dimension counts towards the soil index (scored, in one of its groups)."""
        return self.scored and self.group in SOIL_INDEX_GROUPS


@dataclass(frozen=True)
class Item:
    """One question; ``self_text`` is the leader's form, ``others_text`` the audience's."""

    id: str
    dimension: str
    scale: Scale
    reverse: bool
    audience: str
    self_text: Text
    others_text: Text | None = None
    circle: str | None = None

    def text(self, form: str) -> Text | None:
        """The text for ``form`` ("self" or "others"), None if the item has no such form."""
        return self.self_text if form == "self" else self.others_text


@dataclass(frozen=True)
class Catalog:
    """A validated catalog; ``catalog.reading`` builds and checks it."""

    id: str
    version: int
    piece: str
    title: Text
    description: Text
    dimensions: tuple[Dimension, ...]
    items: tuple[Item, ...]
    source: str = field(default="", compare=False)

    @property
    def piece_number(self) -> int | None:
        """1-5 for a BIG5 puzzle piece, None for readiness and recommend catalogs."""
        return PIECE_NUMBERS.get(self.piece)

    def dimension(self, dimension_id: str) -> Dimension:
        """The dimension with this id; KeyError if the catalog has none."""
        for dimension in self.dimensions:
            if dimension.id == dimension_id:
                return dimension
        raise KeyError(f"catalog {self.id!r} has no dimension {dimension_id!r}")

    def scored_dimensions(self) -> tuple[Dimension, ...]:
        """The dimensions that are scored, in catalog order."""
        return tuple(d for d in self.dimensions if d.scored)

    def scored_items(self) -> tuple[Item, ...]:
        """Agreement items in scored dimensions, in catalog order."""
        scored = {d.id for d in self.dimensions if d.scored}
        return tuple(i for i in self.items if i.scale == Scale.AGREE5 and i.dimension in scored)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-able data in the TOML layout; ``reading.catalog_from_dict`` reads it back."""
        return {
            "id": self.id,
            "version": self.version,
            "piece": self.piece,
            "title": self.title.to_dict(),
            "description": self.description.to_dict(),
            "dimensions": [_dimension_dict(d) for d in self.dimensions],
            "items": [_item_dict(i) for i in self.items],
        }

    @property
    def content_hash(self) -> str:
        """sha256 (hex) of the canonical JSON of ``to_dict()``: same content, same hash."""
        canonical = json.dumps(
            self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":")
        )
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _dimension_dict(dimension: Dimension) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": dimension.id,
        "title": dimension.title.to_dict(),
        "description": dimension.description.to_dict(),
        "scored": dimension.scored,
        "suggestions": [s.to_dict() for s in dimension.suggestions],
    }
    if dimension.group is not None:
        data["group"] = dimension.group
    return data


def _item_dict(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.id,
        "dimension": item.dimension,
        "scale": item.scale,
        "audience": item.audience,
        "self": item.self_text.to_dict(),
    }
    if item.scale != Scale.OPEN:
        data["reverse"] = item.reverse
    if item.others_text is not None:
        data["others"] = item.others_text.to_dict()
    if item.circle is not None:
        data["circle"] = item.circle
    return data
