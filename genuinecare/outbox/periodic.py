"""Scheduled work that rides on ``care worker``.

An app that has work to do on a schedule (reminders, weekly digests) puts a
``tasks.py`` module next to its models with a function ``run_due(*, now)``
that queues whatever is due and is safe to call as often as it likes
(idempotent). The worker calls every such function once per round.
"""

from collections.abc import Callable
from datetime import datetime
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps

Task = Callable[..., object]


def scheduled_tasks() -> list[Task]:
    """Every app's ``tasks.run_due``, found by module name, in app order."""
    tasks: list[Task] = []
    for config in apps.get_app_configs():
        module_name = f"{config.name}.tasks"
        if config.name.startswith("genuinecare.") and find_spec(module_name) is not None:
            tasks.append(import_module(module_name).run_due)
    return tasks


def run_scheduled(*, now: datetime) -> None:
    """Run every app's scheduled work once, as of ``now``."""
    for task in scheduled_tasks():
        task(now=now)
