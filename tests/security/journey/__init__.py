"""The journey's routes and objects for the security tables, one module per part.

Each part's module gives ``ROUTES`` and ``objects(journey, member)``: one object of each
family it names, in the journey of the world's leader.
"""

from genuinecare.journey.models import Journey
from genuinecare.people.models import Person
from tests.security.journey import focus, plan, proof, reach, roof, team
from tests.security.routes_base import GET, POST, Route

PARTS = (focus, plan, roof, team, proof, reach)

ROUTES = [
    Route("journey:index", "member"),
    Route("journey:start", "leader", methods=(GET, POST)),
    Route("journey:journey", "leader", "journey", owner=True),
    *(route for part in PARTS for route in part.ROUTES),
]


def objects(journey: Journey, member: Person) -> dict[str, int]:
    """One object of every journey family, in ``journey`` (``member`` is in its team)."""
    found = {"journey": journey.pk}
    for part in PARTS:
        found.update(part.objects(journey, member))
    return found
