"""The organisation's sign-in rules: one check before every page of an organisation.

A page under ``/o/<organisation>/`` belongs to that organisation, so its rules are the ones
applied (a consultant in several organisations meets each one's own). In this order:

1. **Single sign-on.** Someone who must use single sign-on in organisation X (everyone, or
   its leaders and admins, as X's admin chose) opens X's pages only in a session that signed
   in through X's provider; after a password sign-in they are sent to X's single sign-on with
   a word why. X's single sign-on settings stay open to its admins with a password, so a
   broken provider never locks the organisation out of fixing it.
2. **The second factor.** Someone X requires a second factor of, and who has none, is sent to
   add one. A session that signed in through X's own provider is not asked
   (``replaces_two_factors``): the provider decides how they prove who they are.

Someone who is not a member passes on to the view, which answers 404 as for any outsider.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from genuinecare.identity.models import SingleSignOn
from genuinecare.identity.sso import must_use_sso
from genuinecare.identity.two_factors import must_add_one
from genuinecare.people.models import Person

SESSION_KEY = "care_sso_organisations"
# The organisation's single sign-on settings: open to its admins with a password too.
EXEMPT = frozenset({"identity:sso", "identity:sso-test", "identity:sso-remove"})


def signed_in_through(request: HttpRequest) -> list[str]:
    """Short names of the organisations whose provider this session signed in through."""
    value = request.session.get(SESSION_KEY, [])
    return [slug for slug in value if isinstance(slug, str)] if isinstance(value, list) else []


def remember_sign_in(request: HttpRequest, slug: str, *, kept: list[str]) -> None:
    """Note in the (new) session that it signed in through ``slug``'s provider."""
    request.session[SESSION_KEY] = sorted({*kept, slug})


def replaces_two_factors(request: HttpRequest, person: Person) -> bool:
    """Whether this session signed in through the person's organisation's provider: its
    provider, not the app, then decides how they prove who they are (the organisation's own
    two-factor requirement does not ask them again)."""
    return person.organisation.slug in signed_in_through(request)


def needs_sso(request: HttpRequest, person: Person) -> bool:
    """Whether the person must sign in through their organisation's provider to open its
    pages, in this session."""
    organisation = person.organisation
    if organisation.slug in signed_in_through(request):
        return False
    try:  # loaded with the person by the middleware
        config: SingleSignOn | None = organisation.single_sign_on
    except SingleSignOn.DoesNotExist:
        config = None
    return must_use_sso(config, person.role)


class OrganisationSignInRules:
    """Middleware: an organisation's page opens only once its sign-in rules are met."""

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
        match = request.resolver_match
        slug = kwargs.get("org")
        if (
            not isinstance(slug, str)
            or match is None
            or not match.route.startswith("o/")
            or not request.user.is_authenticated
        ):
            return None
        person = (
            Person.objects.filter(
                user_id=request.user.pk, organisation__slug=slug, archived_at__isnull=True
            )
            .select_related("organisation__single_sign_on", "organisation__sign_in_policy", "user")
            .first()
        )
        if person is None:
            return None
        if match.view_name not in EXEMPT and needs_sso(request, person):
            messages.info(
                request,
                _("Your organisation asks you to sign in through its own sign-in. Continue below."),
            )
            return redirect("sso-start", org=slug)
        if replaces_two_factors(request, person) or not must_add_one(person):
            return None
        messages.warning(
            request,
            _("%(organisation)s asks you to sign in with a second factor. Add one to continue.")
            % {"organisation": person.organisation.name},
        )
        return redirect("mfa_index")
