"""Privacy requests: the admin records them; the person downloads their data behind a link."""

from collections.abc import Callable
from functools import partial

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from genuinecare.lib.i18n import supported_language
from genuinecare.lib.views import saved
from genuinecare.people.access import (
    get_person,
    organisation_view,
    privacy_requests_visible_to,
)
from genuinecare.people.enums import Role
from genuinecare.people.models import Person, PrivacyRequest
from genuinecare.practice.privacy import is_erased
from genuinecare.practice.privacy_forms import ErasureForm, PrivacyRequestForm
from genuinecare.practice.privacy_requests import (
    EXPORT_LINK_DAYS,
    find_export_link,
    request_access,
    request_erasure,
    take_export,
)

PAGE_SIZE = 50

admin_view = organisation_view(role=Role.ADMIN)

# The two requests an admin records on a person's page, by the name of their button.
_REQUESTS: dict[str, tuple[type[PrivacyRequestForm], Callable[..., PrivacyRequest]]] = {
    "access": (PrivacyRequestForm, request_access),
    "erasure": (ErasureForm, request_erasure),
}


@admin_view
def requests_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """Every privacy request of the organisation, newest first."""
    page = Paginator(privacy_requests_visible_to(membership), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "practice/privacy_requests.html", {"page": page})


@admin_view
def person_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """One person's requests, and the two forms: hand them their data, erase it."""
    person = get_person(membership, pk)
    requests = privacy_requests_visible_to(membership).filter(person=person)
    forms = {
        name: form_class(request.POST if name in request.POST else None, prefix=name)
        for name, (form_class, _verb) in _REQUESTS.items()
    }
    done = {
        "access": _("%(name)s gets an e-mail with a link to download their data.")
        % {"name": person.name},
        "erasure": _("The person's data was erased."),
    }
    for name, form in forms.items():
        if not (form.is_bound and form.is_valid()):
            continue
        verb = partial(_REQUESTS[name][1], person=person, requested_by=membership)
        if saved(form, partial(verb, now=timezone.now(), **form.cleaned_data)) is not None:
            messages.success(request, done[name])
            return redirect("practice:privacy", org=membership.organisation.slug, pk=person.pk)
    context = {
        "person": person,
        "erased": is_erased(person),
        "requests": requests,
        "access_form": forms["access"],
        "erasure_form": forms["erasure"],
        "link_days": EXPORT_LINK_DAYS,
    }
    return render(request, "practice/privacy.html", context)


@never_cache
def my_data_view(request: HttpRequest, token: str) -> HttpResponse:
    """The person's side: a page that says what the link gives, and a button to download.

    Opening the page changes nothing (mail scanners that follow links do not use it up);
    the download is a POST, made once.
    """
    found = find_export_link(token=token)
    if found is None:
        return render(request, "practice/my_data.html", {"state": "unknown"}, status=404)
    person = found.person
    language = request.GET.get("lang") or person.language
    translation.activate(supported_language(language))
    now = timezone.now()
    state = found.link_state(now)
    if request.method == "POST" and state == "open":
        data = take_export(token=token, now=now)
        if data is not None:
            response = HttpResponse(data, content_type="application/json; charset=utf-8")
            name = f"genuine-care-{person.organisation.slug}-{now:%Y-%m-%d}.json"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        state = "used"
        found.refresh_from_db(fields=["downloaded_at"])
    context = {"state": state, "request_": found, "organisation": person.organisation.name}
    return render(request, "practice/my_data.html", context)
