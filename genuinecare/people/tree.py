"""Pure helpers over an organisation's unit tree (no database)."""

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PATH_SEPARATOR = "/"


@dataclass(frozen=True, slots=True)
class Node:
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

    def path(self, unit_id: int) -> str:
        names = [self.nodes[i].name for i in reversed(self.ancestors(unit_id))]
        return PATH_SEPARATOR.join(names)

    def depth(self, unit_id: int) -> int:
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
        wanted = name.casefold()
        for child in self.children.get(parent_id, []):
            if self.nodes[child].name.casefold() == wanted:
                return child
        return None


def split_path(raw: str) -> list[str]:
    """``" Sales / DACH//Key  Accounts "`` → ``["Sales", "DACH", "Key Accounts"]``."""
    return [" ".join(part.split()) for part in raw.split(PATH_SEPARATOR) if part.strip()]


def folded(path: Iterable[str]) -> tuple[str, ...]:
    """A unit path compared without case."""
    return tuple(part.casefold() for part in path)


def folded_paths(tree: UnitTree) -> dict[tuple[str, ...], int]:
    """Each unit of the tree by its path, compared without case."""
    return {folded(split_path(tree.path(unit_id))): unit_id for unit_id in tree.nodes}
