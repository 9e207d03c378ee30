"""Promise 5: output. User content is escaped on every page, spreadsheet cells never run,
PDFs fetch nothing from outside, uploads are bounded, and the strict CSP holds everywhere."""

import csv
import html
import io
import re
import zipfile

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.datastructures import MultiValueDict

from genuinecare.mirror.forms import CatalogUploadForm
from genuinecare.people import audit
from genuinecare.people.models import Person, Unit
from genuinecare.people.tree import format_path
from genuinecare.practice.forms import UploadForm
from genuinecare.practice.models import Initiative, Stakeholder
from genuinecare.surveys.enums import Mode
from genuinecare.surveys.models import Wave
from tests.conftest import Cast, ClientResponse, streamed
from tests.factories import answer, make_wave

from .conftest import World
from .routes import GET, ORGANISATION_ROUTES

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("gc")</script><img src=x onerror=alert(1)>'
STRICT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
INLINE = [
    re.compile(rb"<script(?![^>]*\ssrc=)[^>]*>", re.I),  # a script without src
    re.compile(rb"<style", re.I),
    re.compile(rb"\sstyle=", re.I),
    re.compile(rb"<[a-z][^<>]*\son[a-z]+=", re.I),  # event handler attributes
    re.compile(rb"<[a-z][^<>]*\shx-on", re.I),
    re.compile(rb"javascript:", re.I),
]


def _poison(world: World) -> None:
    """Every name a user can type becomes markup."""
    Unit.objects.filter(pk=world.acme["unit"]).update(name=PAYLOAD)
    Person.objects.filter(pk=world.acme["person"]).update(name=PAYLOAD)
    Wave.objects.filter(pk=world.acme["wave"]).update(title=PAYLOAD)
    Stakeholder.objects.filter(pk=world.acme["stakeholder"]).update(name=PAYLOAD)
    Initiative.objects.filter(pk=world.acme["initiative"]).update(name=PAYLOAD)
    audit.record(audit.Event.SCIM_SYNC, organisation=world.cast.organisation, detail=PAYLOAD)


def _check_page(url: str, response: ClientResponse) -> None:
    assert response["Content-Security-Policy"] == STRICT_CSP, url
    content_type = response.get("Content-Type", "")
    if content_type.startswith(("text/html", "image/svg")):
        body = response.content
        assert PAYLOAD.encode() not in body, url
        body = re.sub(rb'"[^"]*"', b'""', body)  # escaped values cannot hide a quote
        for pattern in INLINE:
            assert pattern.search(body) is None, (url, pattern.pattern)


@pytest.mark.parametrize("who", ["admin", "leader"])
def test_every_page_escapes_user_content_and_keeps_the_strict_csp(world: World, who: str) -> None:
    _poison(world)
    person = world.cast.admin if who == "admin" else world.cast.leader
    client = world.cast.client_for(person)
    checked = 0
    for route in ORGANISATION_ROUTES:
        if GET not in route.methods:
            continue
        url = world.acme_url(route)
        response = client.get(url, follow=True)
        if response.status_code == 200:
            _check_page(url, response)
            checked += 1
    # admins: all but a leader's private pages; the leader: all but admin pages and the
    # preview of the admin's upload
    assert checked == (53 if who == "admin" else 58)


def test_public_pages_keep_the_strict_csp(cast: Cast) -> None:
    from tests.factories import invite

    wave = make_wave(cast.admin, title="Pulse")
    _, token = invite(wave, unit=cast.it, email="x@acme.test")
    client = Client()
    for url in (
        reverse("account_login"),
        reverse("account_reset_password"),
        reverse("sso-find"),
        reverse("respond-page", kwargs={"token": token, "page": 1}),
        reverse("respond", kwargs={"token": "unknown"}),
        reverse("respond-thanks"),
        reverse("follow-up", kwargs={"token": "unknown"}),
        reverse("my-data", kwargs={"token": "unknown"}),
    ):
        _check_page(url, client.get(url))


FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]
RUNS = ("=", "+", "-", "@", "\t", "\r")


def _cells(body: bytes, fmt: str) -> list[str]:
    if fmt == "csv":
        return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]
    with zipfile.ZipFile(io.BytesIO(body)) as book:
        xml = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/"))
    assert "<f>" not in xml  # no formula cell at all
    texts = re.findall(r"<t[^>]*>(.*?)</t>", xml, re.S)
    return [html.unescape(text).replace("_x000D_", "\r") for text in texts]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("kind", ["aggregated", "raw"])
def test_no_export_cell_runs_as_a_formula(cast: Cast, kind: str, fmt: str) -> None:
    """Top-level units named like formulas: their path (slashes doubled) starts the cell."""
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL, threshold=3)
    for formula in FORMULAS:
        unit = Unit.objects.create(organisation=cast.organisation, name=formula)
        for _ in range(3):
            answer(wave, unit=unit, value=4)
    url = reverse("surveys:export", kwargs={"org": "acme", "pk": wave.pk, "kind": kind, "fmt": fmt})
    body = streamed(cast.client_for(cast.admin).get(url))
    cells = _cells(body, fmt)
    assert {"'" + format_path([formula]) for formula in FORMULAS} <= set(cells)
    assert [cell for cell in cells if cell.startswith(RUNS)] == []


def test_pdf_reports_render_escaped_names_and_fetch_nothing(world: World) -> None:
    """Rendering fails loudly on any outside address, so a 200 proves none was fetched."""
    _poison(world)
    for route_name in ("surveys:report-pdf",):
        url = reverse(route_name, kwargs={"org": "acme", "pk": world.acme["wave"]})
        response = world.cast.client_for(world.cast.admin).get(url)
        assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    url = reverse("mirror:report-pdf", kwargs={"org": "acme", "pk": world.acme["assessment"]})
    response = world.cast.client_for(world.cast.leader).get(url)
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


@pytest.mark.parametrize(
    ("form", "limit"),
    [(UploadForm, 5 * 1024 * 1024), (CatalogUploadForm, 512 * 1024)],
)
def test_uploads_are_bounded(form: type[forms.Form], limit: int) -> None:
    big = SimpleUploadedFile("big.txt", b"a" * (limit + 1))
    bound = form(data={}, files=MultiValueDict({"file": [big]}))
    assert not bound.is_valid()
    assert "file" in bound.errors


def test_a_people_import_larger_than_20_mb_is_refused(cast: Cast) -> None:
    big = SimpleUploadedFile("people.csv", b"name;email\n" + b"a" * (20 * 1024 * 1024))
    page = cast.client_for(cast.admin).post(
        reverse("people:import", kwargs={"org": "acme"}), {"file": big}
    )
    assert "larger than 20 MB" in page.content.decode()
    assert not cast.organisation.uploads.exists()
