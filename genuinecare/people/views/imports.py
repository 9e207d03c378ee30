from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.lib.csvfile import FileRefused, decode
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.forms import ImportUploadForm
from genuinecare.people.import_apply import ImportRefused, apply_import
from genuinecare.people.importing import plan_import
from genuinecare.people.models import PeopleImport, Person

PREVIEW_ROWS = 200


@organisation_view(role=Role.ADMIN)
def import_upload(request: HttpRequest, membership: Person) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = decode(upload.read())
        except FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            record = PeopleImport.objects.create(
                organisation=membership.organisation,
                uploaded_by=membership,
                file_name=upload.name[:255],
                content=text,
            )
            return redirect("people:import-preview", org=membership.organisation.slug, pk=record.pk)
    return render(request, "people/import_upload.html", {"form": form})


def _record(membership: Person, pk: int) -> PeopleImport:
    return get_object_or_404(PeopleImport, pk=pk, organisation=membership.organisation)


@organisation_view(role=Role.ADMIN)
def import_preview(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    record = _record(membership, pk)
    plan = plan_import(organisation=membership.organisation, text=record.content)
    context = {
        "record": record,
        "plan": plan,
        "summary": plan.summary,
        "changes": [p for p in plan.people if p.action != "unchanged"][:PREVIEW_ROWS],
    }
    return render(request, "people/import_preview.html", context)


@require_POST
@organisation_view(role=Role.ADMIN)
def import_apply(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    record = _record(membership, pk)
    if record.applied_at is not None:
        messages.info(request, _("This file was already imported; nothing was changed."))
        return redirect("people:people", org=membership.organisation.slug)
    try:
        summary = apply_import(
            organisation=membership.organisation, text=record.content, record=record
        )
    except ImportRefused:
        messages.error(request, _("The file has errors; nothing was imported. Fix them first."))
        return redirect("people:import-preview", org=membership.organisation.slug, pk=record.pk)
    messages.success(
        request,
        _(
            "Import finished: %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged, %(units_created)d units created."
        )
        % summary,
    )
    return redirect("people:people", org=membership.organisation.slug)
