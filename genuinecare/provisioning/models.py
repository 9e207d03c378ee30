from django.db import models
from django.utils.translation import gettext_lazy as _

from genuinecare.people.models import Organisation, Person
from genuinecare.provisioning.enums import ChangeState


class ScimToken(models.Model):
    """A bearer token an identity provider uses to provision one organisation's people.

    Only the SHA-256 hash is stored (``lib/tokens.py``); the admin sees the token once.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="scim_tokens"
    )
    name = models.CharField(_("name"), max_length=100)
    token_hash = models.CharField(max_length=64, unique=True)
    created_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("SCIM token")
        verbose_name_plural = _("SCIM tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class ScimUser(models.Model):
    """What SCIM knows of a person beyond the people app.

    ``payload`` keeps the client's own attributes that Genuine Care supports (name parts,
    e-mails, display name, locale, external id), so a resource reads back as it was
    written; the person's own fields always win over it. ``deleted_at``: the client
    deleted the resource; the person is deactivated and gone for SCIM, their history stays.
    """

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="scim")
    payload = models.JSONField(default=dict, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return str(self.person)


class SyncChange(models.Model):
    """A deactivation or change of address made through SCIM, applied or held.

    Applied ones count towards the safety valve's rolling window; held ones wait for an
    admin, with ``cells`` (the person as the client wants them, in import-row words),
    ``deleted`` (the client deleted the resource) and ``payload`` (its attributes).
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="sync_changes"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    deactivates = models.BooleanField(default=False)
    changes_email = models.BooleanField(default=False)
    old_email = models.EmailField(blank=True)
    new_email = models.EmailField(blank=True)
    state = models.CharField(max_length=10, choices=ChangeState.choices)
    cells = models.JSONField(default=dict, blank=True)
    payload = models.JSONField(default=dict, blank=True)
    deleted = models.BooleanField(default=False)
    detail = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.person} ({self.state})"
