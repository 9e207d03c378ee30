"""The one anonymity guard that every report path calls (page, export, PDF, CLI).

Pure Python and numpy, no Django. Three questions are answered here:

* which groups of a unit tree may show a score (:func:`shown_mask`, :func:`shown_groups`),
* which may show free-text comments (:func:`comment_mask`, :func:`comments_allowed`),
* whether a filtered view may be answered at all (:func:`check_filter`).

The model behind the tree rules: every respondent is attributed to exactly one unit.
A *group* is a unit with everyone in its subtree (what a heat map drills into). The
whole population is one more, implicit group above the roots, because a wave's
response count is always public. Whoever sees the counts of the shown groups can
derive, by subtraction, the count (and the score) of each *region*: a shown group minus
the shown groups directly below it (its maximal shown descendants). A region holds the
group's own direct respondents (the "remainder") plus everyone in hidden groups below.
The guarantee is that every region is empty or holds at least ``k`` people, which
covers every subtraction an attacker can make from the shown counts.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

import numpy as np
import numpy.typing as npt

MIN_K = 3
DEFAULT_K = 5
DEFAULT_COMMENT_THRESHOLD = 10

type Counts = npt.NDArray[np.int64]
type Mask = npt.NDArray[np.bool_]


def validate_k(k: int, *, name: str = "k") -> int:
    """Return ``k`` if it is an allowed threshold; raise ValueError (never below 3)."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise ValueError(f"{name} must be an integer, got {k!r}")
    if k < MIN_K:
        raise ValueError(
            f"{name} must be at least {MIN_K}, got {k}: smaller groups identify people"
        )
    return int(k)


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


def shown_mask(
    *,
    tree: GroupTree,
    direct_counts: npt.ArrayLike,
    k: int = DEFAULT_K,
    sizes: Literal["subtree", "direct"] = "subtree",
) -> Mask:
    """Which groups may show a score, as a boolean array aligned with ``tree.unit_ids``.

    With ``sizes="subtree"`` a unit's group is its whole subtree; with ``"direct"`` it is
    only the people attributed to the unit itself (disjoint groups under the population).

    Guaranteed, for the shown groups plus the whole population (treated as shown once it
    reaches ``k``, because a wave's response count is public):

    * every shown group has at least ``k`` respondents;
    * for every shown group, its direct respondents plus everyone in its hidden groups
      below it, down to the next shown groups, number 0 or at least ``k``; so no count
      or score of 1 to ``k - 1`` people can be derived by subtracting shown groups;
    * when a sibling must be hidden to achieve that, it is the smallest one that helps
      (ties: the earlier unit), so as much as possible stays visible.

    Raises ValueError for ``k < 3`` or counts that do not fit the tree.
    """
    k = validate_k(k)
    direct = tree.direct(direct_counts)
    n = len(tree.unit_ids)
    if sizes == "subtree":
        totals = tree.subtree_counts(direct)
        children = [list(c) for c in tree.children]
        roots = [i for i in range(n) if tree.parents[i] < 0]
        order = list(tree.postorder)
    elif sizes == "direct":
        totals, children = direct, [[] for _ in range(n)]
        roots, order = list(range(n)), list(range(n))
    else:
        raise ValueError(f"sizes must be 'subtree' or 'direct', got {sizes!r}")
    # The whole population is an extra group at position n, above every root.
    totals = np.append(totals, np.int64(direct.sum()))
    children.append(roots)
    order.append(n)
    shown = _suppress(totals=totals, children=children, postorder=order, k=k)
    return shown[:n]


def shown_groups(
    *,
    tree: GroupTree,
    direct_counts: npt.ArrayLike,
    k: int = DEFAULT_K,
    sizes: Literal["subtree", "direct"] = "subtree",
) -> frozenset[int]:
    """The ids of the units whose group may show a score; see :func:`shown_mask`."""
    mask = shown_mask(tree=tree, direct_counts=direct_counts, k=k, sizes=sizes)
    return frozenset(tree.unit_ids[i] for i in np.flatnonzero(mask))


