"""The shared shell of every ``care import-…`` command: one CSV file, one importer.

The file goes through the importer's plan and apply (all or nothing); problems are
listed on stderr by row and column and nothing is written; ``--dry-run`` only checks
and counts; large files show a tqdm progress bar on a terminal. A file the safety valve
holds (``people/valve.py``) is refused until it is run again with ``--confirm-large-change``.
"""

from collections.abc import Iterable
from pathlib import Path
from typing import Any, ClassVar

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from genuinecare.lib.csvfile import FileRefused, decode
from genuinecare.people.audit import Event, record
from genuinecare.people.imports.plan import Importer, ImportRefused, LargeChangeHeld
from genuinecare.people.models import Organisation


def _counts(kind: str, summary: dict[str, int]) -> str:
    return " ".join([kind, *(f"{name}={value}" for name, value in summary.items())])


class ImportCommand(BaseCommand):
    """Subclasses name their ``importer``; its ``kind`` (e.g. "people") is what it writes."""

    importer: ClassVar[type[Importer[Any]]]

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--organisation", "-o", help="Short name of the organisation (needed if several)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Only check and show counts.")
        parser.add_argument(
            "--confirm-large-change",
            action="store_true",
            help="Apply a file that deactivates or re-addresses many people (after checking it).",
        )

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

    def _run(
        self, importer: Importer[Any], text: str, *, dry_run: bool, confirmed: bool
    ) -> dict[str, int]:
        def rows(items: Iterable[Any]) -> Iterable[Any]:
            return tqdm(items, desc="Checking rows", unit=" rows", disable=None, leave=False)

        def batches(items: Iterable[Any]) -> Iterable[Any]:
            desc = f"Writing {self.importer.kind}"
            return tqdm(items, desc=desc, unit=" batches", disable=None, leave=False)

        if not dry_run:
            return importer.apply(
                text, progress=rows, write_progress=batches, confirmed_large_change=confirmed
            )
        plan = importer.plan(text, progress=rows)
        if plan.errors:
            raise ImportRefused(plan.errors)
        change = importer.large_change(plan)
        if change is not None and change.held:
            self.stdout.write(
                f"This file would {change.describe()}: applying it needs --confirm-large-change."
            )
        return plan.summary

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self._organisation(options["organisation"])
        text = self._read(options["file"])
        importer = self.importer(organisation=organisation, variant=self.variant(options))
        confirmed = options["confirm_large_change"]
        try:
            summary = self._run(importer, text, dry_run=options["dry_run"], confirmed=confirmed)
        except LargeChangeHeld as held:
            record(
                Event.SYNC_HELD, organisation=organisation, detail=f"import {held.change.detail}"
            )
            raise CommandError(
                f"This file would {held.change.describe()}; nothing was imported. Check the "
                "file, then run the command again with --confirm-large-change."
            ) from None
        except ImportRefused as refused:
            for problem in refused.errors:
                self.stderr.write(
                    f"row {problem.row}, column {problem.column or '-'}: {problem.message}"
                )
            raise CommandError(
                f"{len(refused.errors)} problem(s) found; nothing was imported."
            ) from None
        if not options["dry_run"]:
            record(
                Event.IMPORT_APPLIED,
                organisation=organisation,
                detail=_counts(importer.kind, summary),
            )
            change = importer.last_large_change
            if change is not None and change.held:
                record(
                    Event.SYNC_CONFIRMED,
                    organisation=organisation,
                    detail=f"import {change.detail}",
                )
        verb = "Would import" if options["dry_run"] else "Imported"
        counts = [f"{value} {name.replace('_', ' ')}" for name, value in summary.items()]
        self.stdout.write(f"{verb}: {', '.join(counts)}.")
