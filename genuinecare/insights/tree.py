"""The reporting groups of an organisation: units by position, each with everyone below it.

Pure Python and numpy, no Django. The one place where the unit tree is walked
for reports: the anonymity rules, the release ledger's groups, the heat map,
exports and response rates all read positions, subtrees and paths from here.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

type Counts = npt.NDArray[np.int64]
type Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True, eq=False)
class GroupTree:
    """The shape of the reporting groups: units by position, each with its parent's position.

    Build it once per organisation with :meth:`build`; counts passed to the functions below
    are aligned with ``unit_ids`` (``np.bincount`` over each response's unit position fits).
    """

    unit_ids: tuple[int, ...]
    parents: tuple[int, ...]  # position of the parent, -1 for a root
    children: tuple[tuple[int, ...], ...]
    postorder: tuple[int, ...]  # every unit after all of its descendants

    @classmethod
    def build(cls, *, unit_ids: Sequence[int], parent_ids: Sequence[int | None]) -> "GroupTree":
        """Validate the tree (unique ids, known parents, no cycles) and index it."""
        ids = tuple(unit_ids)
        if len(ids) != len(parent_ids):
            raise ValueError(f"{len(ids)} unit ids but {len(parent_ids)} parent ids")
        position = {unit_id: i for i, unit_id in enumerate(ids)}
        if len(position) != len(ids):
            raise ValueError("unit ids must be unique")
        parents: list[int] = []
        for unit_id, parent_id in zip(ids, parent_ids, strict=True):
            if parent_id is not None and parent_id not in position:
                raise ValueError(f"unit {unit_id!r} has unknown parent {parent_id!r}")
            parents.append(-1 if parent_id is None else position[parent_id])
        children: list[list[int]] = [[] for _ in ids]
        for i, parent in enumerate(parents):
            if parent >= 0:
                children[parent].append(i)
        postorder = _postorder(parents=parents, children=children)
        if len(postorder) != len(ids):
            raise ValueError("the unit tree has a cycle: some units never reach a root")
        return cls(
            unit_ids=ids,
            parents=tuple(parents),
            children=tuple(tuple(c) for c in children),
            postorder=tuple(postorder),
        )

    def subtree_counts(self, direct_counts: npt.ArrayLike) -> Counts:
        """Respondents in each unit's whole subtree, from respondents attributed directly."""
        totals = self.direct(direct_counts).copy()
        for i in self.postorder:
            if self.parents[i] >= 0:
                totals[self.parents[i]] += totals[i]
        return totals

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

    @property
    def roots(self) -> list[int]:
        """The positions without a parent, in order."""
        return [i for i, p in enumerate(self.parents) if p < 0]

    def preorder(self) -> list[int]:
        """Every position, each parent before its children (the order a tree is listed in)."""
        order: list[int] = []
        stack = self.roots[::-1]
        while stack:
            node = stack.pop()
            order.append(node)
            stack.extend(reversed(self.children[node]))
        return order

    def depths(self) -> list[int]:
        """How many levels below a root each position is."""
        depth = [0] * len(self.unit_ids)
        for node in self.preorder():
            if self.parents[node] >= 0:
                depth[node] = depth[self.parents[node]] + 1
        return depth

    def subtree_mask(self, position: int) -> Mask:
        """Which positions lie in the subtree of ``position`` (itself included)."""
        mask = np.zeros(len(self.unit_ids), dtype=np.bool_)
        stack = [position]
        while stack:
            node = stack.pop()
            mask[node] = True
            stack.extend(self.children[node])
        return mask

    def ancestors(self, position: int) -> list[int]:
        """From ``position`` up to its root, the position first."""
        chain: list[int] = []
        node = position
        while node >= 0:
            chain.append(node)
            node = self.parents[node]
        return chain


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
