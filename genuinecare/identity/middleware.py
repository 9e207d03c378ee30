"""Organisation pages wait until a person whose organisation requires a second factor has one.

One check for every page under ``/o/<organisation>/``: the view's ``org`` is the organisation
the page belongs to, so its policy is the one applied. It costs one query per page (the
membership with its organisation's policy), and one more where a second factor is required.
Someone who is not a member passes on to the view, which answers 404 as for any outsider.
A session that signed in through the organisation's own provider is not asked
(``enforce.replaces_two_factors``).
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from genuinecare.identity.enforce import replaces_two_factors
from genuinecare.identity.two_factors import must_add_one
from genuinecare.people.models import Person


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        slug = kwargs.get("org")
        if not slug or not request.user.is_authenticated:
            return None
        person = (
            Person.objects.filter(
                user_id=request.user.pk, organisation__slug=slug, archived_at__isnull=True
            )
            .select_related("organisation__sign_in_policy", "user")
            .first()
        )
        if person is None or replaces_two_factors(request, person) or not must_add_one(person):
            return None
        messages.warning(
            request,
            _("%(organisation)s asks you to sign in with a second factor. Add one to continue.")
            % {"organisation": person.organisation.name},
        )
        return redirect("mfa_index")
