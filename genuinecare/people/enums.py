from django.db import models
from django.utils.translation import gettext_lazy as _

from genuinecare.lib.i18n import ENGLISH, GERMAN


class Role(models.TextChoices):
    """What a person may do in one organisation."""

    ADMIN = "admin", _("Organisation admin")
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member")


class Function(models.TextChoices):
    """A leader's function; the summit question counts customer contact by it."""

    CEO = "ceo", _("CEO")
    CIO = "cio", _("CIO")
    CMO = "cmo", _("CMO")
    COO = "coo", _("COO")
    CHRO = "chro", _("CHRO")
    GENERAL_COUNSEL = "general_counsel", _("General Counsel")
    SALES = "sales", _("Sales")
    OTHER = "other", _("Other")


class Language(models.TextChoices):
    """A language Genuine Care speaks: the codes of ``lib.i18n.LANGUAGE_CODES``."""

    EN = ENGLISH, _("English")
    DE = GERMAN, _("German")


class AccountType(models.TextChoices):
    """What an account is to the organisation: whom it serves, buys from or works with."""

    CUSTOMER = "customer", _("Customer")
    SUPPLIER = "supplier", _("Supplier")
    PARTNER = "partner", _("Partner")
    OTHER = "other", _("Other party")


class PrivacyRequestKind(models.TextChoices):
    """What a person asked for under data-protection law."""

    ACCESS = "access", _("Access (a copy of their data)")
    ERASURE = "erasure", _("Erasure")
