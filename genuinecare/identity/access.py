"""Who may invite, resend and revoke: the admins of the person's own organisation.

Anyone else (a leader, a member, an outsider) gets 404, exactly as for a person
who does not exist.
"""

from django.db.models import QuerySet
from django.http import Http404

from genuinecare.people.access import get_person, people_visible_to
from genuinecare.people.models import Person


def invitees_visible_to(membership: Person) -> QuerySet[Person]:
    """The active people of the admin's organisation, whom they may invite; 404 for non-admins."""
    if not membership.is_admin:
        raise Http404
    return (
        people_visible_to(membership)
        .filter(archived_at__isnull=True)
        .select_related("user")
        .order_by("pk")
    )


def get_invitee(membership: Person, pk: int) -> Person:
    """A person of the admin's organisation, or 404 for anyone who is not its admin.

    Archived people too, so that their page still shows where they stood.
    """
    if not membership.is_admin:
        raise Http404
    return get_person(membership, pk)
