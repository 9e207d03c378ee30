import logging
import signal
import time
from collections.abc import Callable
from datetime import datetime
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from genuinecare.journey import tasks as journey_tasks
from genuinecare.outbox.actions import drain, worker_name
from genuinecare.people import tasks as people_tasks
from genuinecare.practice import tasks as practice_tasks
from genuinecare.surveys import tasks as surveys_tasks

logger = logging.getLogger(__name__)

# Every app's scheduled work (reminders, digests, follow-ups, the audit log's retention).
# Each ``run_due(*, now)`` queues what is due and is safe to call as often as it likes; the
# worker calls each once per round, before sending. An app with scheduled work adds its
# ``run_due`` here.
PERIODIC: tuple[Callable[..., object], ...] = (
    people_tasks.run_due,
    practice_tasks.run_due,
    surveys_tasks.run_due,
    journey_tasks.run_due,
)


def run_periodic(*, now: datetime) -> None:
    for run_due in PERIODIC:
        run_due(now=now)


class Command(BaseCommand):
    help = "Send queued e-mail (invitations, reminders, digests, follow-ups); runs until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Send what is due, then stop.")
        parser.add_argument("--interval", type=float, default=5.0, help="Seconds between rounds.")
        parser.add_argument("--batch", type=int, default=50, help="Messages claimed at a time.")

    def handle(self, *args: Any, **options: Any) -> None:
        name = worker_name()
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write(f"Worker {name} started.")
        while True:
            try:
                run_periodic(now=timezone.now())
                counts = drain(worker=name, batch_size=options["batch"])
            except Exception:
                # One bad round (a locked database, a failing task) must not stop all e-mail.
                logger.exception("Worker round failed; trying again next round")
                counts = {"sent": 0, "failed": 0}
                if options["once"]:
                    raise
            if counts["sent"] or counts["failed"]:
                self.stdout.write(f"sent {counts['sent']}, failed {counts['failed']}")
            if options["once"] or stopping:
                break
            time.sleep(options["interval"])
