"""The shared import flow, once for every import: reading, counting, all or nothing, once only.

``UnitNames`` is the smallest real importer (units by name, written to the
database), so these tests hold for any import built on ``Importer``.
"""

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.db import connections

from genuinecare.lib.csvfile import RowError
from genuinecare.people.imports.plan import (
    Action,
    CsvLayout,
    Importer,
    ImportPlan,
    ImportRefused,
    PlannedRow,
    Progress,
)
from genuinecare.people.imports.uploads import apply_upload
from genuinecare.people.models import Unit, Upload
from tests.conftest import Cast


@dataclass(slots=True, kw_only=True)
class PlannedUnit(PlannedRow):
    name: str


class UnitNames(Importer[PlannedUnit]):
    kind = "unit-names"
    layout = CsvLayout(columns={"name": ("einheit",), "note": ()}, required=("name",), key="name")

    def read_row(
        self, row: int, cells: dict[str, str], errors: list[RowError]
    ) -> PlannedUnit | None:
        if cells.get("note") == "bad":
            errors.append(RowError(row, "note", "Bad note."))
        if not cells["name"]:
            errors.append(RowError(row, "name", "Empty name."))
            return None
        return PlannedUnit(row=row, name=cells["name"])

    def key(self, planned: PlannedUnit) -> str:
        return planned.name.casefold()

    def match(self, plan: ImportPlan[PlannedUnit]) -> None:
        stored = set(
            Unit.objects.filter(organisation=self.organisation).values_list("name", flat=True)
        )
        for planned in plan.rows:
            if planned.name in stored:
                planned.action = Action.UNCHANGED

    def write(self, plan: ImportPlan[PlannedUnit], progress: Progress) -> None:
        Unit.objects.bulk_create(
            Unit(organisation=self.organisation, name=planned.name)
            for planned in plan.rows
            if planned.action == Action.CREATE
        )


def errors_of(cast: Cast, text: str) -> list[tuple[int, str, str]]:
    plan = UnitNames(organisation=cast.organisation).plan(text)
    return [(error.row, error.column, error.message) for error in plan.errors]


@pytest.mark.django_db
def test_rows_with_the_same_key_are_refused_naming_the_first(cast: Cast) -> None:
    assert errors_of(cast, "name\nLab\nlab\nLAB\n") == [
        (3, "name", "lab is already in row 2. Keep only one of these rows."),
        (4, "name", "LAB is already in row 2. Keep only one of these rows."),
    ]


@pytest.mark.django_db
def test_empty_files_and_missing_columns_are_refused_as_a_whole(cast: Cast) -> None:
    assert errors_of(cast, "name\n\n") == [
        (2, "", "The file has only a header row. Add one row below it for each entry.")
    ]
    assert errors_of(cast, "") == [
        (
            1,
            "",
            "The file is empty. Add a header row that names the columns, then one row per entry.",
        )
    ]
    [(row, column, message)] = errors_of(cast, "note\nx\n")
    assert (row, column) == (1, "")
    assert message.startswith("The header row lacks the column(s) name.")


@pytest.mark.django_db
def test_errors_come_in_row_then_column_order(cast: Cast) -> None:
    text = "note,name\nbad,\nok,Lab\nbad,Lab 2\n"
    assert [(row, column) for row, column, _ in errors_of(cast, text)] == [
        (2, "name"),
        (2, "note"),
        (4, "note"),
    ]


@pytest.mark.django_db
def test_plan_counts_and_changes_without_writing(cast: Cast) -> None:
    before = Unit.objects.count()
    plan = UnitNames(organisation=cast.organisation).plan("name\nIT\nLab\nShop\n")
    assert plan.summary == {"created": 2, "updated": 0, "unchanged": 1}
    assert [(planned.row, planned.name) for planned in plan.changes] == [(3, "Lab"), (4, "Shop")]
    assert Unit.objects.count() == before


@pytest.mark.django_db
def test_apply_writes_everything_or_nothing(cast: Cast) -> None:
    importer = UnitNames(organisation=cast.organisation)
    before = Unit.objects.count()
    with pytest.raises(ImportRefused) as refused:
        importer.apply("name,note\nLab,\nShop,bad\n")
    assert refused.value.errors == [RowError(3, "note", "Bad note.")]
    assert Unit.objects.count() == before
    assert importer.apply("name\nLab\nShop\n") == {"created": 2, "updated": 0, "unchanged": 0}
    assert importer.apply("name\nLab\nShop\n") == {"created": 0, "updated": 0, "unchanged": 2}
    assert Unit.objects.count() == before + 2


def _upload(cast: Cast, content: str) -> Upload:
    return Upload.objects.create(
        organisation=cast.organisation,
        kind=UnitNames.kind,
        uploaded_by=cast.admin,
        file_name="units.csv",
        content=content,
    )


@pytest.mark.django_db
def test_an_upload_is_applied_once_and_keeps_its_counts(cast: Cast) -> None:
    upload = _upload(cast, "name\nLab\n")
    first = apply_upload(upload=upload, importer=UnitNames)
    second = apply_upload(upload=upload, importer=UnitNames)
    assert (first.already, first.summary) == (False, {"created": 1, "updated": 0, "unchanged": 0})
    assert (second.already, second.summary) == (True, first.summary)
    upload.refresh_from_db()
    assert upload.applied_at is not None and upload.summary == first.summary
    assert Unit.objects.filter(name="Lab").count() == 1


@pytest.mark.django_db
def test_a_refused_upload_stays_unapplied(cast: Cast) -> None:
    upload = _upload(cast, "name,note\nLab,bad\n")
    with pytest.raises(ImportRefused):
        apply_upload(upload=upload, importer=UnitNames)
    upload.refresh_from_db()
    assert (upload.applied_at, upload.summary) == (None, {})
    assert not Unit.objects.filter(name="Lab").exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_applies_of_one_upload_write_once(cast: Cast) -> None:
    upload = _upload(cast, "name\nLab\nShop\n")
    barrier = threading.Barrier(2)

    def apply_after_both_are_ready(_: int) -> bool:
        try:
            barrier.wait(timeout=10)
            return apply_upload(upload=upload, importer=UnitNames).already
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=2) as pool:
        already = sorted(pool.map(apply_after_both_are_ready, range(2)))
    assert already == [False, True]
    assert Unit.objects.filter(name__in=["Lab", "Shop"]).count() == 2
