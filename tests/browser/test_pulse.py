"""The pulse loop in a real browser: an admin creates a wave, the worker sends the
invitations, respondents answer (one in German, one after closing the tab), a link is
used twice, the wave closes, the heat map shows what it may and the PDF downloads."""

import io
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from genuinecare.outbox.actions import drain
from genuinecare.surveys.models import Response, Wave
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast
from tests.factories import PersonFactory, answer

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def respondent(chromium: Browser, live_server: LiveServer) -> Iterator[Callable[..., Page]]:
    """Open invitation links in fresh browser contexts (no account, own cookies)."""
    contexts, errors = [], []

    def open_link(link: str, locale: str = "en-GB") -> Page:
        context = chromium.new_context(locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.set_default_timeout(15_000)
        page.goto(live_server.url + link)
        return page

    yield open_link
    for context in contexts:
        context.close()
    assert errors == [], f"The browser reported errors (CSP violations?): {errors}"


def _links() -> dict[str, str]:
    """Each invited address and the path of the link in its e-mail."""
    found = {}
    for message in mail.outbox:
        match = re.search(r"https?://[^/\s]+(/r/[^/\s]+/)", str(message.body))
        assert match is not None, message.body
        found[message.to[0]] = match.group(1)
    return found


def _choose(page: Page, value: str) -> None:
    for radio in page.locator(f'input[type="radio"][value="{value}"]').all():
        radio.check()


def _answer_to_the_end(page: Page, value: str, *, go_on: str, submit: str) -> None:
    while not page.get_by_role("button", name=submit).is_visible():
        _choose(page, value)
        page.get_by_role("button", name=go_on).click()
    _choose(page, value)
    page.get_by_role("button", name=submit).click()


def test_the_whole_pulse_loop(
    page: Page,
    respondent: Callable[..., Page],
    live_server: LiveServer,
    cast: Cast,
    settings: Settings,
    tmp_path: Path,
) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    base = live_server.url
    PersonFactory(
        organisation=cast.organisation, unit=cast.it, email="anna@acme.test", language="de"
    )
    PersonFactory(organisation=cast.organisation, unit=cast.it, email="ben@acme.test")

    sign_in(page, base, cast.admin.email)
    page.get_by_role("navigation").get_by_role("link", name="Pulse").click()
    page.get_by_role("link", name="New wave").click()
    page.get_by_label("Title").fill("Spring pulse")
    page.get_by_label("Who is asked").select_option("employees")
    page.get_by_label("Catalog").select_option("purpose")
    now = timezone.localtime()
    page.get_by_label("Opens").fill((now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Closes").fill((now + timedelta(days=14)).strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Anonymity threshold").fill("3")
    page.get_by_label("Comment threshold").fill("10")
    page.get_by_role("button", name="Create wave").click()
    page.get_by_role("button", name="Open now and send invitations").click()
    wave = Wave.objects.get(title="Spring pulse")
    assert wave.invited_at is not None

    drain(worker="browser-test")
    links = _links()
    assert sorted(links) == sorted(
        [
            "admin@acme.test",
            "leader@acme.test",
            "member@acme.test",
            "it@acme.test",
            "anna@acme.test",
            "ben@acme.test",
        ]
    )
    german = next(m for m in mail.outbox if m.to[0] == "anna@acme.test")
    assert german.subject == "Acme möchte Ihre Meinung hören"

    # Anna answers in German (her language), with a comment on the first page
    anna = respondent(links["anna@acme.test"])
    expect(anna.get_by_text("Diese Umfrage ist anonym.")).to_be_visible()
    anna.get_by_label(re.compile("Möchten Sie")).first.fill("Mehr Zeit für Gespräche, bitte.")
    screenshot(anna, "pulse-question-page-de")
    _answer_to_the_end(anna, "4", go_on="Speichern und weiter", submit="Meine Antworten absenden")
    expect(anna.get_by_role("heading", level=1)).to_have_text("Vielen Dank für Ihre Antworten")

    # Ben answers page 1, saves one answer on page 2, closes the tab and comes back
    ben = respondent(links["ben@acme.test"])
    _choose(ben, "5")
    ben.get_by_role("button", name="Save and continue").click()
    expect(ben.get_by_text("Page 2 of")).to_be_visible()
    with ben.expect_response(lambda r: r.url.endswith("/save/") and r.status == 200):
        ben.locator('input[type="radio"][value="2"]').first.check()
    expect(ben.locator("#qn-status")).to_contain_text("Saved.")
    ben.context.close()
    ben = respondent(links["ben@acme.test"])
    expect(ben.get_by_text("Page 2 of")).to_be_visible()
    expect(ben.locator('input[type="radio"][value="2"]').first).to_be_checked()
    _answer_to_the_end(ben, "5", go_on="Save and continue", submit="Submit my answers")
    expect(ben.get_by_role("heading", level=1)).to_have_text("Thank you for your answers")

    it = respondent(links["it@acme.test"])
    _answer_to_the_end(it, "3", go_on="Save and continue", submit="Submit my answers")

    # The member's link works once; the second visit is told so, kindly
    member = respondent(links["member@acme.test"])
    _answer_to_the_end(member, "2", go_on="Save and continue", submit="Submit my answers")
    again = respondent(links["member@acme.test"])
    expect(again.get_by_role("heading", level=1)).to_have_text("You have already answered")
    assert Response.objects.filter(wave=wave).count() == 4

    for _ in range(3):  # three more in Sales itself, so Sales (4) shows while DACH (1) hides
        answer(wave, unit=cast.sales, value=4)
    page.goto(f"{base}{wave.get_absolute_url()}")
    page.get_by_role("button", name="Close the wave").click()
    wave.refresh_from_db()
    assert wave.closed_at is not None

    page.goto(f"{base}/o/acme/pulse/{wave.pk}/results/?drill={cast.root.pk}")
    expect(page.locator('tr[data-unit="IT"] td.num')).to_have_text("3")
    expect(page.locator('tr[data-unit="Sales"] td.num')).to_have_text("4")
    page.goto(f"{base}/o/acme/pulse/{wave.pk}/results/?drill={cast.sales.pk}")
    expect(page.locator("[data-hidden-groups]")).to_contain_text("1 more group is not listed")
    expect(page.locator('tr[data-unit="DACH"]')).to_have_count(0)
    screenshot(page, "pulse-heat-map")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF report").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "Spring pulse" in text and "Heat map" in text and "DACH" not in text
