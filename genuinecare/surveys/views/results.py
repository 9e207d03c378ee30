"""Results pages, exports and PDF reports: every one reads ``summary`` and ``heatmap``
(the guarded numbers)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _

from genuinecare.insights.charts import bar_chart
from genuinecare.lib.params import MAX_ID, MAX_IDS, int_param
from genuinecare.lib.pdf import pdf_response
from genuinecare.lib.views import page_language
from genuinecare.people import audit
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.surveys.access import get_wave, known_group_ids, own_group_id, result_scope
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.exports import aggregated_rows, csv_response, raw_rows, xlsx_response
from genuinecare.surveys.guard import Guard, guard_for
from genuinecare.surveys.heatmap import heat_map
from genuinecare.surveys.matrix import NO_UNIT
from genuinecare.surveys.models import Wave
from genuinecare.surveys.summary import Summary, selection_summary, unit_summary, wave_summary


def _unit(request: HttpRequest, name: str) -> int | None:
    """A unit parameter: a unit's id, or 0 for the respondents without a unit."""
    return int_param(request.GET, name, minimum=NO_UNIT, maximum=MAX_ID)


def _check_unit(guard: Guard, unit_id: int, visible: set[int] | None) -> None:
    """404 unless the unit is in the wave's tree and among the units the person sees."""
    if unit_id not in guard.data.tree.index or (visible is not None and unit_id not in visible):
        raise Http404


def _summary(
    wave: Wave, guard: Guard, *, unit_id: int | None, visible: set[int] | None
) -> Summary | None:
    language = page_language()
    if unit_id is None:
        return wave_summary(wave, guard, language=language) if visible is None else None
    _check_unit(guard, unit_id, visible)
    return unit_summary(wave, guard, unit_id=unit_id, language=language)


def _chart(summary: Summary | None) -> Any:
    if summary is None:
        return None
    labels = [d.title for d in summary.dimensions]
    values = [d.figures.favourable for d in summary.dimensions]
    return bar_chart(
        labels=labels, values=values, alt=_("Share of favourable answers per dimension")
    )


def _selection(request: HttpRequest, membership: Person, wave: Wave) -> set[int] | None:
    chosen = {
        int_param({"select": raw}, "select", default=NO_UNIT, minimum=NO_UNIT, maximum=MAX_ID)
        for raw in request.GET.getlist("select")[:MAX_IDS]
        if raw
    }
    if chosen - known_group_ids(membership, wave, chosen) - {NO_UNIT}:
        raise Http404
    return chosen or None


def _context(request: HttpRequest, membership: Person, pk: int) -> dict[str, Any]:
    wave = get_wave(membership, pk)
    visible = result_scope(membership, wave)
    selection = _selection(request, membership, wave)
    if selection is not None and visible is not None and not selection <= visible:
        raise Http404
    guard = guard_for(wave, selection=selection)
    data = guard.data
    unit_id = _unit(request, "unit")
    if unit_id is None and visible is not None:
        unit_id = own_group_id(membership, wave)
    summary = _summary(wave, guard, unit_id=unit_id, visible=visible)
    return {
        "wave": wave,
        "data": data,
        "guard": guard,
        "visible": visible,
        "unit_id": unit_id,
        "unit_name": data.tree.names[data.position(unit_id)] if unit_id else None,
        "summary": summary,
        "chart": _chart(summary),
    }


def _filter(request: HttpRequest, context: dict[str, Any]) -> Summary | None:
    """The combined selection, or an explanation of why it is refused."""
    guard, wave = context["guard"], context["wave"]
    if guard.selection is None:
        return None
    found = selection_summary(wave, guard, language=page_language())
    if found is None:
        messages.error(
            request,
            _(
                "This selection is refused: together with what has been shown of this wave "
                "before, it could reveal the answers of fewer than %(k)d people. Choose larger "
                "or different units."
            )
            % {"k": wave.threshold},
        )
    return found


@organisation_view(role=Role.LEADER)
def results(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    context = _context(request, membership, pk)
    by = "item" if request.GET.get("by") == "item" else "dimension"
    relative = request.GET.get("colour") == "relative"
    parent = _unit(request, "drill")
    visible = context["visible"]
    if parent is not None:
        _check_unit(context["guard"], parent, visible)
    # A leader without a unit chosen sees their whole subtree at once, others one level.
    whole_subtree = parent is None and visible is not None
    heat = heat_map(
        context["data"],
        context["guard"],
        language=page_language(),
        by=by,
        parent_id=parent,
        all_units=whole_subtree,
        visible=visible,
        relative=relative,
    )
    context.update(
        heat=heat,
        by=by,
        relative=relative,
        drill=parent,
        filtered=_filter(request, context),
        team_mirror=_may_see_team_mirror(membership, context["wave"]),
    )
    return render(request, "surveys/results.html", context)


def _may_see_team_mirror(membership: Person, wave: Wave) -> bool:
    """Link the team's mirror for the leader the team wave is about (admins find a leader's
    team's mirror, while the leader shares, among the mirror's shared self-assessments)."""
    return (
        wave.audience == Audience.TEAM and wave.leader_id == membership.pk and membership.is_leader
    )


# organisation_view is typed for HttpResponse; a streamed download is its sibling class.
@organisation_view(role=Role.LEADER)  # type: ignore[arg-type]
def export(
    request: HttpRequest, membership: Person, pk: int, kind: str, fmt: str
) -> HttpResponseBase:
    wave = get_wave(membership, pk)
    if kind not in ("aggregated", "raw") or fmt not in ("csv", "xlsx"):
        raise Http404
    if kind == "raw" and not (membership.is_admin and not wave.is_anonymous):
        raise Http404
    guard = guard_for(wave)
    data = guard.data
    if kind == "raw":
        rows = raw_rows(wave, data, guard)
        audit.record(
            audit.Event.RESPONSES_EXPORTED,
            organisation=membership.organisation,
            actor=membership,
            detail=f"{fmt.upper()} · {wave.title}",
            request=request,
        )
    else:
        rows = aggregated_rows(
            data, guard, language=page_language(), visible=result_scope(membership, wave)
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
        language=page_language(),
        all_units=True,
        visible=context["visible"],
    )
    name = wave.title if context["unit_name"] is None else f"{wave.title}-{context['unit_name']}"
    return pdf_response(
        template="surveys/report_pdf.html", context=context, filename=name, request=request
    )
