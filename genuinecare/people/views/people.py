from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.lib.views import saved
from genuinecare.people import actions
from genuinecare.people.access import (
    direct_reports,
    get_person,
    get_unit,
    organisation_view,
    people_visible_to,
    privacy_requests_visible_to,
)
from genuinecare.people.columns import extra_columns, rows
from genuinecare.people.enums import Role
from genuinecare.people.forms import PersonForm
from genuinecare.people.models import Person

PAGE_SIZE = 50
DETAILS = ("name", "function", "role", "language")  # as stored, beside unit and manager


@organisation_view(role=Role.LEADER)
def person_list(request: HttpRequest, membership: Person) -> HttpResponse:
    people = people_visible_to(membership).filter(archived_at__isnull=True)
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(Q(name__icontains=query) | Q(email__icontains=query))
    page = Paginator(people.select_related("unit", "manager", "user"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    listed = list(page)
    columns = extra_columns(membership, listed)
    template = "people/_person_rows.html" if request.htmx else "people/person_list.html"  # type: ignore[attr-defined]
    context = {"page": page, "query": query, "columns": columns, "rows": rows(listed, columns)}
    return render(request, template, context)


@organisation_view(role=Role.LEADER)
def person_detail(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    person = get_person(membership, pk)
    context = {
        "person": person,
        "reports": direct_reports(person),
        # Admins only: leaders never learn that a request exists.
        "requests": privacy_requests_visible_to(membership).filter(person=person)
        if membership.is_admin
        else None,
    }
    return render(request, "people/person_detail.html", context)


def _details(membership: Person, data: dict[str, Any]) -> dict[str, Any]:
    """The person form's fields as domain-function arguments (unit and manager checked)."""
    return {
        **{name: data[name] for name in DETAILS},
        "unit": get_unit(membership, int(data["unit"])) if data["unit"] else None,
        "manager": get_person(membership, int(data["manager"])) if data["manager"] else None,
    }


@organisation_view(role=Role.ADMIN)
def person_add(request: HttpRequest, membership: Person) -> HttpResponse:
    form = PersonForm(request.POST or None, organisation=membership.organisation)
    if request.method == "POST" and form.is_valid():
        data, organisation = form.cleaned_data, membership.organisation
        details = _details(membership, data)
        person = saved(
            form,
            lambda: actions.add_person(organisation=organisation, email=data["email"], **details),
        )
        if person is not None:
            messages.success(request, _("%(name)s added.") % {"name": person.name})
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "person": None})


@organisation_view(role=Role.ADMIN)
@require_POST
def person_archive(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    person = get_person(membership, pk)
    if person.pk == membership.pk:
        messages.error(request, _("You cannot archive yourself. Ask another admin."))
        return redirect(person)
    actions.archive_person(person=person, by=membership)
    messages.success(request, _("%(name)s archived.") % {"name": person.name})
    return redirect("people:people", org=membership.organisation.slug)


@organisation_view(role=Role.ADMIN)
def person_edit(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    person = get_person(membership, pk)
    initial = {
        **{name: getattr(person, name) for name in (*DETAILS, "email")},
        "unit": person.unit_id or "",
        "manager": person.manager_id or "",
    }
    form = PersonForm(request.POST or None, organisation=membership.organisation, initial=initial)
    form.fields["email"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if saved(
            form,
            lambda: actions.update_person(
                person=person, by=membership, **_details(membership, data)
            ),
        ):
            messages.success(request, _("%(name)s saved.") % {"name": person.name})
            return redirect(person)
    return render(request, "people/person_form.html", {"form": form, "person": person})
