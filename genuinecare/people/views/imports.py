"""Importing people from CSV: the shared upload, preview and apply steps, for admins."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.forms import ImportUploadForm
from genuinecare.people.importing import PeopleImporter
from genuinecare.people.imports.pages import ImportPages
from genuinecare.people.models import Person

PAGES = ImportPages(
    importer=PeopleImporter,
    url_name="people:import",
    done_url="people:people",
    title=_("Import people"),
    columns=((_("Name"), "name"), (_("E-mail address"), "email"), (_("Unit"), "unit")),
    extra_counts=(("units_created", _("new units")),),
    variant_field="invite",
    finished=_(
        "Import finished: %(created)d created, %(updated)d updated, "
        "%(unchanged)d unchanged, %(units_created)d units created, "
        "%(invited)d activation e-mails sent."
    ),
)


@organisation_view(role=Role.ADMIN)
def import_upload(request: HttpRequest, membership: Person) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    stored = PAGES.receive(request, membership, form)
    return stored or render(request, "people/import_upload.html", {"form": form})


import_preview, import_apply = PAGES.views(role=Role.ADMIN)
