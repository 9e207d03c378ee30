"""The journey's reach: the leader's PDF and CSV of a journey, and adoption for the admin.

The nudges by stage have no page: the weekly digest carries them (``journey/nudges.py``).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone

from genuinecare.journey.access import get_own_journey, organisation_journeys, organisation_leaders
from genuinecare.journey.adoption import adoption
from genuinecare.journey.exports import JourneyExport, csv_rows, journey_export, pdf_cell
from genuinecare.journey.models import Journey
from genuinecare.lib.csvexport import csv_response
from genuinecare.lib.pdf import pdf_response
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


def _pdf_context(export: JourneyExport) -> dict[str, Any]:
    return {
        "journey": export.journey,
        "unit_path": export.unit_path,
        "facts": [(label, pdf_cell(value)) for label, value in export.facts],
        "tables": [
            (table.title, table.header, [[pdf_cell(v) for v in row] for row in table.rows])
            for table in export.tables
        ],
    }


@organisation_view(role=Role.LEADER)
def journey_pdf(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """The leader's own journey as a PDF, in the page's language."""
    journey = get_own_journey(membership, pk)
    return pdf_response(
        template="journey/reach_pdf.html",
        context=_pdf_context(journey_export(journey)),
        filename=journey.title,
        request=request,
    )


# organisation_view is typed for HttpResponse; a streamed download is its sibling class.
@organisation_view(role=Role.LEADER)  # type: ignore[arg-type]
def journey_csv(request: HttpRequest, membership: Person, pk: int) -> HttpResponseBase:
    """The leader's own journey as CSV, in the page's language, every cell neutralised."""
    journey = get_own_journey(membership, pk)
    return csv_response(csv_rows(journey_export(journey)), filename=journey.title)


@organisation_view(role=Role.ADMIN)
def adoption_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """Per unit, how far the journey has been taken up: counts only."""
    rows = adoption(
        organisation_id=membership.organisation_id,
        journeys=organisation_journeys(membership),
        leaders=organisation_leaders(membership),
        today=timezone.localdate(),
        now=timezone.now(),
    )
    return render(request, "journey/reach_adoption.html", {"rows": rows[:-1], "total": rows[-1]})


urlpatterns: list[URLPattern] = [
    path("adoption/", adoption_view, name="adoption"),
    path("<int:pk>/pdf/", journey_pdf, name="pdf"),
    path("<int:pk>/csv/", journey_csv, name="csv"),
]


def section(journey: Journey, membership: Person) -> dict[str, Any]:
    """The journey page's downloads."""
    kwargs = {"org": journey.organisation.slug, "pk": journey.pk}
    return {
        "pdf": reverse("journey:pdf", kwargs=kwargs),
        "csv": reverse("journey:csv", kwargs=kwargs),
    }
