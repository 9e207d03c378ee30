from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeState(models.TextChoices):
    """Where a provisioning change stands: applied, or held by the safety valve."""

    APPLIED = "applied", _("Applied")
    HELD = "held", _("Waiting for confirmation")
    DISCARDED = "discarded", _("Discarded")
    FAILED = "failed", _("Could not be applied")
