"""The seam for the organisation's audit log: every security-relevant verb reports here.

The log lives on the people floor, so every floor above (sign-in, provisioning, the pulse,
practice) can record into it. Events name *what* happened to *whom* by id; they never hold
survey answers, private notes, tokens or passwords.

Until the log is stored, events go to the ``genuinecare.audit`` logger by id only.
"""

import logging

from django.db import models
from django.http import HttpRequest

from genuinecare.people.models import Organisation, Person, User

logger = logging.getLogger("genuinecare.audit")


class Event(models.TextChoices):
    # Activation (genuinecare/identity)
    INVITED = "activation.invited"
    REVOKED = "activation.revoked"
    ACTIVATED = "activation.activated"
    # Signing in, by password or single sign-on
    SIGNED_IN = "sign_in.succeeded"
    SIGN_IN_FAILED = "sign_in.failed"
    SIGN_IN_LOCKED = "sign_in.locked"
    SSO_REFUSED = "sign_in.sso_refused"
    PASSWORD_CHANGED = "password.changed"  # noqa: S105
    PASSWORD_RESET = "password.reset"  # noqa: S105
    # Two factors
    MFA_ADDED = "mfa.added"
    MFA_REMOVED = "mfa.removed"
    RECOVERY_CODES_GENERATED = "mfa.recovery_codes"
    MFA_REQUIREMENT_CHANGED = "mfa.requirement_changed"
    # Single sign-on configuration
    SSO_CONFIGURED = "sso.configured"
    SSO_REMOVED = "sso.removed"
    # Provisioning (SCIM and the people import)
    SCIM_TOKEN_CREATED = "scim.token_created"  # noqa: S105
    SCIM_TOKEN_REVOKED = "scim.token_revoked"  # noqa: S105
    SCIM_SYNC = "scim.sync"
    SYNC_HELD = "sync.held"
    SYNC_CONFIRMED = "sync.confirmed"
    SYNC_DISCARDED = "sync.discarded"
    IMPORT_APPLIED = "import.applied"
    # The organisation's people and rules
    ROLE_CHANGED = "role.changed"
    PERSON_DEACTIVATED = "person.deactivated"
    THRESHOLD_CHANGED = "threshold.changed"
    # Exports of raw responses and of personal data
    RESPONSES_EXPORTED = "export.responses"
    PERSONAL_DATA_EXPORTED = "export.personal_data"


def record(
    event: Event,
    *,
    organisation: Organisation,
    actor: Person | None = None,
    subject: Person | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> None:
    """Note that ``actor`` (None: the system or an outsider) did ``event`` in ``organisation``.

    ``subject`` is the person it was done to, if any; ``detail`` a short plain fact such as
    "member → leader" or a count (never an answer, note, token or password); ``request``, when
    given, lends the client address.
    """
    logger.info(
        "%s organisation=%s subject=%s actor=%s %s",
        event.value,
        organisation.pk,
        subject.pk if subject is not None else "-",
        actor.pk if actor is not None else "-",
        detail,
    )


def record_for_user(
    event: Event, *, user: User, detail: str = "", request: HttpRequest | None = None
) -> None:
    """Record a sign-in event in every organisation where ``user`` is a person, as that person."""
    for person in Person.objects.filter(user=user).select_related("organisation"):
        record(
            event,
            organisation=person.organisation,
            actor=person,
            subject=person,
            detail=detail,
            request=request,
        )
