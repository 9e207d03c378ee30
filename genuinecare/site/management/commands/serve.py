import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from genuinecare.lib.env import envint, envstr


class Command(BaseCommand):
    help = "Serve Genuine Care with gunicorn, static files included (no other web server needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=envstr("CARE_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=envint("WEB_CONCURRENCY", default=2))
        parser.add_argument("--threads", type=int, default=envint("CARE_THREADS", default=4))

    def handle(self, *args: Any, **options: Any) -> None:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("The database is not up to date. Run: care migrate")
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Genuine Care is running at http://{options['bind']}/ (Ctrl+C stops it)")
        self.stdout.flush()
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "genuinecare.wsgi:application",
            f"--bind={options['bind']}",
            f"--workers={options['workers']}",
            f"--threads={options['threads']}",
            "--access-logfile=-",
            "--logger-class=genuinecare.lib.logs.RedactingAccessLogger",
            "--graceful-timeout=20",
        ]
        os.execv(sys.executable, command)  # noqa: S606 - replaces this process with gunicorn
