"""What the organisation sees: the summit chart and care given against care felt."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.people.models import Person
from genuinecare.practice.chart import summit_svg
from genuinecare.practice.felt.genuineness import genuineness_for
from genuinecare.practice.summit import summit_for
from genuinecare.practice.views.care import leader_view


@leader_view
def summit_view(request: HttpRequest, membership: Person) -> HttpResponse:
    result = summit_for(membership, now=timezone.now())
    return render(request, "practice/summit.html", {"summit": result})


@leader_view
def summit_chart_view(request: HttpRequest, membership: Person) -> HttpResponse:
    result = summit_for(membership, now=timezone.now())
    svg = summit_svg(
        summit=result,
        title=_("Leaders with a customer contact in the last 12 months"),
        trend_title=_("Trend by quarter"),
    )
    return HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")


@leader_view
def genuineness_view(request: HttpRequest, membership: Person) -> HttpResponse:
    seen = genuineness_for(membership)
    context = {
        "rows": seen.rows,
        "circles": seen.circles,
        "threshold": seen.threshold,
        "comment_threshold": seen.comment_threshold,
    }
    return render(request, "practice/genuineness.html", context)
