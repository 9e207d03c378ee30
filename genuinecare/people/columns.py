"""Columns an app on a higher floor adds to the people list, without people importing it.

The people list sends ``person_list_columns`` with the membership looking and the people on
the page; a receiver returns a ``Column`` (or None to add nothing), e.g. each person's
sign-in status for admins (``identity``). A receiver reads what it needs for the whole page
at once, so the list costs the same number of queries whatever its length.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.dispatch import Signal

from genuinecare.people.models import Person

person_list_columns = Signal()


@dataclass(frozen=True, slots=True)
class Column:
    """One extra column: its ``name`` (a stable code), its header and each person's cell."""

    name: str
    header: str
    cells: dict[int, str]


def extra_columns(membership: Person, people: Sequence[Person]) -> list[Column]:
    """The columns receivers add for ``membership`` looking at ``people``, in the order sent."""
    answers = person_list_columns.send(sender=Person, membership=membership, people=people)
    found: list[Column] = []
    for _receiver, column in answers:
        if isinstance(column, Column):
            found.append(column)
    return found


type Cells = list[tuple[str, str]]


def rows(people: Sequence[Person], columns: Sequence[Column]) -> list[tuple[Person, Cells]]:
    """Each person with ``(column name, cell)`` of every extra column ("" where none)."""
    return [(p, [(c.name, c.cells.get(p.pk, "")) for c in columns]) for p in people]
