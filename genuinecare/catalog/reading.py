"""Reading question catalogs: TOML files and stored snapshots to validated ``schema`` dataclasses.

Every problem found is one line of a ``CatalogError`` naming the file (or
snapshot), so a catalog author sees everything to fix at once. Free of Django,
like ``schema``.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from genuinecare.catalog.enums import Scale
from genuinecare.catalog.schema import (
    AUDIENCES,
    CIRCLES,
    FORMS,
    MIN_SCORED_ITEMS,
    MIN_SUGGESTIONS,
    NOT_A_CATALOG,
    PIECES,
    SCALES,
    Catalog,
    CatalogError,
    Dimension,
    Item,
)
from genuinecare.lib.i18n import ENGLISH, GERMAN, LANGUAGE_CODES, Text

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


def catalog_from_dict(data: Mapping[str, Any], *, source: str = "snapshot") -> Catalog:
    """Build and validate a catalog; raises ``CatalogError`` naming ``source``."""
    problems: list[str] = []
    catalog = _CatalogReader(source, problems).catalog(data)
    if problems or catalog is None:
        raise CatalogError(problems)
    return catalog


def read_toml(path: Path) -> dict[str, Any]:
    """Parse a TOML file; unreadable or invalid files raise ``CatalogError``."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError([f"{path.name}: not valid TOML: {error}"]) from error
    except OSError as error:
        raise CatalogError([f"{path.name}: cannot be read: {error.strerror}"]) from error


def load_catalog(path: Path | str) -> Catalog:
    """Read and validate one catalog file; raises ``CatalogError`` listing every problem."""
    path = Path(path)
    data = read_toml(path)
    return replace(catalog_from_dict(data, source=path.name), source=str(path))


def load_catalogs(directory: Path | str) -> list[Catalog]:
    """Load every ``*.toml`` catalog in ``directory``, sorted by file name.

    Guarantees unique catalog ids across the files; raises one ``CatalogError``
    with the problems of all files.
    """
    problems: list[str] = []
    catalogs: list[Catalog] = []
    first_file: dict[str, str] = {}
    for path in sorted(Path(directory).glob("*.toml")):
        if path.name in NOT_A_CATALOG:
            continue
        try:
            catalog = load_catalog(path)
        except CatalogError as error:
            problems.extend(error.problems)
            continue
        if catalog.id in first_file:
            problems.append(
                f"{path.name}: catalog {catalog.id!r}: id already used by "
                f"{first_file[catalog.id]}; give each catalog its own id"
            )
            continue
        first_file[catalog.id] = path.name
        catalogs.append(catalog)
    if problems:
        raise CatalogError(problems)
    return catalogs


