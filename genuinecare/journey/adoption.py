"""Adoption of the journey for the admin: counts per unit, never what a journey says.

Per unit (the leaders whose own unit it is, and the journeys under way for it): how many
leaders there are, how many have a journey under way, the steps done, in progress and
overdue, the check-ins of the last 30 days, and the share of promises kept where the proof
part shows one. No title, note, step or promise text leaves this module: only numbers.

A step past its due date that is neither done nor cancelled is *overdue*, whatever its
status; so an overdue step in progress counts in both columns.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from genuinecare.journey.enums import JourneyStatus, StepStatus
from genuinecare.journey.models import CheckIn, Journey, Step
from genuinecare.journey.proof import promises_kept_rate
from genuinecare.people.access import unit_tree
from genuinecare.people.models import Person

RECENT = dt.timedelta(days=30)
OPEN_STEPS = (StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS, StepStatus.ON_HOLD)


def promises_kept(journey: Journey) -> float | None:
    """The share (0–1) of the journey's promise answers that say "kept", where shown.

    Read through the release ledger (``proof.promises_kept_rate``): None while no promise
    pulse of the journey is shown, which the page writes as "—".
    """
    return promises_kept_rate(journey)


@dataclass(frozen=True)
class UnitAdoption:
    unit_id: int | None  # None: the whole organisation
    path: str
    leaders: int
    with_journey: int
    done: int
    in_progress: int
    overdue: int
    check_ins: int
    promises_kept: float | None

    @property
    def share(self) -> float | None:
        """Per cent of the unit's leaders with a journey under way (None without leaders)."""
        return None if self.leaders == 0 else 100 * self.with_journey / self.leaders

    @property
    def promises_kept_percent(self) -> float | None:
        return percent(self.promises_kept)


def percent(share: float | None) -> float | None:
    """A share between 0 and 1 as per cent; None (nothing shown) stays None."""
    return None if share is None else 100 * share


def _mean(values: Iterable[float | None]) -> float | None:
    shown = [v for v in values if v is not None]
    return sum(shown) / len(shown) if shown else None


def adoption(
    *,
    organisation_id: int,
    journeys: QuerySet[Journey],
    leaders: QuerySet[Person],
    today: dt.date,
    now: dt.datetime,
) -> list[UnitAdoption]:
    """One row per unit with a leader or a journey, in the tree's order, then the total."""
    under_way = list(journeys.filter(status=JourneyStatus.OPEN))
    ids = [journey.pk for journey in under_way]
    steps = (
        Step.objects.filter(journey_id__in=ids)
        .values("journey_id")
        .annotate(
            done=Count("pk", filter=Q(status=StepStatus.DONE)),
            in_progress=Count("pk", filter=Q(status=StepStatus.IN_PROGRESS)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STEPS, due_on__lt=today)),
        )
    )
    by_journey: dict[int, dict[str, int]] = {
        row["journey_id"]: {n: row[n] for n in ("done", "in_progress", "overdue")} for row in steps
    }
    check_ins = dict(
        CheckIn.objects.filter(step__journey_id__in=ids, at__gte=now - RECENT)
        .values("step__journey_id")
        .annotate(n=Count("pk"))
        .values_list("step__journey_id", "n")
    )
    leaders_of: dict[int, set[int]] = defaultdict(set)
    for person_id, unit_id in leaders.values_list("pk", "unit_id"):
        leaders_of[unit_id].add(person_id)
    journeys_of: dict[int, list[Journey]] = defaultdict(list)
    for journey in under_way:
        journeys_of[journey.unit_id].append(journey)

    tree = unit_tree(organisation_id, include_archived=True)
    rows = []
    for unit_id in tree.ordered():
        mine, led = journeys_of.get(unit_id, []), leaders_of.get(unit_id, set())
        if not mine and not led:
            continue
        rows.append(_row(unit_id, tree.path(unit_id), led, mine, by_journey, check_ins))
    everyone = set().union(*leaders_of.values()) if leaders_of else set()
    rows.append(_row(None, "", everyone, under_way, by_journey, check_ins))
    return rows


def _row(
    unit_id: int | None,
    path: str,
    leaders: set[int],
    journeys: list[Journey],
    steps: dict[int, dict[str, int]],
    check_ins: dict[int, int],
) -> UnitAdoption:
    def total(name: str) -> int:
        return sum(steps.get(j.pk, {}).get(name, 0) for j in journeys)

    return UnitAdoption(
        unit_id=unit_id,
        path=path,
        leaders=len(leaders),
        with_journey=len(leaders & {j.leader_id for j in journeys}),
        done=total("done"),
        in_progress=total("in_progress"),
        overdue=total("overdue"),
        check_ins=sum(check_ins.get(j.pk, 0) for j in journeys),
        promises_kept=_mean(promises_kept(j) for j in journeys),
    )
