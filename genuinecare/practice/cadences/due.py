"""What is due for one leader: every stakeholder, cadence and commitment, in a fixed number
of queries however many stakeholders there are. Arithmetic is cadence.py's; this module
loads, calls and shapes the result for the care map, the nudges and the digest."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import numpy as np
from django.conf import settings
from django.db.models import Max, Q

from genuinecare.people.access import unit_tree
from genuinecare.people.models import Person
from genuinecare.practice.access import reports_and_peers
from genuinecare.practice.cadences.cadence import (
    DueState,
    Status,
    bulk_interval_status,
    local_date,
    status_for,
)
from genuinecare.practice.cadences.overrides import EffectiveRule, rules_for
from genuinecare.practice.enums import CadenceTarget, Circle, StakeholderType
from genuinecare.practice.following import on_map
from genuinecare.practice.models import (
    CadenceRule,
    CareAction,
    CareKind,
    Commitment,
    Snooze,
    Stakeholder,
    SupplierImpact,
)

COMMITMENT_SOON_DAYS = 3
NUDGED = (Status.OVERDUE, Status.NEVER, Status.DUE_SOON)
_URGENCY = {Status.OVERDUE: 0, Status.NEVER: 1, Status.DUE_SOON: 2, Status.ON_TRACK: 3}


def zone() -> ZoneInfo:
    """The time zone due dates are counted in (the instance's)."""
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True, slots=True)
class DueItem:
    """One thing a leader may need to do: keep a cadence or keep a commitment.

    ``title`` names whom or what it is about (a stakeholder, an impact, a commitment's
    text); it is empty for a leader-wide cadence, which templates name by its kind in
    the reader's language. Nothing here is translated: items outlive the language they
    were built in (the worker builds digests for leaders of every language).
    """

    key: str
    title: str
    kind: CareKind | None
    status: Status
    due_on: dt.date | None
    days_overdue: int
    stakeholder_id: int | None = None
    impact_id: int | None = None
    commitment_id: int | None = None

    @property
    def urgency(self) -> tuple[int, int, str]:
        return (_URGENCY[self.status], -self.days_overdue, self.title)


@dataclass(slots=True)
class MapEntry:
    stakeholder: Stakeholder
    circle: str
    last_kind: CareKind | None = None
    last_happened: dt.datetime | None = None
    items: list[DueItem] = field(default_factory=list)

    @property
    def status(self) -> Status:
        return min(
            (i.status for i in self.items), key=_URGENCY.__getitem__, default=Status.ON_TRACK
        )

    @property
    def urgent(self) -> DueItem | None:
        """The item that sets the entry's status: what the leader should do first."""
        return min(self.items, key=lambda item: item.urgency, default=None)


@dataclass(slots=True)
class CareMap:
    leader: Person
    entries: list[MapEntry]
    items: list[DueItem]
    snoozed: frozenset[str]

    def by_circle(self) -> list[tuple[str, str, list[MapEntry]]]:
        return [
            (value, str(label), [e for e in self.entries if e.circle == value])
            for value, label in Circle.choices
        ]

    def nudges(self, *, cap: int) -> tuple[list[DueItem], int]:
        """Due and overdue items not snoozed, most urgent first, at most ``cap``; and the rest."""
        due = [i for i in self.items if i.status in NUDGED and i.key not in self.snoozed]
        return due[:cap], max(0, len(due) - cap)


def map_stakeholders(leader: Person) -> list[Stakeholder]:
    """The leader's direct reports and peers, and the accounts and parties they follow or
    have logged care with (``following.py``); one query."""
    accounts = Q(person__isnull=True) & on_map(leader)
    return list(
        Stakeholder.objects.filter(organisation_id=leader.organisation_id, archived_at__isnull=True)
        .filter(accounts | reports_and_peers(leader, via="person__"))
        .select_related("person", "organisation")
    )


def circle_on_map(stakeholder: Stakeholder, leader: Person) -> str:
    """The stakeholder's circle of care on the leader's map (a direct report: individual)."""
    if stakeholder.type != StakeholderType.PERSON:
        return stakeholder.circle
    assert stakeholder.person is not None  # noqa: S101 - person stakeholders have a person
    return Circle.INDIVIDUAL if stakeholder.person.manager_id == leader.pk else Circle.TEAM


def _utc64(moment: dt.datetime | None) -> np.datetime64:
    if moment is None:
        return np.datetime64("NaT", "s")
    return np.datetime64(moment.astimezone(dt.UTC).replace(tzinfo=None), "s")


def _date(value: np.datetime64) -> dt.date | None:
    return None if np.isnat(value) else value.astype(dt.date)


def _latest(
    last: dict[tuple[int, int], dt.datetime], stakeholder_id: int, kinds: frozenset[int]
) -> dt.datetime | None:
    found = [last[(stakeholder_id, k)] for k in kinds if (stakeholder_id, k) in last]
    return max(found, default=None)


def _stakeholder_items(
    rule: EffectiveRule,
    entries: list[MapEntry],
    last: dict[tuple[int, int], dt.datetime],
    now: dt.datetime,
) -> None:
    chosen = [e for e in entries if e.circle == rule.circle]
    if not chosen:
        return
    moments = [_latest(last, e.stakeholder.pk, rule.qualifying) for e in chosen]
    if rule.cadence.kind == "interval":
        bulk = bulk_interval_status(
            cadence=rule.cadence, last_happened=[_utc64(m) for m in moments], now=now, tz=zone()
        )
        rows = zip(bulk.status, bulk.hard_due_on, bulk.days_overdue, strict=True)
        states = [(Status(s), _date(d), int(o)) for s, d, o in rows]
    else:
        singles = [
            status_for(cadence=rule.cadence, happened=[m] if m else [], now=now, tz=zone())
            for m in moments
        ]
        states = [(s.status, s.hard_due_on, s.days_overdue) for s in singles]
    for entry, (status, due_on, overdue) in zip(chosen, states, strict=True):
        key, pk = f"s{entry.stakeholder.pk}-k{rule.kind.pk}", entry.stakeholder.pk
        item = DueItem(key, entry.stakeholder.name, rule.kind, status, due_on, overdue, pk)
        entry.items.append(item)


