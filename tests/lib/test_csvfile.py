"""Reading the files spreadsheets and HR systems write: encodings and separators."""

import codecs

import pytest

from genuinecare.lib.csvfile import FileRefused, decode, read_rows

COLUMNS = {"name": ("name",), "email": ("e-mail",), "unit": ("einheit",)}
TEXT = "name\temail\tunit\r\nJörg Köhler\tjoerg@acme.test\tIT – Support\r\n"


@pytest.mark.parametrize(
    ("data", "how"),
    [
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "Excel's Unicode text"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16 big-endian with BOM"),
        (TEXT.encode("utf-16-le"), "UTF-16 without BOM"),
        (TEXT.encode("utf-16-be"), "UTF-16 big-endian without BOM"),
        (codecs.BOM_UTF8 + TEXT.encode(), "UTF-8 with BOM"),
        (TEXT.encode(), "UTF-8"),
        (TEXT.encode("cp1252"), "Windows-1252"),
    ],
)
def test_every_usual_encoding_reads_as_the_same_text(data: bytes, how: str) -> None:
    assert decode(data) == TEXT, how


@pytest.mark.parametrize(
    "data",
    [
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",  # an .xlsx workbook
        b"name;type\n\x81\x8d;customer\n",  # not text in any of the encodings
        codecs.BOM_UTF16_LE + "name\n".encode("utf-16-le")[:-1],  # cut mid-character
    ],
)
def test_files_that_are_not_text_are_refused_saying_how_to_save_them(data: bytes) -> None:
    with pytest.raises(FileRefused) as refused:
        decode(data)
    assert str(refused.value) == (
        "The file is not readable text. Save it as CSV (UTF-8) or as Unicode text."
    )


def rows(text: str) -> list[tuple[int, dict[str, str]]]:
    return list(read_rows(text, columns=COLUMNS, required=("name", "email")))


def test_tab_separated_rows_with_commas_in_names() -> None:
    text = "name\temail\tunit\r\n" + "".join(
        f"Müller, Anna {n}\tanna{n}@acme.test\tSales, DACH\r\n" for n in range(12)
    )
    read = rows(text)
    assert len(read) == 12
    assert read[0] == (
        2,
        {"name": "Müller, Anna 0", "email": "anna0@acme.test", "unit": "Sales, DACH"},
    )


def test_tab_separated_rows_with_trailing_cells_left_out() -> None:
    """Some exports drop empty cells at the end of a row; the sniffer then gives up."""
    text = "name\temail\tunit\nAnn\tann@acme.test\nBo\tbo@acme.test\tIT\nCem\tcem@acme.test\n"
    assert rows(text) == [
        (2, {"name": "Ann", "email": "ann@acme.test", "unit": ""}),
        (3, {"name": "Bo", "email": "bo@acme.test", "unit": "IT"}),
        (4, {"name": "Cem", "email": "cem@acme.test", "unit": ""}),
    ]


@pytest.mark.parametrize("separator", [",", ";", "\t"])
def test_the_header_names_the_separator_even_with_quoted_headers(separator: str) -> None:
    header = separator.join(['"Name"', '"E-Mail"', '"Einheit"'])
    text = f"{header}\n" + separator.join(["Ann", "ann@acme.test", "IT"]) + "\n"
    assert rows(text) == [(2, {"name": "Ann", "email": "ann@acme.test", "unit": "IT"})]
