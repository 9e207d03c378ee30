"""The shared shell of every ``care import-…`` command: one CSV file, one importer.

The file goes through the importer's plan and apply (all or nothing); problems are
listed on stderr by row and column and nothing is written; ``--dry-run`` only checks
and counts; large files show a tqdm progress bar on a terminal.
"""

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from genuinecare.lib.csvfile import FileRefused, decode
from genuinecare.people.imports.plan import Importer, ImportRefused
from genuinecare.people.models import Organisation


class ImportCommand(BaseCommand):
    """Subclasses name their ``importer``; its ``kind`` (e.g. "people") is what it writes."""

    importer: ClassVar[type[Importer[Any]]]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation", "-o", help="Short name of the organisation (needed if several)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only check and show counts.")

    def _organisation(self, slug: str | None) -> Organisation:
        if slug:
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                raise CommandError(f"No organisation has the short name {slug!r}.")
            return organisation
        organisations = list(Organisation.objects.all()[:2])
        if len(organisations) != 1:
            raise CommandError("Name the organisation with --organisation SHORT-NAME.")
        return organisations[0]

    def variant(self, options: dict[str, Any]) -> str:
        """The importer's variant, from options a subclass adds ("" if it has none)."""
        return ""

    def _read(self, path: Path) -> str:
        try:
            return decode(path.read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except FileRefused as refused:
            raise CommandError(str(refused)) from None

    def _run(self, importer: Importer[Any], text: str, *, dry_run: bool) -> dict[str, int]:
        def rows(items: Iterable[Any]) -> Iterable[Any]:
            return tqdm(items, desc="Checking rows", unit=" rows", disable=None, leave=False)

        def batches(items: Iterable[Any]) -> Iterable[Any]:
            desc = f"Writing {self.importer.kind}"
            return tqdm(items, desc=desc, unit=" batches", disable=None, leave=False)

        if not dry_run:
            return importer.apply(text, progress=rows, write_progress=batches)
        plan = importer.plan(text, progress=rows)
        if plan.errors:
            raise ImportRefused(plan.errors)
        return plan.summary

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self._organisation(options["organisation"])
        text = self._read(options["file"])
        try:
            summary = self._run(
                self.importer(organisation=organisation, variant=self.variant(options)),
                text,
                dry_run=options["dry_run"],
            )
        except ImportRefused as refused:
            for problem in refused.errors:
                self.stderr.write(
                    f"row {problem.row}, column {problem.column or '-'}: {problem.message}"
                )
            raise CommandError(
                f"{len(refused.errors)} problem(s) found; nothing was imported."
            ) from None
        verb = "Would import" if options["dry_run"] else "Imported"
        counts = [f"{value} {name.replace('_', ' ')}" for name, value in summary.items()]
        self.stdout.write(f"{verb}: {', '.join(counts)}.")
