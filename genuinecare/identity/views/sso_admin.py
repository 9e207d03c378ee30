"""The admin's single sign-on page: set up the provider, test the connection, end it."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.identity import sso
from genuinecare.identity.enums import SsoRequirement
from genuinecare.identity.models import SingleSignOn
from genuinecare.identity.sso_forms import SingleSignOnForm
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person

admin_view = organisation_view(role=Role.ADMIN)


def _initial(config: SingleSignOn | None) -> dict[str, object]:
    if config is None:
        return {}
    return {
        "issuer": config.issuer,
        "client_id": config.client_id,
        "domains": ", ".join(config.domains),
        "create_people": config.create_people,
        "requirement": config.requirement,
    }


@admin_view
def settings_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """The organisation's provider, with what to register there (redirect address, scopes)."""
    organisation = membership.organisation
    config = SingleSignOn.objects.filter(organisation=organisation).first()
    form = SingleSignOnForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(config),
        secret_set=bool(config and config.secret),
    )
    if form.is_valid():
        data = form.cleaned_data
        verdict = None
        if data["requirement"] != SsoRequirement.OPTIONAL:
            verdict = sso.check_connection(data["issuer"])
        if verdict is not None and not verdict.works:
            form.add_error(
                None,
                _("Single sign-on cannot be required while the connection fails: %(why)s")
                % {"why": verdict.message},
            )
        else:
            try:
                sso.configure(organisation=organisation, by=membership, **data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Single sign-on is saved. Test the connection next."))
                return redirect("identity:sso", org=organisation.slug)
    context = {
        "form": form,
        "config": config,
        "secret_unreadable": bool(config and config.secret and sso.client_secret(config) is None),
        "redirect_uri": sso.callback_url(organisation.slug),
        "sign_in_link": settings.SITE_URL + reverse("sso-start", kwargs={"org": organisation.slug}),
    }
    status = 400 if form.is_bound else 200
    return render(request, "identity/sso/settings.html", context, status=status)


@admin_view
@require_POST
def test_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """Ask the saved provider for its configuration and keys; say what works or what to fix."""
    config = SingleSignOn.objects.filter(organisation=membership.organisation).first()
    if config is None:
        messages.error(request, _("Save the provider's issuer URL first, then test it."))
    else:
        verdict = sso.check_connection(config.issuer)
        (messages.success if verdict.works else messages.error)(request, verdict.message)
    return redirect("identity:sso", org=membership.organisation.slug)


@admin_view
@require_POST
def remove_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """End single sign-on for the organisation: passwords work again for everyone."""
    if sso.remove(organisation=membership.organisation, by=membership):
        messages.success(request, _("Single sign-on is off. Everyone signs in with a password."))
    return redirect("identity:sso", org=membership.organisation.slug)
