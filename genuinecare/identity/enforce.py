"""Where an organisation's "single sign-on required" holds: one check before its every page.

Someone who must use single sign-on in organisation X (everyone, or its leaders and admins,
as X's admin chose) opens X's pages only in a session that signed in through X's provider;
after a password sign-in they are sent to X's single sign-on with a word why. The
organisation's single sign-on page itself stays open to its admins with a password, so a
broken provider never locks the organisation out of fixing it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from genuinecare.identity.enums import SsoRequirement
from genuinecare.identity.models import SingleSignOn
from genuinecare.identity.sso import must_use_sso
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


def needs_sso(request: HttpRequest, slug: str) -> bool:
    """Whether the signed-in user must sign in through ``slug``'s provider to open its pages.

    One query for an organisation without the requirement; a second for one with it.
    """
    if slug in signed_in_through(request):
        return False
    requirement = (
        SingleSignOn.objects.filter(organisation__slug=slug)
        .values_list("requirement", flat=True)
        .first()
    )
    if requirement in (None, SsoRequirement.OPTIONAL):
        return False
    role = (
        Person.objects.filter(
            user_id=int(request.user.pk or 0), organisation__slug=slug, archived_at__isnull=True
        )
        .values_list("role", flat=True)
        .first()
    )
    return role is not None and must_use_sso(requirement, role)


class RequireSingleSignOn:
    """Middleware: an organisation's page opens only after its single sign-on, when required."""

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
            or match.view_name in EXEMPT
            or not request.user.is_authenticated
            or not needs_sso(request, slug)
        ):
            return None
        messages.info(
            request,
            _("Your organisation asks you to sign in through its own sign-in. Continue below."),
        )
        return redirect("sso-start", org=slug)
