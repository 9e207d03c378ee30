"""Reading a CSV file into a plan, and applying a plan all or nothing.

A plan says what applying the file would do to each row (create, update,
unchanged) and lists every problem by row and column; nothing is written while
planning. ``Importer.apply`` plans again inside one transaction and writes the
whole file or nothing.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar

from django.db import transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from genuinecare.lib.csvfile import FileRefused, RowError, read_rows
from genuinecare.people.models import Organisation
from genuinecare.people.valve import LargeChange

# Sent inside ``Importer.apply``'s transaction once a plan is written (``importer``, ``plan``),
# so that an app on a higher floor adds its step to an import without people importing it:
# the people import's option to invite everyone in the file to sign in (``identity``). A
# receiver may return counts, which join the import's summary.
imported = Signal()

type Progress = Callable[[Iterable[Any]], Iterable[Any]]
type Cells = dict[str, str]
type Errors = list[RowError]


@dataclass(frozen=True, slots=True)
class CsvLayout:
    """The columns of an import's file (canonical name → accepted header spellings),
    those it cannot do without, and the column whose value may appear in one row only."""

    columns: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...]
    key: str


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"


@dataclass(slots=True, kw_only=True)
class PlannedRow:
    """One row of the file that passed its checks; importers add their own fields."""

    row: int
    action: Action = Action.CREATE


@dataclass(slots=True)
class ImportPlan[T: PlannedRow]:
    """The rows that passed their checks, every problem, and the importer's own counts.

    ``rejected`` holds the cells of each row that ``read_row`` refused, by row
    number, so that ``match`` can tell a row that only depends on a refused one
    (a person whose manager's row has errors) from a row that is wrong itself,
    and report the refused row's problem alone.
    """

    rows: list[T] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    extra_counts: dict[str, int] = field(default_factory=dict)
    rejected: dict[int, Cells] = field(default_factory=dict)

    def count(self, action: Action) -> int:
        return sum(1 for planned in self.rows if planned.action == action)

    @property
    def summary(self) -> dict[str, int]:
        """Counts of created, updated and unchanged rows, then the importer's own counts."""
        return {
            "created": self.count(Action.CREATE),
            "updated": self.count(Action.UPDATE),
            "unchanged": self.count(Action.UNCHANGED),
            **self.extra_counts,
        }

    @property
    def changes(self) -> list[T]:
        return [planned for planned in self.rows if planned.action != Action.UNCHANGED]


class ImportRefused(Exception):
    """The file has errors; nothing was written."""

    def __init__(self, errors: list[RowError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = errors


class LargeChangeHeld(Exception):
    """The file would change more than the safety valve lets through unconfirmed."""

    def __init__(self, change: LargeChange) -> None:
        super().__init__(change.describe())
        self.change = change


def _unchanged[T](items: Iterable[T]) -> Iterable[T]:
    return items


class Importer[T: PlannedRow](ABC):
    """What one import adds to the shared flow: its file layout, reading, matching, writing.

    ``kind`` names the import on its stored uploads. Two rows with the same
    ``key`` are refused, naming the row that came first; so is a file without rows.
    """

    kind: ClassVar[str]
    layout: ClassVar[CsvLayout]

    def __init__(self, *, organisation: Organisation, variant: str = "") -> None:
        self.organisation = organisation
        self.variant = variant
        # What the valve said of the last plan ``apply`` wrote (None: nothing to hold).
        self.last_large_change: LargeChange | None = None

    def variant_label(self) -> str:
        """How the preview names the variant the uploader chose; empty if there is none."""
        return ""

    def large_change(self, plan: ImportPlan[T]) -> LargeChange | None:
        """What the plan would deactivate or re-address, if the valve holds it (``valve.py``).

        None (the default) for imports that never deactivate anyone or change an address.
        """
        return None

    @abstractmethod
    def read_row(self, row: int, cells: Cells, errors: Errors) -> T | None:
        """The row's values, or None after adding its errors."""

    @abstractmethod
    def key(self, planned: T) -> Hashable:
        """What makes two rows the same record."""

    @abstractmethod
    def match(self, plan: ImportPlan[T]) -> None:
        """Set each row's action against what is stored; add errors that need the database."""

    @abstractmethod
    def write(self, plan: ImportPlan[T], progress: Progress) -> None:
        """Write a plan that has no errors (called inside a transaction)."""

    def plan(self, text: str, *, progress: Progress | None = None) -> ImportPlan[T]:
        """Check every row and say what applying would do; writes nothing."""
        plan: ImportPlan[T] = ImportPlan()
        try:
            self._read(text, plan, progress or _unchanged)
        except FileRefused as refused:
            plan.errors.append(RowError(1, "", str(refused)))
            return plan
        if not plan.rows and not plan.errors:
            message = _("The file has only a header row. Add one row below it for each entry.")
            plan.errors.append(RowError(2, "", message))
        self.match(plan)
        plan.errors.sort(key=lambda error: (error.row, error.column))
        return plan

    def _read(self, text: str, plan: ImportPlan[T], progress: Progress) -> None:
        layout = self.layout
        first_row: dict[Hashable, int] = {}
        rows = read_rows(text, columns=layout.columns, required=layout.required)
        for number, cells in progress(rows):
            planned = self.read_row(number, cells, plan.errors)
            if planned is None:
                plan.rejected[number] = cells
                continue
            key = self.key(planned)
            if key in first_row:
                message = _("%(value)s is already in row %(row)d. Keep only one of these rows.")
                values = {"value": getattr(planned, layout.key), "row": first_row[key]}
                plan.errors.append(RowError(number, layout.key, message % values))
                continue
            first_row[key] = number
            plan.rows.append(planned)

    def apply(
        self,
        text: str,
        *,
        progress: Progress | None = None,
        write_progress: Progress | None = None,
        confirmed_large_change: bool = False,
    ) -> dict[str, int]:
        """Write the whole file or nothing (raises ``ImportRefused``); returns the counts.

        Rows are matched with what is stored, so applying the same file again
        changes nothing. A plan the safety valve holds raises ``LargeChangeHeld`` unless
        ``confirmed_large_change`` says an admin confirmed it.
        """
        with transaction.atomic():
            plan = self.plan(text, progress=progress)
            if plan.errors:
                raise ImportRefused(plan.errors)
            change = self.large_change(plan)
            if change is not None and change.held and not confirmed_large_change:
                raise LargeChangeHeld(change)
            self.last_large_change = change
            self.write(plan, write_progress or _unchanged)
            summary = plan.summary
            for _receiver, counts in imported.send(sender=type(self), importer=self, plan=plan):
                if isinstance(counts, dict):
                    summary.update(counts)
        return summary
