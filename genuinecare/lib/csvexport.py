"""Downloads as CSV: streamed row by row, safe to open in a spreadsheet.

Every export of the application (a wave's results and raw responses, the audit log)
writes through ``csv_response``: UTF-8 with a BOM, so spreadsheets pick the encoding, in
pieces of ``LINES_PER_PIECE`` lines (constant memory), and every text cell a spreadsheet
would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) gets a leading ``'``. Numbers stay numbers.
"""

import csv
from collections.abc import Iterable, Iterator, Sequence

from django.http import StreamingHttpResponse
from django.utils.text import slugify

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
LINES_PER_PIECE = 500

Cell = str | int | float | None


def neutralise(value: Cell) -> Cell:
    """A text cell starting like a formula gets a leading ``'``; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralised(row: Sequence[Cell]) -> list[Cell]:
    """``neutralise`` on every cell of a row (inlined: exports run it on millions of cells)."""
    return [
        "'" + cell if isinstance(cell, str) and cell.startswith(FORMULA_STARTS) else cell
        for cell in row
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(rows: Iterable[Sequence[Cell]], *, filename: str) -> StreamingHttpResponse:
    """Stream rows as UTF-8 CSV (with BOM, so spreadsheets pick the encoding)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        """The file in pieces of up to ``LINES_PER_PIECE`` lines: constant memory, few writes."""
        piece = ["\ufeff"]
        for row in rows:
            piece.append(writer.writerow(neutralised(row)))
            if len(piece) >= LINES_PER_PIECE:
                yield "".join(piece)
                piece = []
        yield "".join(piece)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{slugify(filename) or "export"}.csv"'
    return response
