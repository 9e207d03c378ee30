"""The release ledger's storage: one ledger per scope.

A scope is the set of answers that figures are computed from: one survey wave,
or one organisation's follow-ups. What is stored reveals nothing about anyone:
part numbers per atom (never answers) and batch numbers drawn at random (so they
do not order answers in time); no dates, no times.
"""

import secrets

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
