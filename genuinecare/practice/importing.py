"""The one account import: accounts with their contacts, from CSV, through the shared flow.

One row per contact (or per account, when it has none yet). A row names its account
(name and type, matched without case) and may give the account's segment, e-mail
domains, language and circle, and one contact's name, e-mail and language. The first
row of an account sets its details; later rows of the same account may leave those
cells empty, and a later row that says otherwise is refused. New accounts come onto
the practice loop as stakeholders in the same transaction. Importing the same file
twice changes nothing; contacts missing from a file stay as they are, and a stored
account keeps the spelling of its name.
"""

from collections.abc import Hashable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from genuinecare.lib.csvfile import RowError
from genuinecare.lib.i18n import parse_language_cell
from genuinecare.people import imports
from genuinecare.people.accounts import Account, Contact
from genuinecare.people.enums import AccountType, Language
from genuinecare.people.imports.cells import MAX_NAME
from genuinecare.practice.actions import ACCOUNT_CIRCLES, check_account, stakeholder_for
from genuinecare.practice.enums import Circle

LAYOUT = imports.CsvLayout(
    columns={
        "account": ("name", "firma", "konto", "company", "unternehmen"),
        "type": ("typ", "art"),
        "segment": ("segmente",),
        "email_domains": ("domains", "domain", "e-mail domains", "e-mail-domains"),
        "language": ("sprache",),
        "circle": ("kreis",),
        "contact": ("contact name", "kontakt", "ansprechpartner"),
        "email": ("e-mail", "contact e-mail", "contact_email", "mail", "e-mail-adresse"),
        "contact_language": ("contact's language", "sprache kontakt"),
    },
    required=("account", "type"),
    key="account",
)
TYPE_WORDS = {
    "customer": AccountType.CUSTOMER,
    "kunde": AccountType.CUSTOMER,
    "supplier": AccountType.SUPPLIER,
    "lieferant": AccountType.SUPPLIER,
    "partner": AccountType.PARTNER,
    "other": AccountType.OTHER,
    "sonstige": AccountType.OTHER,
}
DETAILS = ("segment", "email_domains", "language", "circle")


@dataclass(slots=True, kw_only=True)
class PlannedContact(imports.PlannedRow):
    """One row: the account's details and, if the row has an address, one contact."""

    type: AccountType
    account: str
    segment: str
    email_domains: str
    language: str
    circle: str
    contact: str
    email: str
    contact_language: str
    stored_account: Account | None = None
    stored_contact: Contact | None = None

    @property
    def type_label(self) -> str:
        return str(self.type.label)


def _account_key(planned: PlannedContact) -> tuple[str, str]:
    return (planned.type, planned.account.casefold())


