"""The journey's reach routes for the security tables."""

from genuinecare.journey.models import Journey
from genuinecare.people.models import Person
from tests.security.routes_base import Route

ROUTES: list[Route] = [
    Route("journey:adoption", "admin"),
    Route("journey:pdf", "leader", "journey", owner=True),
    Route("journey:csv", "leader", "journey", owner=True),
]


def objects(journey: Journey, member: Person) -> dict[str, int]:
    """One object of each family the routes above name: the journey itself, given already."""
    return {}
