"""The journey's team routes for the security tables.

The team page (``team-page``) is the team's: its insider is the world's member, who is in
the team of the leader's journey; the journey's leader sees it too, as the team sees it.
"""

from genuinecare.journey.models import Journey
from genuinecare.journey.team import accept_proposal, close_window, open_window, propose
from genuinecare.people.models import Person
from tests.security.routes_base import GET, POST, Route

ROUTES: list[Route] = [
    Route("journey:team-said", "member"),
    Route("journey:team-page", "member", "journey", methods=(GET, POST)),
    Route("journey:team-open", "leader", "journey", owner=True, methods=(POST,)),
    Route("journey:team-close", "leader", "team_window", owner=True, methods=(POST,)),
    Route("journey:team-accept", "leader", "team_proposal", owner=True, methods=(POST,)),
    Route("journey:team-decline", "leader", "team_proposal", owner=True, methods=(POST,)),
    Route("journey:team-share", "leader", "team_step", owner=True, methods=(POST,)),
]


def objects(journey: Journey, member: Person) -> dict[str, int]:
    """A closed window with one proposal taken into the plan (a step) and one undecided."""
    leader = journey.leader
    window = open_window(journey=journey, leader=leader)
    taken = propose(window=window, member=member, kind="step", title="Secret step")
    undecided = propose(window=window, member=member, kind="experiment", title="Secret probe")
    step = accept_proposal(proposal=taken, leader=leader)
    close_window(window=window, leader=leader)
    return {"team_window": window.pk, "team_proposal": undecided.pk, "team_step": step.pk}
