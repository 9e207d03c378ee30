"""Results pages, exports and PDF reports: every one reads ``report`` (the guarded numbers)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from genuinecare.insights.anonymity import FilterRefused
from genuinecare.insights.charts import bar_chart
from genuinecare.lib.pdf import pdf_response
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.surveys.access import get_wave_for_user, readable_assessments, result_scope
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.exports import aggregated_rows, csv_response, raw_rows, xlsx_response
from genuinecare.surveys.matrix import WaveData, load_wave_data
from genuinecare.surveys.models import Wave
from genuinecare.surveys.report import (
    Guard,
    Summary,
    filtered_summary,
    guard_for,
    heat_map,
    unit_summary,
    wave_summary,
)

FILTERS_KEPT = 20


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _summary(
    wave: Wave, data: WaveData, guard: Guard, *, unit_id: int | None, visible: set[int] | None
) -> Summary | None:
    language = get_language() or "en"
    if unit_id is None:
        return wave_summary(wave, data, guard, language=language) if visible is None else None
    if unit_id not in data.tree.unit_ids or (visible is not None and unit_id not in visible):
        raise Http404
    return unit_summary(wave, data, guard, unit_id=unit_id, language=language)


def _chart(summary: Summary | None) -> Any:
    if summary is None:
        return None
    labels = [d.title for d in summary.dimensions]
    values = [d.figures.favourable for d in summary.dimensions]
    return bar_chart(
        labels=labels, values=values, alt=_("Share of favourable answers per dimension")
    )


def _context(request: HttpRequest, membership: Person, pk: int) -> dict[str, Any]:
    wave = get_wave_for_user(membership, pk)
    visible = result_scope(membership, wave)
    data = load_wave_data(wave)
    guard = guard_for(wave, data)
    unit_id = _int(request.GET.get("unit"))
    if unit_id is None and visible is not None and membership.unit_id is not None:
        unit_id = membership.unit_id
    summary = _summary(wave, data, guard, unit_id=unit_id, visible=visible)
    return {
        "wave": wave,
        "data": data,
        "guard": guard,
        "visible": visible,
        "unit_id": unit_id,
        "unit_name": data.names.get(unit_id or -1),
        "summary": summary,
        "chart": _chart(summary),
    }


def _filter(request: HttpRequest, context: dict[str, Any]) -> Summary | None:
    """Answer a selection of units, or explain why it is refused."""
    chosen = {int(u) for u in request.GET.getlist("select") if u.isdigit()}
    if not chosen:
        return None
    wave, data, visible = context["wave"], context["data"], context["visible"]
    if any(
        u not in data.tree.unit_ids or (visible is not None and u not in visible) for u in chosen
    ):
        raise Http404
    key = f"pulse-filters-{wave.pk}"
    earlier = list(request.session.get(key, []))
    try:
        result = filtered_summary(
            wave,
            data,
            context["guard"],
            unit_ids=chosen,
            earlier=earlier,
            language=get_language() or "en",
        )
    except FilterRefused:
        messages.error(
            request,
            _(
                "This selection is refused: together with what is already shown, it could reveal "
                "the answers of fewer than %(k)d people. Choose larger or different units."
            )
            % {"k": wave.threshold},
        )
        return None
    request.session[key] = [*earlier, result.respondents][-FILTERS_KEPT:]
    return result


@organisation_view(role=Role.LEADER)
def results(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    context = _context(request, membership, pk)
    by = "item" if request.GET.get("by") == "item" else "dimension"
    relative = request.GET.get("colour") == "relative"
    parent = _int(request.GET.get("drill"))
    visible = context["visible"]
    if parent is not None and (
        parent not in context["data"].tree.unit_ids
        or (visible is not None and parent not in visible)
    ):
        raise Http404
    if parent is None and visible is not None:
        parent_rows = heat_map(
            context["data"],
            context["guard"],
            language=get_language() or "en",
            by=by,
            all_units=True,
            visible=visible,
            relative=relative,
        )
    else:
        parent_rows = heat_map(
            context["data"],
            context["guard"],
            language=get_language() or "en",
            by=by,
            parent_id=parent,
            visible=visible,
            relative=relative,
        )
    context.update(
        heat=parent_rows,
        by=by,
        relative=relative,
        drill=parent,
        filtered=_filter(request, context),
        team_mirror=_may_see_team_mirror(membership, context["wave"]),
    )
    return render(request, "surveys/results.html", context)


def _may_see_team_mirror(membership: Person, wave: Wave) -> bool:
    """Link the team's mirror where ``get_team_mirror_for_user`` would show it."""
    if wave.audience != Audience.TEAM or wave.leader is None:
        return False
    return readable_assessments(membership, wave.leader) is not None


# organisation_view is typed for HttpResponse; a streamed download is its sibling class.
@organisation_view(role=Role.LEADER)  # type: ignore[arg-type]
def export(
    request: HttpRequest, membership: Person, pk: int, kind: str, fmt: str
) -> HttpResponseBase:
    wave = get_wave_for_user(membership, pk)
    if kind not in ("aggregated", "raw") or fmt not in ("csv", "xlsx"):
        raise Http404
    if kind == "raw" and not (membership.is_admin and not wave.is_anonymous):
        raise Http404
    data = load_wave_data(wave)
    guard = guard_for(wave, data)
    if kind == "raw":
        rows = raw_rows(wave, data, guard)
    else:
        rows = aggregated_rows(
            data, guard, language=get_language() or "en", visible=result_scope(membership, wave)
        )
    name = f"{wave.title}-{kind}"
    return csv_response(rows, filename=name) if fmt == "csv" else xlsx_response(rows, filename=name)


@organisation_view(role=Role.LEADER)
def report_pdf(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    context = _context(request, membership, pk)
    wave = context["wave"]
    context["heat"] = heat_map(
        context["data"],
        context["guard"],
        language=get_language() or "en",
        all_units=True,
        visible=context["visible"],
    )
    name = wave.title if context["unit_name"] is None else f"{wave.title}-{context['unit_name']}"
    return pdf_response(
        template="surveys/report_pdf.html", context=context, filename=name, request=request
    )
