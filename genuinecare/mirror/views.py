from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.catalog.actions import add_organisation_catalog, organisation_catalogs
from genuinecare.catalog.questionnaire import (
    AnswersRefused,
    IncompleteAnswers,
    Questionnaire,
    missing_pages,
)
from genuinecare.catalog.questionnaire_page import (
    keep_language,
    page_context,
    respondent_language,
    status_context,
)
from genuinecare.catalog.schema import CatalogError
from genuinecare.lib.params import parse_int
from genuinecare.lib.pdf import pdf_response
from genuinecare.mirror import actions
from genuinecare.mirror.access import (
    get_assessment_for_user,
    get_own_assessment,
    get_own_draft,
    own_assessments,
    shared_assessments,
)
from genuinecare.mirror.forms import CatalogUploadForm, StartForm, catalog_choices
from genuinecare.mirror.models import Assessment
from genuinecare.mirror.report import Report, build_report, build_trend
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


def _language() -> str:
    return get_language() or "en"


def _submitted(assessments: Any) -> list[Assessment]:
    return list(assessments.filter(submitted_at__isnull=False).order_by("submitted_at", "pk"))


@organisation_view(role=Role.LEADER)
def index(request: HttpRequest, membership: Person) -> HttpResponse:
    attempts = list(own_assessments(membership))
    submitted = [a for a in attempts if a.is_submitted]
    oldest_first = sorted(submitted, key=lambda a: (a.submitted_at, a.pk))
    context = {
        "draft": next((a for a in attempts if not a.is_submitted), None),
        "submitted": submitted,
        "trend": build_trend(oldest_first, language=_language()),
        "shared_count": shared_assessments(membership).count() if membership.is_admin else 0,
    }
    return render(request, "mirror/index.html", context)


@organisation_view(role=Role.LEADER)
def start(request: HttpRequest, membership: Person) -> HttpResponse:
    draft = own_assessments(membership).filter(submitted_at__isnull=True).first()
    if draft is not None:
        messages.info(request, _("You have a self-assessment in progress; here it is."))
        return redirect("mirror:resume", org=membership.organisation.slug, pk=draft.pk)
    choices = catalog_choices(membership.organisation)
    language = _language()
    labels = {key: choice.catalog.title.get(language) for key, choice in choices.items()}
    form = StartForm(request.POST if request.method == "POST" else None, labels=labels)
    if request.method == "POST" and form.is_valid():
        versions = [
            choices[key].version() for key in choices if key in form.cleaned_data["catalogs"]
        ]
        try:
            assessment = actions.start_assessment(person=membership, versions=versions)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("mirror:resume", org=membership.organisation.slug, pk=assessment.pk)
    descriptions = {
        key: choice.catalog.description.get(language) for key, choice in choices.items()
    }
    return render(request, "mirror/start.html", {"form": form, "descriptions": descriptions})


def _page_url(request: HttpRequest, assessment: Assessment, number: int) -> str:
    url = reverse(
        "mirror:page",
        kwargs={"org": assessment.organisation.slug, "pk": assessment.pk, "page": number},
    )
    return keep_language(request, url)


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
        language=respondent_language(request),
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
        return render(
            request, "catalog/_questionnaire_status.html", {"qn_error": str(refused)}, status=400
        )
    assessment.refresh_from_db(fields=["submitted_at"])
    if assessment.is_submitted:
        messages.error(request, str(refused))
        return redirect(assessment)
    pages = len(questionnaire.pages)
    number = parse_int(request.POST.get("page", ""), minimum=1, maximum=pages) or 1
    return _render_page(request, assessment, questionnaire, number, error=str(refused), status=400)


