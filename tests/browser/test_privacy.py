"""A right-of-access request in a real browser: the admin records it with a reason, the
person downloads their file from the e-mailed link once, and the admin sees the outcome."""

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from genuinecare.outbox.actions import drain
from genuinecare.outbox.models import Message
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_records_an_export_and_the_person_downloads_it_once(
    page: Page, live_server: LiveServer, cast: Cast
) -> None:
    base = live_server.url
    sign_in(page, base, cast.admin.email)
    page.goto(f"{base}/o/acme/people/{cast.member.pk}/")
    page.get_by_role("link", name="Record a privacy request").click()
    page.get_by_role("button", name="E-mail them their data").click()
    expect(page.get_by_role("alert").first).to_contain_text("Give the reason for this request")
    page.locator("#id_access-reason").fill("E-mail to HR of 3 March")
    page.get_by_role("button", name="E-mail them their data").click()
    expect(page.get_by_role("status")).to_contain_text("gets an e-mail with a link")
    expect(page.locator("table.privacy-requests")).to_contain_text("waiting to be sent")
    screenshot(page, "privacy-request")

    body = Message.objects.get(kind="practice.privacy_export").body
    link = (
        base + "/my-data/" + next(w for w in body.split() if "/my-data/" in w).split("/my-data/")[1]
    )
    drain(worker="browser-test")
    visitor = page.context.browser.new_context(accept_downloads=True)
    person = visitor.new_page()
    person.goto(link)
    expect(person.get_by_role("heading", level=1)).to_have_text("Your data")
    screenshot(person, "privacy-my-data")
    with person.expect_download() as download:
        person.get_by_role("button", name="Download my data").click()
    data = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert data["person"]["email"] == "member@acme.test"
    person.goto(link)
    expect(person.get_by_role("heading", level=1)).to_have_text("This link was used")
    visitor.close()

    page.goto(f"{base}/o/acme/practice/privacy/")
    rows = page.locator("table.privacy-requests tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("E-mail to HR of 3 March")
    expect(rows.first).to_contain_text("Link e-mailed to the person on")
    expect(rows.first).to_contain_text("Downloaded on")
    screenshot(page, "privacy-requests")
