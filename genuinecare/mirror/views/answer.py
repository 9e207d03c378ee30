"""Answering a self-assessment: start, resume, the pages with autosave, submit, discard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.catalog.questionnaire import (
    AnswersRefused,
    IncompleteAnswers,
    Questionnaire,
    missing_pages,
)
from genuinecare.catalog.questionnaire_page import (
    activate_respondent_language,
    keep_language,
    page_context,
    posted_page,
    refused_status,
    saved_status,
)
from genuinecare.lib.views import page_language, saved
from genuinecare.mirror import actions
from genuinecare.mirror.access import (
    get_own_assessment,
    get_own_draft,
    own_assessments,
)
from genuinecare.mirror.forms import StartForm, catalog_choices
from genuinecare.mirror.models import Assessment
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


@organisation_view(role=Role.LEADER)
def start(request: HttpRequest, membership: Person) -> HttpResponse:
    draft = own_assessments(membership).filter(submitted_at__isnull=True).first()
    if draft is not None:
        messages.info(request, _("You have a self-assessment in progress; here it is."))
        return redirect("mirror:resume", org=membership.organisation.slug, pk=draft.pk)
    choices = catalog_choices(membership.organisation)
    language = page_language()
    labels = {key: choice.catalog.title.get(language) for key, choice in choices.items()}
    form = StartForm(request.POST if request.method == "POST" else None, labels=labels)
    if request.method == "POST" and form.is_valid():
        versions = [
            choices[key].version() for key in choices if key in form.cleaned_data["catalogs"]
        ]
        assessment = saved(
            form, lambda: actions.start_assessment(person=membership, versions=versions)
        )
        if assessment is not None:
            return redirect("mirror:resume", org=membership.organisation.slug, pk=assessment.pk)
    descriptions = {
        key: choice.catalog.description.get(language) for key, choice in choices.items()
    }
    return render(request, "mirror/start.html", {"form": form, "descriptions": descriptions})


def _page_url(request: HttpRequest, assessment: Assessment, number: int) -> str:
    kwargs = {"org": assessment.organisation.slug, "pk": assessment.pk, "page": number}
    return keep_language(request, reverse("mirror:page", kwargs=kwargs))


def _render_page(
    request: HttpRequest,
    assessment: Assessment,
    questionnaire: Questionnaire,
    number: int,
    *,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    vectors, texts = actions.stored_answers(assessment)
    kwargs = {"org": assessment.organisation.slug, "pk": assessment.pk}
    context = page_context(
        questionnaire,
        number,
        vectors=vectors,
        texts=texts,
        save_url=reverse("mirror:save", kwargs=kwargs),
        submit_url=reverse("mirror:submit", kwargs=kwargs),
        page_url=lambda n: _page_url(request, assessment, n),
        language=activate_respondent_language(request),
        error=error,
    )
    return render(
        request, "mirror/answer.html", {**context, "assessment": assessment}, status=status
    )


def _own_draft(membership: Person, pk: int) -> tuple[Assessment, Questionnaire]:
    assessment = get_own_assessment(membership, pk)
    return assessment, actions.questionnaire_of(assessment)


@organisation_view(role=Role.LEADER)
def resume(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """Back to the first page with an open question (a closed tab loses nothing)."""
    assessment, questionnaire = _own_draft(membership, pk)
    if assessment.is_submitted:
        return redirect(assessment)
    vectors, _texts = actions.stored_answers(assessment)
    missing = missing_pages(questionnaire, vectors)
    return redirect(
        _page_url(request, assessment, missing[0] if missing else len(questionnaire.pages))
    )


@organisation_view(role=Role.LEADER)
def answer_page(request: HttpRequest, membership: Person, pk: int, page: int) -> HttpResponse:
    assessment, questionnaire = _own_draft(membership, pk)
    if assessment.is_submitted:
        return redirect(assessment)
    if not 1 <= page <= len(questionnaire.pages):
        raise Http404
    return _render_page(request, assessment, questionnaire, page)


def _refused(
    request: HttpRequest, assessment: Assessment, questionnaire: Questionnaire, refused: Exception
) -> HttpResponse:
    """A refused post changes nothing; say so where the leader is looking."""
    if request.htmx:  # type: ignore[attr-defined]
        return refused_status(request, refused)
    assessment.refresh_from_db(fields=["submitted_at"])
    if assessment.is_submitted:
        messages.error(request, str(refused))
        return redirect(assessment)
    number = posted_page(request, questionnaire)
    return _render_page(request, assessment, questionnaire, number, error=str(refused), status=400)


@organisation_view(role=Role.LEADER)
@require_POST
def save(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """Autosave (htmx, on every change) and the plain "back" / "next" buttons."""
    assessment, questionnaire = _own_draft(membership, pk)
    activate_respondent_language(request)
    try:
        answers = actions.save_page(
            assessment=assessment, questionnaire=questionnaire, data=request.POST
        )
    except AnswersRefused as refused:
        return _refused(request, assessment, questionnaire, refused)
    if request.htmx:  # type: ignore[attr-defined]
        vectors, _texts = actions.stored_answers(assessment)
        return saved_status(request, questionnaire, vectors=vectors, page=answers.page)
    return redirect(_page_url(request, assessment, answers.next_page))


@organisation_view(role=Role.LEADER)
@require_POST
def submit(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    assessment, questionnaire = _own_draft(membership, pk)
    activate_respondent_language(request)
    try:
        actions.submit_assessment(
            assessment=assessment, questionnaire=questionnaire, data=request.POST
        )
    except IncompleteAnswers as incomplete:
        messages.error(request, str(incomplete))
        return redirect(_page_url(request, assessment, incomplete.pages[0]))
    except AnswersRefused as refused:
        return _refused(request, assessment, questionnaire, refused)
    messages.success(
        request, _("Thank you. Your self-assessment is submitted; here is your report.")
    )
    return redirect(assessment)


@organisation_view(role=Role.LEADER)
def discard(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """Discard a draft: the buttons lead to a confirmation page, whose POST deletes it."""
    assessment = get_own_draft(membership, pk)
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            actions.discard_draft(assessment=assessment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(assessment)
        messages.success(request, _("Your unsubmitted self-assessment is discarded."))
        return redirect("mirror:index", org=membership.organisation.slug)
    return render(request, "mirror/discard.html", {"assessment": assessment})