@organisation_view(role=Role.LEADER)
@require_POST
def save(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """Autosave (htmx, on every change) and the plain "back" / "next" buttons."""
    assessment, questionnaire = _own_draft(membership, pk)
    respondent_language(request)
    try:
        answers = actions.save_page(
            assessment=assessment, questionnaire=questionnaire, data=request.POST
        )
    except AnswersRefused as refused:
        return _refused(request, assessment, questionnaire, refused)
    if request.htmx:  # type: ignore[attr-defined]
        vectors, _texts = actions.stored_answers(assessment)
        context = {
            **status_context(questionnaire, vectors=vectors),
            "qn_saved": True,
            "qn_page": answers.page,
            "qn_page_count": len(questionnaire.pages),
        }
        return render(request, "catalog/_questionnaire_status.html", context)
    return redirect(_page_url(request, assessment, answers.next_page))


@organisation_view(role=Role.LEADER)
@require_POST
def submit(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    assessment, questionnaire = _own_draft(membership, pk)
    respondent_language(request)
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


def _report(membership: Person, assessment: Assessment) -> Report:
    """The report with the trend up to this attempt, over what the reader may see."""
    own = assessment.person_id == membership.pk
    report = build_report(assessment, language=_language(), private=own)
    visible = own_assessments(membership) if own else shared_assessments(membership)
    earlier = visible.filter(
        person_id=assessment.person_id, submitted_at__lte=assessment.submitted_at
    )
    trend = build_trend(_submitted(earlier), language=_language())
    return replace(report, trend=trend)


@organisation_view(role=Role.LEADER)
def report(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(membership, pk)
    if not assessment.is_submitted:
        return redirect("mirror:resume", org=membership.organisation.slug, pk=pk)
    context = {
        "report": _report(membership, assessment),
        "own": assessment.person_id == membership.pk,
    }
    return render(request, "mirror/report.html", context)


@organisation_view(role=Role.LEADER)
def report_pdf(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(membership, pk)
    if not assessment.is_submitted:
        raise Http404
    submitted = timezone.localtime(assessment.submitted_at)
    return pdf_response(
        template="mirror/report_pdf.html",
        context={
            "report": _report(membership, assessment),
            "own": assessment.person_id == membership.pk,
        },
        filename=_("self-assessment %(date)s") % {"date": submitted.date().isoformat()},
        request=request,
    )


@organisation_view(role=Role.LEADER)
@require_POST
def share(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    assessment = get_own_assessment(membership, pk)
    shared = request.POST.get("shared") == "yes"
    try:
        actions.set_sharing(assessment=assessment, shared=shared)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("mirror:resume", org=membership.organisation.slug, pk=pk)
    if shared:
        messages.success(
            request, _("Shared with your organisation admin. Your open answers stay private.")
        )
    else:
        messages.success(request, _("No longer shared; only you can see this self-assessment."))
    return redirect(assessment)


@organisation_view(role=Role.ADMIN)
def shared_list(request: HttpRequest, membership: Person) -> HttpResponse:
    assessments = (
        shared_assessments(membership)
        .select_related("person")
        .order_by("person__name", "-submitted_at")
    )
    return render(request, "mirror/shared.html", {"assessments": assessments})


@organisation_view(role=Role.ADMIN)
def catalogs(request: HttpRequest, membership: Person) -> HttpResponse:
    """An organisation's own catalogs for puzzle pieces 4 and 5: list and upload."""
    organisation = membership.organisation
    posted = request.method == "POST"
    form = CatalogUploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[str] = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            version, created = add_organisation_catalog(
                organisation=organisation, file_name=upload.name[:200], content=upload.read()
            )
        except CatalogError as error:
            problems = error.problems
        else:
            text = (
                _("Catalog “%(id)s” version %(version)s added; leaders can now choose it.")
                if created
                else _(
                    "Catalog “%(id)s” version %(version)s was already uploaded; nothing changed."
                )
            )
            messages.success(request, text % {"id": version.catalog_id, "version": version.version})
            return redirect("mirror:catalogs", org=organisation.slug)
    context = {
        "form": form,
        "problems": problems,
        "versions": organisation_catalogs(organisation),
    }
    return render(request, "mirror/catalogs.html", context, status=400 if problems else 200)
