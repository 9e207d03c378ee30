"""Signing in through one's organisation: which organisation, then off to its provider and back.

``/sso/`` asks for the organisation's short name or one's work address; ``/sso/<org>/``
starts the organisation's sign-in (a POST, so no page of another site can start it for
someone); ``/sso/<org>/callback/`` is where the provider sends people back, handled by
allauth with the checks of ``identity/oidc.py``.
"""

from urllib.parse import urlsplit

import requests
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView
from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from genuinecare.identity import oidc, sso
from genuinecare.identity.linking import REASONS
from genuinecare.identity.models import SingleSignOn
from genuinecare.identity.sso_forms import FindOrganisationForm
from genuinecare.people import audit


def find_view(request: HttpRequest) -> HttpResponse:
    """Which organisation's sign-in: by short name, or by the domain of a work address."""
    form = FindOrganisationForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        found = sso.find(form.cleaned_data["organisation"])
        if len(found) == 1:
            return redirect("sso-start", org=found[0].organisation.slug)
        form.add_error(
            "organisation",
            _(
                "Several organisations sign in with that domain. "
                "Enter your organisation's short name."
            )
            if found
            else _(
                "No single sign-on is set up for that. Check the short name (it is in your "
                "organisation's Genuine Care address, /o/short-name/), or sign in with your "
                "password."
            ),
        )
    status = 400 if form.is_bound else 200
    return render(request, "identity/sso/find.html", {"form": form}, status=status)


def _config_or_404(org: str) -> SingleSignOn:
    config = sso.config_for(org)
    if config is None:
        raise Http404
    return config


def let_forms_reach(page: HttpResponse, config: SingleSignOn) -> HttpResponse:
    """A page with the organisation's sign-in button: its form goes on (by a redirect) to the
    provider, so that one origin is allowed as a form's target."""
    issuer = urlsplit(config.issuer)
    form_action = [*settings.SECURE_CSP["form-action"], f"{issuer.scheme}://{issuer.netloc}"]
    page._csp_config = {**settings.SECURE_CSP, "form-action": form_action}  # type: ignore[attr-defined]
    return page


def start_view(request: HttpRequest, org: str) -> HttpResponse:
    """The organisation's sign-in button; its POST sends the browser to the provider."""
    config = _config_or_404(org)
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, require_https=False):
        next_url = ""
    if request.method != "POST":
        context = {"organisation": config.organisation, "next": next_url}
        return let_forms_reach(render(request, "identity/sso/start.html", context), config)
    adapter = oidc.OrganisationOAuth2Adapter(request, config.provider_id)
    try:
        provider = adapter.get_provider()
        return provider.redirect(  # type: ignore[no-any-return]
            request, "login", next_url=next_url or None
        )
    except (requests.RequestException, OAuth2Error, ValueError, KeyError) as error:
        return _unreachable(request, config, error)


def _unreachable(request: HttpRequest, config: SingleSignOn, error: Exception) -> HttpResponse:
    """The provider cannot be asked (down, or no discovery document): say so, never a 500."""
    audit.record(
        audit.Event.SSO_REFUSED,
        organisation=config.organisation,
        detail=f"provider {type(error).__name__}",
        request=request,
    )
    message = REASONS["provider"] % {"organisation": config.organisation.name, "email": ""}
    context = {"organisation": config.organisation, "message": message, "reason": "provider"}
    return render(request, "identity/sso/refused.html", context, status=502)


def callback_view(request: HttpRequest, org: str) -> HttpResponse:
    """Where the provider sends people back with a code; allauth and the adapter take over."""
    config = _config_or_404(org)
    adapter = oidc.OrganisationOAuth2Adapter(request, config.provider_id)
    view = OAuth2CallbackView.adapter_view(adapter)
    try:
        response: HttpResponse = view(request)
    except (requests.RequestException, OAuth2Error, ValueError, KeyError) as error:
        return _unreachable(request, config, error)
    return response
