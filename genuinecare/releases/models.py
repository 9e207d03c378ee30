"""The release ledger's storage: one ledger per scope, the last allowed version per figure.

A scope is the set of answers that figures are computed from: one survey wave,
or one organisation's follow-ups. What is stored reveals nothing about anyone:
part numbers per atom (never answers), batch numbers drawn at random (so they
do not order answers in time), and for each figure the groups and batches it
covered when last shown, with the date only.
"""

import secrets
import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def new_batch() -> int:
    """A random batch number: batches must not be orderable by their number."""
    return secrets.randbits(62) + 1


class Ledger(models.Model):
    """What has been released of one scope, as a partition of its atoms per track."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    scope = models.CharField(max_length=60)
    # The batch that answers stored from now on join; replaced whenever a release
    # includes it, so later answers can always be told apart from those shown.
    batch = models.BigIntegerField(default=new_batch)
    tracks = models.JSONField(default=list)
    state = models.BinaryField(default=b"")

    class Meta:
        verbose_name = _("release ledger")
        verbose_name_plural = _("release ledgers")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "scope"], name="ledger_once_per_scope")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.scope}"


class Release(models.Model):
    """The last allowed version of one figure (a group's results, a count, comments)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ledger = models.ForeignKey(Ledger, on_delete=models.CASCADE, related_name="releases")
    name = models.CharField(max_length=200)
    groups = models.JSONField(default=list)
    batches = models.JSONField(default=list)
    respondents = models.PositiveIntegerField()
    tracks = models.JSONField(default=list)  # the tracks that were shown with it
    released_on = models.DateField()

    class Meta:
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            models.UniqueConstraint(fields=["ledger", "name"], name="release_once_per_name")
        ]

    def __str__(self) -> str:
        return self.name
