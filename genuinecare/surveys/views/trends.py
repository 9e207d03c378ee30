"""The trends page: each dimension across the closed waves of one family, guarded."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from genuinecare.catalog.registry import catalog_of
from genuinecare.lib.params import id_param
from genuinecare.lib.views import page_language
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.surveys.access import waves_visible_to
from genuinecare.surveys.models import Wave
from genuinecare.surveys.trends import Family, build_trend, trend_units


def _families(membership: Person) -> dict[str, list[Wave]]:
    closed = (
        waves_visible_to(membership)
        .filter(closed_at__isnull=False)
        .select_related("catalog_version", "leader", "organisation")
        .order_by("closes_at", "pk")
    )
    families: dict[str, list[Wave]] = {}
    for wave in closed:
        families.setdefault(Family.of(wave).key, []).append(wave)
    return families


def _label(wave: Wave, language: str) -> str:
    title = catalog_of(wave.catalog_version).title.get(language)
    leader = f" · {wave.leader.name}" if wave.leader else ""
    return f"{title} · {wave.get_audience_display()}{leader}"


@organisation_view(role=Role.LEADER)
def trends(request: HttpRequest, membership: Person) -> HttpResponse:
    language = page_language()
    families = _families(membership)
    # By default the most recent family that has a trend (two waves or more).
    latest = max(families.values(), key=lambda ws: (len(ws) > 1, ws[-1].closes_at), default=None)
    chosen = request.GET.get("family") or (Family.of(latest[-1]).key if latest else "")
    if families and chosen not in families:
        raise Http404
    waves = families.get(chosen, [])
    shown = trend_units(membership, waves, unit_id=id_param(request.GET, "unit"))
    context = {
        "families": [(key, _label(ws[-1], language)) for key, ws in families.items()],
        "family": chosen,
        "unit_id": shown.unit_id,
        "unit_name": shown.unit_name,
        "units": shown.units,
        "trend": (
            build_trend(waves, unit_id=shown.unit_id, language=language)
            if waves and shown.ready
            else None
        ),
    }
    return render(request, "surveys/trends.html", context)
