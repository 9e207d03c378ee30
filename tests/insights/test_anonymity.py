import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genuinecare.insights.anonymity import (
    DEFAULT_COMMENT_THRESHOLD,
    DEFAULT_K,
    comment_mask,
    shown_groups,
    shown_mask,
)
from genuinecare.insights.tree import GroupTree


def groups(
    units: dict[int, int | None], counts: dict[int, int], *, k: int = DEFAULT_K
) -> frozenset[int]:
    tree = GroupTree.build(unit_ids=list(units), parent_ids=list(units.values()))
    return shown_groups(tree=tree, direct_counts=[counts[u] for u in units], k=k)


# Hand-computed cases (k = 5 unless stated)


def test_small_sibling_hides_the_next_smallest_sibling_too() -> None:
    # P = 25; A (2) is below k; P - C - D would give A alone, so B (6) goes too.
    units = {1: None, 2: 1, 3: 1, 4: 1, 5: 1}
    counts = {1: 0, 2: 2, 3: 6, 4: 7, 5: 10}
    assert groups(units, counts) == {1, 4, 5}


def test_parent_remainder_is_protected_like_a_hidden_sibling() -> None:
    # P has 3 people of its own: P (17) - A (6) - B (8) would show those 3.
    units = {1: None, 2: 1, 3: 1}
    assert groups(units, {1: 3, 2: 6, 3: 8}) == {1, 3}
    # Five of its own is enough to stand alone.
    assert groups(units, {1: 5, 2: 6, 3: 8}) == {1, 2, 3}


def test_all_visible_when_every_group_and_remainder_is_large_enough() -> None:
    units = {1: None, 2: 1, 3: 1, 4: 2, 5: 2}
    assert groups(units, {1: 0, 2: 0, 3: 5, 4: 5, 5: 9}) == {1, 2, 3, 4, 5}


def test_hiding_a_sibling_that_equals_its_shown_children_does_not_help() -> None:
    # B (2) is hidden. A (10) = A1 (5) + A2 (5), so hiding A alone reveals nothing new:
    # A goes and then the smaller of its children, A1 (earlier on a tie).
    units = {1: None, 2: 1, 3: 2, 4: 2, 5: 1}
    counts = {1: 0, 2: 0, 3: 5, 4: 5, 5: 2}
    assert groups(units, counts) == {1, 4}


def test_a_sibling_that_would_hide_nothing_new_is_passed_over() -> None:
    # B (2) is hidden. X (10) is smaller than Y (12) but is exactly X1 + X2, so hiding it
    # protects nothing; Y is hidden instead and X, X1, X2 stay.
    units = {1: None, 2: 1, 3: 2, 4: 2, 5: 1, 6: 1}
    counts = {1: 0, 2: 0, 3: 5, 4: 5, 5: 12, 6: 2}
    assert groups(units, counts) == {1, 2, 3, 4}


def test_the_whole_population_counts_as_a_shown_parent() -> None:
    # Two roots: the wave's response count (9) minus A (6) would reveal B (3).
    assert groups({1: None, 2: None}, {1: 6, 2: 3}) == set()
    assert groups({1: None, 2: None}, {1: 6, 2: 0}) == {1}


def test_below_k_everything_is_hidden_and_k_is_configurable() -> None:
    units = {1: None, 2: 1, 3: 1}
    assert groups(units, {1: 0, 2: 2, 3: 2}) == set()
    assert groups(units, {1: 0, 2: 3, 3: 3}, k=3) == {1, 2, 3}


def test_direct_sizes_treat_units_as_disjoint_groups() -> None:
    tree = GroupTree.build(unit_ids=[1, 2, 3], parent_ids=[None, 1, 1])
    mask = shown_mask(tree=tree, direct_counts=np.array([6, 2, 7]), sizes="direct")
    assert mask.tolist() == [False, False, True]


@pytest.mark.parametrize("k", [2, 1, 0, -5])
def test_k_below_three_is_refused(k: int) -> None:
    with pytest.raises(ValueError, match="at least 3"):
        groups({1: None}, {1: 10}, k=k)
    with pytest.raises(ValueError, match="at least 3"):
        comment_mask(
            tree=GroupTree.build(unit_ids=[1], parent_ids=[None]), direct_counts=[10], threshold=k
        )