def comment_mask(
    *,
    tree: GroupTree,
    direct_counts: npt.ArrayLike,
    threshold: int = DEFAULT_COMMENT_THRESHOLD,
    sizes: Literal["subtree", "direct"] = "subtree",
) -> Mask:
    """Which groups may list free-text comments.

    The same guarantees as :func:`shown_mask` with ``threshold`` in place of ``k``:
    comments are sets too, so a parent's comments minus its shown children's comments
    would otherwise reveal what a small hidden group wrote.
    """
    threshold = validate_k(threshold, name="comment threshold")
    return shown_mask(tree=tree, direct_counts=direct_counts, k=threshold, sizes=sizes)


def comments_allowed(*, respondents: int, threshold: int = DEFAULT_COMMENT_THRESHOLD) -> bool:
    """Whether a single group (not part of a tree) of ``respondents`` may show comments."""
    return respondents >= validate_k(threshold, name="comment threshold")


def _suppress(
    *, totals: Counts, children: Sequence[Sequence[int]], postorder: Sequence[int], k: int
) -> Mask:
    shown: Mask = totals >= k
    region = np.zeros_like(totals)
    for group in postorder:
        if not shown[group]:
            continue
        frontier = _maximal_shown(group, totals=totals, children=children, shown=shown, k=k)
        remainder = int(totals[group] - totals[frontier].sum())
        while 0 < remainder < k:
            # A frontier group with an empty region only re-exposes its own shown groups,
            # so prefer one whose region is large enough to protect the remainder.
            helpful = [d for d in frontier if region[d] > 0] or frontier
            hide = min(helpful, key=lambda d: (int(totals[d]), d))
            shown[hide] = False
            frontier.remove(hide)
            frontier += _maximal_shown(hide, totals=totals, children=children, shown=shown, k=k)
            remainder += int(region[hide])
        region[group] = remainder
    return shown


def _maximal_shown(
    group: int, *, totals: Counts, children: Sequence[Sequence[int]], shown: Mask, k: int
) -> list[int]:
    """The shown groups below ``group`` with no shown group between them and ``group``."""
    found: list[int] = []
    stack = list(children[group])
    while stack:
        node = stack.pop()
        if shown[node]:
            found.append(node)
        elif totals[node] >= k:  # smaller groups have no shown groups below them
            stack.extend(children[node])
    return found


class FilterRefusal(StrEnum):
    """Why a filtered view was refused."""

    SELECTION_TOO_SMALL = "selection_too_small"
    REMAINDER_TOO_SMALL = "remainder_too_small"
    DIFFERENCE_TOO_SMALL = "difference_too_small"


class FilterRefused(Exception):
    """A filter was refused; carries the reason and the numbers behind it.

    The numbers are for logs and tests. Never show ``selected`` or ``earlier`` to the
    person who asked: they may be below the threshold themselves.
    """

    def __init__(
        self,
        *,
        reason: FilterRefusal,
        population: int,
        selected: int,
        k: int,
        earlier: int | None = None,
    ) -> None:
        self.reason = reason
        self.population = population
        self.selected = selected
        self.k = k
        self.earlier = earlier
        super().__init__(
            f"{reason}: population={population} selected={selected} k={k} earlier={earlier}"
        )


