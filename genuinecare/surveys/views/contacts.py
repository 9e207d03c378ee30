from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.lib.csvfile import FileRefused, decode
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.surveys.access import get_contact_import
from genuinecare.surveys.contacts import ContactImportRefused, apply_contacts, plan_contacts
from genuinecare.surveys.forms import ContactImportForm
from genuinecare.surveys.models import Contact, ContactImport

PREVIEW_ROWS = 200


@organisation_view(role=Role.ADMIN)
def contact_list(request: HttpRequest, membership: Person) -> HttpResponse:
    contacts = Contact.objects.filter(
        organisation=membership.organisation, archived_at__isnull=True
    ).select_related("unit")
    form = ContactImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = decode(upload.read())
        except FileRefused as refused:
            form.add_error("file", str(refused))
        else:
            record = ContactImport.objects.create(
                organisation=membership.organisation,
                kind=form.cleaned_data["kind"],
                uploaded_by=membership,
                file_name=upload.name[:255],
                content=text,
            )
            return redirect(
                "surveys:contact-import", org=membership.organisation.slug, pk=record.pk
            )
    return render(request, "surveys/contact_list.html", {"contacts": contacts, "form": form})


@organisation_view(role=Role.ADMIN)
def contact_import(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    record = get_contact_import(membership, pk)
    plan = plan_contacts(
        organisation=membership.organisation, kind=record.kind, text=record.content
    )
    changes = [c for c in plan.contacts if c.action != "unchanged"][:PREVIEW_ROWS]
    context = {"record": record, "plan": plan, "summary": plan.summary, "changes": changes}
    return render(request, "surveys/contact_import.html", context)


@require_POST
@organisation_view(role=Role.ADMIN)
def contact_import_apply(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    record = get_contact_import(membership, pk)
    slug = membership.organisation.slug
    try:
        summary = apply_contacts(record=record)
    except ContactImportRefused:
        messages.error(request, _("The file has errors; nothing was imported. Fix them first."))
        return redirect("surveys:contact-import", org=slug, pk=record.pk)
    messages.success(
        request,
        _("Contacts imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % summary,
    )
    return redirect("surveys:contacts", org=slug)
