"""The one unit tree: units by position, each with its parent, its children and its name.

Pure Python and numpy, no Django. Every walk of an organisation's units happens
here: the anonymity rules, the release ledger's groups, the heat map, exports,
response rates, the unit list and the leaders' subtrees all read positions,
subtrees, depths and paths from :class:`GroupTree` (``people.tree.UnitTree``
speaks unit ids over it). A *group* is a unit with everyone below it.
"""

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

type Counts = npt.NDArray[np.int64]
type Mask = npt.NDArray[np.bool_]
type Positions = npt.NDArray[np.intp]


@dataclass(frozen=True, slots=True, eq=False)
class GroupTree:
    """The shape of the reporting groups: units by position, each with its parent's position.

    Build it once per organisation with :meth:`build`; values passed to the functions
    below are aligned with ``unit_ids`` (``np.bincount`` over each row's unit position
    fits). Children are listed by name (case ignored), then by position.
    """

    unit_ids: tuple[int, ...]
    parents: tuple[int, ...]  # position of the parent, -1 for a root
    children: tuple[tuple[int, ...], ...]
    postorder: tuple[int, ...]  # every unit after all of its descendants
    names: tuple[str, ...]
    index: dict[int, int]  # unit id -> position

    @classmethod
    def build(
        cls,
        *,
        unit_ids: Sequence[int],
        parent_ids: Sequence[int | None],
        names: Sequence[str] | None = None,
    ) -> "GroupTree":
        """Validate the tree (unique ids, known parents, no cycles) and index it."""
        ids = tuple(unit_ids)
        labels = tuple(names) if names is not None else ("",) * len(ids)
        if not len(ids) == len(parent_ids) == len(labels):
            raise ValueError(f"{len(ids)} unit ids but {len(parent_ids)} parent ids or names")
        index = {unit_id: i for i, unit_id in enumerate(ids)}
        if len(index) != len(ids):
            raise ValueError("unit ids must be unique")
        parents: list[int] = []
        for unit_id, parent_id in zip(ids, parent_ids, strict=True):
            if parent_id is not None and parent_id not in index:
                raise ValueError(f"unit {unit_id!r} has unknown parent {parent_id!r}")
            parents.append(-1 if parent_id is None else index[parent_id])
        children: list[list[int]] = [[] for _ in ids]
        for i in sorted(range(len(ids)), key=lambda i: (labels[i].casefold(), i)):
            if parents[i] >= 0:
                children[parents[i]].append(i)
        postorder = _postorder(parents=parents, children=children)
        if len(postorder) != len(ids):
            raise ValueError("the unit tree has a cycle: some units never reach a root")
        return cls(
            ids, tuple(parents), tuple(map(tuple, children)), tuple(postorder), labels, index
        )

    def with_root(self, unit_id: int, *, name: str = "") -> "GroupTree":
        """The same tree with one more top-level unit at position 0 (all others move up one)."""
        parent_ids = [None if p < 0 else self.unit_ids[p] for p in self.parents]
        return GroupTree.build(
            unit_ids=[unit_id, *self.unit_ids],
            parent_ids=[None, *parent_ids],
            names=[name, *self.names],
        )

    # ------------------------------------------------------------ ids and positions

    def position(self, unit_id: int) -> int:
        """The position of ``unit_id``; KeyError for a unit not in the tree."""
        return self.index[unit_id]

    def positions_of(self, unit_ids: npt.ArrayLike, *, missing: int | None = None) -> Positions:
        """The position of each id, vectorised; ids not in the tree become ``missing``.

        Raises ValueError for an unknown id when ``missing`` is None.
        """
        wanted = np.asarray(unit_ids, dtype=np.int64).reshape(-1)
        known = np.array(self.unit_ids, dtype=np.int64)
        order = np.argsort(known)
        slot = np.searchsorted(known[order], wanted).clip(0, max(len(known) - 1, 0))
        found = order[slot] if len(known) else np.zeros(len(wanted), dtype=np.intp)
        hit = known[found] == wanted if len(known) else np.zeros(len(wanted), dtype=np.bool_)
        if not hit.all():
            if missing is None:
                raise ValueError(f"unit {int(wanted[~hit][0])} is not in the tree")
            found = np.where(hit, found, missing)
        return found.astype(np.intp)

    # ------------------------------------------------------------ walks

    @property
    def roots(self) -> list[int]:
        """The positions without a parent, by name (case ignored), then by position."""
        return sorted(
            (i for i, p in enumerate(self.parents) if p < 0),
            key=lambda i: (self.names[i].casefold(), i),
        )

    def preorder(self) -> list[int]:
        """Every position, each parent before its children (the order a tree is listed in)."""
        return [node for node, _depth in self.listed()]

    def listed(self) -> list[tuple[int, int]]:
        """(position, depth) of every unit in preorder; a root has depth 0."""
        order: list[tuple[int, int]] = []
        stack = [(root, 0) for root in reversed(self.roots)]
        while stack:
            node, depth = stack.pop()
            order.append((node, depth))
            stack.extend((child, depth + 1) for child in reversed(self.children[node]))
        return order

    def depth(self, position: int) -> int:
        """How many levels below its root ``position`` is."""
        return len(self.ancestors(position)) - 1

    def ancestors(self, position: int) -> list[int]:
        """From ``position`` up to its root, the position first."""
        chain: list[int] = []
        node = position
        while node >= 0:
            chain.append(node)
            node = self.parents[node]
        return chain

    def path(self, position: int) -> tuple[str, ...]:
        """The names from the root down to ``position``."""
        return tuple(self.names[node] for node in reversed(self.ancestors(position)))

    def subtree(self, position: int) -> list[int]:
        """``position`` and every position below it, in preorder."""
        found: list[int] = []
        stack = [position]
        while stack:
            node = stack.pop()
            found.append(node)
            stack.extend(reversed(self.children[node]))
        return found

    def subtree_mask(self, position: int) -> Mask:
        """Which positions lie in the subtree of ``position`` (itself included)."""
        mask = np.zeros(len(self.unit_ids), dtype=np.bool_)
        mask[self.subtree(position)] = True
        return mask

    def shown_below(self, shown: Collection[int]) -> Mask:
        """Per position, whether any position strictly below it lies in ``shown``."""
        below = np.zeros(len(self.unit_ids), dtype=np.bool_)
        for node in self.postorder:
            parent = self.parents[node]
            if parent >= 0 and (below[node] or node in shown):
                below[parent] = True
        return below

    # ------------------------------------------------------------ sums over subtrees

    def subtree_sums[T: np.generic](self, values: npt.NDArray[T]) -> npt.NDArray[T]:
        """Per position, the sum of ``values`` over its whole subtree.

        ``values`` has one row (or one number) per position; the result has its shape
        and dtype.
        """
        if values.shape[:1] != (len(self.unit_ids),):
            raise ValueError(f"expected {len(self.unit_ids)} rows, got shape {values.shape}")
        totals = values.copy()
        for node in self.postorder:
            if self.parents[node] >= 0:
                totals[self.parents[node]] += totals[node]
        return totals

    def row_sums(self, positions: Positions, rows: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Per position, the column sums of ``rows`` over everyone in its subtree.

        ``rows`` has one row per respondent, at ``positions``; the result is
        positions x columns.
        """
        values = np.asarray(rows, dtype=np.float64)
        n_units, n_columns = len(self.unit_ids), values.shape[1]
        flat = (positions[:, np.newaxis] * n_columns + np.arange(n_columns)).ravel()
        direct = np.bincount(flat, weights=values.ravel(), minlength=n_units * n_columns)
        return self.subtree_sums(direct.reshape(n_units, n_columns))

    def subtree_counts(self, direct_counts: npt.ArrayLike) -> Counts:
        """Respondents in each unit's whole subtree, from respondents attributed directly."""
        return self.subtree_sums(self.direct(direct_counts))

    def direct(self, direct_counts: npt.ArrayLike) -> Counts:
        """``direct_counts`` as a validated int64 array aligned with ``unit_ids``."""
        counts = np.asarray(direct_counts)
        if counts.shape != (len(self.unit_ids),):
            raise ValueError(f"expected {len(self.unit_ids)} counts, got shape {counts.shape}")
        if counts.size and not np.issubdtype(counts.dtype, np.integer):
            raise ValueError(f"counts must be integers, got dtype {counts.dtype}")
        if counts.size and counts.min() < 0:
            raise ValueError("counts must not be negative")
        return counts.astype(np.int64)


def _postorder(*, parents: Sequence[int], children: Sequence[Sequence[int]]) -> list[int]:
    order: list[int] = []
    stack: list[tuple[int, bool]] = [(i, False) for i, p in enumerate(parents) if p < 0]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
        else:
            stack.append((node, True))
            stack.extend((child, False) for child in children[node])
    return order
