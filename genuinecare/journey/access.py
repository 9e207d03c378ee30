"""Who reaches which journey: the leader their own; the team only what is shared with it."""

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from genuinecare.journey.enums import JourneyStatus
from genuinecare.journey.models import Journey, LibraryAction
from genuinecare.people.access import unit_tree
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
    from genuinecare.people.enums import Role

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
