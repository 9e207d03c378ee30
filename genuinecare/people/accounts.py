"""Accounts and their contacts: organisation master data next to units and people.

An account is a customer, supplier, partner or other party; its contacts are the
people there whom the organisation may ask (pulse waves, follow-ups after care).
Practice follows accounts through its stakeholders; the pulse groups customer and
supplier answers by segment and account. Every write goes through the account
import (``practice.importing``) or the practice verbs.
"""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from genuinecare.people.enums import AccountType, Language


class Account(models.Model):
    """A customer, supplier, partner or other party; names are unique per type."""

    organisation = models.ForeignKey(
        "people.Organisation", on_delete=models.CASCADE, related_name="accounts"
    )
    type = models.CharField(_("type"), max_length=20, choices=AccountType.choices)
    name = models.CharField(_("name"), max_length=200)
    segment = models.CharField(
        _("segment"),
        max_length=100,
        blank=True,
        help_text=_(
            "Pulse results of customers and suppliers are grouped by segment, then account."
        ),
    )
    email_domains = models.CharField(
        _("e-mail domains"),
        max_length=500,
        blank=True,
        help_text=_("Separated by spaces, e.g. acme.com acme.de; used by the calendar import."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.EN
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("account")
        verbose_name_plural = _("accounts")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", "type", Lower("name"), name="account_unique_name_per_type"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        return self.email_domains.lower().split()


class Contact(models.Model):
    """Someone at an account who may be asked how working with the organisation feels."""

    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("account")
    )
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail address"))
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.EN
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                "account", Lower("email"), name="contact_unique_email_per_account"
            )
        ]

    def __str__(self) -> str:
        return self.name


def account_named(
    accounts: "type[Account]", *, organisation_id: int, type: str, name: str, **defaults: object
) -> Account:
    """The organisation's account of ``type`` named ``name`` (case ignored), made with
    ``defaults`` if there is none. Takes the model, so migrations pass their own."""
    name = " ".join(name.split())[:200]
    found = accounts._default_manager.filter(
        organisation_id=organisation_id, type=type, name__iexact=name
    ).first()
    if found is not None:
        return found
    return accounts._default_manager.create(
        organisation_id=organisation_id, type=type, name=name, **defaults
    )
