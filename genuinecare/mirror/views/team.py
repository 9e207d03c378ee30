"""The team's mirror page: a leader's self-assessment against their team's view in Pulse."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from genuinecare.lib.views import page_language
from genuinecare.mirror.access import get_team_mirror
from genuinecare.mirror.team import (
    NoSelfAnswers,
    TeamMirror,
    build_team_mirror,
    team_mirror_chart,
)
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


@organisation_view(role=Role.LEADER)
def team_mirror(
    request: HttpRequest, membership: Person, leader: int | None = None
) -> HttpResponse:
    person, assessment, wave = get_team_mirror(membership, leader or membership.pk)
    mirror: TeamMirror | None = None
    catalog_missing = False
    if assessment is not None and wave is not None:
        try:
            mirror = build_team_mirror(wave=wave, assessment=assessment, language=page_language())
        except NoSelfAnswers:
            catalog_missing = True
    context = {
        "leader": person,
        "own": person.pk == membership.pk,
        "assessment": assessment,
        "wave": wave,
        "mirror": mirror,
        "chart": team_mirror_chart(mirror) if mirror else None,
        "catalog_missing": catalog_missing,
    }
    return render(request, "mirror/team.html", context)