def _row_error(row: int, cells: imports.Cells) -> RowError | None:
    if cells.get("type", "").strip().casefold() not in TYPE_WORDS:
        return RowError(
            row,
            "type",
            _("“%(value)s” is not a type. Use customer, supplier, partner or other.")
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
    for column in ("language", "contact_language"):
        raw = cells.get(column, "")
        if raw.strip() and parse_language_cell(raw) is None:
            return RowError(row, column, _("Write the language as en or de."))
    if len(" ".join(cells.get("segment", "").split())) > 100:
        return RowError(row, "segment", _("Shorten the segment to 100 characters or fewer."))
    if len(" ".join(cells.get("contact", "").split())) > MAX_NAME:
        message = _("Shorten the name to %(max)d characters or fewer.") % {"max": MAX_NAME}
        return RowError(row, "contact", message)
    return None


def _account_fields(planned: PlannedContact) -> dict[str, object]:
    return {
        "segment": planned.segment,
        "email_domains": planned.email_domains,
        "language": planned.language or Language.EN,
        "archived_at": None,
    }


def _contact_fields(planned: PlannedContact) -> dict[str, object]:
    language = planned.contact_language or planned.language or Language.EN
    return {"name": planned.contact, "language": language, "archived_at": None}


def _holds(record: Account | Contact, fields: dict[str, object]) -> bool:
    return all(getattr(record, name) == value for name, value in fields.items())


def _save(record: Account | Contact, fields: dict[str, object]) -> None:
    for name, value in fields.items():
        setattr(record, name, value)
    record.save()


class AccountImporter(imports.Importer[PlannedContact]):
    """Accounts matched by type and name, their contacts by account and e-mail."""

    kind = "accounts"
    layout = LAYOUT

    def read_row(
        self, row: int, cells: imports.Cells, errors: imports.Errors
    ) -> PlannedContact | None:
        problem = _row_error(row, cells)
        if problem is not None:
            errors.append(problem)
            return None
        kind = TYPE_WORDS[cells["type"].strip().casefold()]
        try:
            name, circle, domains, email = check_account(
                type=kind,
                name=cells.get("account", ""),
                circle=cells.get("circle", "").strip().casefold(),
                email_domains=cells.get("email_domains", ""),
                contact_email=cells.get("email", ""),
            )
        except ValidationError as invalid:
            code = invalid.error_list[0].code or ""
            column = {"name": "account", "contact_email": "email"}.get(code, code)
            errors.append(RowError(row, column, invalid.messages[0]))
            return None
        language = parse_language_cell(cells.get("language", "")) or ""
        contact_language = parse_language_cell(cells.get("contact_language", "")) or ""
        return PlannedContact(
            row=row,
            type=kind,
            account=name,
            segment=" ".join(cells.get("segment", "").split()),
            email_domains=domains,
            language=language,
            circle=circle if cells.get("circle", "").strip() or kind in ACCOUNT_CIRCLES else "",
            contact=" ".join(cells.get("contact", "").split()) or email,
            email=email,
            contact_language=contact_language,
        )

    def key(self, planned: PlannedContact) -> Hashable:
        return (*_account_key(planned), planned.email)

    def match(self, plan: imports.ImportPlan[PlannedContact]) -> None:
        self._settle_details(plan)
        accounts = Account.objects.filter(organisation=self.organisation).annotate(
            lowered=Lower("name")
        )
        by_name = {(a.type, a.lowered): a for a in accounts.select_related("stakeholder")}
        contacts = Contact.objects.filter(account__organisation=self.organisation)
        by_email = {(c.account_id, c.email.lower()): c for c in contacts}
        for planned in plan.rows:
            account = by_name.get((planned.type, planned.account.casefold()))
            planned.stored_account = account
            if account is None:
                continue
            contact = by_email.get((account.pk, planned.email)) if planned.email else None
            planned.stored_contact = contact
            if planned.email and contact is None:
                continue
            stakeholder = getattr(account, "stakeholder", None)
            same = (
                _holds(account, _account_fields(planned))
                and stakeholder is not None
                and planned.circle in ("", stakeholder.circle)
                and (contact is None or _holds(contact, _contact_fields(planned)))
            )
            planned.action = imports.Action.UNCHANGED if same else imports.Action.UPDATE
        plan.extra_counts["accounts"] = len({_account_key(p) for p in plan.rows})

    def _settle_details(self, plan: imports.ImportPlan[PlannedContact]) -> None:
        """Later rows of an account take its first row's details; a row that says
        otherwise is refused, naming the first row."""
        first: dict[tuple[str, str], PlannedContact] = {}
        kept = []
        for planned in plan.rows:
            account = _account_key(planned)
            earlier = first.setdefault(account, planned)
            if earlier is not planned:
                clash = self._clash(earlier, planned)
                if clash is not None:
                    plan.errors.append(clash)
                    continue
                for name in DETAILS:
                    setattr(planned, name, getattr(earlier, name))
            kept.append(planned)
        plan.rows = kept

    def _clash(self, earlier: PlannedContact, planned: PlannedContact) -> RowError | None:
        for name in DETAILS:
            value = getattr(planned, name)
            if value and value != getattr(earlier, name):
                message = _(
                    "Row %(row)d gives %(account)s “%(first)s” here. Give an account the "
                    "same details in every row, or leave them empty after its first row."
                ) % {
                    "row": earlier.row,
                    "account": planned.account,
                    "first": getattr(earlier, name),
                }
                return RowError(planned.row, name, message)
        return None

    def write(self, plan: imports.ImportPlan[PlannedContact], progress: imports.Progress) -> None:
        accounts: dict[tuple[str, str], Account] = {}
        for planned in progress(plan.changes):
            account = accounts.get(_account_key(planned))
            if account is None:
                account = self._write_account(planned)
                accounts[_account_key(planned)] = account
            if planned.email:
                self._write_contact(account, planned)

    def _write_account(self, planned: PlannedContact) -> Account:
        # A stored account keeps its spelling: names match without case.
        account = planned.stored_account or Account(
            organisation=self.organisation, type=planned.type, name=planned.account
        )
        _save(account, _account_fields(planned))
        stakeholder = stakeholder_for(account, circle=planned.circle)
        stakeholder.name = account.name
        stakeholder.circle = ACCOUNT_CIRCLES.get(account.type, planned.circle or stakeholder.circle)
        stakeholder.save()
        return account

    @staticmethod
    def _write_contact(account: Account, planned: PlannedContact) -> None:
        contact = planned.stored_contact or Contact(account=account, email=planned.email)
        _save(contact, _contact_fields(planned))
