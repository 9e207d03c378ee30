"""A leader ready for a journey: a submitted self-assessment with the readiness reflection."""

from collections.abc import Callable

import pytest

from genuinecare.catalog.schema import Item
from genuinecare.journey.actions import start_journey
from genuinecare.journey.models import Journey
from genuinecare.journey.readiness import readiness_of
from genuinecare.mirror.models import Assessment
from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.mirror.conftest import complete, keyed

RISKS = "The sales director may see this as time taken from selling."


def answered(item: Item) -> str | int | None:
    """Every scaled item a 4 (after reverse-keying), and the open questions answered."""
    if item.scale == "open":
        return RISKS if item.id == "risks_open" else f"My answer to {item.id}."
    return keyed(4)(item)


def ready(leader: Person, answer: Callable[[Item], str | int | None] = answered) -> Assessment:
    """The leader's self-assessment of care (the soil index) and readiness, submitted."""
    return complete(leader, ("care", "readiness"), answer)


def journey_of(leader: Person, title: str = "Customers first") -> Journey:
    """A journey started by ``leader`` through the readiness gate."""
    ready(leader)
    return start_journey(leader=leader, readiness=readiness_of(leader, language="en"), title=title)


@pytest.fixture
def journey(cast: Cast) -> Journey:
    return journey_of(cast.leader)
