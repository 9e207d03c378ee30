"""Calendar import: recurring meetings, time zones, re-import without duplicates, confirming."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from genuinecare.practice.calendar import confirm_proposal, dismiss_proposal, import_calendar
from genuinecare.practice.models import CareAction, ProposedAction
from tests.conftest import Cast
from tests.factories import account

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.UTC)

ICS = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:weekly-acme@test
SUMMARY:Acme weekly
DTSTART;TZID=Europe/Berlin:20261019T090000
DTEND;TZID=Europe/Berlin:20261019T100000
RRULE:FREQ=WEEKLY;COUNT=6
ATTENDEE:mailto:buyer@ACME.com
ATTENDEE:mailto:leader@acme.test
END:VEVENT
BEGIN:VEVENT
UID:ny-supplier@test
SUMMARY:Parts review
DTSTART;TZID=America/New_York:20261102T233000
DTEND;TZID=America/New_York:20261103T003000
ATTENDEE:mailto:ceo@parts.example
END:VEVENT
BEGIN:VEVENT
UID:internal@test
SUMMARY:Team lunch
DTSTART:20261110T110000Z
ATTENDEE:mailto:someone@acme.test
END:VEVENT
BEGIN:VEVENT
UID:future@test
SUMMARY:Next year
DTSTART:20270110T110000Z
ATTENDEE:mailto:buyer@acme.com
END:VEVENT
END:VCALENDAR
"""


def test_meetings_with_accounts_are_proposed_once(cast: Cast) -> None:
    account(cast.organisation, "Acme Retail", email_domains="acme.com")
    account(cast.organisation, "Parts AG", type="supplier", email_domains="parts.example")
    result = import_calendar(leader=cast.leader, data=ICS, now=NOW)
    # Six weekly occurrences (19 Oct .. 23 Nov) of which five are past, one NY meeting.
    assert (result.proposed, result.known) == (6, 0)
    starts = sorted(
        ProposedAction.objects.filter(stakeholder__name="Acme Retail").values_list(
            "starts_at", flat=True
        )
    )
    # 09:00 Berlin is 07:00 UTC in summer time (19 Oct) and 08:00 UTC after 25 Oct.
    assert [s.strftime("%m-%d %H:%M") for s in starts] == [
        "10-19 07:00",
        "10-26 08:00",
        "11-02 08:00",
        "11-09 08:00",
        "11-16 08:00",
    ]
    parts = ProposedAction.objects.get(stakeholder__name="Parts AG")
    assert (parts.starts_at, parts.kind.code) == (
        dt.datetime(2026, 11, 3, 4, 30, tzinfo=dt.UTC),
        "supplier_update",
    )
    again = import_calendar(leader=cast.leader, data=ICS, now=NOW)
    assert (again.proposed, again.known) == (0, 6)
    assert ProposedAction.objects.count() == 6
    assert CareAction.objects.count() == 0  # nothing logged silently


def test_confirming_twice_logs_one_action_and_dismissed_stays_dismissed(cast: Cast) -> None:
    account(cast.organisation, "Acme Retail", email_domains="acme.com")
    import_calendar(leader=cast.leader, data=ICS, now=NOW)
    first, second = ProposedAction.objects.order_by("starts_at")[:2]
    action = confirm_proposal(proposal=first, now=NOW)
    assert confirm_proposal(proposal=first, now=NOW) == action
    assert (action.kind.code, action.happened_at, action.source) == (
        "customer_visit",
        first.starts_at,
        "calendar",
    )
    assert CareAction.objects.count() == 1
    dismiss_proposal(proposal=second)
    with pytest.raises(ValidationError):
        confirm_proposal(proposal=second, now=NOW)
    import_calendar(leader=cast.leader, data=ICS, now=NOW)
    second.refresh_from_db()
    assert second.status == "dismissed"


def test_a_file_that_is_not_a_calendar_is_refused_clearly(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        import_calendar(leader=cast.leader, data=b"name,email\nx,y\n", now=NOW)
    assert "not an iCalendar (.ics) file" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("language", "counts", "expected"),
    [
        ("en", (1, 1, 0), "1 meeting read: 1 new proposal, 0 already known."),
        ("en", (3, 2, 1), "3 meetings read: 2 new proposals, 1 already known."),
        ("de", (1, 1, 0), "1 Termin gelesen: 1 neuer Vorschlag, 0 bereits bekannt."),
        ("de", (3, 2, 1), "3 Termine gelesen: 2 neue Vorschläge, 1 bereits bekannt."),
    ],
)
def test_the_import_summary_counts_in_singular_and_plural(
    language: str, counts: tuple[int, int, int], expected: str
) -> None:
    from django.utils import translation

    from genuinecare.practice.views.calendar import _summary

    with translation.override(language):
        assert _summary(*counts) == expected
