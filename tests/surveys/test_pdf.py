"""The PDF reports hold what the pages show, in the reader's language, and nothing hidden."""

import io

from django.urls import reverse
from pypdf import PdfReader

from genuinecare.people.actions import set_language
from genuinecare.surveys.models import Wave
from tests.conftest import Cast, ClientResponse
from tests.factories import answer, make_wave


def _text(response: ClientResponse) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(page.extract_text() for page in reader.pages)


def _wave(cast: Cast) -> Wave:
    """k=3: IT answers 4 times (all 5), DACH twice (hidden, and Sales with it), the root once."""
    wave = make_wave(cast.admin)
    for _ in range(4):
        answer(wave, unit=cast.it, value=5)
    for _ in range(2):
        answer(wave, unit=cast.sales_dach, value=1)
    answer(wave, unit=cast.root, value=3)
    return wave


def test_the_wave_pdf_shows_the_pages_figures_in_german_and_no_hidden_unit(cast: Cast) -> None:
    wave = _wave(cast)
    assert cast.admin.user is not None
    set_language(user=cast.admin.user, language="de")
    client = cast.client_for(cast.admin)
    url = reverse("surveys:report-pdf", kwargs={"org": "acme", "pk": wave.pk})

    page = client.get(reverse("surveys:results", kwargs={"org": "acme", "pk": wave.pk}))
    text = _text(client.get(url))

    assert "Gehört" in page.content.decode() and "Gehört" in text
    assert "Heatmap" in text and "Heat map" not in text
    assert "57" in text  # Heard: 12 of 21 answers favourable, as on the page
    assert ">57<" in page.content.decode().replace(" ", "")
    assert "DACH" not in text and "Sales" not in text
    assert "DACH" not in page.content.decode()


def test_the_unit_pdf_shows_that_unit_only(cast: Cast) -> None:
    wave = _wave(cast)
    client = cast.client_for(cast.admin)
    url = reverse("surveys:report-pdf", kwargs={"org": "acme", "pk": wave.pk})

    text = _text(client.get(f"{url}?unit={cast.it.pk}"))

    assert "Spring pulse · IT" in text
    assert "Heard" in text and "100" in text
    assert "DACH" not in text
    hidden = _text(client.get(f"{url}?unit={cast.sales_dach.pk}"))
    assert "Too few responses to show results for this group" in hidden
    assert "Heard" not in hidden.split("Heat map")[0]
