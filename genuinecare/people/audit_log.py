"""The audit log's words and its one table; the verbs that write it are in ``people/audit.py``.

``Event`` names every security-relevant event and ``GROUPS`` the kinds the audit page
filters by. ``AuditEvent`` is one entry: append-only (``save`` refuses to change a stored
entry), with who acted and whom it concerned kept by id and by the e-mail address they had
at the time. The event is stored by its code without ``choices``, so naming a new event
needs no migration.
"""

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_DETAIL = 200
MAX_LABEL = 254


class Event(models.TextChoices):
    # Activation (genuinecare/identity)
    INVITED = "activation.invited", _("Invited to sign in")
    REVOKED = "activation.revoked", _("Activation link revoked")
    ACTIVATED = "activation.activated", _("Account activated")
    # Signing in, by password or single sign-on
    SIGNED_IN = "sign_in.succeeded", _("Signed in")
    SIGN_IN_FAILED = "sign_in.failed", _("Sign-in failed")
    SIGN_IN_LOCKED = "sign_in.locked", _("Sign-in locked")
    SSO_REFUSED = "sign_in.sso_refused", _("Single sign-on refused")
    PASSWORD_CHANGED = "password.changed", _("Password changed")
    PASSWORD_RESET = "password.reset", _("Password reset")
    # Two factors
    MFA_ADDED = "mfa.added", _("Second factor added")
    MFA_REMOVED = "mfa.removed", _("Second factor removed")
    RECOVERY_CODES_GENERATED = "mfa.recovery_codes", _("Recovery codes made")
    MFA_REQUIREMENT_CHANGED = "mfa.requirement_changed", _("Two-factor requirement changed")
    # Single sign-on configuration
    SSO_CONFIGURED = "sso.configured", _("Single sign-on configured")
    SSO_REMOVED = "sso.removed", _("Single sign-on removed")
    # Provisioning (SCIM and the people import)
    SCIM_TOKEN_CREATED = "scim.token_created", _("SCIM token created")
    SCIM_TOKEN_REVOKED = "scim.token_revoked", _("SCIM token revoked")
    SCIM_SYNC = "scim.sync", _("SCIM sync")
    SYNC_HELD = "sync.held", _("Sync held for confirmation")
    SYNC_CONFIRMED = "sync.confirmed", _("Held sync confirmed")
    SYNC_DISCARDED = "sync.discarded", _("Held sync discarded")
    IMPORT_APPLIED = "import.applied", _("People import applied")
    # The organisation's people and rules
    ROLE_CHANGED = "role.changed", _("Role changed")
    PERSON_DEACTIVATED = "person.deactivated", _("Person deactivated")
    THRESHOLD_CHANGED = "threshold.changed", _("Threshold changed")
    # Exports of raw responses and of personal data
    RESPONSES_EXPORTED = "export.responses", _("Raw responses exported")
    PERSONAL_DATA_EXPORTED = "export.personal_data", _("Personal data exported")


# The groups the audit page filters by: an event's group is the part of its name before
# the dot, except where a group gathers several (sign-in holds password changes too).
GROUPS: dict[str, Any] = {
    "sign_in": _("Sign-in"),
    "accounts": _("Activation and passwords"),
    "mfa": _("Two factors"),
    "sso": _("Single sign-on"),
    "provisioning": _("Provisioning"),
    "roles": _("People and roles"),
    "exports": _("Exports"),
    "thresholds": _("Thresholds"),
}
_GROUP_OF_PREFIX = {
    "sign_in": "sign_in",
    "password": "accounts",
    "activation": "accounts",
    "mfa": "mfa",
    "sso": "sso",
    "scim": "provisioning",
    "sync": "provisioning",
    "import": "provisioning",
    "role": "roles",
    "person": "roles",
    "export": "exports",
    "threshold": "thresholds",
}


def group_of(event: str) -> str:
    """The filter group an event belongs to ("" for one no group names yet)."""
    return _GROUP_OF_PREFIX.get(event.split(".", 1)[0], "")


def events_in(group: str) -> list[str]:
    """The events of one filter group, in the order ``Event`` lists them."""
    return [value for value in Event.values if group_of(value) == group]


class AuditEvent(models.Model):
    """One security-relevant event in an organisation; written once, never changed."""

    organisation = models.ForeignKey(
        "people.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    happened_at = models.DateTimeField(_("when"), default=timezone.now)
    # No ``choices``: naming a new event needs no migration. ``label`` translates it.
    event = models.CharField(_("event"), max_length=40)
    actor = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(_("by"), max_length=MAX_LABEL, blank=True)
    subject = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    subject_label = models.CharField(_("about"), max_length=MAX_LABEL, blank=True)
    detail = models.CharField(_("detail"), max_length=MAX_DETAIL, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-happened_at", "-pk"]
        indexes = [
            models.Index(fields=["organisation", "-happened_at"]),  # the audit page
            models.Index(fields=["happened_at"]),  # the purge, every round of the worker
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.happened_at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Only a new entry is saved: the log is append-only."""
        if self.pk is not None or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise ValueError("An audit event is never changed once written.")
        super().save(*args, **kwargs)

    @property
    def label(self) -> str:
        """The event's name in the reader's language (its code if ``Event`` lost it)."""
        return str(Event(self.event).label) if self.event in Event.values else self.event
