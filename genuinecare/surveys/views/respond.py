"""The public response page, reached by an invitation link: no login, no account.

Every state of a link gets a kind, clear page (unknown, not yet open, closed,
already answered); a double submit or a retried request never creates a
second response.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from genuinecare.surveys.enums import LinkState
from genuinecare.surveys.models import Invitation
from genuinecare.surveys.submission import (
    LinkRefused,
    find_invitation,
    layout_of,
    link_state,
    parse_answers,
    save_draft,
    submit_response,
)

STATE_STATUS = {
    LinkState.UNKNOWN: 404,
    LinkState.USED: 200,
    LinkState.CLOSED: 200,
    LinkState.NOT_YET: 200,
}


def _language(request: HttpRequest, invitation: Invitation | None) -> str:
    wanted = request.POST.get("lang") or request.GET.get("lang")
    if invitation is None:
        return wanted if wanted in ("en", "de") else translation.get_language() or "en"
    return wanted if wanted and wanted in invitation.wave.languages else invitation.language


def _state_page(
    request: HttpRequest, state: LinkState, invitation: Invitation | None, language: str
) -> HttpResponse:
    with translation.override(language):
        return render(
            request,
            "surveys/respond_state.html",
            {"state": state, "wave": invitation.wave if invitation else None},
            status=STATE_STATUS.get(state, 200),
        )


@never_cache
@require_http_methods(["GET", "POST"])
def respond(request: HttpRequest, token: str) -> HttpResponse:
    invitation = find_invitation(token)
    language = _language(request, invitation)
    state = link_state(invitation)
    if state != LinkState.OPEN or invitation is None:
        return _state_page(request, state, invitation, language)
    error = None
    if request.method == "POST":
        data = {key: request.POST.get(key, "") for key in request.POST}
        if request.POST.get("action") == "draft":
            save_draft(invitation=invitation, data=data)
            return HttpResponse(status=204)
        with translation.override(language):
            try:
                answers = parse_answers(layout_of(invitation.wave), data)
                submit_response(invitation=invitation, answers=answers)
            except LinkRefused as refused:
                return _state_page(request, refused.state, invitation, language)
            except ValidationError as invalid:
                error = invalid.messages[0]
            else:
                return redirect(reverse("respond-thanks") + f"?lang={language}")
    with translation.override(language):
        context = {
            "invitation": invitation,
            "wave": invitation.wave,
            "language": language,
            "layout": layout_of(invitation.wave),
            "draft": invitation.draft or {},
            "error": error,
        }
        return render(request, "surveys/respond.html", context, status=400 if error else 200)


def thanks(request: HttpRequest) -> HttpResponse:
    language = _language(request, None)
    with translation.override(language):
        return render(request, "surveys/respond_thanks.html", {"language": language})
