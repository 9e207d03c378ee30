"""Customer and supplier contacts: the list, and their import through the shared flow."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.imports.pages import ImportPages
from genuinecare.people.models import Person
from genuinecare.surveys.contacts import ContactImporter
from genuinecare.surveys.forms import ContactImportForm
from genuinecare.surveys.models import Contact

PAGES = ImportPages(
    importer=ContactImporter,
    url_name="surveys:contacts",
    done_url="surveys:contacts",
    title=_("Import contacts"),
    variant_field="kind",
    columns=((_("Name"), "name"), (_("E-mail address"), "email"), (_("Company"), "company")),
    finished=_(
        "Contacts imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged."
    ),
)


@organisation_view(role=Role.ADMIN)
def contact_list(request: HttpRequest, membership: Person) -> HttpResponse:
    form = ContactImportForm(request.POST or None, request.FILES or None)
    stored = PAGES.receive(request, membership, form)
    if stored is not None:
        return stored
    contacts = Contact.objects.filter(
        organisation=membership.organisation, archived_at__isnull=True
    ).select_related("unit")
    return render(request, "surveys/contact_list.html", {"contacts": contacts, "form": form})


contact_import, contact_import_apply = PAGES.views(role=Role.ADMIN)
