"""The only way mirror views reach self-assessments, and the one home of the sharing rule.

A self-assessment is private to its leader. An organisation admin sees the
ones shared with them, and only the submitted ones; everyone else gets 404.
The team's mirror sets a self-assessment against a team wave of Pulse under
the same rule.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from genuinecare.mirror.models import Assessment
from genuinecare.people.models import Person
from genuinecare.surveys.access import waves_visible_to
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.models import Wave


def own_assessments(membership: Person) -> QuerySet[Assessment]:
    """The person's own self-assessments in this organisation, drafts included."""
    return Assessment.objects.filter(
        person=membership, organisation_id=membership.organisation_id
    ).select_related("organisation", "person")


def shared_assessments(membership: Person) -> QuerySet[Assessment]:
    """Submitted self-assessments shared with the admin; none for anyone else."""
    if not membership.is_admin:
        return Assessment.objects.none()
    return Assessment.objects.filter(
        organisation_id=membership.organisation_id,
        submitted_at__isnull=False,
        shared_at__isnull=False,
    ).select_related("organisation", "person")


def get_own_assessment(membership: Person, pk: int) -> Assessment:
    """One of the leader's own attempts (to answer, submit or share), or 404."""
    return get_object_or_404(own_assessments(membership), pk=pk)


def get_own_draft(membership: Person, pk: int) -> Assessment:
    """One of the leader's own unsubmitted attempts (to discard), or 404."""
    return get_object_or_404(own_assessments(membership), pk=pk, submitted_at__isnull=True)


def get_assessment(membership: Person, pk: int) -> Assessment:
    """An attempt whose report the person may read: their own, or shared with them as admin."""
    visible = own_assessments(membership) | shared_assessments(membership)
    return get_object_or_404(visible, pk=pk)


def get_team_mirror(
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
    own = leader.pk == membership.pk and membership.is_leader
    readable = own_assessments(membership) if own else shared_assessments(membership)
    assessment = (
        readable.filter(person=leader, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .first()
    )
    if assessment is None and not own:
        raise Http404
    wave = (
        waves_visible_to(membership)
        .filter(audience=Audience.TEAM, leader=leader, closed_at__isnull=False)
        .select_related("organisation")
        .order_by("-closed_at", "-pk")
        .first()
    )
    return leader, assessment, wave
