"""Import customer, supplier and other accounts from CSV, through the shared import flow.

What is the account import's own: its columns, reading a row (checked like an
account added by hand), and matching by type and name without case, so
importing the same file twice changes nothing; a changed circle, e-mail domain,
contact or language updates the account.
"""

from collections.abc import Hashable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from genuinecare.lib.csvfile import RowError
from genuinecare.people import imports
from genuinecare.people.imports.records import PlannedRecord, RecordImporter
from genuinecare.practice.actions import check_account
from genuinecare.practice.enums import Circle, StakeholderType
from genuinecare.practice.models import Stakeholder

LAYOUT = imports.CsvLayout(
    columns={
        "name": ("account", "firma", "konto"),
        "type": ("typ", "art"),
        "circle": ("kreis",),
        "email_domains": ("domains", "domain", "e-mail domains", "e-mail-domains"),
        "contact_email": ("contact", "e-mail", "email", "kontakt"),
        "language": ("sprache",),
    },
    required=("name", "type"),
    key="name",
)
TYPE_WORDS = {
    "customer": StakeholderType.CUSTOMER,
    "kunde": StakeholderType.CUSTOMER,
    "supplier": StakeholderType.SUPPLIER,
    "lieferant": StakeholderType.SUPPLIER,
    "other": StakeholderType.OTHER,
    "sonstige": StakeholderType.OTHER,
}


@dataclass(slots=True, kw_only=True)
class PlannedAccount(PlannedRecord[Stakeholder]):
    type: StakeholderType
    name: str
    circle: str
    domains: str
    email: str
    language: str

    @property
    def type_label(self) -> str:
        return str(self.type.label)

    @property
    def values(self) -> tuple[str, str, str, str]:
        return (self.circle, self.domains, self.email, self.language)


def _choice_error(row: int, cells: imports.Cells) -> RowError | None:
    if cells.get("type", "").strip().casefold() not in TYPE_WORDS:
        return RowError(
            row,
            "type",
            _("“%(value)s” is not a type. Use customer, supplier or other.")
            % {"value": cells.get("type", "")},
        )
    circle = cells.get("circle", "").strip().casefold()
    if circle and circle not in Circle.values:
        return RowError(
            row,
            "circle",
            _("“%(value)s” is not a circle. Use one of: %(allowed)s.")
            % {"value": cells["circle"], "allowed": ", ".join(Circle.values)},
        )
    if (cells.get("language", "").strip().casefold() or "en") not in ("en", "de"):
        return RowError(row, "language", _("Use en or de for the language."))
    return None


class AccountImporter(RecordImporter[PlannedAccount, Stakeholder]):
    """Accounts (stakeholders that are not people) matched by type and name."""

    kind = "accounts"
    layout = LAYOUT
    model = Stakeholder
    update_fields = ("circle", "email_domains", "contact_email", "contact_language")

    def read_row(
        self, row: int, cells: imports.Cells, errors: imports.Errors
    ) -> PlannedAccount | None:
        problem = _choice_error(row, cells)
        if problem is not None:
            errors.append(problem)
            return None
        kind = TYPE_WORDS[cells["type"].strip().casefold()]
        try:
            name, circle, domains, email = check_account(
                type=kind,
                name=cells.get("name", ""),
                circle=cells.get("circle", "").strip().casefold(),
                email_domains=cells.get("email_domains", ""),
                contact_email=cells.get("contact_email", ""),
            )
        except ValidationError as invalid:
            errors.append(RowError(row, invalid.error_list[0].code or "", invalid.messages[0]))
            return None
        language = cells.get("language", "").strip().casefold() or "en"
        return PlannedAccount(
            row=row,
            type=kind,
            name=name,
            circle=circle,
            domains=domains,
            email=email,
            language=language,
        )

    def key(self, planned: PlannedAccount) -> tuple[str, str]:
        return (planned.type, planned.name.casefold())

    def stored(self) -> dict[Hashable, Stakeholder]:
        accounts = Stakeholder.objects.filter(organisation=self.organisation, person__isnull=True)
        return {
            (account.type, account.lowered): account
            for account in accounts.annotate(lowered=Lower("name"))
        }

    def unchanged(self, current: Stakeholder, planned: PlannedAccount) -> bool:
        return planned.values == (
            current.circle,
            current.email_domains,
            current.contact_email,
            current.contact_language,
        )

    def fill(self, planned: PlannedAccount) -> Stakeholder:
        account = planned.existing or Stakeholder(
            organisation=self.organisation, type=planned.type, name=planned.name
        )
        account.circle, account.email_domains = planned.circle, planned.domains
        account.contact_email, account.contact_language = planned.email, planned.language
        return account
