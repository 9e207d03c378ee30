"""The journey's focus pages: accept or dismiss a suggestion, end a focus, make a step."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from genuinecare.journey.access import get_own, get_own_journey
from genuinecare.journey.enums import FocusState
from genuinecare.journey.evidence import CORRELATION, FAVOURABLE, GAP, find, suggestions
from genuinecare.journey.focus import (
    MAX_ACCEPTED,
    NeedsConfirmation,
    accept_focus,
    dismiss_focus,
    end_focus,
    step_from_focus,
)
from genuinecare.journey.models import Focus, Journey
from genuinecare.journey.remeasure import remeasurement
from genuinecare.lib.views import page_language
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person

MEASURES = {
    FAVOURABLE: gettext_lazy("favourable %"),
    GAP: gettext_lazy("gap in scale points (you above your team)"),
    CORRELATION: gettext_lazy("relation to recommending us (Spearman's rho)"),
}


def _refused(request: HttpRequest, journey: Journey, refused: ValidationError) -> HttpResponse:
    context = {"journey": journey, "error": " ".join(refused.messages)}
    return render(request, "journey/focus_refused.html", context, status=400)


@organisation_view(role=Role.LEADER)
@require_POST
def decide(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """Accept or dismiss a suggested focus area, with a reason (a fourth needs a yes)."""
    journey = get_own_journey(membership, pk)
    action = request.POST.get("action", "")
    source = request.POST.get("source", "")
    key = request.POST.get("key", "")[:120]
    reason = request.POST.get("reason", "")[:2000]
    language = page_language()
    try:
        if action == "accept":
            accept_focus(
                journey=journey,
                membership=membership,
                source=source,
                key=key,
                reason=reason,
                language=language,
                confirm=request.POST.get("confirm") == "1",
            )
            messages.success(request, _("The focus area is accepted; its evidence is kept."))
        elif action == "dismiss":
            dismiss_focus(
                journey=journey,
                membership=membership,
                source=source,
                key=key,
                reason=reason,
                language=language,
            )
            messages.success(request, _("The suggestion is dismissed, with your reason."))
        else:
            raise ValidationError(_("Choose to accept or to dismiss the suggestion."))
    except NeedsConfirmation as warning:
        context = {
            "journey": journey,
            "warning": " ".join(warning.messages),
            "suggestion": find(journey, membership, source=source, key=key, language=language),
            "reason": reason,
            "accepted": journey.focuses.filter(state=FocusState.ACCEPTED),
        }
        return render(request, "journey/focus_confirm.html", context)
    except ValidationError as refused:
        return _refused(request, journey, refused)
    return redirect(journey)


@organisation_view(role=Role.LEADER)
@require_POST
def end(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """End an accepted focus area."""
    focus = get_own(Focus, membership, pk)
    journey = get_own_journey(membership, focus.journey_id)
    try:
        end_focus(focus=focus, reason=request.POST.get("reason", "")[:2000])
    except ValidationError as refused:
        return _refused(request, journey, refused)
    messages.success(request, _("The focus area has ended."))
    return redirect(journey)


@organisation_view(role=Role.LEADER)
@require_POST
def make_step(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """A step of the plan from an accepted focus area, keeping its evidence."""
    focus = get_own(Focus, membership, pk)
    journey = get_own_journey(membership, focus.journey_id)
    try:
        step_from_focus(focus=focus, title=request.POST.get("title", ""))
    except ValidationError as refused:
        return _refused(request, journey, refused)
    messages.success(request, _("The step is in the plan, with the focus area's evidence."))
    return redirect(journey)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/focus/", decide, name="focus-decide"),
    path("focus/<int:pk>/end/", end, name="focus-end"),
    path("focus/<int:pk>/step/", make_step, name="focus-step"),
]


def _shown(focus: Focus) -> dict[str, Any]:
    return {"focus": focus, "measure": MEASURES.get(str(focus.snapshot.get("measure")), "")}


def section(journey: Journey, membership: Person) -> dict[str, Any]:
    """What the journey page shows of this part."""
    language = page_language()
    focuses = list(journey.focuses.all())
    accepted = [f for f in focuses if f.state == FocusState.ACCEPTED]
    return {
        "suggestions": [
            {"suggestion": s, "measure": MEASURES[s.measure]}
            for s in suggestions(journey, membership, language=language)
        ],
        "accepted": [_shown(f) for f in accepted],
        "dismissed": [_shown(f) for f in focuses if f.state == FocusState.DISMISSED],
        "ended": [_shown(f) for f in focuses if f.state == FocusState.ENDED],
        "full": len(accepted) >= MAX_ACCEPTED,
        "most": MAX_ACCEPTED,
        "remeasure": remeasurement(journey, membership, language=language),
    }
