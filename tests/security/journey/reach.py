"""The journey's reach routes for the security tables."""

from genuinecare.journey.models import Journey
from genuinecare.people.models import Person
from tests.security.routes_base import Route

ROUTES: list[Route] = []


def objects(journey: Journey, member: Person) -> dict[str, int]:
    """One object of each family the routes above name."""
    return {}
