"""The seam for the organisation's audit log: every activation verb reports here.

Until the audit log exists, events go to the ``genuinecare.identity`` logger by id
only (no address, no token), so they can already be followed in the server log.
"""

import logging

from django.db import models

from genuinecare.people.models import Person

logger = logging.getLogger("genuinecare.identity")


class Event(models.TextChoices):
    INVITED = "activation.invited"
    REVOKED = "activation.revoked"
    ACTIVATED = "activation.activated"


def record(event: Event, *, person: Person, actor: Person | None) -> None:
    """Note that ``actor`` (None: the system) did ``event`` to ``person``'s sign-in."""
    logger.info(
        "%s organisation=%s person=%s actor=%s",
        event.value,
        person.organisation_id,
        person.pk,
        actor.pk if actor is not None else "-",
    )
