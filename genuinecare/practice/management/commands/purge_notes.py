from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from genuinecare.practice.privacy import purge_old_notes


class Command(BaseCommand):
    help = "Remove private notes older than each organisation's retention setting."

    def handle(self, *args: Any, **options: Any) -> None:
        removed = purge_old_notes(now=timezone.now())
        self.stdout.write(f"Removed {removed} private notes past their retention.")
