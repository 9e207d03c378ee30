"""Reading spreadsheet exports (CSV) the way people actually produce them.

Handles UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text", with or
without BOM) and Windows-1252 exports; comma, semicolon or tab separators;
header names in any case; and reports problems as row/column errors that say
how to fix them. Rows are numbered as a spreadsheet shows them: the header is
row 1.
"""

import codecs
import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

DELIMITERS = ",;\t"
SAMPLE = 8192


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


def _unreadable() -> FileRefused:
    return FileRefused(
        _("The file is not readable text. Save it as CSV (UTF-8) or as Unicode text.")
    )


def _utf16_without_bom(data: bytes) -> str | None:
    """The codec of BOM-less UTF-16 text, told by where its zero bytes fall; else None.

    Text files hold no zero bytes, but UTF-16 has one in nearly every character of
    European text: at odd positions little-endian, at even ones big-endian.
    """
    sample = data[:SAMPLE]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if len(data) % 2:
        return None
    if odd > len(sample) // 4 and even * 10 < odd:
        return "utf-16-le"
    if even > len(sample) // 4 and odd * 10 < even:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str:
    """Text of an uploaded file, or ``FileRefused`` saying how to save it instead.

    UTF-16 with a BOM (Excel's "Unicode text") or without one, UTF-8 with or
    without BOM, else Windows-1252. A file with zero bytes that is not UTF-16
    (a spreadsheet's own format, a PDF) is refused rather than read as garbage.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        codec: str | None = "utf-16"
    else:
        codec = _utf16_without_bom(data) if b"\0" in data else None
        if b"\0" in data and codec is None:
            raise _unreadable()
    for candidate in (codec,) if codec else ("utf-8-sig", "cp1252"):
        try:
            return data.decode(candidate)
        except UnicodeDecodeError:
            continue
    raise _unreadable()


def _cell_name(cell: str) -> str:
    """A header cell as it is compared: blanks and quotes around it gone, no case."""
    return " ".join(cell.strip().strip('"').split()).casefold()


def _header_delimiter(text: str, names: set[str]) -> str | None:
    """The separator that splits the header row into the most known column names.

    None when no separator finds at least two, or two find the same number.
    """
    header = text.split("\n", 1)[0]
    found = {d: sum(_cell_name(cell) in names for cell in header.split(d)) for d in DELIMITERS}
    best = max(found.values())
    winners = [d for d, count in found.items() if count == best]
    return winners[0] if best >= 2 and len(winners) == 1 else None


def _dialect(text: str, names: set[str]) -> tuple[type[csv.Dialect] | csv.Dialect, str]:
    """How the file is written: the sniffed dialect, and the separator its header row uses.

    The header decides the separator because the column names are known; the
    sniffer alone picks a comma for tab-separated names like "Müller, Anna".
    """
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:SAMPLE], delimiters=DELIMITERS
        )
    except csv.Error:
        dialect = csv.excel
    return dialect, _header_delimiter(text, names) or dialect.delimiter


def read_rows(
    text: str, *, columns: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row number, {column: value})`` for each non-blank data row.

    ``columns`` maps each canonical column name to the header spellings accepted
    for it (English and German). Raises ``FileRefused`` when a required column
    is missing.
    """
    spelling_to_column = {
        _cell_name(spelling): name
        for name, spellings in columns.items()
        for spelling in (name, *spellings)
    }
    dialect, delimiter = _dialect(text, set(spelling_to_column))
    reader = csv.reader(io.StringIO(text), dialect, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused(
            _("The file is empty. Add a header row that names the columns, then one row per entry.")
        ) from None
    except csv.Error as error:
        raise FileRefused(_("The file is not valid CSV: %(error)s") % {"error": error}) from None
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        column = spelling_to_column.get(" ".join(title.split()).casefold())
        if column is not None and column not in positions:
            positions[column] = index
    missing = [name for name in required if name not in positions]
    if missing:
        raise FileRefused(
            _("The header row lacks the column(s) %(missing)s. The first row must name: %(all)s.")
            % {"missing": ", ".join(missing), "all": ", ".join(columns)}
        )
    try:
        for number, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            row = {c: cells[i].strip() if i < len(cells) else "" for c, i in positions.items()}
            yield number, row
    except csv.Error as error:
        raise FileRefused(
            _("Row %(row)d is not valid CSV (%(error)s). Check its quotes.")
            % {"row": reader.line_num, "error": error}
        ) from None
