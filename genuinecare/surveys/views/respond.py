"""The public response pages, reached by an invitation link: no login, no account.

The shared answer form (``genuinecare.catalog``) one dimension per page, saved
into the invitation's draft as the respondent goes, so a closed tab loses
nothing. Every state of a link gets a kind, clear page (unknown, not yet open,
closed, already answered); a double submit or a retried request never creates
a second response.
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from genuinecare.catalog.questionnaire import AnswersRefused, missing_pages
from genuinecare.catalog.questionnaire_page import (
    activate_respondent_language,
    keep_language,
    page_context,
    posted_page,
    refused_status,
    saved_status,
)
from genuinecare.surveys.enums import LinkState
from genuinecare.surveys.models import Invitation
from genuinecare.surveys.submission import (
    Draft,
    LinkRefused,
    find_invitation,
    link_state,
    questionnaire_of,
    save_page,
    submit_page,
)


def _language(request: HttpRequest, invitation: Invitation | None) -> str:
    if invitation is None:
        return activate_respondent_language(request)
    return activate_respondent_language(
        request, allowed=invitation.wave.languages, default=invitation.language
    )


def _state_page(
    request: HttpRequest, state: LinkState, invitation: Invitation | None
) -> HttpResponse:
    return render(
        request,
        "surveys/respond_state.html",
        {"state": state, "wave": invitation.wave if invitation else None},
        status=404 if state == LinkState.UNKNOWN else 200,
    )


def _open_invitation(request: HttpRequest, token: str) -> Invitation | HttpResponse:
    """The invitation if its link can be answered, else the kind page for its state."""
    invitation = find_invitation(token)
    _language(request, invitation)
    state = link_state(invitation)
    if state != LinkState.OPEN or invitation is None:
        return _state_page(request, state, invitation)
    return invitation


def _page_url(request: HttpRequest, token: str, number: int) -> str:
    url = reverse("respond-page", kwargs={"token": token, "page": number})
    return keep_language(request, url)


def _render_page(
    request: HttpRequest,
    token: str,
    invitation: Invitation,
    number: int,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    wave = invitation.wave
    questionnaire = questionnaire_of(wave)
    draft = Draft.of(invitation, questionnaire)
    context = page_context(
        questionnaire,
        number,
        vectors=draft.vectors,
        texts=draft.texts,
        save_url=reverse("respond-save", kwargs={"token": token}),
        submit_url=reverse("respond-submit", kwargs={"token": token}),
        page_url=lambda n: _page_url(request, token, n),
        language=_language(request, invitation),
        error=error,
        languages=wave.languages,
        text_note=_(
            "Optional. Comments are shown without your name, in random order, and only for "
            "groups of at least %(count)d people."
        )
        % {"count": wave.comment_threshold},
    )
    context["wave"] = wave
    # Respondents read the title written for them, never the catalog's internal one.
    context["qn_catalog_title"] = wave.public_title(context["qn_language"])
    return render(request, "surveys/respond.html", context, status=status)


@never_cache
@require_GET
def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the e-mail: back to the first page with an unanswered question."""
    found = _open_invitation(request, token)
    if isinstance(found, HttpResponse):
        return found
    questionnaire = questionnaire_of(found.wave)
    missing = missing_pages(questionnaire, Draft.of(found, questionnaire).vectors)
    return redirect(_page_url(request, token, missing[0] if missing else 1))


@never_cache
@require_GET
def respond_page(request: HttpRequest, token: str, page: int) -> HttpResponse:
    found = _open_invitation(request, token)
    if isinstance(found, HttpResponse):
        return found
    if not 1 <= page <= len(questionnaire_of(found.wave).pages):
        raise Http404
    return _render_page(request, token, found, page)


def _refused(
    request: HttpRequest, token: str, invitation: Invitation, refused: AnswersRefused
) -> HttpResponse:
    """A refused post changes nothing; say so where the respondent is looking."""
    if request.htmx:  # type: ignore[attr-defined]
        return refused_status(request, refused)
    number = posted_page(request, questionnaire_of(invitation.wave))
    return _render_page(request, token, invitation, number, error=str(refused), status=400)


def _posted(
    request: HttpRequest, token: str, act: Callable[[Invitation], HttpResponse]
) -> HttpResponse:
    """Run ``act`` on an answerable invitation; a refusal changes nothing and says why."""
    found = _open_invitation(request, token)
    if isinstance(found, HttpResponse):
        return found
    try:
        return act(found)
    except LinkRefused as refused:
        return _state_page(request, refused.state, found)
    except AnswersRefused as refused:
        return _refused(request, token, found, refused)


@never_cache
@require_POST
def save(request: HttpRequest, token: str) -> HttpResponse:
    """Autosave (htmx, on every change) and the plain "back" / "next" buttons."""

    def saved(invitation: Invitation) -> HttpResponse:
        answers = save_page(invitation=invitation, data=request.POST)
        if not request.htmx:  # type: ignore[attr-defined]
            return redirect(_page_url(request, token, answers.next_page))
        questionnaire = questionnaire_of(invitation.wave)
        vectors = Draft.of(invitation, questionnaire).vectors
        return saved_status(request, questionnaire, vectors=vectors, page=answers.page)

    return _posted(request, token, saved)


@never_cache
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    def submitted(invitation: Invitation) -> HttpResponse:
        submit_page(invitation=invitation, data=request.POST)
        language = _language(request, invitation)
        return redirect(reverse("respond-thanks") + "?" + urlencode({"lang": language}))

    return _posted(request, token, submitted)


def thanks(request: HttpRequest) -> HttpResponse:
    activate_respondent_language(request)
    return render(request, "surveys/respond_thanks.html")
