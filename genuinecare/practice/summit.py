"""The summit question: how many of our leaders met a customer in the last 12 months?

Counts leaders (leaders and admins) by function, with the share who logged at least one
customer-contact action in the rolling 12 months, now and at the end of each of the last
eight quarters (for the trend, today's leaders are counted back in time).
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.db.models import Q
from django.utils.translation import gettext as _

from genuinecare.insights.anonymity import shown_mask
from genuinecare.insights.tree import GroupTree
from genuinecare.people.enums import Function, Role
from genuinecare.people.models import Organisation, Person
from genuinecare.practice.models import CareAction

WINDOW = dt.timedelta(days=365)
QUARTERS = 8


@dataclass(frozen=True, slots=True)
class FunctionShare:
    function: str
    label: str
    leaders: int
    met: int

    @property
    def share(self) -> float:
        return round(self.met / self.leaders * 100, 1) if self.leaders else 0.0


@dataclass(frozen=True, slots=True)
class Summit:
    functions: list[FunctionShare]
    leaders: int
    met: int
    trend: list[tuple[str, float]]  # (quarter label, % of leaders)

    @property
    def share(self) -> float:
        return round(self.met / self.leaders * 100, 1) if self.leaders else 0.0

    @property
    def without_contact(self) -> list[FunctionShare]:
        return [f for f in self.functions if f.leaders and not f.met]


def quarter_ends(now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """The last ``QUARTERS`` quarters, oldest first; the current one ends now."""
    year, quarter = now.year, (now.month - 1) // 3 + 1
    ends = [(f"{year} Q{quarter}", now)]
    while len(ends) < QUARTERS:
        end = dt.datetime(year, (quarter - 1) * 3 + 1, 1, tzinfo=now.tzinfo)
        year, quarter = (year, quarter - 1) if quarter > 1 else (year - 1, 4)
        ends.append((f"{year} Q{quarter}", end))
    return list(reversed(ends))


def summit(*, organisation: Organisation, now: dt.datetime) -> Summit:
    """Share of leaders with a customer contact, by function and by quarter; two queries."""
    # Leaders are people with the leader role, and admins who lead people: an
    # HR admin without reports administers the tool but leads no one.
    leaders = list(
        Person.objects.filter(organisation=organisation, archived_at__isnull=True)
        .filter(
            Q(role=Role.LEADER)
            | Q(role=Role.ADMIN, reports__archived_at__isnull=True, reports__isnull=False)
        )
        .distinct()
        .values_list("pk", "function")
    )
    quarters = quarter_ends(now)
    rows = CareAction.objects.filter(
        organisation=organisation,
        kind__customer_contact=True,
        happened_at__lte=now,
        happened_at__gt=quarters[0][1] - WINDOW,
    ).values_list("leader_id", "happened_at")
    index = {pk: i for i, (pk, _function) in enumerate(leaders)}
    contacts = [(index[leader], moment) for leader, moment in rows if leader in index]
    who = np.asarray([i for i, _m in contacts], dtype=np.int64)
    when = np.asarray([m.timestamp() for _i, m in contacts], dtype=np.float64)

    def met_by(end: dt.datetime) -> npt.NDArray[np.bool_]:
        inside = (when > (end - WINDOW).timestamp()) & (when <= end.timestamp())
        met = np.zeros(len(leaders), dtype=bool)
        met[who[inside]] = True
        return met

    met_now = met_by(now)
    functions = np.asarray([function for _pk, function in leaders], dtype=object)
    shares = [
        FunctionShare(
            value,
            str(label),
            int((functions == value).sum()),
            int(met_now[functions == value].sum()),
        )
        for value, label in Function.choices
    ]
    trend = [
        (label, round(float(met_by(end).mean()) * 100, 1) if leaders else 0.0)
        for label, end in quarters
    ]
    return Summit(shares, len(leaders), int(met_now.sum()), trend)


FOLDED = "folded"


def summit_for(membership: Person, *, now: dt.datetime) -> Summit:
    """The summit as ``membership`` may see it: admins every function, leaders only
    functions large enough to stay anonymous (``for_leaders``)."""
    result = summit(organisation=membership.organisation, now=now)
    if membership.is_admin:
        return result
    return for_leaders(result, k=membership.organisation.anonymity_threshold)


def for_leaders(result: Summit, *, k: int) -> Summit:
    """The summit as leaders see it: no function row small enough to show one person.

    Functions with fewer than ``k`` leaders (and, by the sibling rule, the next
    smallest if needed) are folded into one row, so nobody can read off whether
    the only CIO met a customer. Admins see every function.
    """
    counts = [share.leaders for share in result.functions]
    tree = GroupTree.build(unit_ids=list(range(len(counts))), parent_ids=[None] * len(counts))
    mask = shown_mask(tree=tree, direct_counts=counts, k=k, sizes="direct")
    shown = [share for share, keep in zip(result.functions, mask, strict=True) if keep]
    hidden = [s for s, keep in zip(result.functions, mask, strict=True) if not keep and s.leaders]
    if hidden:
        shown.append(
            FunctionShare(
                FOLDED,
                _("Other functions together"),
                sum(share.leaders for share in hidden),
                sum(share.met for share in hidden),
            )
        )
    return Summit(shown, result.leaders, result.met, result.trend)
