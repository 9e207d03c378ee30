"""The journey's proof routes for the security tables."""

import datetime as dt

from genuinecare.journey.models import Expectation, Journey
from genuinecare.people.models import Person
from tests.security.routes_base import POST, Route

ROUTES: list[Route] = [
    Route("journey:proof-leader-view", "leader", "proof_expectation", owner=True, methods=(POST,)),
]


def objects(journey: Journey, member: Person) -> dict[str, int]:
    """One object of each family the routes above name."""
    # Expectations are made by the roof part; the leader's view of one is the proof's.
    expectation = Expectation.objects.create(
        journey=journey,
        what="One free afternoon a month to learn",
        due_on=dt.date(2026, 11, 30),
        noticed_by="It is in the calendar",
    )
    return {"proof_expectation": expectation.pk}
