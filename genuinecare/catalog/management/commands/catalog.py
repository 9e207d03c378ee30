from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError

from genuinecare.catalog.reading import load_catalogs
from genuinecare.catalog.registry import catalog_dirs, load_all, version_conflicts
from genuinecare.catalog.schema import CatalogError


class Command(BaseCommand):
    help = "Check question catalogs: `care catalog check [FOLDER …]`."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check"])
        parser.add_argument("folders", nargs="*", type=Path, help="Folders to check instead.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["folders"]:
                catalogs = [c for folder in options["folders"] for c in load_catalogs(folder)]
            else:
                catalogs = load_all()
        except CatalogError as error:
            raise CommandError("Catalog check failed:\n" + str(error)) from None
        if not options["folders"]:
            try:
                conflicts = version_conflicts()
            except DatabaseError:
                conflicts = []  # no database yet: nothing has been answered
            if conflicts:
                raise CommandError("Catalog check failed:\n" + "\n".join(conflicts))
        for catalog in catalogs:
            self.stdout.write(
                f"ok  {catalog.id} v{catalog.version} ({catalog.piece}): "
                f"{len(catalog.dimensions)} dimensions, {len(catalog.items)} items"
            )
        folders = options["folders"] or catalog_dirs()
        self.stdout.write(f"{len(catalogs)} catalogs valid in {', '.join(map(str, folders))}")
