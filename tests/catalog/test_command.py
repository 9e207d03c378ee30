"""`care catalog check`: passes on the shipped catalogs, fails precisely on a broken copy."""

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.catalog.test_schema import DATA, broken_copy


def test_check_passes_on_the_shipped_catalogs() -> None:
    out = StringIO()

    call_command("catalog", "check", str(DATA), stdout=out)

    lines = out.getvalue().splitlines()
    assert "ok  care v2 (care): 15 dimensions, 66 items" in lines
    assert "ok  suppliers v1 (pulse): 5 dimensions, 15 items" in lines
    assert lines[-1] == f"6 catalogs valid in {DATA}"


def test_check_fails_on_a_broken_copy_naming_file_item_and_problem(tmp_path: Path) -> None:
    for path in DATA.glob("*.toml"):
        shutil.copy(path, tmp_path)
    broken_copy(
        tmp_path, "care.toml", ('scale = "agree5"', 'scale = "agree7"'), item="cared_for_e2"
    )

    with pytest.raises(CommandError) as failed:
        call_command("catalog", "check", str(tmp_path), stdout=StringIO())

    assert str(failed.value) == (
        "Catalog check failed:\n"
        "care.toml: item 'cared_for_e2': 'scale' must be one of agree5, ltr11, open; got 'agree7'\n"
        "care.toml: dimension 'cared_for': a scored dimension needs at least 3 agree5 items "
        "per audience; audience 'employees' has 2"
    )
