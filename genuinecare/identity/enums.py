from django.db import models
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    """Why an activation e-mail was sent."""

    ADMIN = "admin", _("Invited by an admin")
    IMPORT = "import", _("Invited with the people import")
    SETUP = "setup", _("First admin of a new organisation")
    DIGEST = "digest", _("Instead of the first weekly digest")


class End(models.TextChoices):
    """How an activation link stopped working before it expired ("" while it works)."""

    OPEN = "", _("Open")
    USED = "used", _("Used")
    REVOKED = "revoked", _("Revoked")
    REPLACED = "replaced", _("Replaced by a newer link")


class SignIn(models.TextChoices):
    """Where a person stands with signing in, as the person page shows it."""

    NOT_INVITED = "not_invited", _("Not invited")
    INVITED = "invited", _("Invited")
    EXPIRED = "expired", _("Invitation expired")
    REVOKED = "revoked", _("Invitation revoked")
    NEVER_SIGNED_IN = "never_signed_in", _("Active, never signed in")
    ACTIVE = "active", _("Active")


class SsoRequirement(models.TextChoices):
    """Who must sign in through the organisation's own provider instead of a password."""

    OPTIONAL = "optional", _("Optional: a password works too")
    LEADERS = "leaders", _("Required for leaders and admins")
    EVERYONE = "everyone", _("Required for everyone")


class TwoFactors(models.TextChoices):
    """Who in an organisation must sign in with a second factor (``SignInPolicy.require_mfa``)."""

    NOBODY = "nobody", _("Nobody (everyone may add one)")
    LEADERS = "leaders", _("Leaders and admins")
    EVERYONE = "everyone", _("Everyone who signs in")
