"""The floors of docs/architecture.md are a rule, not a wish: an upward import fails the build."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import genuinecare

ROOT = Path(genuinecare.__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(package: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(package.parent)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=environment,
        timeout=300,
    )


def test_an_import_back_up_or_django_in_the_pure_core_breaks_the_build(tmp_path: Path) -> None:
    copy = tmp_path / "genuinecare"
    shutil.copytree(
        ROOT / "genuinecare", copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo")
    )
    with (copy / "people" / "access.py").open("a") as people:
        people.write("\nfrom genuinecare.surveys.models import Wave  # noqa\n")
    with (copy / "catalog" / "registry.py").open("a") as catalog:
        catalog.write("\nfrom genuinecare.outbox.actions import enqueue  # noqa\n")
    with (copy / "insights" / "tree.py").open("a") as pure:
        pure.write("\nimport django  # noqa\n")

    result = _lint(copy, tmp_path)

    assert result.returncode == 1, result.stdout
    assert "Floors: no import runs back up BROKEN" in result.stdout
    assert "The pure core imports no Django BROKEN" in result.stdout
    assert "genuinecare.people.access -> genuinecare.surveys.models" in result.stdout
    assert "genuinecare.catalog.registry -> genuinecare.outbox.actions" in result.stdout
    assert "genuinecare.insights.tree -> django" in result.stdout
    assert "Contracts: 0 kept, 2 broken." in result.stdout
