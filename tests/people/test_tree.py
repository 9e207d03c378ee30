"""Unit paths as people read and write them: " / " between levels, "//" for a slash in a name."""

import pytest

from genuinecare.people.tree import Node, UnitTree, folded_paths, format_path, split_path


@pytest.mark.parametrize(
    ("raw", "names"),
    [
        ("Sales/DACH/Key Accounts", ["Sales", "DACH", "Key Accounts"]),
        (" Sales / DACH /  Key   Accounts ", ["Sales", "DACH", "Key Accounts"]),
        ("Engineering/R//D", ["Engineering", "R/D"]),
        ("Engineering / R // D / Lab", ["Engineering", "R / D", "Lab"]),
        ("Sales//Marketing", ["Sales/Marketing"]),
        ("A///B", ["A/", "B"]),
        ("/Sales/", ["Sales"]),
        ("", []),
        ("  /  ", []),
    ],
)
def test_split_path(raw: str, names: list[str]) -> None:
    assert split_path(raw) == names


@pytest.mark.parametrize(
    ("names", "path"),
    [
        (("Sales", "DACH"), "Sales / DACH"),
        (("Engineering", "R/D"), "Engineering / R//D"),
        (("Sales/Marketing",), "Sales//Marketing"),
        (("A/", "B"), "A// / B"),
        (("A", "/B"), "A / //B"),
        (("R / D", "Lab"), "R // D / Lab"),
    ],
)
def test_a_formatted_path_reads_back_as_the_same_names(names: tuple[str, ...], path: str) -> None:
    assert format_path(names) == path
    assert tuple(split_path(path)) == names


def test_a_unit_whose_name_has_a_slash_is_one_level_of_the_tree() -> None:
    tree = UnitTree([Node(1, None, "Engineering"), Node(2, 1, "R/D"), Node(3, 2, "Lab")])
    assert tree.names(3) == ("Engineering", "R/D", "Lab")
    assert tree.path(3) == "Engineering / R//D / Lab"
    assert folded_paths(tree) == {
        ("engineering",): 1,
        ("engineering", "r/d"): 2,
        ("engineering", "r/d", "lab"): 3,
    }


def test_unit_tree_speaks_ids_siblings_by_name_without_case() -> None:
    tree = UnitTree(
        [
            Node(10, None, "Acme"),
            Node(11, 10, "sales"),
            Node(12, 10, "IT"),
            Node(13, 11, "Nordics"),
            Node(14, 10, "Board"),
        ]
    )
    assert tree.ordered() == [10, 14, 12, 11, 13]
    assert [tree.depth(u) for u in tree.ordered()] == [0, 1, 1, 1, 2]
    assert tree.descendants(11) == {11, 13}
    assert tree.descendants(10) == {10, 11, 12, 13, 14}
    assert tree.ancestors(13) == [13, 11, 10]
    assert tree.path(13) == "Acme / sales / Nordics"
    assert tree.child_named(10, "SALES") == 11
    assert tree.child_named(None, "acme") == 10
    assert tree.child_named(10, "Nordics") is None
