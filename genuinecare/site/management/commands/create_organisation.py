from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from genuinecare.people.actions import create_organisation


class Command(BaseCommand):
    help = "Create an organisation and its first admin: care create-organisation NAME --admin EMAIL"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--admin", required=True, help="E-mail address of the first admin.")
        parser.add_argument("--admin-name", default="", help="The admin's name.")
        parser.add_argument("--short-name", default="", help="Used in addresses (/o/SHORT-NAME/).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = create_organisation(
                name=options["name"],
                slug=options["short_name"],
                admin_email=options["admin"],
                admin_name=options["admin_name"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(
            f"Organisation “{organisation.name}” created at /o/{organisation.slug}/.\n"
            f"{options['admin'].strip().lower()} is its admin: they choose a password with "
            "“Forgot your password?” on the sign-in page."
        )
