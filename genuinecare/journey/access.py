"""Who reaches which journey: the leader their own; the team only what is shared with it."""

from typing import Any

from django.db.models import Count, Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from genuinecare.journey.enums import FocusState, JourneyStatus
from genuinecare.journey.models import (
    Focus,
    Journey,
    LibraryAction,
    Proposal,
    Step,
    TeamWindow,
    Vote,
)
from genuinecare.people.access import unit_tree
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


def own_journeys(membership: Person) -> QuerySet[Journey]:
    """The leader's own journeys in this organisation; nobody else's, not even for an admin."""
    return Journey.objects.filter(
        leader=membership, organisation_id=membership.organisation_id
    ).select_related("organisation", "leader", "unit")


def get_own_journey(membership: Person, pk: int) -> Journey:
    """One of the leader's own journeys, or 404."""
    return get_object_or_404(own_journeys(membership), pk=pk)


def get_own[M: Model](model: type[M], membership: Person, pk: int, *related: str) -> M:
    """A row of one of the leader's own journeys (``model.journey``), or 404.

    ``related`` names the path to the journey when it is not ``journey`` itself
    (``"step__journey"`` for a checklist item).
    """
    path = related[0] if related else "journey"
    lookup: dict[str, Any] = {
        f"{path}__leader": membership,
        f"{path}__organisation_id": membership.organisation_id,
    }
    queryset: QuerySet[M] = model._default_manager.filter(**lookup)
    return get_object_or_404(queryset, pk=pk)


def team_journeys(membership: Person) -> QuerySet[Journey]:
    """Journeys the person is in the team of: their unit's or a unit above it, never their own."""
    if membership.unit_id is None:
        return Journey.objects.none()
    tree = unit_tree(membership.organisation_id)
    units = {membership.unit_id, *tree.ancestors(membership.unit_id)}
    return (
        Journey.objects.filter(organisation_id=membership.organisation_id, unit_id__in=units)
        .exclude(leader=membership)
        .select_related("organisation", "leader", "unit")
    )


def team_members(journey: Journey) -> QuerySet[Person]:
    """The team of a journey: active people in its unit and the units below, the leader left out."""
    tree = unit_tree(journey.organisation_id)
    units = tree.descendants(journey.unit_id)
    return (
        Person.objects.filter(
            organisation_id=journey.organisation_id, unit_id__in=units, archived_at__isnull=True
        )
        .exclude(pk=journey.leader_id)
        .order_by("pk")
    )


# --- reach: the admin's adoption figures (journey/adoption.py) ---------------------------


def organisation_journeys(membership: Person) -> QuerySet[Journey]:
    """Every journey of the organisation, for its admin only (counted, never opened)."""
    if not membership.is_admin:
        return Journey.objects.none()
    return Journey.objects.filter(organisation_id=membership.organisation_id)


def organisation_leaders(membership: Person) -> QuerySet[Person]:
    """The organisation's active leaders with a unit, for its admin only."""
    if not membership.is_admin:
        return Person.objects.none()
    return Person.objects.filter(
        organisation_id=membership.organisation_id,
        role__in=[Role.LEADER, Role.ADMIN],
        unit__isnull=False,
        archived_at__isnull=True,
    )


# --- plan: the leader's open journeys and the organisation's library --------------------


def own_open_journeys(membership: Person) -> QuerySet[Journey]:
    """The leader's journeys under way, that a suggested action can be copied into."""
    return own_journeys(membership).filter(status=JourneyStatus.OPEN)


def library_actions(membership: Person) -> QuerySet[LibraryAction]:
    """The organisation's own suggested actions (every leader of it may read them)."""
    return LibraryAction.objects.filter(organisation_id=membership.organisation_id)


def get_library_action(membership: Person, pk: int) -> LibraryAction:
    """One of the organisation's own suggested actions, for its admins only; 404 else."""
    if not membership.is_admin:
        raise Http404
    return get_object_or_404(library_actions(membership), pk=pk)


# --- team (co-creation and "you said, we did") ------------------------------------------


def get_team_journey(membership: Person, pk: int) -> Journey:
    """A journey whose team the person is in, or the leader's own, or 404.

    The leader sees their team's pages as the team sees them; everyone else gets 404,
    admins included.
    """
    journeys = team_journeys(membership) | own_journeys(membership)
    return get_object_or_404(journeys.distinct(), pk=pk)


def in_team(journey: Journey, membership: Person) -> bool:
    """Whether the person is in the journey's team (the leader is not)."""
    return team_members(journey).filter(pk=membership.pk).exists()


def team_windows(journey: Journey) -> QuerySet[TeamWindow]:
    """The journey's team windows, the latest first."""
    return TeamWindow.objects.filter(journey=journey)


def window_proposals(window: TeamWindow) -> QuerySet[Proposal]:
    """A window's proposals with their vote counts (``vote_count``), most votes first."""
    return (
        window.proposals.annotate(vote_count=Count("votes"))
        .select_related("step")
        .order_by("-vote_count", "pk")
    )


def voted_in(window: TeamWindow, voter_key: str) -> set[int]:
    """The proposals of the window the holder of ``voter_key`` voted for."""
    return set(
        Vote.objects.filter(proposal__window=window, voter_key=voter_key).values_list(
            "proposal_id", flat=True
        )
    )


def get_window_proposal(journey: Journey, pk: int) -> Proposal:
    """A proposal in one of the journey's windows, or 404."""
    return get_object_or_404(
        Proposal.objects.select_related("window"), window__journey=journey, pk=pk
    )


def accepted_focuses(journey: Journey) -> QuerySet[Focus]:
    """The journey's accepted focus areas, with their frozen evidence."""
    return Focus.objects.filter(journey=journey, state=FocusState.ACCEPTED)


def journey_steps(journey: Journey) -> QuerySet[Step]:
    """All steps of the journey (for the leader)."""
    return Step.objects.filter(journey=journey)


def shared_steps(journey: Journey) -> QuerySet[Step]:
    """The steps the leader shared with the team, the latest shared first."""
    return journey_steps(journey).filter(shared_at__isnull=False).order_by("-shared_at", "-pk")