class FieldReader:
    """Reads fields of raw TOML data, adding one line to ``problems`` per problem found."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems

    def problem(self, where: str, message: str) -> None:
        """Record one problem, prefixed with the source and where in it."""
        self.problems.append(f"{self.source}: {where}: {message}")

    def known_keys(self, raw: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
        """Record a problem for every key of ``raw`` that is not allowed."""
        for key in raw:
            if key not in allowed:
                self.problem(where, f"unknown field {key!r} (allowed: {', '.join(allowed)})")

    def identifier(self, raw: Mapping[str, Any], key: str, where: str) -> str | None:
        """The identifier at ``key``, or None with a problem recorded."""
        value = raw.get(key)
        if not isinstance(value, str) or not _ID.match(value):
            self.problem(
                where, f"{key!r} must be lower-case letters, digits and '_', got {value!r}"
            )
            return None
        return value

    def choice(
        self, raw: Mapping[str, Any], key: str, allowed: tuple[str, ...], where: str
    ) -> str | None:
        """The value at ``key`` if it is one of ``allowed``, or None with a problem recorded."""
        value = raw.get(key)
        if value not in allowed:
            self.problem(where, f"{key!r} must be one of {', '.join(allowed)}; got {value!r}")
            return None
        return str(value)

    def text(self, raw: Mapping[str, Any], key: str, where: str) -> Text | None:
        """The text at ``key`` in every language, or None with a problem per missing one."""
        value = raw.get(key)
        if not isinstance(value, Mapping):
            self.problem(where, f"{key!r} needs a text per language ({key}.en, {key}.de)")
            return None
        found = {}
        for language in LANGUAGE_CODES:
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                self.problem(where, f"{key}.{language} is missing or empty")
            else:
                found[language] = text.strip()
        for language in value:
            if language not in LANGUAGE_CODES:
                self.problem(where, f"{key}.{language}: unknown language")
        return Text(found[ENGLISH], found[GERMAN]) if len(found) == len(LANGUAGE_CODES) else None

    def tables(self, raw: Mapping[str, Any], key: str, where: str) -> list[Mapping[str, Any]]:
        """The non-empty list of tables at ``key``, or [] with a problem recorded."""
        value = raw.get(key)
        if not isinstance(value, list) or not value:
            self.problem(where, f"needs at least one [[{key}]] table")
            return []
        if not all(isinstance(entry, Mapping) for entry in value):
            self.problem(where, f"every entry of {key!r} must be a table")
            return []
        return value


class _CatalogReader(FieldReader):
    """Turns the raw data of one catalog into dataclasses."""

    def catalog(self, raw: Mapping[str, Any]) -> Catalog | None:
        where = f"catalog {raw.get('id', '?')!r}"
        allowed = ("id", "version", "piece", "title", "description", "dimensions", "items")
        self.known_keys(raw, allowed, where)
        catalog_id = self.identifier(raw, "id", where)
        version = raw.get("version")
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.problem(where, f"'version' must be a positive whole number, got {version!r}")
        piece = self.choice(raw, "piece", PIECES, where)
        title = self.text(raw, "title", where)
        description = self.text(raw, "description", where)
        raw_dimensions = self.tables(raw, "dimensions", where)
        dimensions = self.unique([self.dimension(d) for d in raw_dimensions], "dimension")
        # Items of a dimension with problems of its own are not reported a second time.
        known = {d.get("id") for d in raw_dimensions}
        raw_items = self.tables(raw, "items", where)
        items = self.unique([self.item(i, known) for i in raw_items], "item")
        self.check_dimension_sizes(dimensions, raw_items)
        if self.problems or catalog_id is None or piece is None or title is None:
            return None
        if description is None or not isinstance(version, int):
            return None
        return Catalog(catalog_id, version, piece, title, description, dimensions, items)

    def unique[T: (Dimension, Item)](self, parsed: list[T | None], kind: str) -> tuple[T, ...]:
        seen: set[str] = set()
        result = []
        for entry in parsed:
            if entry is None:
                continue
            if entry.id in seen:
                self.problem(f"{kind} {entry.id!r}", "duplicate id; ids must be unique")
            seen.add(entry.id)
            result.append(entry)
        return tuple(result)

    def dimension(self, raw: Mapping[str, Any]) -> Dimension | None:
        where = f"dimension {raw.get('id', '?')!r}"
        allowed = ("id", "title", "description", "scored", "group", "suggestions")
        self.known_keys(raw, allowed, where)
        dimension_id = self.identifier(raw, "id", where)
        title = self.text(raw, "title", where)
        description = self.text(raw, "description", where)
        scored = raw.get("scored")
        if not isinstance(scored, bool):
            self.problem(where, f"'scored' must be true or false, got {scored!r}")
        group = raw.get("group")
        if group is not None and (not isinstance(group, str) or not _ID.match(group)):
            self.problem(where, f"'group' must be an id like 'soil', got {group!r}")
        raw_suggestions = raw.get("suggestions", [])
        if not isinstance(raw_suggestions, list):
            raw_suggestions = []
            self.problem(where, "'suggestions' must be a list of [[dimensions.suggestions]]")
        suggestions = [
            self.text({f"suggestion {n}": s}, f"suggestion {n}", where)
            for n, s in enumerate(raw_suggestions, start=1)
        ]
        if scored is True and len(raw_suggestions) < MIN_SUGGESTIONS:
            self.problem(
                where,
                f"a scored dimension needs at least {MIN_SUGGESTIONS} suggestions, "
                f"has {len(raw_suggestions)}",
            )
        texts = tuple(s for s in suggestions if s is not None)
        if dimension_id is None or title is None or description is None:
            return None
        if len(texts) < len(suggestions):
            return None
        return Dimension(dimension_id, title, description, scored is True, texts, group)

    def item(self, raw: Mapping[str, Any], dimensions: set[Any]) -> Item | None:
        where = f"item {raw.get('id', '?')!r}"
        allowed = ("id", "dimension", "scale", "reverse", "audience", "circle", *FORMS)
        self.known_keys(raw, allowed, where)
        item_id = self.identifier(raw, "id", where)
        dimension = raw.get("dimension")
        if dimension not in dimensions:
            self.problem(where, f"unknown dimension {dimension!r}; declare it in [[dimensions]]")
        scale = self.choice(raw, "scale", SCALES, where)
        reverse = raw.get("reverse", False if scale == Scale.OPEN else None)
        if not isinstance(reverse, bool):
            self.problem(
                where, f"'reverse' must be true or false on a scaled item, got {reverse!r}"
            )
        elif reverse and scale != Scale.AGREE5:
            self.problem(where, "only agree5 items can be reverse-keyed")
        audience = self.choice(raw, "audience", AUDIENCES, where)
        circle = raw.get("circle")
        if circle is not None and circle not in CIRCLES:
            self.problem(where, f"'circle' must be one of {', '.join(CIRCLES)}; got {circle!r}")
        self_text = self.text(raw, "self", where)
        others_text = None
        if audience == "self" and "others" in raw:
            self.problem(where, "an item for audience 'self' has no 'others' form")
        elif audience not in (None, "self"):
            others_text = self.text(raw, "others", where)
        if item_id is None or scale is None or audience is None or self_text is None:
            return None
        if not isinstance(reverse, bool):
            return None
        return Item(
            item_id, str(dimension), Scale(scale), reverse, audience, self_text, others_text, circle
        )

    def check_dimension_sizes(
        self, dimensions: tuple[Dimension, ...], raw_items: list[Mapping[str, Any]]
    ) -> None:
        """Counted on the raw items, so that one broken item is not reported twice."""
        for dimension in dimensions:
            if not dimension.scored:
                continue
            members = [i for i in raw_items if i.get("dimension") == dimension.id]
            for item in members:
                if item.get("scale") == Scale.LTR11:
                    self.problem(
                        f"item {item.get('id')!r}",
                        f"ltr11 items belong in an unscored dimension, not {dimension.id!r}",
                    )
            scored = [i for i in members if i.get("scale") == Scale.AGREE5]
            for audience in sorted({str(i.get("audience")) for i in scored} or {"any"}):
                count = sum(1 for i in scored if audience in ("any", i.get("audience")))
                if count < MIN_SCORED_ITEMS:
                    self.problem(
                        f"dimension {dimension.id!r}",
                        f"a scored dimension needs at least {MIN_SCORED_ITEMS} agree5 items "
                        f"per audience; audience {audience!r} has {count}",
                    )
