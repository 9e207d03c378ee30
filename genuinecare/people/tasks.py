"""Scheduled people work, run by ``care worker`` each round (idempotent).

Deletes audit-log entries older than ``CARE_AUDIT_RETENTION_DAYS``, of every organisation.
"""

from datetime import datetime

from genuinecare.people import audit


def run_due(*, now: datetime) -> None:
    """Keep the audit log within its retention."""
    audit.purge(now=now)
