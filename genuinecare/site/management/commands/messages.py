import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

import genuinecare

PACKAGE = Path(genuinecare.__file__).resolve().parent


def _make_messages(root: Path) -> None:
    """Refresh the German catalogs below root: each app with a locale folder keeps its own."""
    with contextlib.chdir(root):
        call_command("makemessages", locale=["de"], no_location=True, verbosity=0)


def _incomplete(root: Path) -> list[str]:
    problems = []
    for po in sorted(root.rglob("locale/de/LC_MESSAGES/django.po")):
        result = subprocess.run(  # noqa: S603 - fixed tool, our own file
            ["msgfmt", "--check", "--statistics", "-o", os.devnull, str(po)],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
        )
        stats = result.stderr.strip()
        if result.returncode or "untranslated" in stats or "fuzzy" in stats:
            problems.append(f"{po.relative_to(root)}: {stats}")
    return problems


class Command(BaseCommand):
    help = "Refresh the German translation catalogs (--check: only report what is missing)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Fail if any string in the code lacks a German translation; changes nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["check"]:
            _make_messages(PACKAGE)
            self.stdout.write("Catalogs refreshed; translate the new entries in the .po files.")
            return
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "genuinecare"
            shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
            _make_messages(copy)
            problems = _incomplete(copy)
        if problems:
            raise CommandError("German translations are incomplete:\n" + "\n".join(problems))
        self.stdout.write("translations: complete")