def test_invalid_trees_and_counts_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown parent"):
        GroupTree.build(unit_ids=[1], parent_ids=[7])
    with pytest.raises(ValueError, match="cycle"):
        GroupTree.build(unit_ids=[1, 2, 3], parent_ids=[None, 3, 2])
    with pytest.raises(ValueError, match="unique"):
        GroupTree.build(unit_ids=[1, 1], parent_ids=[None, None])
    tree = GroupTree.build(unit_ids=[1, 2], parent_ids=[None, 1])
    with pytest.raises(ValueError, match="expected 2 counts"):
        shown_mask(tree=tree, direct_counts=[1, 2, 3])
    with pytest.raises(ValueError, match="negative"):
        shown_mask(tree=tree, direct_counts=[-1, 9])
    assert tree.subtree_counts([3, 4]).tolist() == [7, 4]


def test_comment_threshold() -> None:
    assert DEFAULT_COMMENT_THRESHOLD == 10
    # Scores: all shown. Comments: B (9) is too small, and P's comments minus A's
    # would be B's, so A's comments are hidden as well.
    tree = GroupTree.build(unit_ids=[1, 2, 3], parent_ids=[None, 1, 1])
    assert shown_mask(tree=tree, direct_counts=[0, 12, 9]).tolist() == [True, True, True]
    assert comment_mask(tree=tree, direct_counts=[0, 12, 9]).tolist() == [True, False, False]


@st.composite
def unit_trees(draw: st.DrawFn) -> tuple[list[int], list[int | None], list[int], int]:
    """Up to 30 units, at most 4 levels deep, listed in random order with random ids."""
    size = draw(st.integers(1, 30))
    parents: list[int | None] = []
    depths: list[int] = []
    for i in range(size):
        parent = draw(st.sampled_from([None, *(j for j in range(i) if depths[j] < 3)]))
        parents.append(parent)
        depths.append(0 if parent is None else depths[parent] + 1)
    ids = draw(st.permutations(range(100, 100 + 7 * size, 7)))
    order = draw(st.permutations(range(size)))
    unit_ids = [ids[i] for i in order]
    parent_ids = [None if parents[i] is None else ids[parents[i]] for i in order]  # type: ignore[index]
    counts = draw(st.lists(st.integers(0, 30), min_size=size, max_size=size))
    return unit_ids, parent_ids, counts, draw(st.integers(3, 10))


def subtree_total(unit: int, children: dict[int | None, list[int]], direct: dict[int, int]) -> int:
    return direct[unit] + sum(subtree_total(c, children, direct) for c in children.get(unit, []))


@settings(max_examples=400, deadline=None)
@given(unit_trees())
def test_nothing_below_k_is_shown_or_derivable(
    case: tuple[list[int], list[int | None], list[int], int],
) -> None:
    unit_ids, parent_ids, counts, k = case
    tree = GroupTree.build(unit_ids=unit_ids, parent_ids=parent_ids)
    shown = shown_groups(tree=tree, direct_counts=counts, k=k)
    parent = dict(zip(unit_ids, parent_ids, strict=True))
    direct = dict(zip(unit_ids, counts, strict=True))
    children: dict[int | None, list[int]] = {}
    for unit, up in parent.items():
        children.setdefault(up, []).append(unit)
    total = {u: subtree_total(u, children, direct) for u in unit_ids}

    # (1) every shown group has at least k respondents
    assert all(total[u] >= k for u in shown)

    # (2) under a shown parent, own respondents plus hidden children are 0 or >= k
    for p in shown:
        hidden = direct[p] + sum(total[c] for c in children.get(p, []) if c not in shown)
        assert hidden == 0 or hidden >= k, (p, hidden)

    # (2') stronger: a shown group (or the whole population, None) minus the shown
    # groups directly below it -- whatever lies between -- is 0 or >= k.
    def nearest_shown_above(unit: int) -> int | None:
        up = parent[unit]
        while up is not None and up not in shown:
            up = parent[up]
        return up

    population_shown = sum(counts) >= k
    for group in [*shown, None] if population_shown else shown:
        size = sum(counts) if group is None else total[group]
        below = [u for u in shown if nearest_shown_above(u) == group]
        region = size - sum(total[u] for u in below)
        assert region == 0 or region >= k, (group, region)


@settings(max_examples=200, deadline=None)
@given(unit_trees())
def test_comment_groups_are_safe_for_scores_too(
    case: tuple[list[int], list[int | None], list[int], int],
) -> None:
    unit_ids, parent_ids, counts, _ = case
    tree = GroupTree.build(unit_ids=unit_ids, parent_ids=parent_ids)
    comments = comment_mask(tree=tree, direct_counts=counts)
    totals = tree.subtree_counts(counts)
    assert bool((totals[comments] >= DEFAULT_COMMENT_THRESHOLD).all())
