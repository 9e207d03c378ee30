"""An organisation's own catalogs, for its admins: list and upload."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from genuinecare.catalog.actions import add_organisation_catalog, organisation_catalogs
from genuinecare.catalog.schema import CatalogError
from genuinecare.mirror.forms import CatalogUploadForm
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


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
    context = {"form": form, "problems": problems, "versions": organisation_catalogs(organisation)}
    return render(request, "mirror/catalogs.html", context, status=400 if problems else 200)
