"""A checked people import: its planned rows, and writing them in a bounded number of
queries (batches of 500)."""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from genuinecare.people.imports.plan import Action, PlannedRow, Progress
from genuinecare.people.models import Organisation, Person, Unit, User
from genuinecare.people.tree import folded, format_path

BATCH = 500


@dataclass(slots=True, kw_only=True)
class PlannedPerson(PlannedRow):
    """One person of the file as it will be written (``existing``: the person it updates)."""

    name: str
    email: str
    unit_path: tuple[str, ...]
    manager_email: str
    function: str
    language: str
    role: str | None
    active: bool = True  # False: the person has left and is deactivated (``archive_person``)
    existing: Person | None = None

    @property
    def unit(self) -> str:
        return format_path(self.unit_path)


def _batches[T](items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _create_units(
    organisation: Organisation,
    new_units: list[tuple[str, ...]],
    unit_ids: dict[tuple[str, ...], int],
) -> None:
    """Create missing units level by level, adding each to ``unit_ids`` by folded path."""
    for depth in sorted({len(path) for path in new_units}):
        level = [path for path in new_units if len(path) == depth]
        units = [
            Unit(
                organisation=organisation,
                parent_id=unit_ids[folded(path[:-1])] if depth > 1 else None,
                name=path[-1],
            )
            for path in level
        ]
        for path, unit in zip(level, Unit.objects.bulk_create(units), strict=True):
            unit_ids[folded(path)] = unit.pk


def _users_by_email(people: list[PlannedPerson]) -> dict[str, int]:
    emails = [person.email for person in people]
    found: dict[str, int] = {}
    for chunk in _batches(emails):
        found.update(User.objects.filter(email__in=chunk).values_list("email", "id"))
    unusable = make_password(None)
    missing = [
        User(email=p.email, name=p.name, language=p.language, password=unusable)
        for p in people
        if p.email not in found
    ]
    for created in User.objects.bulk_create(missing, batch_size=BATCH):
        found[created.email] = created.pk
    return found


def _write_people(
    organisation: Organisation,
    people: list[PlannedPerson],
    unit_ids: dict[tuple[str, ...], int],
    progress: Progress,
) -> dict[str, Person]:
    users = _users_by_email([p for p in people if p.action == Action.CREATE])
    by_email: dict[str, Person] = {}
    to_create: list[Person] = []
    to_update: list[Person] = []
    for planned in people:
        person = planned.existing or Person(organisation=organisation, email=planned.email)
        person.name = planned.name
        path = folded(planned.unit_path)
        person.unit_id = unit_ids[path] if path else None
        person.function = planned.function
        person.language = planned.language
        if planned.active:
            person.archived_at = None
        if planned.role is not None:
            person.role = planned.role
        if planned.action == Action.CREATE:
            person.user_id = users[planned.email]
            to_create.append(person)
        elif planned.action == Action.UPDATE:
            to_update.append(person)
        by_email[planned.email] = person
    for created in progress(list(_batches(to_create))):
        Person.objects.bulk_create(created)
    fields = ["name", "unit", "function", "language", "archived_at", "role"]
    for updated in _batches(to_update):
        Person.objects.bulk_update(updated, fields)
    return by_email


def _link_managers(
    organisation: Organisation, people: list[PlannedPerson], written: dict[str, Person]
) -> None:
    manager_ids = dict(Person.objects.filter(organisation=organisation).values_list("email", "id"))
    changed: list[Person] = []
    for planned in people:
        person = written[planned.email]
        wanted = manager_ids[planned.manager_email] if planned.manager_email else None
        if person.manager_id != wanted:
            person.manager_id = wanted
            changed.append(person)
    for batch in _batches(changed):
        Person.objects.bulk_update(batch, ["manager"])


def write_people(
    *,
    organisation: Organisation,
    people: list[PlannedPerson],
    new_units: list[tuple[str, ...]],
    unit_ids: dict[tuple[str, ...], int],
    progress: Progress,
) -> None:
    """Create the new units, create or update every person, then link managers.

    Expects checked rows (no errors) and runs inside the import's transaction.
    """
    _create_units(organisation, new_units, unit_ids)
    written = _write_people(organisation, people, unit_ids, progress)
    _link_managers(organisation, people, written)
