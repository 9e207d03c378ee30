"""Reading spreadsheet exports (CSV) the way people actually produce them.

Handles UTF-8 with or without BOM and Windows-1252 exports, comma or
semicolon separators, header names in any case, and reports problems as
row/column errors that say how to fix them. Rows are numbered as a
spreadsheet shows them: the header is row 1.
"""

import csv
import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True, slots=True)
class RowError:
    row: int
    column: str
    message: str


class FileRefused(ValueError):
    """The file as a whole cannot be read; the message says why and what to do."""


def decode(data: bytes) -> str:
    """Text of an uploaded file: UTF-8 (with or without BOM), else Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise FileRefused(_("The file is not readable text. Save it as CSV (UTF-8).")) from None


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_rows(
    text: str, *, columns: Mapping[str, tuple[str, ...]], required: tuple[str, ...]
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield ``(row number, {column: value})`` for each non-blank data row.

    ``columns`` maps each canonical column name to the header spellings accepted
    for it (English and German). Raises ``FileRefused`` when a required column
    is missing.
    """
    reader = csv.reader(io.StringIO(text), _dialect(text))
    try:
        header = next(reader)
    except StopIteration:
        raise FileRefused(
            _("The file is empty. Add a header row that names the columns, then one row per entry.")
        ) from None
    except csv.Error as error:
        raise FileRefused(_("The file is not valid CSV: %(error)s") % {"error": error}) from None
    spelling_to_column = {
        spelling.casefold(): name
        for name, spellings in columns.items()
        for spelling in (name, *spellings)
    }
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
            yield (
                number,
                {
                    column: cells[index].strip() if index < len(cells) else ""
                    for column, index in positions.items()
                },
            )
    except csv.Error as error:
        raise FileRefused(
            _("Row %(row)d is not valid CSV (%(error)s). Check its quotes.")
            % {"row": reader.line_num, "error": error}
        ) from None
