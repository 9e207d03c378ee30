"""The journey's scheduled work, run by ``care worker`` each round (idempotent).

Makes the team pulses that have come due (a promise due, an experiment ended, a step
done 30 days ago) and sends those not sent yet; running it again sends nothing new.
Once a pulse has closed, its invitations let go of the people they were for.
"""

from datetime import datetime

from genuinecare.journey.pulses import create_due, forget_closed, send_due


def run_due(*, now: datetime) -> None:
    """Make the pulses due, invite the team to those not sent yet, forget who was asked
    once a pulse has closed."""
    create_due(now=now)
    send_due(now=now)
    forget_closed(now=now)
