"""Applying a planned people import in one transaction, in a bounded number of queries."""

from collections.abc import Callable, Iterable, Iterator, Sequence

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from genuinecare.lib.csvfile import RowError
from genuinecare.people.access import unit_tree
from genuinecare.people.importing import (
    ImportPlan,
    PlannedPerson,
    Progress,
    folded_paths,
    plan_import,
)
from genuinecare.people.models import Organisation, PeopleImport, Person, Unit, User

BATCH = 500
WriteProgress = Callable[[Iterable[Sequence[Person]]], Iterable[Sequence[Person]]]


class ImportRefused(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


def _batches[T](items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def _create_units(organisation: Organisation, plan: ImportPlan) -> dict[tuple[str, ...], int]:
    """Create missing units level by level; return every folded path → unit id."""
    paths = folded_paths(unit_tree(organisation.pk))
    for depth in sorted({len(path) for path in plan.new_units}):
        level = [path for path in plan.new_units if len(path) == depth]
        units = [
            Unit(
                organisation=organisation,
                parent_id=paths[tuple(p.casefold() for p in path[:-1])] if depth > 1 else None,
                name=path[-1],
            )
            for path in level
        ]
        for path, unit in zip(level, Unit.objects.bulk_create(units), strict=True):
            paths[tuple(p.casefold() for p in path)] = unit.pk
    return paths


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
    plan: ImportPlan,
    unit_ids: dict[tuple[str, ...], int],
    progress: WriteProgress,
) -> dict[str, Person]:
    users = _users_by_email([p for p in plan.people if p.action == "create"])
    by_email: dict[str, Person] = {}
    to_create: list[Person] = []
    to_update: list[Person] = []
    for planned in plan.people:
        person = planned.existing or Person(organisation=organisation, email=planned.email)
        person.name = planned.name
        path = tuple(p.casefold() for p in planned.unit_path)
        person.unit_id = unit_ids[path] if path else None
        person.function = planned.function
        person.language = planned.language
        person.archived_at = None
        if planned.role is not None:
            person.role = planned.role
        if planned.action == "create":
            person.user_id = users[planned.email]
            to_create.append(person)
        elif planned.action == "update":
            to_update.append(person)
        by_email[planned.email] = person
    for created in progress(list(_batches(to_create))):
        Person.objects.bulk_create(created)
    fields = ["name", "unit", "function", "language", "archived_at", "role"]
    for updated in _batches(to_update):
        Person.objects.bulk_update(updated, fields)
    return by_email


def _link_managers(organisation: Organisation, plan: ImportPlan, people: dict[str, Person]) -> None:
    manager_ids = dict(Person.objects.filter(organisation=organisation).values_list("email", "id"))
    changed: list[Person] = []
    for planned in plan.people:
        person = people[planned.email]
        wanted = manager_ids[planned.manager_email] if planned.manager_email else None
        if person.manager_id != wanted:
            person.manager_id = wanted
            changed.append(person)
    for batch in _batches(changed):
        Person.objects.bulk_update(batch, ["manager"])


def _no_progress[T](items: Iterable[T]) -> Iterable[T]:
    return items


def apply_import(
    *,
    organisation: Organisation,
    text: str,
    record: PeopleImport | None = None,
    progress: Progress | None = None,
    write_progress: WriteProgress | None = None,
) -> dict[str, int]:
    """Write the whole file or nothing; returns counts (created, updated, unchanged, units)."""
    with transaction.atomic():
        plan = plan_import(organisation=organisation, text=text, progress=progress)
        if plan.errors:
            raise ImportRefused(plan.errors)
        unit_ids = _create_units(organisation, plan)
        people = _write_people(organisation, plan, unit_ids, write_progress or _no_progress)
        _link_managers(organisation, plan, people)
        summary = plan.summary
        if record is not None:
            record.applied_at = timezone.now()
            record.summary = summary
            record.save(update_fields=["applied_at", "summary"])
    return summary