def _from_state(
    key: str, title: str, kind: CareKind | None, state: DueState, **ids: int
) -> DueItem:
    return DueItem(key, title, kind, state.status, state.hard_due_on, state.days_overdue, **ids)


def _impact_items(
    rule: EffectiveRule, impacts: list[SupplierImpact], now: dt.datetime
) -> list[DueItem]:
    items = []
    for impact in impacts:
        happened = [m for m in (getattr(impact, "last_update", None),) if m is not None]
        if impact.told_on is not None:
            happened.append(dt.datetime.combine(impact.told_on, dt.time(12), tzinfo=zone()))
        state = status_for(cadence=rule.cadence, happened=happened, now=now, tz=zone())
        title = f"{impact.supplier.name}: {impact.decision}"
        ids = {"stakeholder_id": impact.supplier_id, "impact_id": impact.pk}
        items.append(_from_state(f"i{impact.pk}", title, rule.kind, state, **ids))
    return items


def _leader_items(leader: Person, rules: list[EffectiveRule], now: dt.datetime) -> list[DueItem]:
    if not rules:
        return []
    kinds = frozenset().union(*(r.qualifying for r in rules))
    happened: dict[int, list[dt.datetime]] = defaultdict(list)
    rows = CareAction.objects.filter(leader=leader, kind_id__in=kinds, happened_at__lte=now)
    for kind_id, moment in rows.values_list("kind_id", "happened_at"):
        happened[kind_id].append(moment)
    return [
        _from_state(
            f"l-k{rule.kind.pk}",
            "",
            rule.kind,
            status_for(
                cadence=rule.cadence,
                happened=[m for k in rule.qualifying for m in happened[k]],
                now=now,
                tz=zone(),
            ),
        )
        for rule in rules
    ]


def _commitment_status(late: int) -> Status:
    if late > 0:
        return Status.OVERDUE
    return Status.DUE_SOON if -late <= COMMITMENT_SOON_DAYS else Status.ON_TRACK


def _commitment_items(leader: Person, now: dt.datetime) -> list[DueItem]:
    today = local_date(moment=now, tz=zone())
    return [
        DueItem(
            key=f"c{c.pk}",
            title=c.text,
            kind=None,
            status=_commitment_status((today - c.due_on).days),
            due_on=c.due_on,
            days_overdue=max(0, (today - c.due_on).days),
            commitment_id=c.pk,
        )
        for c in Commitment.objects.filter(leader=leader, done_at__isnull=True)
    ]


def _units(leader: Person, overrides: list[CadenceRule]) -> list[int]:
    """The leader's unit and its ancestors, nearest first; one query, only if rules need it."""
    if leader.unit_id is None or all(rule.unit_id is None for rule in overrides):
        return []
    return unit_tree(leader.organisation_id, include_archived=True).ancestors(leader.unit_id)


def care_map(*, leader: Person, now: dt.datetime) -> CareMap:
    """Every stakeholder on the leader's map with its last action and what is due.

    Runs the same number of queries for one stakeholder as for thousands.
    """
    organisation_id = leader.organisation_id
    entries = [MapEntry(s, circle_on_map(s, leader)) for s in map_stakeholders(leader)]
    kinds = {k.pk: k for k in CareKind.objects.filter(organisation_id=organisation_id)}
    overrides = list(CadenceRule.objects.filter(organisation_id=organisation_id))
    rules = rules_for(
        leader=leader, kinds=kinds.values(), overrides=overrides, units=_units(leader, overrides)
    )
    through = CareAction.stakeholders.through.objects.filter(
        careaction__leader=leader, careaction__happened_at__lte=now
    )
    last: dict[tuple[int, int], dt.datetime] = {
        (row["stakeholder_id"], row["careaction__kind_id"]): row["last"]
        for row in through.values("stakeholder_id", "careaction__kind_id").annotate(
            last=Max("careaction__happened_at")
        )
    }
    newest: dict[int, tuple[dt.datetime, int]] = {}
    for (stakeholder_id, kind_id), moment in last.items():
        if stakeholder_id not in newest or moment > newest[stakeholder_id][0]:
            newest[stakeholder_id] = (moment, kind_id)
    for entry in entries:
        if entry.stakeholder.pk in newest:
            moment, kind_id = newest[entry.stakeholder.pk]
            entry.last_happened, entry.last_kind = moment, kinds.get(kind_id)
    items: list[DueItem] = []
    for rule in rules:
        if rule.target == CadenceTarget.STAKEHOLDER:
            _stakeholder_items(rule, entries, last, now)
        elif rule.target == CadenceTarget.IMPACT:
            impacts = SupplierImpact.objects.filter(
                owner=leader, closed_on__isnull=True, supplier__circle=rule.circle
            ).select_related("supplier")
            items += _impact_items(
                rule, list(impacts.annotate(last_update=Max("updates__happened_at"))), now
            )
    items += _leader_items(leader, [r for r in rules if r.target == CadenceTarget.LEADER], now)
    items += [item for entry in entries for item in entry.items]
    items += _commitment_items(leader, now)
    items.sort(key=lambda item: item.urgency)
    today = local_date(moment=now, tz=zone())
    snoozed = frozenset(
        Snooze.objects.filter(leader=leader, until__gte=today).values_list("item", flat=True)
    )
    return CareMap(leader, entries, items, snoozed)
