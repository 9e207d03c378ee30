import io

import pytest
from pypdf import PdfReader
from pytest_django.fixtures import Settings

from genuinecare.lib.pdf import FetchRefused, _local_file, render_pdf


def test_pdf_contains_the_rendered_text(settings: Settings, tmp_path: object) -> None:
    folder = tmp_path / "t"  # type: ignore[operator]
    folder.mkdir()
    (folder / "report.html").write_text(
        '<html><head><link rel="stylesheet" href="static:genuinecare/print.css"></head>'
        "<body><h1>Soil stage: Blühend</h1></body></html>"
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [folder, *engine["DIRS"]]}]
    pdf = render_pdf(template="report.html", context={})
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "Soil stage: Blühend" in text


def test_pdf_rendering_refuses_outside_addresses() -> None:
    with pytest.raises(FetchRefused):
        _local_file("http://169.254.169.254/latest/meta-data")
    with pytest.raises(FetchRefused):
        _local_file("file:///etc/passwd")
    with pytest.raises(FetchRefused):
        _local_file("static:../../settings.py")
