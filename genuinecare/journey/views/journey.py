"""The list of a leader's journeys, the readiness gate and one journey's page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from genuinecare.journey.access import get_own_journey, own_journeys, team_journeys
from genuinecare.journey.actions import start_journey
from genuinecare.journey.readiness import readiness_of
from genuinecare.journey.views import focus, plan, proof, reach, roof, team
from genuinecare.lib.views import page_language
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person

PARTS = {
    "focus": focus,
    "plan": plan,
    "roof": roof,
    "team": team,
    "proof": proof,
    "reach": reach,
}


@organisation_view()
def index(request: HttpRequest, membership: Person) -> HttpResponse:
    """One's own journeys (a leader) and the journeys of one's team (everyone)."""
    context = {
        "journeys": own_journeys(membership) if membership.is_leader else [],
        "team_journeys": team_journeys(membership),
    }
    return render(request, "journey/index.html", context)


@organisation_view(role=Role.LEADER)
def start(request: HttpRequest, membership: Person) -> HttpResponse:
    """The readiness gate: shown first, and the start of a journey once it is complete."""
    readiness = readiness_of(membership, language=page_language())
    error = ""
    if request.method == "POST":
        try:
            journey = start_journey(
                leader=membership, readiness=readiness, title=request.POST.get("title", "")
            )
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(request, _("Your journey has started."))
            return redirect(journey)
    context = {"readiness": readiness, "error": error, "title": request.POST.get("title", "")}
    return render(request, "journey/start.html", context, status=400 if error else 200)


@organisation_view(role=Role.LEADER)
def journey_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """One of the leader's journeys, with every part's section."""
    journey = get_own_journey(membership, pk)
    context = {
        "journey": journey,
        "parts": {name: part.section(journey, membership) for name, part in PARTS.items()},
    }
    return render(request, "journey/journey.html", context)
