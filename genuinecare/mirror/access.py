"""The only way mirror views reach self-assessments.

A self-assessment is private to its leader. An organisation admin sees the
ones shared with them, and only the submitted ones; everyone else gets 404.
"""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from genuinecare.mirror.models import Assessment
from genuinecare.people.models import Person


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


def get_assessment_for_user(membership: Person, pk: int) -> Assessment:
    """An attempt whose report the person may read: their own, or shared with them as admin."""
    visible = own_assessments(membership) | shared_assessments(membership)
    return get_object_or_404(visible, pk=pk)
