"""The two registers' verbs: initiatives and the decisions that affect a supplier.

Like every practice verb they validate, write and raise ``ValidationError`` with a
translated message that says what to fix.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from genuinecare.people.models import Organisation, Person
from genuinecare.practice import phrases
from genuinecare.practice.enums import StakeholderType
from genuinecare.practice.models import Initiative, Stakeholder, SupplierImpact


def save_initiative(
    *,
    organisation: Organisation,
    initiative: Initiative | None = None,
    name: str,
    sponsor: Person | None,
    business_case: str,
    end_customer_impact: str,
    affects_end_customers: bool,
    affects_internal_users: bool,
    affects_suppliers: bool,
) -> Initiative:
    """Create or change an initiative; it is flagged while business case or impact is empty."""
    clean_name = " ".join(name.split())
    if not clean_name:
        raise ValidationError(_("Enter a name for the initiative."))
    if sponsor is not None and sponsor.organisation_id != organisation.pk:
        raise ValidationError(phrases.CHOOSE_SPONSOR)
    target = initiative or Initiative(organisation=organisation)
    target.name = clean_name[:200]
    target.sponsor = sponsor
    target.business_case = business_case.strip()
    target.end_customer_impact = end_customer_impact.strip()
    target.affects_end_customers = affects_end_customers
    target.affects_internal_users = affects_internal_users
    target.affects_suppliers = affects_suppliers
    target.save()
    return target


def record_supplier_impact(
    *,
    owner: Person,
    supplier: Stakeholder,
    decision: str,
    revenue_effect: float,
    decided_on: dt.date,
    told_on: dt.date | None,
    today: dt.date,
) -> SupplierImpact:
    """A decision affecting a supplier; its owner keeps the supplier-update cadence."""
    if (
        supplier.type != StakeholderType.SUPPLIER
        or supplier.organisation_id != owner.organisation_id
    ):
        raise ValidationError(phrases.CHOOSE_SUPPLIER_ACCOUNT)
    _check_impact_dates(decided_on=decided_on, told_on=told_on, today=today)
    if not decision.strip():
        raise ValidationError(_("Describe the decision."))
    return SupplierImpact.objects.create(
        organisation_id=owner.organisation_id,
        supplier=supplier,
        owner=owner,
        decision=" ".join(decision.split())[:300],
        revenue_effect=revenue_effect,
        decided_on=decided_on,
        told_on=told_on,
    )


def _check_impact_dates(*, decided_on: dt.date, told_on: dt.date | None, today: dt.date) -> None:
    if decided_on > today or (told_on is not None and told_on > today):
        raise ValidationError(_("Dates cannot lie in the future."))
    if told_on is not None and told_on < decided_on:
        raise ValidationError(_("The supplier was told before the decision? Check both dates."))


def update_supplier_impact(
    *, impact: SupplierImpact, told_on: dt.date | None, closed_on: dt.date | None, today: dt.date
) -> SupplierImpact:
    """Record when the supplier was told and when the impact closed."""
    _check_impact_dates(decided_on=impact.decided_on, told_on=told_on, today=today)
    if closed_on is not None and (closed_on > today or closed_on < impact.decided_on):
        raise ValidationError(_("Close the impact on a day between the decision and today."))
    impact.told_on = told_on
    impact.closed_on = closed_on
    impact.save(update_fields=["told_on", "closed_on"])
    return impact
