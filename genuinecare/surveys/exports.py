"""Exports of a wave: aggregated results (CSV, XLSX) and raw responses (CSV, XLSX).

Every number comes from ``summary`` and ``heatmap`` (the guarded results); raw responses are
for admins of confidential waves only, carry no names and name for each row
only the smallest *shown* group it belongs to. Files are streamed: CSV row by
row (``lib/csvexport.py``), XLSX written in constant-memory mode to a temporary file
first. Every text cell a spreadsheet would run as a formula is neutralised.
"""

import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np
from django.http import FileResponse
from django.utils.text import slugify
from django.utils.translation import gettext as _

from genuinecare.catalog.questionnaire import MISSING, NOT_APPLICABLE
from genuinecare.lib.csvexport import Cell, csv_response, neutralise, neutralised
from genuinecare.people.tree import format_path
from genuinecare.surveys.guard import Guard
from genuinecare.surveys.heatmap import heat_map
from genuinecare.surveys.matrix import NO_UNIT, WaveData, group_field
from genuinecare.surveys.models import Response, Wave

__all__ = [
    "Cell",
    "aggregated_rows",
    "csv_response",
    "neutralise",
    "raw_rows",
    "write_xlsx",
    "xlsx_response",
]

CHUNK = 2000
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _path(data: WaveData, position: int) -> str:
    """The group's unit path as every page writes it; the respondents without a unit by name."""
    if data.tree.unit_ids[position] == NO_UNIT:
        return _("Without a unit")
    return format_path(data.tree.path(position))


def aggregated_rows(
    data: WaveData, guard: Guard, *, language: str, visible: set[int] | None
) -> Iterator[list[Cell]]:
    """Header, the whole wave, then every unit group; hidden groups have empty cells."""
    dimensions = heat_map(data, guard, language=language, all_units=True, visible=visible)
    header: list[Cell] = [_("Unit"), _("Respondents")]
    for column in dimensions.columns:
        header += [
            _("%(dimension)s: %% favourable") % {"dimension": column},
            _("%(dimension)s: score") % {"dimension": column},
        ]
    yield [*header, _("Newer answers held back")]
    if visible is None and dimensions.overall is not None:
        overall: list[Cell] = [_("Whole wave"), guard.respondents]
        for cell in dimensions.overall:
            overall += [_round(cell.favourable), _round(cell.score)]
        yield [*overall, _held(dimensions.overall_held)]
    for row in dimensions.rows:
        line: list[Cell] = [_path(data, data.position(row.unit_id)), row.respondents]
        for cell in row.cells:
            line += [_round(cell.favourable), _round(cell.score)]
        yield [*line, _held(row.held)]


def _held(held: bool) -> str | None:
    return _("yes") if held else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def _reporting_groups(data: WaveData, guard: Guard) -> dict[tuple[int, int], str]:
    """Per released (unit, batch) atom, the path of the smallest shown group holding it.

    Only atoms the whole wave's figures rest on are listed: answers not yet shown
    anywhere do not appear in a raw export either.
    """
    if guard.overall is None:
        return {}
    labels = np.full(data.respondents, "", dtype=object)
    for position in data.tree.preorder():  # parents first, so the smallest group wins
        shown = guard.groups.get(position)
        if shown is not None:
            labels[shown.members & guard.overall.members] = _path(data, position)
    found: dict[tuple[int, int], str] = {}
    for n in np.flatnonzero(guard.overall.members):
        found[(int(data.unit_ids[n]), int(data.batches[n]))] = labels[n]
    return found


def raw_rows(wave: Wave, data: WaveData, guard: Guard) -> Iterator[list[Cell]]:
    """Header and one row per released response, read in chunks (constant memory), random order."""
    layout = data.layout
    yield [_("Response"), _("Group"), *(column.key for column in layout.columns)]
    groups = _reporting_groups(data, guard)
    if not groups:
        return
    rows = (
        Response.objects.filter(wave=wave)
        .order_by("pk")
        .values_list("pk", group_field(wave), "batch", "answers")
    )
    batch: list[tuple[Any, str, Any]] = []
    for pk, unit_id, answer_batch, answers in rows.iterator(chunk_size=CHUNK):
        label = groups.get((NO_UNIT if unit_id is None else unit_id, answer_batch))
        if label is None:
            continue
        batch.append((pk, label, answers))
        if len(batch) == CHUNK:
            yield from _raw_batch(batch, layout_size=len(layout.columns))
            batch = []
    yield from _raw_batch(batch, layout_size=len(layout.columns))


def _cell_table() -> np.ndarray:
    """What each stored byte becomes in a raw export: the value, "n/a" or an empty cell."""
    table = np.full(256, None, dtype=object)
    table[:11] = list(range(11))
    table[NOT_APPLICABLE] = "n/a"
    table[MISSING] = None
    return table


CELLS = _cell_table()


def _raw_batch(batch: Sequence[tuple[Any, str, Any]], *, layout_size: int) -> Iterator[list[Cell]]:
    """One chunk of rows, built with array operations: no Python work per answer."""
    if not batch:
        return
    codes = np.frombuffer(b"".join(r[2] for r in batch), dtype=np.uint8).reshape(-1, layout_size)
    for row, cells in zip(batch, CELLS[codes].tolist(), strict=True):
        yield [str(row[0]), row[1], *cells]


def write_xlsx(rows: Iterable[Sequence[Cell]], target: Any) -> None:
    """Write rows to ``target`` (a path or file) as one sheet, constant memory."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        target, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = workbook.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(neutralised(row)):
            if value is None:
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, value)
    workbook.close()


def xlsx_response(rows: Iterable[Sequence[Cell]], *, filename: str) -> FileResponse:
    """A download of the rows as an Excel workbook named after ``filename``."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_xlsx(rows, handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(filename) or 'export'}.xlsx",
        content_type=XLSX_TYPE,
    )
