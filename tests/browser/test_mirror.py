"""A leader's self-assessment in German, in a real browser: answer, close the tab halfway,
resume, submit, read the report and download the PDF."""

import io
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from pytest_django.live_server_helper import LiveServer

from genuinecare.mirror.models import Assessment, AssessmentPart
from genuinecare.mirror.report import build_report
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast

pytestmark = pytest.mark.django_db(transaction=True)


def answer_page(page: Page, value: str = "4") -> None:
    """Choose ``value`` for every question on the page, then save and go on."""
    for radio in page.locator(f'input[type="radio"][value="{value}"]').all():
        radio.check()


def test_leader_completes_a_self_assessment_in_german_with_a_break(
    page: Page, live_server: LiveServer, cast: Cast, tmp_path: Path
) -> None:
    base = live_server.url
    sign_in(page, base, cast.leader.email)
    page.get_by_role("button", name="Deutsch").click()

    page.get_by_role("navigation").get_by_role("link", name="Spiegel").click()
    page.get_by_role("link", name="Selbsteinschätzung beginnen").click()
    page.get_by_label("Reflexion vor dem Aufbruch").uncheck()
    expect(page.get_by_label("CARE: das Fundament der Kundenzentrierung")).to_be_checked()
    page.get_by_role("button", name="Beginnen").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Gehört")
    expect(page.get_by_text("Seite 1 von 15")).to_be_visible()
    screenshot(page, "mirror-question-page")
    for number in range(1, 8):
        answer_page(page)
        page.get_by_role("button", name="Speichern und weiter").click()
        expect(page.get_by_text(f"Seite {number + 1} von 15")).to_be_visible()

    # page 8: answer two questions, each saved as it changes, then close the tab
    radios = page.locator('input[type="radio"][value="5"]')
    for index in (0, 1):
        with page.expect_response(lambda r: r.url.endswith("/save/") and r.status == 200):
            radios.nth(index).check()
    expect(page.locator("#qn-status")).to_contain_text("Gespeichert.")
    expect(page.locator("#qn-progress")).to_contain_text("40 von 66 beantwortet")
    context = page.context
    page.close()

    page = context.new_page()
    page.goto(f"{base}/o/acme/mirror/")
    page.get_by_role("link", name="Selbsteinschätzung fortsetzen").click()
    expect(page.get_by_text("Seite 8 von 15")).to_be_visible()
    expect(page.locator('input[type="radio"][value="5"]').nth(0)).to_be_checked()
    expect(page.locator('input[type="radio"][value="5"]').nth(1)).to_be_checked()
    page.locator('input[type="radio"][value="na"]').nth(2).check()
    for number in range(8, 15):
        if number > 8:
            answer_page(page)
        else:
            page.locator('input[type="radio"][value="3"]').nth(3).check()
        page.get_by_role("button", name="Speichern und weiter").click()
        expect(page.get_by_text(f"Seite {number + 1} von 15")).to_be_visible()
    answer_page(page)
    page.get_by_role("button", name="Meine Antworten absenden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Ihr Spiegelbericht")
    assessment = Assessment.objects.get(person=cast.leader)
    assert assessment.submitted_at is not None
    stage = build_report(assessment, language="de", private=True).stage
    assert stage is not None
    expect(page.locator(".stage-name")).to_have_text(stage.name)
    expect(page.get_by_role("heading", name="Drei erste Schritte")).to_be_visible()
    answers = bytes(AssessmentPart.objects.get(assessment=assessment).answers)
    assert answers.count(254) == 1  # the one "does not apply"
    screenshot(page, "mirror-report")

    with page.expect_download() as download:
        page.get_by_role("link", name="PDF herunterladen").click()
    pdf = tmp_path / "report.pdf"
    download.value.save_as(pdf)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert f"Bodenstufe: {stage.name}" in text
