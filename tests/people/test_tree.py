"""Unit paths as people write them: "/" between levels, "//" for a slash inside a name."""

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
    "names", [("Sales", "DACH"), ("Engineering", "R/D"), ("Sales/Marketing",), ("A/", "B")]
)
def test_a_formatted_path_reads_back_as_the_same_names(names: tuple[str, ...]) -> None:
    assert tuple(split_path(format_path(names))) == names


def test_a_unit_whose_name_has_a_slash_is_one_level_of_the_tree() -> None:
    tree = UnitTree([Node(1, None, "Engineering"), Node(2, 1, "R/D"), Node(3, 2, "Lab")])
    assert tree.names(3) == ("Engineering", "R/D", "Lab")
    assert tree.path(3) == "Engineering/R//D/Lab"
    assert folded_paths(tree) == {
        ("engineering",): 1,
        ("engineering", "r/d"): 2,
        ("engineering", "r/d", "lab"): 3,
    }
