"""The plan of a journey: its steps, their check-ins, checklists, comments and what they wait for.

Every write is a keyword-only verb inside a transaction that raises a translated
``ValidationError`` saying what to fix. A step's status and health change only through a
check-in, which is kept (the history is never overwritten). Steps wait for others
finish-to-start (``Dependency``); a circle of waiting and an edge to another journey's
step are refused, and so is starting a step whose predecessors are not finished.
``plan_of`` reads a journey's plan as the journey page shows it (``insights.schedule``
does the arithmetic).
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.catalog.registry import shipped
from genuinecare.insights import schedule
from genuinecare.journey.enums import Health, JourneyStatus, Origin, StepStatus
from genuinecare.journey.models import (
    CheckIn,
    ChecklistItem,
    Comment,
    Dependency,
    Focus,
    Journey,
    Step,
)
from genuinecare.people.access import people_visible_to
from genuinecare.people.models import Person

CLOSED = (StepStatus.DONE, StepStatus.CANCELLED)
STARTED = (StepStatus.IN_PROGRESS, StepStatus.ON_HOLD)
# A step whose predecessors are not finished may not move into these.
NEEDS_PREDECESSORS = (StepStatus.IN_PROGRESS, StepStatus.DONE)
MAX_LANE = 80


def quoted(titles: Iterable[str]) -> str:
    """Step titles for a message: “A”, “B”, “C”."""
    return ", ".join(f"“{title}”" for title in titles)


def _writable(journey: Journey, leader: Person) -> None:
    if journey.leader_id != leader.pk or journey.organisation_id != leader.organisation_id:
        raise ValidationError(_("Only the leader of this journey changes its plan."))
    if journey.status != JourneyStatus.OPEN:
        raise ValidationError(_("This journey is closed: its plan no longer changes."))


def _owners(leader: Person, owners: Iterable[Person]) -> list[Person]:
    chosen = list(owners)
    visible = set(
        people_visible_to(leader)
        .filter(pk__in=[p.pk for p in chosen], archived_at__isnull=True)
        .values_list("pk", flat=True)
    )
    if any(person.pk not in visible for person in chosen):
        raise ValidationError(_("Choose owners among the people of your unit."))
    return chosen


def known_dimension(key: str) -> bool:
    """Whether ``<catalog>:<dimension>`` names a dimension of a shipped catalog."""
    catalog_id, _sep, dimension_id = key.partition(":")
    catalog = shipped().get(catalog_id)
    return catalog is not None and any(d.id == dimension_id for d in catalog.dimensions)


def _dimensions(dimensions: Iterable[str]) -> list[str]:
    keys = list(dict.fromkeys(dimensions))
    if any(not known_dimension(key) for key in keys):
        raise ValidationError(_("Choose the dimensions among the felt-care dimensions."))
    return keys


def _fields(title: str, lane: str) -> tuple[str, str]:
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the step a title."))
    return title[:300], lane.strip()[:MAX_LANE]


def add_step(
    *,
    journey: Journey,
    leader: Person,
    title: str,
    description: str = "",
    owners: Iterable[Person] = (),
    due_on: dt.date | None = None,
    lane: str = "",
    dimensions: Iterable[str] = (),
    health: str = Health.ON_TRACK,
    origin: str = Origin.LEADER,
    focus: Focus | None = None,
) -> Step:
    """A new step of the plan, not started; ``origin`` says whether the team proposed it."""
    _writable(journey, leader)
    title, lane = _fields(title, lane)
    if health not in Health.values:
        raise ValidationError(_("Choose how the step is doing."))
    if origin not in Origin.values:
        raise ValidationError(_("Say where the step came from."))
    if focus is not None and focus.journey_id != journey.pk:
        raise ValidationError(_("Choose a focus area of this journey."))
    chosen = _owners(leader, owners)
    keys = _dimensions(dimensions)
    with transaction.atomic():
        step = Step.objects.create(
            journey=journey,
            focus=focus,
            title=title,
            description=description.strip(),
            due_on=due_on,
            lane=lane,
            health=health,
            origin=origin,
            dimensions=keys,
            snapshot=dict(focus.snapshot) if focus is not None else {},
        )
        step.owners.set(chosen)
    return step


def edit_step(
    *,
    step: Step,
    leader: Person,
    title: str,
    description: str = "",
    owners: Iterable[Person] = (),
    due_on: dt.date | None = None,
    lane: str = "",
    dimensions: Iterable[str] = (),
    status: str | None = None,
    health: str | None = None,
) -> Step:
    """Change what a step is; a new status or health is recorded as a check-in."""
    _writable(step.journey, leader)
    title, lane = _fields(title, lane)
    chosen = _owners(leader, owners)
    keys = _dimensions(dimensions)
    with transaction.atomic():
        step.title, step.description, step.due_on = title, description.strip(), due_on
        step.lane, step.dimensions = lane, keys
        step.save(update_fields=["title", "description", "due_on", "lane", "dimensions"])
        step.owners.set(chosen)
        status, health = status or step.status, health or step.health
        if (status, health) != (step.status, step.health):
            check_in(step=step, author=leader, status=status, health=health)
    return step


def waits_for_open(step: Step) -> list[Step]:
    """The steps this one waits for that are neither done nor cancelled."""
    return list(
        Step.objects.filter(unblocks__step=step).exclude(status__in=CLOSED).order_by("due_on", "pk")
    )


def check_in(*, step: Step, author: Person, status: str, health: str, note: str = "") -> CheckIn:
    """Where a step stands now: kept as history, and the step takes its status and health.

    Done sets when it was done; reopening clears it. A step waiting for unfinished steps
    cannot be started or finished.
    """
    _writable(step.journey, author)
    if status not in StepStatus.values:
        raise ValidationError(_("Choose the step's status."))
    if health not in Health.values:
        raise ValidationError(_("Choose how the step is doing."))
    with transaction.atomic():
        given, step = step, Step.objects.select_for_update().get(pk=step.pk)
        if status in NEEDS_PREDECESSORS and status != step.status:
            waiting = waits_for_open(step)
            if waiting:
                raise ValidationError(
                    _("“%(step)s” waits for %(steps)s: finish those first.")
                    % {"step": step.title, "steps": quoted(s.title for s in waiting)}
                )
        entry = CheckIn.objects.create(
            step=step, author=author, status=status, health=health, note=note.strip()
        )
        if status == StepStatus.DONE and step.status != StepStatus.DONE:
            step.done_at = entry.at
        elif status != StepStatus.DONE:
            step.done_at = None
        step.status, step.health = status, health
        step.save(update_fields=["status", "health", "done_at"])
        given.status, given.health, given.done_at = step.status, step.health, step.done_at
    return entry


def add_checklist_item(*, step: Step, leader: Person, text: str) -> ChecklistItem:
    """One more thing to tick off on a step, at the end of its checklist."""
    _writable(step.journey, leader)
    text = text.strip()
    if not text:
        raise ValidationError(_("Write what is to be done."))
    with transaction.atomic():
        last = step.checklist.order_by("-position").values_list("position", flat=True).first()
        return ChecklistItem.objects.create(step=step, text=text[:300], position=(last or 0) + 1)


def tick(*, item: ChecklistItem, leader: Person, done: bool) -> ChecklistItem:
    """Tick a checklist item off, or untick it."""
    _writable(item.step.journey, leader)
    with transaction.atomic():
        item.done = done
        item.save(update_fields=["done"])
    return item


def add_comment(*, step: Step, author: Person, text: str) -> Comment:
    """A comment on a step."""
    _writable(step.journey, author)
    text = text.strip()
    if not text:
        raise ValidationError(_("Write a comment first."))
    with transaction.atomic():
        return Comment.objects.create(step=step, author=author, text=text[:5000])


def add_dependency(*, step: Step, waits_for: Step, leader: Person) -> Dependency:
    """``step`` cannot start before ``waits_for`` is done (finish-to-start).

    Refused: a step of another journey, a step waiting for itself, a circle of waiting
    (the message names the steps in it), and a step already under way or done that would
    wait for an unfinished one.
    """
    _writable(step.journey, leader)
    if waits_for.journey_id != step.journey_id:
        raise ValidationError(_("A step can only wait for a step of the same journey."))
    if waits_for.pk == step.pk:
        raise ValidationError(_("A step cannot wait for itself."))
    with transaction.atomic():
        Journey.objects.select_for_update().filter(pk=step.journey_id).first()
        step, waits_for = (Step.objects.get(pk=s.pk) for s in (step, waits_for))
        edges = list(
            Dependency.objects.filter(step__journey_id=step.journey_id).values_list(
                "step_id", "waits_for_id"
            )
        )
        if (step.pk, waits_for.pk) in edges:
            raise ValidationError(
                _("“%(step)s” already waits for “%(other)s”.")
                % {"step": step.title, "other": waits_for.title}
            )
        circle = schedule.cycle_if_added(edges, step.pk, waits_for.pk)
        if circle is not None:
            titles = dict(Step.objects.filter(pk__in=circle).values_list("pk", "title"))
            raise ValidationError(
                _(
                    "This would make the steps wait for one another in a circle: "
                    "%(circle)s. Take one of these out of the chain first."
                )
                % {"circle": " → ".join(f"“{titles[pk]}”" for pk in circle)}
            )
        if step.status not in (StepStatus.NOT_STARTED, StepStatus.CANCELLED) and (
            waits_for.status not in CLOSED
        ):
            raise ValidationError(
                _(
                    "“%(step)s” is already under way or done, so it cannot wait for "
                    "“%(other)s”, which is not finished."
                )
                % {"step": step.title, "other": waits_for.title}
            )
        return Dependency.objects.create(step=step, waits_for=waits_for)


def remove_dependency(*, dependency: Dependency, leader: Person) -> None:
    """The step no longer waits for the other."""
    _writable(dependency.step.journey, leader)
    with transaction.atomic():
        dependency.delete()


# Reading the plan -------------------------------------------------------------------


def dependencies_of(step: Step) -> list[Dependency]:
    """What the step waits for, each with its step, soonest due first."""
    return list(
        step.waits.select_related("waits_for").order_by("waits_for__due_on", "waits_for__pk")
    )


def details_of(step: Step) -> dict[str, Any]:
    """What the step page shows besides the step: its owners, waits and history."""
    return {
        "owners": sorted(step.owners.all(), key=lambda p: p.name),
        "dependencies": dependencies_of(step),
        "waiting": waits_for_open(step),
        "unblocks": list(step.unblocks.select_related("step")),
        "check_ins": list(step.check_ins.select_related("author")),
        "checklist": list(step.checklist.all()),
        "comments": list(step.comments.select_related("author")),
    }


def others_of(step: Step) -> list[Step]:
    """The other steps of the journey, that the step might wait for."""
    return sorted(step.journey.steps.exclude(pk=step.pk), key=_sort_key)


@dataclass(frozen=True)
class StepRow:
    """A step as the plan lists it."""

    step: Step
    owners: tuple[Person, ...]
    waits_for: tuple[Step, ...]
    overdue: bool
    critical: bool

    @property
    def blocked(self) -> bool:
        return bool(self.waits_for)


@dataclass(frozen=True)
class Lane:
    name: str
    rows: tuple[StepRow, ...]


@dataclass(frozen=True)
class Plan:
    """The plan of a journey: lanes of steps, what can start now, and the critical path."""

    lanes: tuple[Lane, ...]
    can_start: tuple[Step, ...]
    critical: tuple[Step, ...]
    critical_days: int
    overdue: int

    @property
    def empty(self) -> bool:
        return not self.lanes


def _sort_key(step: Step) -> tuple[bool, dt.date, int]:
    return (step.due_on is None, step.due_on or dt.date.max, step.pk)


def tasks_of(steps: Sequence[Step], today: dt.date) -> list[schedule.Task]:
    """The steps as the schedule counts them (remaining days from today to the due date)."""
    return [
        schedule.Task(
            id=step.pk,
            days=schedule.remaining_days(step.due_on, today),
            closed=step.status in CLOSED,
            started=step.status in STARTED,
        )
        for step in steps
    ]


def plan_of(journey: Journey, *, today: dt.date | None = None) -> Plan:
    """The journey's plan today, grouped by lane (the steps without a lane last)."""
    today = today or timezone.localdate()
    steps = sorted(journey.steps.prefetch_related("owners"), key=_sort_key)
    by_id = {step.pk: step for step in steps}
    edges = list(
        Dependency.objects.filter(step__journey=journey).values_list("step_id", "waits_for_id")
    )
    tasks = tasks_of(steps, today)
    waiting = schedule.waiting_on(tasks, edges)
    path = schedule.critical_path(tasks, edges)
    on_path = set(path.ids)
    lanes: dict[str, list[StepRow]] = {}
    overdue = 0
    for step in steps:
        late = step.due_on is not None and step.due_on < today and step.status not in CLOSED
        overdue += late
        row = StepRow(
            step=step,
            owners=tuple(sorted(step.owners.all(), key=lambda p: p.name)),
            waits_for=tuple(by_id[pk] for pk in waiting.get(step.pk, ())),
            overdue=late,
            critical=step.pk in on_path,
        )
        lanes.setdefault(step.lane, []).append(row)
    names = sorted(lanes, key=lambda name: (name == "", name.casefold()))
    return Plan(
        lanes=tuple(Lane(name=name, rows=tuple(lanes[name])) for name in names),
        can_start=tuple(by_id[pk] for pk in schedule.can_start_now(tasks, edges)),
        critical=tuple(by_id[pk] for pk in path.ids),
        critical_days=path.days,
        overdue=overdue,
    )
