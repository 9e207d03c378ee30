"""What the organisation sees: the summit chart and care given against care felt."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.people.models import Person
from genuinecare.practice import access
from genuinecare.practice.chart import summit_svg
from genuinecare.practice.felt.genuineness import genuineness
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
    return render(request, "practice/summit.html", {"summit": result})


@leader_view
def summit_chart_view(request: HttpRequest, membership: Person) -> HttpResponse:
    result = _summit_for(membership)
    svg = summit_svg(
        summit=result,
        title=_("Leaders with a customer contact in the last 12 months"),
        trend_title=_("Trend by quarter"),
    )
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


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
