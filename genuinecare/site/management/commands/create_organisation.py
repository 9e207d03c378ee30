from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from genuinecare.identity.actions import set_up_organisation
from genuinecare.practice.actions import ensure_practice


class Command(BaseCommand):
    """Starts a real organisation with its first admin and its practice ready: the kinds
    of care and the practice settings exist before anyone opens a page, and the admin's
    activation e-mail is queued, its link printed for an install without a mail server."""

    help = "Create an organisation and its first admin: care create-organisation NAME --admin EMAIL"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--admin", required=True, help="E-mail address of the first admin.")
        parser.add_argument("--admin-name", default="", help="The admin's name.")
        parser.add_argument("--short-name", default="", help="Used in addresses (/o/SHORT-NAME/).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                organisation, link = set_up_organisation(
                    name=options["name"],
                    slug=options["short_name"],
                    admin_email=options["admin"],
                    admin_name=options["admin_name"],
                )
                ensure_practice(organisation=organisation)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        admin = organisation.people.get()
        self.stdout.write(f"Organisation “{organisation.name}” created at /o/{organisation.slug}/.")
        if link is None:
            self.stdout.write(f"{admin.email} is its admin and signs in with their password.")
            return
        self.stdout.write(
            f"{admin.email} is its admin. An activation e-mail is queued (care worker sends it);\n"
            "without a mail server, open this link once to choose the password:\n"
            f"{link}"
        )
