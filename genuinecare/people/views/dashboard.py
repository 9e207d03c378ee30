"""An organisation's front page: how many people, leaders and units, and one's reports."""

from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from genuinecare.people.access import (
    direct_reports,
    organisation_view,
    people_visible_to,
    units_visible_to,
)
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


@organisation_view()
def dashboard(request: HttpRequest, membership: Person) -> HttpResponse:
    people = people_visible_to(membership).filter(archived_at__isnull=True)
    counts = people.aggregate(
        total=Count("pk"),
        leaders=Count("pk", filter=Q(role__in=[Role.LEADER, Role.ADMIN])),
    )
    context = {
        "people_count": counts["total"],
        "leader_count": counts["leaders"],
        "unit_count": units_visible_to(membership).filter(archived_at__isnull=True).count(),
        "reports": direct_reports(membership),
    }
    return render(request, "people/dashboard.html", context)
