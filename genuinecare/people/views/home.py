from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from genuinecare.people.access import (
    organisation_view,
    people_visible_to,
    signed_in_user,
    units_visible_to,
)
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Straight to the only organisation, or a choice between several."""
    memberships = list(
        Person.objects.filter(user=signed_in_user(request), archived_at__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name")
    )
    if len(memberships) == 1:
        return redirect(memberships[0].organisation)
    return render(request, "people/choose_organisation.html", {"memberships": memberships})


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
        "reports": membership.reports.filter(archived_at__isnull=True)
        .select_related("organisation")
        .order_by("name"),
    }
    return render(request, "people/dashboard.html", context)
