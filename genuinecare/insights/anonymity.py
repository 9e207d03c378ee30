"""The tree rules of anonymity: which groups of a unit tree are worth showing at all.

Pure Python and numpy, no Django. Three questions are answered here:

* which groups of a unit tree may show a score (:func:`shown_mask`, :func:`shown_groups`),
* which may show free-text comments (:func:`comment_mask`),
* which may show a response rate (:func:`participation_mask`).

Over time and across views, ``insights.ledger`` decides what may be released;
these tree rules only choose which groups are worth asking it for.

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
from typing import Literal

import numpy as np
import numpy.typing as npt

from genuinecare.insights.tree import Counts, GroupTree

MIN_K = 3
DEFAULT_K = 5
DEFAULT_COMMENT_THRESHOLD = 10

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
        roots = tree.roots
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
    roots = tree.roots
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
        # k=0: every hidden group is walked through (counts are never negative).
        frontier = _maximal_shown(group, totals=invited, children=children, shown=shown, k=0)
        region_invited = int(invited[group] - invited[frontier].sum())
        region_answered = int(answered[group] - answered[frontier].sum())
        fails = region_invited > 0 and (region_answered < k or region_invited - region_answered < k)
        if not fails or not frontier:
            return changed
        shown[min(frontier, key=lambda d: (int(invited[d]), d))] = False
        changed = True
