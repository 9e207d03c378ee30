"""Items the floors above practice add to the weekly digest, within its cap.

Practice may not import the apps above it (the journey), so they register a provider here
in their ``AppConfig.ready()``: ``register_digest_items(provider)``. The digest
(``practice/tasks.py:queue_digest``) asks every provider for its items, gives them places
within the organisation's nudge cap (the care map's nudges fill the rest) and calls each
item's ``record`` inside the transaction that records the week's digest, so an item is
recorded as sent exactly when the digest is.

An item reads like one of the care map's nudges (``cadences/due.py:DueItem``): the digest's
template shows ``title``, then ``status`` (``overdue`` with ``days_overdue``, ``never``
for "not yet done", else "due by ``due_on``"). Unlike a care map item, its ``title`` is
already in the leader's language: the provider builds it for one leader.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from genuinecare.people.models import Person
from genuinecare.practice.cadences.cadence import Status


def _nothing() -> None:
    return None


@dataclass(frozen=True, slots=True)
class DigestItem:
    """One line of the digest from another app; ``record`` runs in the digest's transaction."""

    key: str
    title: str
    status: Status
    due_on: dt.date | None = None
    days_overdue: int = 0
    record: Callable[[], object] = _nothing
    kind: None = None  # the digest's template names a care map item's kind; these have none


class DigestProvider(Protocol):
    def __call__(self, *, leader: Person, now: dt.datetime, week: str) -> list[DigestItem]: ...


_providers: list[DigestProvider] = []


def register_digest_items(provider: DigestProvider) -> None:
    """Add ``provider`` to every weekly digest (once, however often an app is made ready)."""
    if provider not in _providers:
        _providers.append(provider)


def digest_items(*, leader: Person, now: dt.datetime, week: str) -> list[DigestItem]:
    """Every registered provider's items for one leader's digest of ``week``."""
    return [item for provider in _providers for item in provider(leader=leader, now=now, week=week)]
