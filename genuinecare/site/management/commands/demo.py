from collections.abc import Callable
from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from genuinecare.journey import demo as journey_demo
from genuinecare.mirror import demo as mirror_demo
from genuinecare.people.demo import ADMIN_EMAIL, DEMO_PASSWORD, LEADER_EMAIL, seed_organisation
from genuinecare.people.models import Organisation
from genuinecare.practice import demo as practice_demo
from genuinecare.surveys import demo as surveys_demo

# Every app's demo data, in the order it is loaded once the people of Lindenhof Logistics exist.
# An app with demo data adds its ``seed(organisation)`` here.
SEEDS: tuple[Callable[[Organisation], None], ...] = (
    practice_demo.seed,
    surveys_demo.seed,
    mirror_demo.seed,
    journey_demo.seed,
)


class Command(BaseCommand):
    help = "Load the demo organisation into an empty database (running it again changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        if Organisation.objects.exists():
            self.stdout.write("The database already holds organisations; the demo was not loaded.")
        else:
            with transaction.atomic():
                organisation = seed_organisation()
                for seed in SEEDS:
                    seed(organisation)
            self.stdout.write(self.style.SUCCESS(f"Demo organisation “{organisation}” loaded."))
        self.stdout.write(
            "Sign in at http://127.0.0.1:8000/ as\n"
            f"  organisation admin: {ADMIN_EMAIL} / {DEMO_PASSWORD}\n"
            f"  leader (CIO):       {LEADER_EMAIL} / {DEMO_PASSWORD}"
        )
