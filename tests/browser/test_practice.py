"""A leader's week of care in a real browser: an overdue conversation logged with a
commitment, then a calendar file whose customer meeting the leader confirms."""

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from genuinecare.practice.models import CareAction, Commitment
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast
from tests.factories import account, log, person_stakeholder

pytestmark = pytest.mark.django_db(transaction=True)


def _ics(start: dt.datetime) -> str:
    stamp = start.strftime("%Y%m%dT%H%M%S")
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
        "BEGIN:VEVENT\r\nUID:visit-1@test\r\nSUMMARY:Quarterly review at Acme\r\n"
        f"DTSTART;TZID=Europe/Berlin:{stamp}\r\n"
        "ATTENDEE:mailto:buyer@acme.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )


def test_leader_logs_care_and_confirms_a_calendar_visit(
    page: Page, live_server: LiveServer, cast: Cast, tmp_path: Path
) -> None:
    base = live_server.url
    now = timezone.now()
    member = person_stakeholder(cast.leader, cast.member)
    # At local noon, so the days counted stay 120 across a change to or from summer time.
    noon = timezone.localtime(now).replace(hour=12, minute=0, second=0, microsecond=0)
    log(cast.leader, "career_conversation", [member], noon - dt.timedelta(days=120))
    retail = account(cast.organisation, "Acme Retail", email_domains="acme.com")
    nordwind = account(cast.organisation, "Nordwind Handel AG")

    sign_in(page, base, cast.leader.email)
    page.get_by_role("navigation").get_by_role("link", name="Care in practice").click()
    overdue = page.locator(f'[data-item="s{member.pk}-k{member.care_actions.get().kind_id}"]')
    expect(overdue).to_contain_text("30 days overdue")
    screenshot(page, "practice-map-overdue")

    overdue.get_by_role("link", name="Log care").click()
    expect(page.get_by_label("Kind of care")).to_have_value(str(member.care_actions.get().kind_id))
    page.get_by_label("Private note").fill("Wants to grow into key accounts.")
    page.get_by_label("Commitment made").fill("Send the training budget")
    page.locator("#id_due_1").fill((now + dt.timedelta(days=10)).strftime("%Y-%m-%d"))
    page.get_by_role("button", name="Log care action").click()
    expect(page.get_by_role("status")).to_contain_text("Care action logged.")
    expect(overdue).to_have_count(0)
    assert Commitment.objects.get().text == "Send the training budget"
    contact = page.locator('[data-item^="l-k"]')
    expect(contact).to_contain_text("Customer visit or sales call")

    calendar = tmp_path / "calendar.ics"
    calendar.write_text(_ics(timezone.localtime(now) - dt.timedelta(days=5)), encoding="utf-8")
    page.get_by_role("link", name="Calendar import").click()
    page.get_by_label("File").set_input_files(str(calendar))
    page.get_by_role("button", name="Read calendar").click()
    expect(page.get_by_role("status")).to_contain_text(
        "1 meeting read: 1 new proposal, 0 already known."
    )
    row = page.locator("table.proposals tbody tr")
    expect(row).to_contain_text("Acme Retail")
    screenshot(page, "practice-calendar-proposal")
    row.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("status")).to_contain_text("Confirmed: Quarterly review at Acme.")
    assert CareAction.objects.filter(source="calendar", kind__code="customer_visit").count() == 1

    page.get_by_role("link", name="Care map").click()
    expect(page.locator('[data-item^="l-k"]')).to_have_count(0)
    customers = page.locator("section.circle-customer")
    expect(customers).to_contain_text("Acme Retail")  # cared for: on the map
    expect(customers).not_to_contain_text("Nordwind Handel AG")
    screenshot(page, "practice-map-after")

    page.get_by_role("link", name="Follow accounts").click()
    row = page.locator(f'[data-account="{nordwind.pk}"]')
    expect(row).to_contain_text("Not on your map")
    expect(page.locator(f'[data-account="{retail.pk}"]')).to_contain_text(
        "On your map: you logged care with it"
    )
    row.get_by_role("button", name="Follow").click()
    expect(page.get_by_role("status")).to_contain_text("Nordwind Handel AG is on your care map.")
    expect(row).to_contain_text("On your map: you follow it")
    screenshot(page, "practice-accounts")
    page.get_by_role("link", name="Care map").click()
    expect(customers).to_contain_text("Nordwind Handel AG")
