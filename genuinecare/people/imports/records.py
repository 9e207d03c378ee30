"""Imports whose rows each become one record of one model, created or updated in place."""

from abc import abstractmethod
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db import models

from genuinecare.people.imports.plan import Action, Importer, ImportPlan, PlannedRow, Progress

BATCH = 500


@dataclass(slots=True, kw_only=True)
class PlannedRecord[M: models.Model](PlannedRow):
    """A row with the stored record it matched, if any."""

    existing: M | None = None


class RecordImporter[T: PlannedRecord[Any], M: models.Model](Importer[T]):
    """Matches each row to a stored record by its key; creates or updates in batches.

    An import says which records it may match (``stored``), whether a record
    already holds a row's values (``unchanged``) and how a row's values go into
    a record (``fill``); ``update_fields`` are the fields ``fill`` sets.
    """

    model: ClassVar[type[models.Model]]
    update_fields: ClassVar[tuple[str, ...]]

    @abstractmethod
    def stored(self) -> dict[Hashable, M]:
        """The records rows may match, by the same key as ``key`` gives for a row."""

    @abstractmethod
    def unchanged(self, current: M, planned: T) -> bool: ...

    @abstractmethod
    def fill(self, planned: T) -> M:
        """The matched record (or a new one) holding the row's values."""

    def match(self, plan: ImportPlan[T]) -> None:
        stored = self.stored()
        for planned in plan.rows:
            current = planned.existing = stored.get(self.key(planned))
            if current is not None:
                same = self.unchanged(current, planned)
                planned.action = Action.UNCHANGED if same else Action.UPDATE

    def write(self, plan: ImportPlan[T], progress: Progress) -> None:
        changes = [(planned.action, self.fill(planned)) for planned in plan.changes]
        new = [record for action, record in changes if action == Action.CREATE]
        changed = [record for action, record in changes if action == Action.UPDATE]
        self.model._default_manager.bulk_create(new, batch_size=BATCH)
        self.model._default_manager.bulk_update(changed, self.update_fields, batch_size=BATCH)
