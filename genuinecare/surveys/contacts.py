"""Import customer or supplier contacts from CSV, through the shared import flow.

What is the contact import's own: its columns, reading a row (name, e-mail,
company, responsible unit, language), and matching by e-mail within the kind
the uploader chose (customer or supplier contacts).
"""

from collections.abc import Hashable
from dataclasses import dataclass
from functools import cached_property

from django.utils.translation import gettext as _

from genuinecare.lib.csvfile import RowError
from genuinecare.people import imports
from genuinecare.people.access import unit_tree
from genuinecare.people.imports.cells import name_and_email
from genuinecare.people.imports.records import PlannedRecord, RecordImporter
from genuinecare.people.tree import folded, folded_paths, split_path
from genuinecare.surveys.enums import ContactKind
from genuinecare.surveys.models import Contact

LAYOUT = imports.CsvLayout(
    columns={
        "name": ("full name", "contact", "kontakt", "vollständiger name"),
        "email": ("e-mail", "mail", "e-mail address", "e-mail-adresse"),
        "company": (
            "account",
            "customer",
            "supplier",
            "firma",
            "unternehmen",
            "kunde",
            "lieferant",
        ),
        "unit": ("responsible unit", "einheit", "zuständige einheit"),
        "language": ("sprache",),
    },
    required=("name", "email"),
    key="email",
)
LANGUAGE_NAMES = {
    "en": "en",
    "english": "en",
    "englisch": "en",
    "de": "de",
    "german": "de",
    "deutsch": "de",
}


@dataclass(slots=True, kw_only=True)
class PlannedContact(PlannedRecord[Contact]):
    name: str
    email: str
    company: str
    unit_id: int | None
    language: str


class ContactImporter(RecordImporter[PlannedContact, Contact]):
    """Contacts of one kind (the upload's variant), matched by e-mail."""

    kind = "contacts"
    layout = LAYOUT
    model = Contact
    update_fields = ("name", "account", "unit", "language", "archived_at")

    @property
    def contact_kind(self) -> ContactKind:
        return ContactKind(self.variant)

    def variant_label(self) -> str:
        return str(self.contact_kind.label)

    @cached_property
    def units(self) -> dict[tuple[str, ...], int]:
        return folded_paths(unit_tree(self.organisation.pk))

    def read_row(
        self, row: int, cells: imports.Cells, errors: imports.Errors
    ) -> PlannedContact | None:
        before = len(errors)
        no_name = _("The name is empty. Enter the contact's name.")
        name, email = name_and_email(row, cells, errors, no_name=no_name)
        language = LANGUAGE_NAMES.get(cells.get("language", "").strip().casefold() or "en")
        if language is None:
            errors.append(RowError(row, "language", _("Write the language as en or de.")))
        unit_id = self._unit_id(row, cells.get("unit", ""), errors)
        if len(errors) > before:
            return None
        company = " ".join(cells.get("company", "").split())[:200]
        return PlannedContact(
            row=row,
            name=name,
            email=email,
            company=company,
            unit_id=unit_id,
            language=language or "en",
        )

    def _unit_id(self, row: int, raw: str, errors: imports.Errors) -> int | None:
        path = folded(split_path(raw))
        if not path:
            return None
        unit_id = self.units.get(path)
        if unit_id is None:
            message = _(
                "No unit “%(unit)s” exists. Write its path like Sales/DACH, or leave it empty."
            ) % {"unit": raw.strip()}
            errors.append(RowError(row, "unit", message))
        return unit_id

    def key(self, planned: PlannedContact) -> str:
        return planned.email

    def stored(self) -> dict[Hashable, Contact]:
        contacts = Contact.objects.filter(organisation=self.organisation, kind=self.contact_kind)
        return {contact.email.lower(): contact for contact in contacts}

    def unchanged(self, current: Contact, planned: PlannedContact) -> bool:
        return (
            current.name,
            current.account,
            current.unit_id,
            current.language,
            current.archived_at,
        ) == (planned.name, planned.company, planned.unit_id, planned.language, None)

    def fill(self, planned: PlannedContact) -> Contact:
        contact = planned.existing or Contact(
            organisation=self.organisation, kind=self.contact_kind, email=planned.email
        )
        contact.name, contact.account = planned.name, planned.company
        contact.unit_id, contact.language = planned.unit_id, planned.language
        contact.archived_at = None
        return contact
