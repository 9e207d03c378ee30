"""A leader's self-assessments: the list with the trend, one report (page and PDF),
sharing it with the admin, and the admin's list of what is shared with them."""

from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.lib.pdf import pdf_response
from genuinecare.lib.views import page_language
from genuinecare.mirror import actions
from genuinecare.mirror.access import (
    get_assessment,
    get_own_assessment,
    own_assessments,
    shared_assessments,
)
from genuinecare.mirror.models import Assessment
from genuinecare.mirror.report import build_report, build_trend
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


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
        "trend": build_trend(oldest_first, language=page_language()),
        "shared_count": shared_assessments(membership).count() if membership.is_admin else 0,
    }
    return render(request, "mirror/index.html", context)


def _context(membership: Person, assessment: Assessment) -> dict[str, Any]:
    """The report with the trend up to this attempt, over what the reader may see."""
    own = assessment.person_id == membership.pk
    report = build_report(assessment, language=page_language(), private=own)
    visible = own_assessments(membership) if own else shared_assessments(membership)
    earlier = visible.filter(
        person_id=assessment.person_id, submitted_at__lte=assessment.submitted_at
    )
    trend = build_trend(_submitted(earlier), language=page_language())
    return {"report": replace(report, trend=trend), "own": own}


@organisation_view(role=Role.LEADER)
def report(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    assessment = get_assessment(membership, pk)
    if not assessment.is_submitted:
        return redirect("mirror:resume", org=membership.organisation.slug, pk=pk)
    return render(request, "mirror/report.html", _context(membership, assessment))


@organisation_view(role=Role.LEADER)
def report_pdf(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    assessment = get_assessment(membership, pk)
    if not assessment.is_submitted:
        raise Http404
    submitted = timezone.localtime(assessment.submitted_at)
    return pdf_response(
        template="mirror/report_pdf.html",
        context=_context(membership, assessment),
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
        text = _("Shared with your organisation admin. Your open answers stay private.")
    else:
        text = _("No longer shared; only you can see this self-assessment.")
    messages.success(request, text)
    return redirect(assessment)


@organisation_view(role=Role.ADMIN)
def shared_list(request: HttpRequest, membership: Person) -> HttpResponse:
    assessments = (
        shared_assessments(membership)
        .select_related("person")
        .order_by("person__name", "-submitted_at")
    )
    return render(request, "mirror/shared.html", {"assessments": assessments})