def check_filter(
    *, population: int, selected: int, earlier: Sequence[int] = (), k: int = DEFAULT_K
) -> None:
    """Refuse (raise :class:`FilterRefused`) a filter that would let someone isolate people.

    ``population`` is the size of the group being filtered, ``selected`` how many of them
    the filter keeps, ``earlier`` the sizes of filters already answered on the same
    population. Returns only if all of these hold:

    * the selection has at least ``k`` respondents (an empty one is refused too, so
      "0" and "1 to k - 1" look the same to the asker);
    * the people left out (``population - selected``) are 0 or at least ``k``;
    * against every earlier answer ``e``, neither ``|selected - e|`` (one filter nested
      in the other) nor ``|selected + e - population|`` (one nested in the other's
      complement) is between 1 and ``k - 1``.

    Pairwise only: sizes alone cannot tell which filters are nested, so a caller that
    allows free combinations of many filters should also limit how many it answers.
    """
    k = validate_k(k)
    if not 0 <= selected <= population:
        raise ValueError(f"selected must be within 0..{population}, got {selected}")
    if selected < k:
        raise FilterRefused(
            reason=FilterRefusal.SELECTION_TOO_SMALL, population=population, selected=selected, k=k
        )
    if 0 < population - selected < k:
        raise FilterRefused(
            reason=FilterRefusal.REMAINDER_TOO_SMALL, population=population, selected=selected, k=k
        )
    previous = np.asarray(earlier, dtype=np.int64)
    differences = np.abs(np.stack([selected - previous, selected + previous - population]))
    too_small = ((differences > 0) & (differences < k)).any(axis=0)
    if too_small.any():
        raise FilterRefused(
            reason=FilterRefusal.DIFFERENCE_TOO_SMALL,
            population=population,
            selected=selected,
            k=k,
            earlier=int(previous[np.argmax(too_small)]),
        )


def participation_mask(
    *, tree: GroupTree, invited: npt.ArrayLike, answered: npt.ArrayLike, shown: Mask, k: int
) -> Mask:
    """Which of the ``shown`` groups may show a response rate (counts per whole subtree).

    Guaranteed for every group left shown, and for every region (a shown group
    minus the shown groups directly below it): the region has no invitations, or
    at least ``k`` who answered and at least ``k`` who did not. So no count of
    answers, and no subtraction of them, tells that everyone (or no one) of
    fewer than ``k`` people answered: nobody's participation can be read off.
    ``answered`` must come from released versions (the ledger already keeps its
    regions at 0 or at least ``k``). When a region fails, the smallest shown
    group directly below it is hidden, which merges the two regions.
    """
    k = validate_k(k)
    invited_counts = np.asarray(invited, dtype=np.int64)
    answered_counts = np.asarray(answered, dtype=np.int64)
    result: Mask = np.asarray(shown, dtype=np.bool_).copy()
    result &= (answered_counts >= k) & (invited_counts - answered_counts >= k)
    n = len(tree.unit_ids)
    children = [list(c) for c in tree.children]
    roots = [i for i in range(n) if tree.parents[i] < 0]
    changed = True
    while changed:
        changed = False
        for group in list(tree.postorder):
            if not result[group]:
                continue
            changed |= _protect_participation(
                group, children, result, invited_counts, answered_counts, k
            )
    # The whole wave: its region is everyone outside the shown top groups.
    total_invited, total_answered = (
        int(invited_counts[roots].sum()),
        int(answered_counts[roots].sum()),
    )
    population = np.append(result, True)
    _protect_participation(
        n,
        [*children, roots],
        population,
        np.append(invited_counts, total_invited),
        np.append(answered_counts, total_answered),
        k,
    )
    return population[:n]


def _protect_participation(
    group: int,
    children: Sequence[Sequence[int]],
    shown: Mask,
    invited: Counts,
    answered: Counts,
    k: int,
) -> bool:
    """Hide the smallest shown groups below ``group`` until its region passes; True if any."""
    changed = False
    while True:
        frontier: list[int] = []
        stack = list(children[group])
        while stack:
            node = stack.pop()
            if shown[node]:
                frontier.append(node)
            else:
                stack.extend(children[node])
        region_invited = int(invited[group] - invited[frontier].sum())
        region_answered = int(answered[group] - answered[frontier].sum())
        fails = region_invited > 0 and (region_answered < k or region_invited - region_answered < k)
        if not fails or not frontier:
            return changed
        shown[min(frontier, key=lambda d: (int(invited[d]), d))] = False
        changed = True
