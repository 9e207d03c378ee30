"""Writing a SCIM User: through the people import's verbs, past the safety valve.

Every create, replace, patch and delete ends here as the person the client wants
(``payload``, a User resource as JSON). It becomes the cells of one import row and is
written by ``people/sync.py:sync_person``, so SCIM obeys the import's rules: units by path,
known managers and no loops, one address per person, roles untouched.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.people.audit import Event, record
from genuinecare.people.models import Organisation, Person, normalise_email
from genuinecare.people.sync import sync_person
from genuinecare.people.valve import LargeChange
from genuinecare.provisioning import valve
from genuinecare.provisioning.enums import ChangeState
from genuinecare.provisioning.models import ScimUser, SyncChange
from genuinecare.provisioning.resources import (
    ENTERPRISE,
    email_from,
    kept,
    language_from,
    name_from,
)


class Problem(Exception):
    """A request SCIM refuses: ``status``, SCIM's ``scim_type`` and a translated detail."""

    def __init__(self, status: int, detail: str, scim_type: str | None = None) -> None:
        super().__init__(detail)
        self.status, self.detail, self.scim_type = status, detail, scim_type


class Held(Exception):
    """The safety valve keeps the change for an admin (``change`` says why)."""

    def __init__(self, change: LargeChange) -> None:
        super().__init__(change.detail)
        self.change = change


def _email(payload: dict[str, Any]) -> str:
    return email_from(payload)


def cells_for(
    payload: dict[str, Any], *, organisation: Organisation, person: Person | None, leaving: bool
) -> dict[str, str]:
    """The import row that says what ``payload`` says."""
    extension = payload.get(ENTERPRISE) or {}
    manager_email = ""
    manager_id = str((extension.get("manager") or {}).get("value") or "")
    if manager_id:
        manager = (
            Person.objects.filter(organisation=organisation, pk=int(manager_id)).first()
            if manager_id.isdigit()
            else None
        )
        if manager is None:
            raise Problem(
                400,
                _("No one with the id %(id)s is in this organisation. Provision the manager first.")
                % {"id": manager_id},
                "invalidValue",
            )
        manager_email = manager.email
    language = language_from(payload) or (person.language if person else "en")
    return {
        "name": name_from(payload),
        "email": _email(payload),
        "unit": str(extension.get("department") or ""),
        "manager_email": manager_email,
        "function": person.function if person else "",
        "language": language,
        "status": "left" if leaving or payload.get("active") is False else "active",
    }


def write(
    *,
    organisation: Organisation,
    person: Person | None,
    payload: dict[str, Any],
    deleted: bool = False,
    confirming: SyncChange | None = None,
) -> Person:
    """Create or update the person as ``payload`` says (raises ``Problem`` or ``Held``).

    ``deleted``: the client deleted the resource (the person is deactivated and gone for
    SCIM). ``confirming``: the held change an admin applies now, past the valve.
    """
    cells = cells_for(payload, organisation=organisation, person=person, leaving=deleted)
    deactivates = bool(person and person.archived_at is None and cells["status"] == "left")
    changes_email = bool(person and normalise_email(cells["email"]) != person.email)
    if person is not None and (deactivates or changes_email) and confirming is None:
        change = valve.judge(organisation, deactivates=deactivates, changes_email=changes_email)
        if change is not None:
            _hold(person, cells, payload, deleted, deactivates, changes_email, change)
            raise Held(change)
    with transaction.atomic():
        try:
            written = sync_person(organisation=organisation, person=person, cells=cells)
        except ValidationError as invalid:
            unique = any(error.code == "unique" for error in invalid.error_list)
            raise Problem(
                409 if unique else 400,
                " ".join(invalid.messages),
                "uniqueness" if unique else "invalidValue",
            ) from None
        ScimUser.objects.update_or_create(
            person=written,
            defaults={"payload": kept(payload), "deleted_at": timezone.now() if deleted else None},
        )
        if deactivates or changes_email:
            change_row = confirming or SyncChange(organisation=organisation, person=written)
            change_row.state = ChangeState.APPLIED
            change_row.deactivates, change_row.changes_email = deactivates, changes_email
            change_row.save()
        what = "created" if person is None else "deleted" if deleted else "updated"
        record(Event.SCIM_SYNC, organisation=organisation, subject=written, detail=what)
    return written


def _hold(
    person: Person,
    cells: dict[str, str],
    payload: dict[str, Any],
    deleted: bool,
    deactivates: bool,
    changes_email: bool,
    change: LargeChange,
) -> None:
    """Keep the change for an admin; a newer request for the same person replaces it."""
    organisation = person.organisation
    with transaction.atomic():
        held = SyncChange.objects.filter(
            organisation=organisation, person=person, state=ChangeState.HELD
        ).first() or SyncChange(organisation=organisation, person=person, state=ChangeState.HELD)
        held.deactivates, held.changes_email = deactivates, changes_email
        held.old_email = person.email
        held.new_email = normalise_email(cells["email"]) if changes_email else ""
        held.cells, held.payload, held.deleted = cells, payload, deleted
        held.save()
        record(Event.SYNC_HELD, organisation=organisation, subject=person, detail=change.detail)
