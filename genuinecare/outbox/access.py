"""The only way outbox views reach messages: admins see their organisation's, nobody else any."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from genuinecare.outbox.models import Message
from genuinecare.people.models import Person


def messages_visible_to(membership: Person) -> QuerySet[Message]:
    """The organisation's messages for its admins; none for anyone else."""
    if not membership.is_admin:
        return Message.objects.none()
    return Message.objects.filter(organisation_id=membership.organisation_id)


def get_message(membership: Person, pk: int) -> Message:
    """One of the organisation's messages (to send again), or 404."""
    return get_object_or_404(messages_visible_to(membership), pk=pk)
