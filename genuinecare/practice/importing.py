"""Import customer, supplier and other accounts from CSV: every row checked, all or nothing.

Accounts are matched by type and name (without case), so importing the same file twice
changes nothing; a changed e-mail domain or contact updates the account.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from genuinecare.lib.csvfile import FileRefused, RowError, read_rows
from genuinecare.people.models import Organisation
from genuinecare.practice.actions import check_account
from genuinecare.practice.enums import Circle, StakeholderType
from genuinecare.practice.models import Stakeholder

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("account", "firma", "konto"),
    "type": ("typ", "art"),
    "circle": ("kreis",),
    "email_domains": ("domains", "domain", "e-mail domains", "e-mail-domains"),
    "contact_email": ("contact", "e-mail", "email", "kontakt"),
    "language": ("sprache",),
}
REQUIRED = ("name", "type")
TYPE_WORDS = {
    "customer": StakeholderType.CUSTOMER,
    "kunde": StakeholderType.CUSTOMER,
    "supplier": StakeholderType.SUPPLIER,
    "lieferant": StakeholderType.SUPPLIER,
    "other": StakeholderType.OTHER,
    "sonstige": StakeholderType.OTHER,
}


@dataclass(frozen=True, slots=True)
class PlannedAccount:
    row: int
    type: str
    name: str
    circle: str
    domains: str
    email: str
    language: str


@dataclass(slots=True)
class AccountPlan:
    accounts: list[PlannedAccount] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _read(row: int, cells: dict[str, str], errors: list[RowError]) -> PlannedAccount | None:
    kind = TYPE_WORDS.get(cells.get("type", "").strip().casefold())
    if kind is None:
        errors.append(
            RowError(
                row,
                "type",
                _("“%(value)s” is not a type. Use customer, supplier or other.")
                % {"value": cells.get("type", "")},
            )
        )
        return None
    circle = cells.get("circle", "").strip().casefold()
    if circle and circle not in Circle.values:
        errors.append(
            RowError(
                row,
                "circle",
                _("“%(value)s” is not a circle. Use one of: %(allowed)s.")
                % {"value": cells["circle"], "allowed": ", ".join(Circle.values)},
            )
        )
        return None
    language = cells.get("language", "").strip().casefold() or "en"
    if language not in ("en", "de"):
        errors.append(RowError(row, "language", _("Use en or de for the language.")))
        return None
    values = {"name": cells.get("name", ""), "email_domains": cells.get("email_domains", "")}
    values["contact_email"] = cells.get("contact_email", "")
    try:
        name, circle, domains, email = check_account(type=kind, circle=circle, **values)
    except ValidationError as invalid:
        errors.append(RowError(row, invalid.error_list[0].code or "", invalid.messages[0]))
        return None
    return PlannedAccount(row, kind, name, circle, domains, email, language)


def plan_accounts(*, text: str) -> AccountPlan:
    """Check every row; writes nothing."""
    plan = AccountPlan()
    first: dict[tuple[str, str], int] = {}
    try:
        for number, cells in read_rows(text, columns=COLUMNS, required=REQUIRED):
            account = _read(number, cells, plan.errors)
            if account is None:
                continue
            key = (account.type, account.name.casefold())
            if key in first:
                plan.errors.append(
                    RowError(
                        number,
                        "name",
                        _("“%(name)s” is already in row %(row)d. Keep one row per account.")
                        % {"name": account.name, "row": first[key]},
                    )
                )
                continue
            first[key] = number
            plan.accounts.append(account)
    except FileRefused as refused:
        plan.errors.append(RowError(1, "", str(refused)))
    if not plan.accounts and not plan.errors:
        plan.errors.append(RowError(2, "", _("The file has no accounts. Add one row per account.")))
    return plan


class AccountsRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def import_accounts(*, organisation: Organisation, text: str) -> dict[str, int]:
    """Create or update every account of the file, or nothing (raises AccountsRefused)."""
    plan = plan_accounts(text=text)
    if plan.errors:
        raise AccountsRefused(plan.errors)
    with transaction.atomic():
        existing = {
            (s.type, s.lowered): s
            for s in Stakeholder.objects.filter(organisation=organisation, person__isnull=True)
            .annotate(lowered=Lower("name"))
            .select_for_update()
        }
        created, updated = [], []
        for account in plan.accounts:
            found = existing.get((account.type, account.name.casefold()))
            values = (account.circle, account.domains, account.email, account.language)
            if found is None:
                created.append(
                    Stakeholder(
                        organisation=organisation,
                        type=account.type,
                        name=account.name,
                        circle=account.circle,
                        email_domains=account.domains,
                        contact_email=account.email,
                        contact_language=account.language,
                    )
                )
            elif values != (
                found.circle,
                found.email_domains,
                found.contact_email,
                found.contact_language,
            ):
                found.circle, found.email_domains, found.contact_email = values[:3]
                found.contact_language = account.language
                updated.append(found)
        Stakeholder.objects.bulk_create(created)
        Stakeholder.objects.bulk_update(
            updated, ["circle", "email_domains", "contact_email", "contact_language"]
        )
    unchanged = len(plan.accounts) - len(created) - len(updated)
    return {"created": len(created), "updated": len(updated), "unchanged": unchanged}
