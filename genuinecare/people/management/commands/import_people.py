from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from genuinecare.lib.csvfile import FileRefused, decode
from genuinecare.lib.imports.plan import ImportRefused
from genuinecare.people.importing import PeopleImporter
from genuinecare.people.models import Organisation


class Command(BaseCommand):
    help = "Import people from a CSV file (all or nothing; matched by e-mail)."

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

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = self._organisation(options["organisation"])
        try:
            text = decode(options["file"].read_bytes())
        except OSError as error:
            raise CommandError(f"Cannot read {options['file']}: {error.strerror}") from None
        except FileRefused as refused:
            raise CommandError(str(refused)) from None

        def rows(items: Any) -> Any:
            return tqdm(items, desc="Checking rows", unit=" rows", disable=None, leave=False)

        def batches(items: Any) -> Any:
            return tqdm(items, desc="Writing people", unit=" batches", disable=None, leave=False)

        importer = PeopleImporter(organisation=organisation)
        try:
            if options["dry_run"]:
                plan = importer.plan(text, progress=rows)
                if plan.errors:
                    raise ImportRefused(plan.errors)
                summary = plan.summary
            else:
                summary = importer.apply(text, progress=rows, write_progress=batches)
        except ImportRefused as refused:
            for problem in refused.errors:
                self.stderr.write(
                    f"row {problem.row}, column {problem.column or '-'}: {problem.message}"
                )
            raise CommandError(
                f"{len(refused.errors)} problem(s) found; nothing was imported."
            ) from None
        verb = "Would import" if options["dry_run"] else "Imported"
        self.stdout.write(
            f"{verb}: {summary['created']} created, {summary['updated']} updated, "
            f"{summary['unchanged']} unchanged, {summary['units_created']} units created."
        )
