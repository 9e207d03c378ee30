from importlib import import_module
from importlib.util import find_spec
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from genuinecare.people.demo import ADMIN_EMAIL, DEMO_PASSWORD, LEADER_EMAIL, seed_organisation
from genuinecare.people.models import Organisation


class Command(BaseCommand):
    help = "Load the demo organisation into an empty database (running it again changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.exists():
            self.stdout.write("The database already holds organisations; the demo was not loaded.")
        else:
            with transaction.atomic():
                organisation = seed_organisation()
                for config in apps.get_app_configs():
                    module = f"{config.name}.demo"
                    ours = config.name.startswith("genuinecare.") and config.label != "people"
                    if ours and find_spec(module) is not None:
                        import_module(module).seed(organisation)
            self.stdout.write(self.style.SUCCESS(f"Demo organisation “{organisation}” loaded."))
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000/ as\n"
            f"  organisation admin: {ADMIN_EMAIL} / {DEMO_PASSWORD}\n"
            f"  leader (CIO):       {LEADER_EMAIL} / {DEMO_PASSWORD}"
        )
