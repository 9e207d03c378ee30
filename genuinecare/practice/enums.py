from django.db import models
from django.utils.translation import gettext_lazy as _


class Circle(models.TextChoices):
    """The circles of care, from the individual outwards."""

    INDIVIDUAL = "individual", _("Individual")
    TEAM = "team", _("Team")
    ORGANISATION = "organisation", _("Organisation")
    CUSTOMER = "customer", _("Customer")
    SUPPLIER = "supplier", _("Supplier")
    COMMUNITY = "community", _("Community & planet")


class StakeholderType(models.TextChoices):
    PERSON = "person", _("Person of the organisation")
    CUSTOMER = "customer", _("Customer account")
    SUPPLIER = "supplier", _("Supplier account")
    PARTNER = "partner", _("Partner")
    OTHER = "other", _("Other party")


class CadenceMode(models.TextChoices):
    INTERVAL = "interval", _("Interval (ideal and maximum days)")
    COUNT = "count", _("Count per period")


class CadenceTarget(models.TextChoices):
    """What a cadence counts for: each stakeholder of a circle, the leader, or each open impact."""

    STAKEHOLDER = "stakeholder", _("Each stakeholder in the circle")
    LEADER = "leader", _("The leader as a whole")
    IMPACT = "impact", _("Each open supplier impact")


class ActionSource(models.TextChoices):
    WEB = "web", _("Logged in the app")
    CLI = "cli", _("Logged on the command line")
    CALENDAR = "calendar", _("Confirmed from the calendar")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")
