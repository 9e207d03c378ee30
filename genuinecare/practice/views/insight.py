"""What the organisation sees: the summit chart and care given against care felt."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from genuinecare.people.models import Person
from genuinecare.practice.chart import summit_charts
from genuinecare.practice.felt.genuineness import genuineness_for
from genuinecare.practice.summit import summit_for
from genuinecare.practice.views.care import leader_view


@leader_view
def summit_view(request: HttpRequest, membership: Person) -> HttpResponse:
    result = summit_for(membership, now=timezone.now())
    bars, trend = summit_charts(result)
    return render(
        request, "practice/summit.html", {"summit": result, "bars": bars, "trend_chart": trend}
    )


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
