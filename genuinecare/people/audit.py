"""The organisation's audit log: every security-relevant verb reports here.

The log lives on the people floor, so every floor above (sign-in, provisioning, the pulse,
practice) can record into it. An entry names *what* happened, *who* did it and *to whom*,
by id and by the label they had at the time (their e-mail address), so it stays readable
after a person leaves. It never holds survey answers, private notes, tokens or passwords.

``record`` writes in the caller's transaction: an action that is rolled back leaves no
entry. Entries are never changed through the application (``AuditEvent.save`` refuses);
they leave only when they are older than ``CARE_AUDIT_RETENTION_DAYS`` (``purge``, run by
``care worker``), with their organisation, or when a person's data is erased (``forget``
blanks their labels). Each entry also goes to the ``genuinecare.audit`` logger, by id only.
"""

import datetime as dt
import ipaddress
import logging

from django.conf import settings
from django.http import HttpRequest

from genuinecare.people.audit_log import GROUPS, MAX_DETAIL, MAX_LABEL, AuditEvent, Event
from genuinecare.people.models import Organisation, Person, User

__all__ = ["GROUPS", "AuditEvent", "Event", "forget", "purge", "record", "record_for_user"]

logger = logging.getLogger("genuinecare.audit")

FORGOTTEN = "—"


def _label(person: Person | None) -> str:
    return "" if person is None else (person.email or person.name)[:MAX_LABEL]


def client_address(request: HttpRequest | None) -> str | None:
    """The client's IP address as the sign-in throttling sees it; None if there is none."""
    if request is None:
        return None
    from axes.helpers import get_client_ip_address  # axes reads its settings when imported

    raw = get_client_ip_address(request)
    try:
        return str(ipaddress.ip_address(raw)) if raw else None
    except ValueError:
        return None


def record(
    event: Event,
    *,
    organisation: Organisation,
    actor: Person | None = None,
    subject: Person | None = None,
    detail: str = "",
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Note that ``actor`` (None: the system or an outsider) did ``event`` in ``organisation``.

    ``subject`` is the person it was done to, if any; ``detail`` a short plain fact such as
    "member → leader" or a count (never an answer, note, token or password; cut to
    ``MAX_DETAIL`` characters); ``request``, when given, lends the client address. Written
    in the caller's transaction.
    """
    logger.info(
        "%s organisation=%s subject=%s actor=%s %s",
        event.value,
        organisation.pk,
        subject.pk if subject is not None else "-",
        actor.pk if actor is not None else "-",
        detail,
    )
    return AuditEvent.objects.create(
        organisation=organisation,
        event=event.value,
        actor=actor,
        actor_label=_label(actor),
        subject=subject,
        subject_label=_label(subject),
        detail=" ".join(detail.split())[:MAX_DETAIL],
        ip_address=client_address(request),
    )


def record_for_user(
    event: Event, *, user: User, detail: str = "", request: HttpRequest | None = None
) -> None:
    """Record a sign-in event in every organisation where ``user`` is a person, as that person."""
    for person in Person.objects.filter(user=user).select_related("organisation"):
        record(
            event,
            organisation=person.organisation,
            actor=person,
            subject=person,
            detail=detail,
            request=request,
        )


def purge(*, now: dt.datetime) -> int:
    """Delete entries older than ``CARE_AUDIT_RETENTION_DAYS``, of every organisation."""
    cutoff = now - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _counts = AuditEvent.objects.filter(happened_at__lt=cutoff).delete()
    return deleted


def forget(*, person: Person) -> None:
    """Blank ``person``'s labels in the log when their data is erased; the events stay.

    The one change the log allows: what happened stays on record, who it was does not.
    """
    AuditEvent.objects.filter(actor=person).update(actor_label=FORGOTTEN)
    AuditEvent.objects.filter(subject=person).update(subject_label=FORGOTTEN)
