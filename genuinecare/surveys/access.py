"""The only way views reach the waves of the pulse loop (uploads: ``people.access``).

Admins see every wave of their organisation. Leaders see the waves they
created, their own team's mirror and every employee, customer or supplier
wave, with results limited to their subtree. Members see none. Anything else
is 404, exactly like an outsider.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from genuinecare.mirror.access import own_assessments, shared_assessments
from genuinecare.mirror.models import Assessment
from genuinecare.people.access import visible_unit_ids
from genuinecare.people.models import Person
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.models import Wave


def waves_visible_to(membership: Person) -> QuerySet[Wave]:
    """The waves the person may open: all for admins, none for members.

    A leader opens every wave except other leaders' team mirrors.
    """
    waves = Wave.objects.filter(organisation_id=membership.organisation_id)
    if membership.is_admin:
        return waves
    if not membership.is_leader:
        return waves.none()
    return waves.filter(
        ~Q(audience=Audience.TEAM) | Q(leader=membership) | Q(created_by=membership)
    )


def get_wave_for_user(membership: Person, pk: int) -> Wave:
    """A wave the person may open (``waves_visible_to``), or 404."""
    return get_object_or_404(waves_visible_to(membership).select_related("organisation"), pk=pk)


def get_managed_wave(membership: Person, pk: int) -> Wave:
    """A wave the person may change (admins; leaders for waves they created)."""
    waves = waves_visible_to(membership)
    if not membership.is_admin:
        waves = waves.filter(created_by=membership)
    return get_object_or_404(waves.select_related("organisation"), pk=pk)


def result_scope(membership: Person, wave: Wave) -> set[int] | None:
    """Units whose rows the person sees in the wave's results; None means all.

    A leader sees their own subtree; in their own team's mirror, the whole wave.
    """
    if membership.is_admin or (wave.audience == Audience.TEAM and wave.leader_id == membership.pk):
        return None
    return visible_unit_ids(membership) or set()


def readable_assessments(membership: Person, leader: Person) -> QuerySet[Assessment] | None:
    """The leader's self-assessments the person may set against the team, or ``None``.

    A leader reads their own; an admin an active leader's only while that leader
    shares a self-assessment (the mirror's sharing rule).
    """
    if leader.pk == membership.pk and membership.is_leader:
        return own_assessments(membership)
    if membership.is_admin and leader.archived_at is None:
        shared = shared_assessments(membership).filter(person=leader)
        return shared if shared.exists() else None
    return None


def get_team_mirror_for_user(
    membership: Person, leader_pk: int
) -> tuple[Person, Assessment | None, Wave | None]:
    """The leader, their latest self-assessment the person may read, their latest closed team wave.

    A leader reaches their own; an admin a leader's only while that leader
    shares a submitted self-assessment (the mirror's sharing rule). Anyone
    else, and an admin without a shared self-assessment, gets 404.
    """
    leader = get_object_or_404(
        Person.objects.filter(organisation_id=membership.organisation_id, archived_at__isnull=True),
        pk=leader_pk,
    )
    assessments = readable_assessments(membership, leader)
    if assessments is None:
        raise Http404
    assessment = (
        assessments.filter(submitted_at__isnull=False).order_by("-submitted_at", "-pk").first()
    )
    wave = (
        waves_visible_to(membership)
        .filter(audience=Audience.TEAM, leader=leader, closed_at__isnull=False)
        .select_related("organisation")
        .order_by("-closed_at", "-pk")
        .first()
    )
    return leader, assessment, wave
