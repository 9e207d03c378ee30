"""The audit log page and its CSV export: for the organisation's admins only."""

import datetime as dt
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from genuinecare.lib.csvexport import Cell, csv_response
from genuinecare.lib.params import BadParameter
from genuinecare.people.access import audit_events_visible_to, organisation_view
from genuinecare.people.audit_log import AuditEvent, events_in
from genuinecare.people.enums import Role
from genuinecare.people.forms import AuditFilterForm
from genuinecare.people.models import Person

PAGE_SIZE = 50
CHUNK = 2000


def _midnight(day: dt.date) -> dt.datetime:
    """The start of ``day`` in the site's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _filtered(membership: Person, form: AuditFilterForm) -> QuerySet[AuditEvent]:
    """The organisation's entries that match the (valid) filters, newest first."""
    events = audit_events_visible_to(membership)
    data = form.cleaned_data
    if data["group"]:
        events = events.filter(event__in=events_in(data["group"]))
    if who := data["who"].strip():
        events = events.filter(Q(actor_label__icontains=who) | Q(subject_label__icontains=who))
    if data["start"]:
        events = events.filter(happened_at__gte=_midnight(data["start"]))
    if data["end"]:
        events = events.filter(happened_at__lt=_midnight(data["end"] + dt.timedelta(days=1)))
    return events


@organisation_view(role=Role.ADMIN)
@require_GET
def audit_log(request: HttpRequest, membership: Person) -> HttpResponse:
    """Who did what and when, newest first, filtered by kind of event, person and dates."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "page": None}
        return render(request, "people/audit_log.html", context, status=400)
    page = Paginator(_filtered(membership, form), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "people/audit_log.html", {"form": form, "page": page})


def _rows(events: QuerySet[AuditEvent]) -> Iterator[list[Cell]]:
    yield [_("When"), _("Event"), _("Code"), _("By"), _("About"), _("Detail"), _("IP address")]
    zone = timezone.get_current_timezone()
    for event in events.iterator(chunk_size=CHUNK):
        yield [
            event.happened_at.astimezone(zone).isoformat(timespec="seconds"),
            event.label,
            event.event,
            event.actor_label,
            event.subject_label,
            event.detail,
            event.ip_address,
        ]


# organisation_view is typed for HttpResponse; a streamed download is its sibling class.
@organisation_view(role=Role.ADMIN)  # type: ignore[arg-type]
@require_GET
def audit_csv(request: HttpRequest, membership: Person) -> HttpResponseBase:
    """The same entries as the page with the same filters, every page of them, as CSV."""
    form = AuditFilterForm(request.GET)
    if not form.is_valid():
        name, errors = next(iter(form.errors.items()))
        raise BadParameter(" ".join(str(e) for e in errors), name=name)
    today = timezone.localdate().isoformat()
    return csv_response(_rows(_filtered(membership, form)), filename=f"audit-log-{today}")
