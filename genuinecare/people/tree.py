"""Pure helpers over an organisation's unit tree (no database)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# In a unit path "/" separates the levels; a slash inside a unit's name is written twice.
PATH_SEPARATOR = "/"
ESCAPED_SEPARATOR = "//"


@dataclass(frozen=True, slots=True)
class Node:
    """One unit as the tree sees it: its id, its parent's id (None at the top), its name."""

    id: int
    parent_id: int | None
    name: str


class UnitTree:
    """An in-memory view of one organisation's units, built from one query."""

    def __init__(self, nodes: Iterable[Node]) -> None:
        self.nodes: dict[int, Node] = {node.id: node for node in nodes}
        self.children: Mapping[int | None, list[int]] = self._group_children()

    def _group_children(self) -> dict[int | None, list[int]]:
        children: dict[int | None, list[int]] = defaultdict(list)
        for node in sorted(self.nodes.values(), key=lambda n: n.name.casefold()):
            children[node.parent_id].append(node.id)
        return children

    def descendants(self, unit_id: int) -> set[int]:
        """The unit and every unit below it."""
        found = {unit_id}
        stack = [unit_id]
        while stack:
            for child in self.children.get(stack.pop(), []):
                if child not in found:
                    found.add(child)
                    stack.append(child)
        return found

    def ancestors(self, unit_id: int) -> list[int]:
        """From the unit up to its root, the unit first."""
        chain: list[int] = []
        current: int | None = unit_id
        while current is not None and current not in chain:
            chain.append(current)
            current = self.nodes[current].parent_id
        return chain

    def names(self, unit_id: int) -> tuple[str, ...]:
        """The names from the root down to the unit."""
        return tuple(self.nodes[i].name for i in reversed(self.ancestors(unit_id)))

    def path(self, unit_id: int) -> str:
        """The unit's path as an import file writes it (see ``split_path``)."""
        return format_path(self.names(unit_id))

    def depth(self, unit_id: int) -> int:
        """How many units lie above the unit (0 at the top)."""
        return len(self.ancestors(unit_id)) - 1

    def ordered(self) -> list[int]:
        """Every unit, depth first, siblings by name: the order a tree is listed in."""
        ordered: list[int] = []
        stack = list(reversed(self.children.get(None, [])))
        while stack:
            unit_id = stack.pop()
            ordered.append(unit_id)
            stack.extend(reversed(self.children.get(unit_id, [])))
        return ordered

    def child_named(self, parent_id: int | None, name: str) -> int | None:
        """The child of ``parent_id`` with this name, case ignored; None if there is none."""
        wanted = name.casefold()
        for child in self.children.get(parent_id, []):
            if self.nodes[child].name.casefold() == wanted:
                return child
        return None


def split_path(raw: str) -> list[str]:
    """The level names of a unit path as people write it in a file.

    A single "/" separates levels, with or without blanks around it; "//" is a
    slash that belongs to a name, read from the left ("A///B" is "A/", then
    "B"). Blanks inside a name are tidied and empty levels dropped:
    ``" Sales / DACH/Key  Accounts "`` → ``["Sales", "DACH", "Key Accounts"]``,
    ``"Engineering/R//D"`` → ``["Engineering", "R/D"]``.
    """
    parts: list[str] = []
    current: list[str] = []
    position = 0
    while position < len(raw):
        if raw.startswith(ESCAPED_SEPARATOR, position):
            current.append(PATH_SEPARATOR)
            position += len(ESCAPED_SEPARATOR)
        elif raw.startswith(PATH_SEPARATOR, position):
            parts.append("".join(current))
            current = []
            position += len(PATH_SEPARATOR)
        else:
            current.append(raw[position])
            position += 1
    parts.append("".join(current))
    return [" ".join(part.split()) for part in parts if part.strip()]


def format_path(names: Iterable[str]) -> str:
    """Level names as one path that ``split_path`` reads back: ``["R/D", "Lab"]`` → "R//D/Lab"."""
    return PATH_SEPARATOR.join(name.replace(PATH_SEPARATOR, ESCAPED_SEPARATOR) for name in names)


def folded(path: Iterable[str]) -> tuple[str, ...]:
    """A unit path compared without case."""
    return tuple(part.casefold() for part in path)


def folded_paths(tree: UnitTree) -> dict[tuple[str, ...], int]:
    """Each unit of the tree by its path, compared without case."""
    return {folded(tree.names(unit_id)): unit_id for unit_id in tree.nodes}
