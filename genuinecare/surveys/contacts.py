"""Import customer or supplier contacts from CSV: preview first, then all-or-nothing.

The same quality bar as the people import: headers in English or German, any
usual encoding and separator, one error per row and column saying what to fix,
nothing written while any row has a problem, and matching by e-mail so the same
file imported twice changes nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.lib.csvfile import FileRefused, RowError, read_rows
from genuinecare.people.access import unit_tree
from genuinecare.people.actions import clean_person_email
from genuinecare.people.importing import folded_paths
from genuinecare.people.models import Organisation
from genuinecare.people.tree import split_path
from genuinecare.surveys.models import Contact, ContactImport

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


@dataclass(slots=True)
class PlannedContact:
    row: int
    name: str
    email: str
    company: str
    unit_id: int | None
    language: str
    action: str = "create"


@dataclass(slots=True)
class ContactPlan:
    contacts: list[PlannedContact] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, int]:
        counts = {"create": 0, "update": 0, "unchanged": 0}
        for contact in self.contacts:
            counts[contact.action] += 1
        return {
            "created": counts["create"],
            "updated": counts["update"],
            "unchanged": counts["unchanged"],
        }


def _read(
    row: int, cells: dict[str, str], units: dict[tuple[str, ...], int], errors: list[RowError]
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
    unit_id = None
    path = tuple(p.casefold() for p in split_path(cells.get("unit", "")))
    if path:
        unit_id = units.get(path)
        if unit_id is None:
            errors.append(
                RowError(
                    row,
                    "unit",
                    _(
                        "No unit “%(unit)s” exists. "
                        "Write its path like Sales/DACH, or leave it empty."
                    )
                    % {"unit": cells.get("unit", "").strip()},
                )
            )
    if len(errors) > before:
        return None
    return PlannedContact(
        row,
        name,
        email,
        " ".join(cells.get("company", "").split())[:200],
        unit_id,
        language or "en",
    )


def plan_contacts(*, organisation: Organisation, kind: str, text: str) -> ContactPlan:
    """Check every row and say what applying would do; writes nothing."""
    plan = ContactPlan()
    units = folded_paths(unit_tree(organisation.pk))
    first_row: dict[str, int] = {}
    try:
        for number, cells in read_rows(text, columns=COLUMNS, required=REQUIRED):
            contact = _read(number, cells, units, plan.errors)
            if contact is None:
                continue
            if contact.email in first_row:
                plan.errors.append(
                    RowError(
                        number,
                        "email",
                        _("%(email)s is already in row %(row)d. Keep one row per contact.")
                        % {"email": contact.email, "row": first_row[contact.email]},
                    )
                )
                continue
            first_row[contact.email] = number
            plan.contacts.append(contact)
    except FileRefused as refused:
        plan.errors.append(RowError(1, "", str(refused)))
        return plan
    if not plan.contacts and not plan.errors:
        plan.errors.append(RowError(2, "", _("The file has no contacts. Add one row per contact.")))
    existing = {c.email: c for c in Contact.objects.filter(organisation=organisation, kind=kind)}
    for planned in plan.contacts:
        current = existing.get(planned.email)
        if current is not None:
            same = (
                current.name,
                current.account,
                current.unit_id,
                current.language,
                current.archived_at,
            ) == (planned.name, planned.company, planned.unit_id, planned.language, None)
            planned.action = "unchanged" if same else "update"
    plan.errors.sort(key=lambda error: (error.row, error.column))
    return plan


class ContactImportRefused(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def apply_contacts(*, record: ContactImport) -> dict[str, int]:
    """Write the whole file or nothing (raises ``ContactImportRefused``); idempotent."""
    with transaction.atomic():
        locked = ContactImport.objects.select_for_update().get(pk=record.pk)
        if locked.applied_at is not None:
            return dict(locked.summary)
        plan = plan_contacts(
            organisation=locked.organisation, kind=locked.kind, text=locked.content
        )
        if plan.errors:
            raise ContactImportRefused(plan.errors)
        existing = {
            c.email: c
            for c in Contact.objects.filter(organisation=locked.organisation, kind=locked.kind)
        }
        new, changed = [], []
        for planned in plan.contacts:
            contact = existing.get(planned.email) or Contact(
                organisation=locked.organisation, kind=locked.kind, email=planned.email
            )
            contact.name, contact.account = planned.name, planned.company
            contact.unit_id, contact.language, contact.archived_at = (
                planned.unit_id,
                planned.language,
                None,
            )
            if planned.action == "create":
                new.append(contact)
            elif planned.action == "update":
                changed.append(contact)
        Contact.objects.bulk_create(new, batch_size=500)
        Contact.objects.bulk_update(
            changed, ["name", "account", "unit", "language", "archived_at"], batch_size=500
        )
        locked.applied_at, locked.summary = timezone.now(), plan.summary
        locked.save(update_fields=["applied_at", "summary"])
    record.refresh_from_db()
    return plan.summary
