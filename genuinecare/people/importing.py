"""Import people from an HR system's CSV export, through the shared import flow.

What is the people import's own: its columns, reading a row (name, e-mail,
unit path, manager, function, language, role, status), matching by e-mail, checking
that every manager is known and no chain of managers loops, and creating the
units a file names. Writing is in ``import_apply.py``. SCIM provisioning writes one
person at a time through the same reading, checks and writing (``people/sync.py``).
"""

from functools import cache

from django.utils import translation
from django.utils.translation import gettext as _

from genuinecare.lib.csvfile import RowError
from genuinecare.lib.i18n import LANGUAGE_CODES, parse_language_cell
from genuinecare.people import imports
from genuinecare.people.access import unit_tree
from genuinecare.people.actions import archive_person
from genuinecare.people.enums import Function, Language, Role
from genuinecare.people.import_apply import PlannedPerson, write_people
from genuinecare.people.imports.cells import MAX_NAME, name_and_email
from genuinecare.people.models import Person, normalise_email
from genuinecare.people.tree import UnitTree, folded, folded_paths, split_path
from genuinecare.people.valve import LargeChange

# The upload's variant when the admin asks to invite everyone in the file to sign in.
INVITE = "invite"

LAYOUT = imports.CsvLayout(
    columns={
        "name": ("full name", "vollständiger name"),
        "email": ("e-mail", "mail", "e-mail address", "e-mail-adresse"),
        "unit": ("unit path", "department", "einheit", "abteilung"),
        "manager_email": ("manager", "manager e-mail", "manager email", "führungskraft"),
        "function": ("funktion",),
        "language": ("sprache",),
        "role": ("rolle",),
        "status": ("active", "aktiv"),
    },
    required=("name", "email"),
    key="email",
)


# The status column: whether the person still works here. Empty means active.
STATUS_WORDS = {
    **dict.fromkeys(("active", "aktiv", "yes", "ja", "true", "1"), True),
    **dict.fromkeys(
        ("left", "inactive", "ausgetreten", "inaktiv", "no", "nein", "false", "0"), False
    ),
}


