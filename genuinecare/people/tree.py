"""An organisation's units by id, and unit paths as people read and write them (no database).

The tree itself is ``insights.tree.GroupTree``: ``UnitTree`` answers the same
questions in unit ids instead of positions. A path is written one way
everywhere, on pages, in exports and in import files: " / " between levels, a
slash inside a unit's name written twice (``format_path``); ``split_path``
reads it back, and reads "/" without blanks too.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from genuinecare.insights.tree import GroupTree

PATH_SEPARATOR = "/"
ESCAPED_SEPARATOR = "//"
SHOWN_SEPARATOR = f" {PATH_SEPARATOR} "
_TOKENS = re.compile(f"{ESCAPED_SEPARATOR}|{PATH_SEPARATOR}|[^{PATH_SEPARATOR}]+")


@dataclass(frozen=True, slots=True)
class Node:
    """One unit as the tree sees it: its id, its parent's id (None at the top), its name."""

    id: int
    parent_id: int | None
    name: str


class UnitTree:
    """One organisation's units by id, over the one tree of ``insights.tree``."""

    def __init__(self, nodes: Iterable[Node]) -> None:
        self.nodes: dict[int, Node] = {node.id: node for node in nodes}
        self.groups = GroupTree.build(
            unit_ids=list(self.nodes),
            parent_ids=[node.parent_id for node in self.nodes.values()],
            names=[node.name for node in self.nodes.values()],
        )

    def _ids(self, positions: Iterable[int]) -> list[int]:
        return [self.groups.unit_ids[p] for p in positions]

    def descendants(self, unit_id: int) -> set[int]:
        """The unit and every unit below it."""
        if unit_id not in self.groups.index:
            return {unit_id}
        return set(self._ids(self.groups.subtree(self.groups.position(unit_id))))

    def ancestors(self, unit_id: int) -> list[int]:
        """From the unit up to its root, the unit first."""
        return self._ids(self.groups.ancestors(self.groups.position(unit_id)))

    def names(self, unit_id: int) -> tuple[str, ...]:
        """The names from the root down to the unit."""
        return self.groups.path(self.groups.position(unit_id))

    def path(self, unit_id: int) -> str:
        """The unit's path, as pages, exports and import files write it (see ``format_path``)."""
        return format_path(self.names(unit_id))

    def depth(self, unit_id: int) -> int:
        """How many units lie above the unit (0 at the top)."""
        return self.groups.depth(self.groups.position(unit_id))

    def ordered(self) -> list[int]:
        """Every unit, depth first, siblings by name: the order a tree is listed in."""
        return self._ids(self.groups.preorder())

    def child_named(self, parent_id: int | None, name: str) -> int | None:
        """The unit of that name (case ignored) directly below ``parent_id`` (None: a root)."""
        groups = self.groups
        siblings = (
            groups.roots if parent_id is None else groups.children[groups.position(parent_id)]
        )
        wanted = name.casefold()
        return next(
            (groups.unit_ids[p] for p in siblings if groups.names[p].casefold() == wanted), None
        )


def split_path(raw: str) -> list[str]:
    """The level names of a unit path as people write it in a file.

    A single "/" separates levels, with or without blanks around it; "//" is a
    slash that belongs to a name, read from the left ("A///B" is "A/", then
    "B"). Blanks inside a name are tidied and empty levels dropped:
    ``" Sales / DACH/Key  Accounts "`` → ``["Sales", "DACH", "Key Accounts"]``,
    ``"Engineering/R//D"`` → ``["Engineering", "R/D"]``.
    """
    parts = [""]
    for token in _TOKENS.findall(raw):
        if token == PATH_SEPARATOR:
            parts.append("")
        else:
            parts[-1] += PATH_SEPARATOR if token == ESCAPED_SEPARATOR else token
    return [" ".join(part.split()) for part in parts if part.strip()]


def format_path(names: Iterable[str]) -> str:
    """Level names as one path that ``split_path`` reads back: ``["R/D", "Lab"]`` → "R//D / Lab"."""
    return SHOWN_SEPARATOR.join(name.replace(PATH_SEPARATOR, ESCAPED_SEPARATOR) for name in names)


def folded(path: Iterable[str]) -> tuple[str, ...]:
    """A unit path compared without case."""
    return tuple(part.casefold() for part in path)


def folded_paths(tree: UnitTree) -> dict[tuple[str, ...], int]:
    """Each unit of the tree by its path, compared without case."""
    return {folded(tree.names(unit_id)): unit_id for unit_id in tree.nodes}
