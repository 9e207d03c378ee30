"""Who may invite, resend and revoke: the admins of the person's own organisation.

Anyone else (a leader, a member, an outsider) gets 404, exactly as for a person
who does not exist.
"""

from django.db.models import QuerySet
from django.http import Http404

from genuinecare.people.access import get_person_for_user, people_visible_to
from genuinecare.people.models import Person


def get_person_to_invite(membership: Person, pk: int) -> Person:
    """A person of the admin's organisation, or 404 for anyone who is not its admin."""
    if not membership.is_admin:
        raise Http404
    return get_person_for_user(membership, pk)


def people_to_invite(membership: Person, ids: list[int]) -> QuerySet[Person]:
    """The active people among ``ids`` in the admin's organisation (others are dropped)."""
    if not membership.is_admin:
        raise Http404
    return (
        people_visible_to(membership)
        .filter(pk__in=ids, archived_at__isnull=True)
        .select_related("user")
        .order_by("pk")
    )
