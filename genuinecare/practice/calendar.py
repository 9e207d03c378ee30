"""Calendar import: meetings with customers and suppliers become proposed care actions.

Nothing is logged silently: each meeting whose attendees' e-mail domain belongs to a
customer or supplier account becomes a proposal the leader confirms or dismisses.
Recurring events are expanded, times keep their time zone (floating times count in the
instance's zone), and importing the same file again adds nothing.
"""

import datetime as dt
from dataclasses import dataclass

import recurring_ical_events
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from genuinecare.people.models import Person
from genuinecare.practice.actions import log_care
from genuinecare.practice.cadences.due import zone
from genuinecare.practice.enums import ActionSource, ProposalStatus, StakeholderType
from genuinecare.practice.models import CareAction, CareKind, ProposedAction, Stakeholder

LOOK_BACK_DAYS = 365
KIND_FOR_TYPE = {
    StakeholderType.CUSTOMER: "customer_visit",
    StakeholderType.SUPPLIER: "supplier_update",
}


@dataclass(frozen=True, slots=True)
class CalendarResult:
    meetings: int  # occurrences read in the window
    proposed: int  # new proposals
    known: int  # proposals that already existed from an earlier import


def _parse(data: bytes) -> Calendar:
    try:
        calendar = Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise ValidationError(
            _("This is not an iCalendar (.ics) file (%(error)s). Export your calendar as .ics.")
            % {"error": str(error)[:120]}
        ) from None
    if not isinstance(calendar, Calendar):
        raise ValidationError(_("The file holds more than one calendar. Export one calendar."))
    return calendar


def _addresses(event: object) -> set[str]:
    raw = event.get("ATTENDEE") or []  # type: ignore[attr-defined]
    values = raw if isinstance(raw, list) else [raw]
    return {str(v).lower().removeprefix("mailto:").strip() for v in values}


def _start(event: object) -> dt.datetime | None:
    value = getattr(event.get("DTSTART"), "dt", None)  # type: ignore[attr-defined]
    if not isinstance(value, dt.datetime):
        return None  # all-day entries are not meetings
    return value if value.tzinfo is not None else value.replace(tzinfo=zone())


def _accounts(leader: Person) -> dict[str, Stakeholder]:
    by_domain: dict[str, Stakeholder] = {}
    accounts = (
        Stakeholder.objects.filter(
            organisation_id=leader.organisation_id,
            archived_at__isnull=True,
            account__archived_at__isnull=True,
            type__in=list(KIND_FOR_TYPE),
        )
        .exclude(account__email_domains="")
        .select_related("account")
        .order_by("account__name", "pk")
    )
    for stakeholder in accounts:
        for domain in stakeholder.account.domains if stakeholder.account else ():
            by_domain.setdefault(domain, stakeholder)
    return by_domain


def import_calendar(*, leader: Person, data: bytes, now: dt.datetime) -> CalendarResult:
    """Propose a care action for each past meeting (up to a year back) with an account."""
    calendar = _parse(data)
    kinds = CareKind.objects.filter(
        organisation_id=leader.organisation_id, code__in=KIND_FOR_TYPE.values(), active=True
    )
    by_code = {kind.code: kind for kind in kinds}
    by_domain = _accounts(leader)
    try:
        occurrences = recurring_ical_events.of(calendar).between(
            now - dt.timedelta(days=LOOK_BACK_DAYS), now
        )
    except (ValueError, TypeError) as error:
        raise ValidationError(
            _("The calendar has an event that cannot be read (%(error)s).")
            % {"error": str(error)[:120]}
        ) from None
    proposals: dict[tuple[str, dt.datetime, int], ProposedAction] = {}
    meetings = 0
    for event in occurrences:
        start = _start(event)
        if start is None or start > now:
            continue
        meetings += 1
        uid = str(event.get("UID") or event.get("SUMMARY") or "")[:300]
        for address in _addresses(event) - {leader.email.lower()}:
            account = by_domain.get(address.rpartition("@")[2])
            kind = by_code.get(KIND_FOR_TYPE[StakeholderType(account.type)]) if account else None
            if account is None or kind is None:
                continue
            proposals[(uid, start, account.pk)] = ProposedAction(
                leader=leader,
                stakeholder=account,
                kind=kind,
                uid=uid,
                starts_at=start,
                summary=str(event.get("SUMMARY") or "")[:300],
            )
    before = ProposedAction.objects.filter(leader=leader).count()
    ProposedAction.objects.bulk_create(proposals.values(), ignore_conflicts=True)
    added = ProposedAction.objects.filter(leader=leader).count() - before
    return CalendarResult(meetings, added, len(proposals) - added)


def confirm_proposal(*, proposal: ProposedAction, now: dt.datetime | None = None) -> CareAction:
    """Log the proposed meeting as a care action; confirming twice logs it once."""
    with transaction.atomic():
        locked = ProposedAction.objects.select_for_update().get(pk=proposal.pk)
        if locked.status == ProposalStatus.CONFIRMED and locked.action is not None:
            return locked.action
        if locked.status == ProposalStatus.DISMISSED:
            raise ValidationError(_("This meeting was dismissed; it cannot be confirmed."))
        action = log_care(
            leader=proposal.leader,
            kind=proposal.kind,
            stakeholders=[proposal.stakeholder],
            happened_at=proposal.starts_at,
            source=ActionSource.CALENDAR,
            idempotency_key=f"calendar-{proposal.pk}",
            now=now or timezone.now(),
        )
        locked.status = ProposalStatus.CONFIRMED
        locked.action = action
        locked.save(update_fields=["status", "action"])
    return action


def dismiss_proposal(*, proposal: ProposedAction) -> ProposedAction:
    """Not a care action: the proposal stays dismissed on re-import."""
    if proposal.status == ProposalStatus.PROPOSED:
        proposal.status = ProposalStatus.DISMISSED
        proposal.save(update_fields=["status"])
    return proposal
