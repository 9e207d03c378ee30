from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from genuinecare.benchmarks.pulse import run


class Command(BaseCommand):
    help = "Measure the pulse on a synthetic wave (100 000 responses by default); cleans up after."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--responses", type=int, default=100_000)
        parser.add_argument("--items", type=int, default=40)
        parser.add_argument("--units", type=int, default=500)
        parser.add_argument(
            "--submissions",
            type=int,
            default=500,
            help="Real submissions through care serve on a free loopback port (0: skip).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = {name: options[name] for name in ("responses", "items", "units", "submissions")}
        run(**sizes, say=self.stdout.write)
