"""The journey's proof routes for the security tables.

The proof adds no organisation route: its section is on the journey page, the leader's
own view of a promise is recorded on the roof's page, and the answer page is public
(``journey-pulse`` in ``tests/security/routes.py: PUBLIC_ROUTES``).
"""

from genuinecare.journey.models import Journey
from genuinecare.people.models import Person
from tests.security.routes_base import Route

ROUTES: list[Route] = []


def objects(journey: Journey, member: Person) -> dict[str, int]:
    """One object of each family the routes above name."""
    return {}
