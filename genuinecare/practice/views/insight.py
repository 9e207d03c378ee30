"""What the organisation sees: the summit chart and care given against care felt."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from genuinecare.people.models import Person
from genuinecare.practice import access
from genuinecare.practice.chart import summit_charts
from genuinecare.practice.genuineness import genuineness
from genuinecare.practice.summit import Summit, for_leaders, summit
from genuinecare.practice.views.care import leader_view


def _summit_for(membership: Person) -> Summit:
    """Admins see every function; leaders see functions large enough to stay anonymous."""
    result = summit(organisation=membership.organisation, now=timezone.now())
    if membership.is_admin:
        return result
    return for_leaders(result, k=membership.organisation.anonymity_threshold)


@leader_view
def summit_view(request: HttpRequest, membership: Person) -> HttpResponse:
    result = _summit_for(membership)
    bars, trend = summit_charts(result)
    return render(
        request, "practice/summit.html", {"summit": result, "bars": bars, "trend_chart": trend}
    )


@leader_view
def genuineness_view(request: HttpRequest, membership: Person) -> HttpResponse:
    leaders = list(access.leaders_of(membership).order_by("name"))
    rows, circles = genuineness(organisation=membership.organisation, leaders=leaders)
    if not membership.is_admin:
        rows = [row for row in rows if row.leader.pk == membership.pk]
    context = {
        "rows": rows,
        "circles": circles,
        "threshold": membership.organisation.anonymity_threshold,
        "comment_threshold": max(
            membership.organisation.comment_threshold, membership.organisation.anonymity_threshold
        ),
    }
    return render(request, "practice/genuineness.html", context)
