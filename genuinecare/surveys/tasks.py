"""Scheduled pulse work, run by ``care worker`` each round (idempotent).

Opens waves whose start has come (invitations go out), sends due reminders to
those who have not answered, and closes waves whose end has passed.
"""

from datetime import datetime

from genuinecare.surveys.actions import close_wave, open_wave, send_reminders
from genuinecare.surveys.models import Wave


def run_due(*, now: datetime) -> None:
    """Close the waves whose time is up, open those whose time has come, send the reminders due."""
    for wave in Wave.objects.filter(closed_at__isnull=True, closes_at__lte=now):
        close_wave(wave=wave, now=now)
    opening = Wave.objects.filter(
        invited_at__isnull=True, closed_at__isnull=True, opens_at__lte=now
    )
    for wave in opening:
        open_wave(wave=wave, now=now)
    running = Wave.objects.filter(closed_at__isnull=True, invited_at__isnull=False).exclude(
        reminder_days=[]
    )
    for wave in running:
        send_reminders(wave=wave, now=now)
