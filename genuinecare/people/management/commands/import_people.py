from typing import Any

from django.core.management.base import CommandParser

from genuinecare.people.importing import INVITE, PeopleImporter
from genuinecare.people.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import people from a CSV file (all or nothing; matched by e-mail)."
    importer = PeopleImporter

    def add_arguments(self, parser: CommandParser) -> None:
        super().add_arguments(parser)
        parser.add_argument(
            "--invite",
            action="store_true",
            help="Send everyone in the file who cannot sign in yet an activation e-mail.",
        )

    def variant(self, options: dict[str, Any]) -> str:
        return INVITE if options["invite"] else ""
