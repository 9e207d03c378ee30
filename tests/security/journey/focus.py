"""The journey's focus routes for the security tables."""

from genuinecare.journey.evidence import suggestions
from genuinecare.journey.focus import accept_focus
from genuinecare.journey.models import Journey
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.surveys.actions import close_wave
from tests.factories import answer, make_wave
from tests.security.routes_base import POST, Route

ROUTES: list[Route] = [
    Route("journey:focus-decide", "leader", "journey", owner=True, methods=(POST,)),
    Route("journey:focus-end", "leader", "focus", owner=True, methods=(POST,)),
    Route("journey:focus-step", "leader", "focus", owner=True, methods=(POST,)),
]


def objects(journey: Journey, member: Person) -> dict[str, int]:
    """An accepted focus area, from a closed wave where three of the team answered."""
    admin = Person.objects.filter(
        organisation_id=journey.organisation_id, role=Role.ADMIN
    ).earliest("pk")
    wave = make_wave(admin, title="Focus evidence")
    for _n in range(3):
        answer(wave, unit=member.unit, value=2)
    close_wave(wave=wave)
    first = suggestions(journey, journey.leader, language="en")[0]
    focus = accept_focus(
        journey=journey,
        membership=journey.leader,
        source=first.source,
        key=first.key,
        reason="Seen in the pulse",
        language="en",
    )
    return {"focus": focus.pk}
