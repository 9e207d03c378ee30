import io
import zipfile
from pathlib import Path

from django.urls import reverse

from genuinecare.surveys.enums import Mode
from genuinecare.surveys.exports import neutralise, write_xlsx
from tests.conftest import Cast, streamed
from tests.factories import answer, make_wave


def test_formula_cells_are_neutralised() -> None:
    cells: list[str | int | float | None] = [
        "=1+1",
        "+49 30",
        "-2",
        "@SUM(A1)",
        "\tx",
        "\rx",
        "plain",
        -3,
        2.5,
        None,
    ]
    assert [neutralise(c) for c in cells] == [
        "'=1+1",
        "'+49 30",
        "'-2",
        "'@SUM(A1)",
        "'\tx",
        "'\rx",
        "plain",
        -3,
        2.5,
        None,
    ]


def test_xlsx_holds_neutralised_text(tmp_path: Path) -> None:
    target = tmp_path / "out.xlsx"
    write_xlsx([["=HYPERLINK(1)", 3]], str(target))
    with zipfile.ZipFile(target) as book:
        strings = (
            book.read("xl/sharedStrings.xml").decode()
            if "xl/sharedStrings.xml" in book.namelist()
            else book.read("xl/worksheets/sheet1.xml").decode()
        )
    assert "'=HYPERLINK(1)" in strings
    assert "<f>" not in zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml").decode()


def test_raw_export_streams_for_admins_of_confidential_waves(cast: Cast) -> None:
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL)
    for _ in range(3):
        answer(wave, unit=cast.it, value=4)
    url = reverse(
        "surveys:export", kwargs={"org": "acme", "pk": wave.pk, "kind": "raw", "fmt": "csv"}
    )
    response = cast.client_for(cast.admin).get(url)
    assert response.streaming
    lines = streamed(response).decode("utf-8-sig").splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("Response,Group,care.heard_e1")
    assert {line.split(",")[1] for line in lines[1:]} == {"Acme / IT"}
    anonymous = make_wave(cast.admin, title="anon")
    url = reverse(
        "surveys:export", kwargs={"org": "acme", "pk": anonymous.pk, "kind": "raw", "fmt": "csv"}
    )
    assert cast.client_for(cast.admin).get(url).status_code == 404


def test_aggregated_export_in_xlsx(cast: Cast) -> None:
    wave = make_wave(cast.admin, title="=cmd|' /C calc'!A0")
    for _ in range(3):
        answer(wave, unit=cast.it, value=4)
    url = reverse(
        "surveys:export", kwargs={"org": "acme", "pk": wave.pk, "kind": "aggregated", "fmt": "xlsx"}
    )
    response = cast.client_for(cast.leader).get(url)
    book = zipfile.ZipFile(io.BytesIO(streamed(response)))
    sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet
    assert response["Content-Disposition"].startswith("attachment; filename=")
