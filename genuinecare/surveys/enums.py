from django.db import models
from django.utils.translation import gettext_lazy as _

from genuinecare.people.enums import AccountType


class Audience(models.TextChoices):
    """Who a wave asks; decides who is invited and which catalog items they answer."""

    TEAM = "team", _("A leader's team (the team's mirror)")
    EMPLOYEES = "employees", _("Employees (felt-care pulse)")
    CUSTOMERS = "customers", _("Customer contacts")
    SUPPLIERS = "suppliers", _("Supplier contacts")

    @property
    def item_audience(self) -> str:
        """The catalog audience whose wording this wave's respondents read."""
        return "employees" if self in (Audience.TEAM, Audience.EMPLOYEES) else self.value


# Whose contacts a customer or supplier wave asks, and whose accounts group its answers.
ACCOUNT_TYPES = {Audience.CUSTOMERS: AccountType.CUSTOMER, Audience.SUPPLIERS: AccountType.SUPPLIER}


class Mode(models.TextChoices):
    ANONYMOUS = "anonymous", _("Anonymous: no link between invitation and response")
    CONFIDENTIAL = "confidential", _("Confidential: link kept, never shown below the thresholds")


class LinkState(models.TextChoices):
    """What an invitation link leads to."""

    OPEN = "open", _("Open")
    USED = "used", _("Already answered")
    CLOSED = "closed", _("Closed")
    NOT_YET = "not_yet", _("Not open yet")
    UNKNOWN = "unknown", _("Unknown")
