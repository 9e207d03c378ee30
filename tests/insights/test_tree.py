"""The one unit tree, against values worked out by hand on a small organisation.

    position  id  name       parent
    0         1   Acme       -
    1         2   sales      Acme
    2         3   IT         Acme
    3         4   Nordics    sales
    4         5   DACH       sales
    5         9   Archive    -

Siblings are listed by name, case ignored: Acme's children are IT, sales;
sales' children are DACH, Nordics; the roots are Acme, Archive.
"""

import numpy as np
import pytest

from genuinecare.insights.tree import GroupTree


@pytest.fixture
def tree() -> GroupTree:
    return GroupTree.build(
        unit_ids=[1, 2, 3, 4, 5, 9],
        parent_ids=[None, 1, 1, 2, 2, None],
        names=["Acme", "sales", "IT", "Nordics", "DACH", "Archive"],
    )


def test_walks_list_parents_first_siblings_by_name(tree: GroupTree) -> None:
    assert tree.roots == [0, 5]
    assert tree.children == ((2, 1), (4, 3), (), (), (), ())
    assert tree.preorder() == [0, 2, 1, 4, 3, 5]
    assert tree.listed() == [(0, 0), (2, 1), (1, 1), (4, 2), (3, 2), (5, 0)]
    assert [tree.depth(p) for p in range(6)] == [0, 1, 1, 2, 2, 0]
    assert tree.subtree(1) == [1, 4, 3]
    assert tree.subtree_mask(1).tolist() == [False, True, False, True, True, False]


def test_paths_and_ancestors(tree: GroupTree) -> None:
    assert tree.ancestors(3) == [3, 1, 0]
    assert tree.path(3) == ("Acme", "sales", "Nordics")
    assert tree.path(5) == ("Archive",)


def test_positions_of_ids(tree: GroupTree) -> None:
    assert tree.position(9) == 5
    assert tree.positions_of([9, 1, 4, 4]).tolist() == [5, 0, 3, 3]
    assert tree.positions_of([7, 2], missing=6).tolist() == [6, 1]
    assert tree.positions_of([]).tolist() == []
    with pytest.raises(ValueError, match="unit 7 is not in the tree"):
        tree.positions_of([2, 7])
    with pytest.raises(KeyError):
        tree.position(7)


def test_subtree_sums_add_everyone_below(tree: GroupTree) -> None:
    direct = np.array([1, 2, 3, 4, 5, 6])
    # Acme: 1 + sales (2 + 4 + 5) + IT 3 = 15; sales: 11; Archive: 6.
    assert tree.subtree_sums(direct).tolist() == [15, 11, 3, 4, 5, 6]
    assert tree.subtree_counts([1, 2, 3, 4, 5, 6]).tolist() == [15, 11, 3, 4, 5, 6]
    columns = np.array([[1.0, 0.5], [0, 0], [2, 0], [0, 1], [1, 1], [3, 3]])
    assert tree.subtree_sums(columns).tolist() == [
        [4.0, 2.5],
        [1.0, 2.0],
        [2.0, 0.0],
        [0.0, 1.0],
        [1.0, 1.0],
        [3.0, 3.0],
    ]
    assert direct.tolist() == [1, 2, 3, 4, 5, 6]  # the input stays as it was
    with pytest.raises(ValueError, match="expected 6 rows"):
        tree.subtree_sums(np.zeros(5))


def test_row_sums_add_respondents_up_their_tree(tree: GroupTree) -> None:
    # Three respondents: in Nordics, in Nordics, in IT.
    positions = np.array([3, 3, 2], dtype=np.intp)
    rows = np.array([[4.0, 1.0], [5.0, 0.0], [2.0, 1.0]])
    assert tree.row_sums(positions, rows).tolist() == [
        [11.0, 2.0],
        [9.0, 1.0],
        [2.0, 1.0],
        [9.0, 1.0],
        [0.0, 0.0],
        [0.0, 0.0],
    ]


def test_shown_below_marks_the_way_down_to_shown_groups(tree: GroupTree) -> None:
    assert tree.shown_below({4}).tolist() == [True, True, False, False, False, False]
    assert tree.shown_below({0, 5}).tolist() == [False] * 6


def test_a_root_in_front_moves_every_unit_up_one(tree: GroupTree) -> None:
    grown = tree.with_root(0)
    assert grown.unit_ids == (0, 1, 2, 3, 4, 5, 9)
    assert grown.parents == (-1, -1, 1, 1, 2, 2, -1)
    assert grown.names[0] == ""
    assert grown.roots == [0, 1, 6]
    assert grown.path(4) == ("Acme", "sales", "Nordics")


def test_broken_trees_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown parent"):
        GroupTree.build(unit_ids=[1], parent_ids=[7])
    with pytest.raises(ValueError, match="cycle"):
        GroupTree.build(unit_ids=[1, 2, 3], parent_ids=[None, 3, 2])
    with pytest.raises(ValueError, match="unique"):
        GroupTree.build(unit_ids=[1, 1], parent_ids=[None, None])
    with pytest.raises(ValueError, match="parent ids or names"):
        GroupTree.build(unit_ids=[1, 2], parent_ids=[None, 1], names=["A"])
