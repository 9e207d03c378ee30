"""One account, care given beside care felt.

Care given is the practice loop's: the viewer's own care actions with the account
(notes included, since they are the viewer's), what is due with it, and the
follow-ups asked; an admin also sees every leader's counts (coverage, never notes).
Care felt is read, never computed here: the Pulse figures of the account's group and
its segment are the results page's (``surveys.guard.guard_for`` and
``surveys.summary.unit_summary``, so the same releases for every viewer), and
follow-ups are shown where the care-felt ledger releases them (``genuineness.py``:
per leader and circle, and per circle across leaders).
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.utils.translation import get_language

from genuinecare.people.accounts import Account
from genuinecare.people.models import Person
from genuinecare.practice import access
from genuinecare.practice.cadences.due import DueItem, care_map
from genuinecare.practice.felt.genuineness import Felt, genuineness_for
from genuinecare.practice.following import leaders_by_account, on_map
from genuinecare.practice.models import CareAction, Commitment, FollowUp, Stakeholder
from genuinecare.surveys.access import waves_visible_to
from genuinecare.surveys.enums import ACCOUNT_TYPES, Audience
from genuinecare.surveys.guard import guard_for
from genuinecare.surveys.matrix import segment_id
from genuinecare.surveys.models import Wave
from genuinecare.surveys.summary import Summary, unit_summary

PULSE_WAVES = 3  # the latest closed waves shown; each costs one release of the wave
HISTORY = 50  # the viewer's latest care actions listed

AUDIENCE_OF: dict[str, Audience] = {kind: audience for audience, kind in ACCOUNT_TYPES.items()}


@dataclass(frozen=True, slots=True)
class LeaderCare:
    """One leader's care with the account, as counts (what the organisation may see)."""

    leader: Person
    actions: int
    asked: int


@dataclass(frozen=True)
class CareGiven:
    """What the viewer did for the account and what is due; an admin's coverage too."""

    actions: Sequence[CareAction]  # the viewer's own, newest first, with ``asked`` counted
    due: list[DueItem]
    owners: list[Person] | None  # admins: whose care map holds the account
    by_leader: list[LeaderCare] | None  # admins: every leader who logged care with it


@dataclass(frozen=True)
class WavePulse:
    """One closed wave: the account's and its segment's group as the results page shows
    them; ``None`` where the guard hides the group."""

    wave: Wave
    account: Summary | None
    segment: Summary | None


@dataclass(frozen=True)
class CareFelt:
    """What the account's people said, as far as the ledgers release it."""

    shown: bool  # False: a leader who does not have the account on their map
    surveyed: bool  # whether pulse waves ask accounts of this type at all
    waves: list[WavePulse]
    circle: str
    own: Felt | None  # the viewer's own figure for the account's circle (None: no row)
    everyone: Felt | None  # the circle across all leaders


def care_given(membership: Person, stakeholder: Stakeholder, *, now: dt.datetime) -> CareGiven:
    """The viewer's care with the account; counts of everyone's for an admin.

    Reaches care actions only through ``access.own_actions``: another leader's action,
    note or commitment never appears, not even to an admin.
    """
    asked = Count("follow_ups", filter=Q(follow_ups__stakeholder=stakeholder))
    actions = list(
        access.own_actions(membership)
        .filter(stakeholders=stakeholder)
        .select_related("kind", "organisation")
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.order_by("due_on")))
        .annotate(asked=asked)
        .order_by("-happened_at", "-pk")[:HISTORY]
    )
    due = [
        i for i in care_map(leader=membership, now=now).items if i.stakeholder_id == stakeholder.pk
    ]
    if not membership.is_admin:
        return CareGiven(actions, due, None, None)
    owners = leaders_by_account([stakeholder]).get(stakeholder.pk, [])
    return CareGiven(actions, due, owners, _by_leader(stakeholder))


def _by_leader(stakeholder: Stakeholder) -> list[LeaderCare]:
    logged = dict(
        CareAction.objects.filter(stakeholders=stakeholder)
        .values("leader_id")
        .annotate(n=Count("pk", distinct=True))
        .values_list("leader_id", "n")
    )
    asked = dict(
        FollowUp.objects.filter(stakeholder=stakeholder)
        .values("action__leader_id")
        .annotate(n=Count("pk"))
        .values_list("action__leader_id", "n")
    )
    leaders = Person.objects.filter(pk__in=logged).order_by("name", "pk")
    return [LeaderCare(leader, logged[leader.pk], asked.get(leader.pk, 0)) for leader in leaders]


def care_felt(membership: Person, stakeholder: Stakeholder) -> CareFelt:
    """The account's Pulse groups in the latest closed waves that ask its type, and the
    care-felt figures of its circle; for admins, and for leaders with it on their map.

    Guarantees: every figure is one the results page or the care-felt page shows to
    anyone at the same moment (the same guard, the same releases); a hidden group is
    ``None`` whether it had no answers or too few, so nothing tells the two apart.
    """
    circle = stakeholder.circle
    account = stakeholder.account
    audience = None if account is None else AUDIENCE_OF.get(account.type)
    if not (membership.is_admin or _on_map(membership, stakeholder)):
        return CareFelt(False, audience is not None, [], circle, None, None)
    waves: list[WavePulse] = []
    if account is not None and audience is not None:
        waves = [_pulse(wave, account) for wave in _latest_waves(membership, audience)]
    seen = genuineness_for(membership)
    mine = [row.circles for row in seen.rows if row.leader.pk == membership.pk]
    own = next((felt for circles in mine for value, _l, felt in circles if value == circle), None)
    everyone = next((felt for value, _label, felt in seen.circles if value == circle), None)
    return CareFelt(True, audience is not None, waves, circle, own, everyone)


def _on_map(leader: Person, stakeholder: Stakeholder) -> bool:
    return Stakeholder.objects.filter(pk=stakeholder.pk).filter(on_map(leader)).exists()


def _latest_waves(membership: Person, audience: str) -> list[Wave]:
    found = waves_visible_to(membership).filter(
        by_account=True, audience=audience, closed_at__isnull=False
    )
    return list(found.select_related("organisation").order_by("-closed_at", "-pk")[:PULSE_WAVES])


def _pulse(wave: Wave, account: Account) -> WavePulse:
    guard = guard_for(wave)
    language = get_language() or "en"

    def group(group_id: int) -> Summary | None:
        return unit_summary(wave, guard, unit_id=group_id, language=language)

    segment = group(segment_id(account.segment)) if account.segment else None
    return WavePulse(wave, group(account.pk), segment)
