"""The upload, preview and apply steps of an import, shared by every import's views.

Each import describes its pages once (``ImportPages``); its upload view calls
``receive``, and ``views`` gives its preview and apply views. The preview shows every problem
by row and column, or the counts and the changes, before anything is written.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from genuinecare.lib.csvfile import FileRefused
from genuinecare.people.access import get_upload, organisation_view
from genuinecare.people.audit import Event, record
from genuinecare.people.enums import Role
from genuinecare.people.imports.plan import Importer, ImportRefused, LargeChangeHeld
from genuinecare.people.imports.uploads import apply_upload, importer_for, store_upload
from genuinecare.people.models import Person

PREVIEW_ROWS = 200
PLANNED_LABELS = {
    "created": gettext_lazy("to create"),
    "updated": gettext_lazy("to update"),
    "unchanged": gettext_lazy("unchanged"),
}
APPLIED_LABELS = {
    "created": gettext_lazy("created"),
    "updated": gettext_lazy("updated"),
    "unchanged": gettext_lazy("unchanged"),
}


@dataclass(frozen=True, slots=True)
class ImportPages:
    """Where one import lives in the interface and what it shows.

    ``url_name`` names the upload page; the preview and apply pages are named
    like it with ``-preview`` and ``-apply``. ``done_url`` is where applying
    leads. ``title`` heads the preview; ``columns`` are the (heading, attribute) pairs
    of the planned rows it lists; ``extra_counts`` the (summary key, label)
    pairs of the importer's own counts; ``variant_field`` the upload form's
    field that holds the variant, if the import has one; ``finished`` the
    message after applying, formatted with the summary (a count it lacks reads 0). ``layout`` and
    ``subnav`` let the preview sit in the import's part of the site.
    """

    importer: type[Importer[Any]]
    url_name: str
    done_url: str
    title: Promise
    columns: tuple[tuple[Promise, str], ...]
    finished: Promise
    extra_counts: tuple[tuple[str, Promise], ...] = ()
    variant_field: str = ""
    layout: str = "base.html"
    subnav: str = ""

    @property
    def preview_url(self) -> str:
        return f"{self.url_name}-preview"

    @property
    def apply_url(self) -> str:
        return f"{self.url_name}-apply"

    def receive(
        self, request: HttpRequest, membership: Person, form: forms.Form
    ) -> HttpResponse | None:
        """Keep a valid upload and go to its preview; None means: show the form again."""
        if request.method != "POST" or not form.is_valid():
            return None
        try:
            upload = store_upload(
                uploaded_by=membership,
                importer=self.importer,
                file=form.cleaned_data["file"],
                variant=form.cleaned_data[self.variant_field] if self.variant_field else "",
            )
        except FileRefused as refused:
            form.add_error("file", str(refused))
            return None
        return redirect(self.preview_url, org=membership.organisation.slug, pk=upload.pk)

    def preview(self, request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
        upload = get_upload(membership, pk, kind=self.importer.kind)
        importer = importer_for(upload, self.importer)
        context: dict[str, Any] = {"upload": upload, "pages": self, "errors": [], "changes": []}
        context["variant_label"] = importer.variant_label()
        if upload.applied_at is not None:
            summary, labels = upload.summary, APPLIED_LABELS
        else:
            plan = importer.plan(upload.content)
            summary, labels = plan.summary, PLANNED_LABELS
            changes = plan.changes
            context["errors"] = plan.errors
            context["changes"] = [
                (planned.row, [getattr(planned, name) for _, name in self.columns], planned.action)
                for planned in changes[:PREVIEW_ROWS]
            ]
            context["more_changes"] = max(len(changes) - PREVIEW_ROWS, 0)
            change = importer.large_change(plan)
            context["large_change"] = change if change is not None and change.held else None
        context["counts"] = [
            (key, label, summary.get(key, 0))
            for key, label in (*labels.items(), *self.extra_counts)
        ]
        return render(request, "imports/preview.html", context)

    def apply(self, request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
        upload = get_upload(membership, pk, kind=self.importer.kind)
        slug = membership.organisation.slug
        confirmed = request.POST.get("confirm_large_change") == "yes"
        organisation = membership.organisation
        try:
            applied = apply_upload(
                upload=upload, importer=self.importer, confirmed_large_change=confirmed
            )
        except ImportRefused:
            messages.error(request, _("The file has errors; nothing was imported. Fix them first."))
            return redirect(self.preview_url, org=slug, pk=upload.pk)
        except LargeChangeHeld as held:
            detail = f"import {held.change.detail}"
            record(Event.SYNC_HELD, organisation=organisation, actor=membership, detail=detail)
            messages.error(
                request,
                _(
                    "Nothing was imported: this file would %(change)s. Check the preview, "
                    "then tick the box to confirm."
                )
                % {"change": held.change.describe()},
            )
            return redirect(self.preview_url, org=slug, pk=upload.pk)
        if not applied.already:
            counts = " ".join(f"{key}={value}" for key, value in applied.summary.items())
            record(
                Event.IMPORT_APPLIED,
                organisation=organisation,
                actor=membership,
                detail=f"{self.importer.kind} {counts}",
                request=request,
            )
            if confirmed and applied.large_change is not None:
                detail = f"import {applied.large_change.detail}"
                record(
                    Event.SYNC_CONFIRMED, organisation=organisation, actor=membership, detail=detail
                )
        if applied.already:
            messages.info(request, _("This file was already imported; nothing was changed."))
        else:
            # A count that only an import option adds (e.g. invitations) reads 0 without it.
            messages.success(request, str(self.finished) % defaultdict(int, applied.summary))
        return redirect(self.done_url, org=slug)

    def views(
        self, *, role: Role
    ) -> tuple[Callable[..., HttpResponse], Callable[..., HttpResponse]]:
        """The preview and apply views, for ``role`` only (everyone else gets 404)."""
        guard = organisation_view(role=role)
        return guard(self.preview), guard(require_POST(self.apply))