@cache
def _choice_lookup(choices: type[Function] | type[Language] | type[Role]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in choices.choices:
        lookup[value.casefold()] = value
        for language in LANGUAGE_CODES:
            with translation.override(language):
                lookup[str(label).casefold()] = value
    return lookup


def _parse_choice(
    raw: str, *, choices: type[Function] | type[Language] | type[Role], row: int, column: str
) -> tuple[str | None, RowError | None]:
    if choices is Language:
        value = parse_language_cell(raw)
    else:
        value = _choice_lookup(choices).get(" ".join(raw.split()).casefold())
    if value is not None:
        return value, None
    allowed = ", ".join(str(label) for label in choices.labels)
    message = _("“%(value)s” is not known. Use one of: %(allowed)s.") % {
        "value": raw,
        "allowed": allowed,
    }
    return None, RowError(row, column, message)


def read_person(row: int, cells: imports.Cells, errors: imports.Errors) -> PlannedPerson | None:
    before = len(errors)
    no_name = _("The name is empty. Enter the person's name.")
    name, email = name_and_email(row, cells, errors, no_name=no_name)
    manager_email = cells.get("manager_email", "").strip().lower()
    if manager_email and manager_email == email:
        errors.append(
            RowError(row, "manager_email", _("A person cannot be their own manager. Clear it."))
        )
    unit_path = tuple(split_path(cells.get("unit", "")))
    for level in unit_path:
        if len(level) > MAX_NAME:
            message = _("Shorten the unit name “%(name)s…” to %(max)d characters or fewer.")
            errors.append(RowError(row, "unit", message % {"name": level[:40], "max": MAX_NAME}))
            break
    parsed: dict[str, str | None] = {
        "function": Function.OTHER,
        "language": Language.EN,
        "role": None,
    }
    for column, choices in (("function", Function), ("language", Language), ("role", Role)):
        if cells.get(column):
            value, problem = _parse_choice(cells[column], choices=choices, row=row, column=column)
            parsed[column] = value
            if problem:
                errors.append(problem)
    active = STATUS_WORDS.get(" ".join(cells.get("status", "").split()).casefold() or "active")
    if active is None:
        message = _("“%(value)s” is not a status. Write “active” or “left”.")
        errors.append(RowError(row, "status", message % {"value": cells["status"]}))
    if len(errors) > before:
        return None
    return PlannedPerson(
        row=row,
        name=name,
        email=email,
        unit_path=unit_path,
        manager_email=manager_email,
        function=parsed["function"] or Function.OTHER,
        language=parsed["language"] or Language.EN,
        role=parsed["role"],
        active=bool(active),
    )


def _check_managers(
    planned: list[PlannedPerson],
    existing: dict[str, Person],
    errors: list[RowError],
    *,
    refused: set[str],
) -> None:
    """Every manager must be known, and no chain of managers may loop.

    A manager whose own row was refused (``refused``: the e-mail addresses of
    those rows) is neither unknown nor checked for loops: only that row's own
    problem is reported, and the rows below it are checked once it is fixed.
    """
    manager_of: dict[str, str] = {
        email: person.manager.email
        for email, person in existing.items()
        if person.manager is not None and email not in refused
    }
    in_file = {person.email: person for person in planned}
    known = in_file.keys() | existing.keys() | refused
    for person in planned:
        manager_of.pop(person.email, None)
        if person.manager_email:
            manager_of[person.email] = person.manager_email
            if person.manager_email not in known:
                message = _(
                    "No one with the e-mail %(email)s is in the file or the organisation. "
                    "Add that person or correct the address."
                ) % {"email": person.manager_email}
                errors.append(RowError(person.row, "manager_email", message))
    reported: set[str] = set()
    for start in in_file:
        seen: list[str] = []
        current: str | None = start
        while current is not None and current not in seen:
            seen.append(current)
            current = manager_of.get(current)
        if current is None or current in reported:
            continue
        loop = seen[seen.index(current) :]
        reported.update(loop)
        message = _(
            "The manager chain loops (%(chain)s). Change one manager so the chain "
            "ends at someone without a manager."
        ) % {"chain": " → ".join([*loop, current])}
        errors.extend(
            RowError(in_file[email].row, "manager_email", message)
            for email in loop
            if email in in_file
        )


def _decide_action(person: PlannedPerson, tree: UnitTree) -> None:
    current = person.existing
    if current is None:
        return
    # A leaver's unit may have been archived since: that person is moving, not unchanged.
    # Units are matched without case, so "acme/it" names the unit Acme/IT the person is in.
    known = current.unit_id is None or current.unit_id in tree.nodes
    current_path = tree.names(current.unit_id) if current.unit_id and known else ()
    same = (
        known
        and current.name == person.name
        and folded(current_path) == folded(person.unit_path)
        and (current.manager.email if current.manager else "") == person.manager_email
        and current.function == person.function
        and current.language == person.language
        and (person.role is None or current.role == person.role)
        and (current.archived_at is None) == person.active
    )
    person.action = imports.Action.UNCHANGED if same else imports.Action.UPDATE


def missing_units(planned: list[PlannedPerson], tree: UnitTree) -> list[tuple[str, ...]]:
    """Unit paths the file names that do not exist yet, parents before children."""
    known = set(folded_paths(tree))
    missing: dict[tuple[str, ...], None] = {}
    for person in planned:
        for depth in range(1, len(person.unit_path) + 1):
            prefix = person.unit_path[:depth]
            if folded(prefix) not in known:
                missing.setdefault(prefix, None)
    return sorted(missing, key=len)


class PeopleImporter(imports.Importer[PlannedPerson]):
    """People matched by e-mail; missing units are created, managers linked after."""

    kind = "people"
    layout = LAYOUT

    def variant_label(self) -> str:
        if self.variant == INVITE:
            return _("with an activation e-mail to everyone who cannot sign in yet")
        return ""

    def read_row(
        self, row: int, cells: imports.Cells, errors: imports.Errors
    ) -> PlannedPerson | None:
        return read_person(row, cells, errors)

    def key(self, planned: PlannedPerson) -> str:
        return planned.email

    def match(self, plan: imports.ImportPlan[PlannedPerson]) -> None:
        existing = {
            person.email: person
            for person in Person.objects.filter(organisation=self.organisation).select_related(
                "manager"
            )
        }
        refused = {normalise_email(cells.get("email", "")) for cells in plan.rejected.values()}
        for person in plan.rows:
            person.existing = existing.get(person.email)
        rows = _written(plan.rows)
        _check_managers(rows, existing, plan.errors, refused=refused - {""})
        tree = unit_tree(self.organisation.pk)
        written = {id(person) for person in rows}
        for person in plan.rows:
            if id(person) in written:
                _decide_action(person, tree)
            else:
                person.action = imports.Action.UNCHANGED
        plan.extra_counts["units_created"] = len(missing_units(rows, tree))

    def large_change(self, plan: imports.ImportPlan[PlannedPerson]) -> LargeChange:
        active = Person.objects.filter(organisation=self.organisation, archived_at__isnull=True)
        return LargeChange(
            active=active.count(),
            deactivations=len(_leaving(plan.rows)),
            email_changes=0,  # people are matched by e-mail: a file never changes an address
        )

    def write(self, plan: imports.ImportPlan[PlannedPerson], progress: imports.Progress) -> None:
        tree = unit_tree(self.organisation.pk)
        rows = _written(plan.rows)
        leaving = _leaving(rows)
        write_people(
            organisation=self.organisation,
            people=rows,
            new_units=missing_units(rows, tree),
            unit_ids=folded_paths(tree),
            progress=progress,
        )
        for planned in leaving:
            if planned.existing is not None:
                archive_person(person=Person.objects.get(pk=planned.existing.pk))


def _written(rows: list[PlannedPerson]) -> list[PlannedPerson]:
    """The rows to write: a leaver Genuine Care never knew is left out."""
    return [person for person in rows if person.active or person.existing is not None]


def _leaving(rows: list[PlannedPerson]) -> list[PlannedPerson]:
    """The rows that deactivate someone active today."""
    return [
        person
        for person in rows
        if not person.active and person.existing is not None and not person.existing.archived_at
    ]
