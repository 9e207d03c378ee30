"""Import customer or supplier contacts from CSV, through the shared import flow.

What is the contact import's own: its columns, reading a row (name, e-mail,
company, responsible unit, language), and matching by e-mail within the kind
the uploader chose (customer or supplier contacts).
"""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from genuinecare.lib.csvfile import RowError
from genuinecare.lib.imports.plan import Action, Importer, ImportPlan, PlannedRow, Progress
from genuinecare.people.access import unit_tree
from genuinecare.people.actions import clean_person_email
from genuinecare.people.tree import folded, folded_paths, split_path
from genuinecare.surveys.enums import ContactKind
from genuinecare.surveys.models import Contact

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("full name", "contact", "kontakt", "vollständiger name"),
    "email": ("e-mail", "mail", "e-mail address", "e-mail-adresse"),
    "company": ("account", "customer", "supplier", "firma", "unternehmen", "kunde", "lieferant"),
    "unit": ("responsible unit", "einheit", "zuständige einheit"),
    "language": ("sprache",),
}
REQUIRED = ("name", "email")
LANGUAGE_NAMES = {
    "en": "en",
    "english": "en",
    "englisch": "en",
    "de": "de",
    "german": "de",
    "deutsch": "de",
}
FIELDS = ["name", "account", "unit", "language", "archived_at"]


@dataclass(slots=True, kw_only=True)
class PlannedContact(PlannedRow):
    name: str
    email: str
    company: str
    unit_id: int | None
    language: str
    existing: Contact | None = None


class ContactImporter(Importer[PlannedContact]):
    """Contacts of one kind (the upload's variant), matched by e-mail."""

    kind = "contacts"
    columns = COLUMNS
    required = REQUIRED
    key_column = "email"
    duplicate_message = gettext_lazy(
        "%(value)s is already in row %(row)d. Keep one row per contact."
    )
    empty_message = gettext_lazy("The file has no contacts. Add one row per contact.")

    @property
    def contact_kind(self) -> ContactKind:
        return ContactKind(self.variant)

    def variant_label(self) -> str:
        return str(self.contact_kind.label)

    @cached_property
    def units(self) -> dict[tuple[str, ...], int]:
        return folded_paths(unit_tree(self.organisation.pk))

    def read_row(
        self, row: int, cells: dict[str, str], errors: list[RowError]
    ) -> PlannedContact | None:
        before = len(errors)
        name = " ".join(cells.get("name", "").split())
        if not name:
            errors.append(RowError(row, "name", _("The name is empty. Enter the contact's name.")))
        try:
            email = clean_person_email(cells.get("email", ""))
        except ValidationError as invalid:
            errors.append(RowError(row, "email", invalid.messages[0]))
            email = ""
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

    def _unit_id(self, row: int, raw: str, errors: list[RowError]) -> int | None:
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

    def _stored(self) -> dict[str, Contact]:
        contacts = Contact.objects.filter(organisation=self.organisation, kind=self.contact_kind)
        return {contact.email.lower(): contact for contact in contacts}

    def match(self, plan: ImportPlan[PlannedContact]) -> None:
        stored = self._stored()
        for planned in plan.rows:
            current = planned.existing = stored.get(planned.email)
            if current is None:
                continue
            same = (
                current.name,
                current.account,
                current.unit_id,
                current.language,
                current.archived_at,
            ) == (planned.name, planned.company, planned.unit_id, planned.language, None)
            planned.action = Action.UNCHANGED if same else Action.UPDATE

    def write(self, plan: ImportPlan[PlannedContact], progress: Progress) -> None:
        new, changed = [], []
        for planned in plan.rows:
            contact = planned.existing or Contact(
                organisation=self.organisation, kind=self.contact_kind, email=planned.email
            )
            contact.name, contact.account = planned.name, planned.company
            contact.unit_id, contact.language = planned.unit_id, planned.language
            contact.archived_at = None
            if planned.action == Action.CREATE:
                new.append(contact)
            elif planned.action == Action.UPDATE:
                changed.append(contact)
        Contact.objects.bulk_create(new, batch_size=500)
        Contact.objects.bulk_update(changed, FIELDS, batch_size=500)
