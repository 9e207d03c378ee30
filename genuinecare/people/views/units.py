from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.people import actions
from genuinecare.people.access import (
    get_unit,
    organisation_view,
    unit_tree,
    units_visible_to,
)
from genuinecare.people.enums import Role
from genuinecare.people.forms import MoveUnitForm, RenameUnitForm, UnitForm
from genuinecare.people.models import Person, Unit


def _parent(membership: Person, raw: str) -> Unit | None:
    return get_unit(membership, int(raw)) if raw else None


@organisation_view(role=Role.LEADER)
def unit_list(request: HttpRequest, membership: Person) -> HttpResponse:
    organisation = membership.organisation
    form = UnitForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        if not membership.is_admin:
            return redirect("people:units", org=organisation.slug)
        if form.is_valid():
            try:
                unit = actions.create_unit(
                    organisation=organisation,
                    name=form.cleaned_data["name"],
                    parent=_parent(membership, form.cleaned_data["parent"]),
                )
            except ValidationError as error:
                form.add_error("name", error)
            else:
                messages.success(request, _("Unit “%(name)s” created.") % {"name": unit.name})
                return redirect("people:units", org=organisation.slug)
    visible = units_visible_to(membership).filter(archived_at__isnull=True)
    members = Count("people", filter=Q(people__archived_at__isnull=True))
    counts = dict(visible.annotate(n=members).values_list("pk", "n"))
    tree = unit_tree(organisation.pk)
    rows = [
        {"unit": tree.nodes[unit_id], "depth": tree.depth(unit_id), "people": counts[unit_id]}
        for unit_id in tree.ordered()
        if unit_id in counts
    ]
    return render(request, "people/unit_list.html", {"rows": rows, "form": form})


@organisation_view(role=Role.LEADER)
def unit_detail(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    unit = get_unit(membership, pk)
    organisation = membership.organisation
    context = {
        "unit": unit,
        "path": unit_tree(organisation.pk, include_archived=True).path(unit.pk),
        "people": unit.people.filter(archived_at__isnull=True)
        .select_related("organisation")
        .order_by("name"),
        "rename_form": RenameUnitForm(initial={"name": unit.name}),
        "move_form": MoveUnitForm(
            organisation=organisation, initial={"parent": unit.parent_id or ""}
        ),
    }
    return render(request, "people/unit_detail.html", context)


@organisation_view(role=Role.ADMIN)
@require_POST
def unit_change(request: HttpRequest, membership: Person, pk: int, change: str) -> HttpResponse:
    """Rename, move or archive a unit; errors come back as a message on its page."""
    unit = get_unit(membership, pk)
    try:
        if change == "rename":
            rename = RenameUnitForm(request.POST)
            if not rename.is_valid():
                raise ValidationError(_("Enter a name for the unit."))
            actions.rename_unit(unit=unit, name=rename.cleaned_data["name"])
        elif change == "move":
            move = MoveUnitForm(request.POST, organisation=membership.organisation)
            if not move.is_valid():
                raise ValidationError(_("Choose a parent unit from the list."))
            actions.move_unit(unit=unit, parent=_parent(membership, move.cleaned_data["parent"]))
        elif change == "archive":
            actions.archive_unit(unit=unit)
            messages.success(request, _("Unit “%(name)s” archived.") % {"name": unit.name})
            return redirect("people:units", org=membership.organisation.slug)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Unit “%(name)s” saved.") % {"name": unit.name})
    return redirect(unit)
