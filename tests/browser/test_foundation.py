"""A leader-admin's first steps, in a real browser: sign in, German, units, CSV import."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from genuinecare.people.models import Person, Unit
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "name,email,unit,manager_email,function,language\n"


def test_admin_sets_up_units_and_imports_people(
    page: Page, live_server: LiveServer, cast: Cast, tmp_path: Path
) -> None:
    base = live_server.url
    sign_in(page, base, cast.admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme")

    page.get_by_role("button", name="Deutsch").click()
    expect(page.get_by_role("link", name="Einheiten")).to_be_visible()
    cast.admin.user.refresh_from_db()
    assert cast.admin.user.language == "de"

    page.get_by_role("link", name="Einheiten").click()
    page.get_by_label("Name").fill("Kundenservice")
    page.get_by_label("Übergeordnete Einheit").select_option(label="Acme")
    page.get_by_role("button", name="Einheit anlegen").click()
    expect(page.get_by_role("link", name="Kundenservice")).to_be_visible()
    assert Unit.objects.get(name="Kundenservice").parent == cast.root

    bad = tmp_path / "people.csv"
    bad.write_text(
        HEADER + "Zoë Müller,zoe@acme.test,Acme/Kundenservice,,COO,de\n"
        "Ben Bad,not-an-address,Acme/Kundenservice,,,en\n",
        encoding="utf-8",
    )
    page.get_by_role("link", name="Personen").click()
    page.get_by_role("link", name="Aus CSV importieren").click()
    page.get_by_label("CSV-Datei").set_input_files(str(bad))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    error_row = page.locator("table.row-errors tbody tr")
    expect(error_row).to_have_count(1)
    expect(error_row).to_contain_text("3")
    expect(error_row).to_contain_text("email")
    assert not Person.objects.filter(email="zoe@acme.test").exists()

    bad.write_text(bad.read_text().replace("not-an-address", "ben@acme.test"), encoding="utf-8")
    page.get_by_role("link", name="Korrigierte Datei hochladen").click()
    page.get_by_label("CSV-Datei").set_input_files(str(bad))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    expect(page.locator('[data-count="created"]')).to_have_text("2")
    page.get_by_role("button", name="Jetzt importieren").click()
    expect(page.get_by_role("status")).to_contain_text("2 angelegt, 0 aktualisiert, 0 unverändert")
    screenshot(page, "foundation-import-done")
    zoe = Person.objects.get(email="zoe@acme.test")
    assert (zoe.unit.name, zoe.function, zoe.language) == ("Kundenservice", "coo", "de")
