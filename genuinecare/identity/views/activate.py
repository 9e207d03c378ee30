"""The public activation page: the link from the e-mail, where a person sets their password
or signs in through their organisation's single sign-on.

What the page offers is decided when it is opened, not when the e-mail was sent: someone
invited before their organisation set up single sign-on finds its button too, and where the
organisation requires single sign-on for their role, only the button (a password would not
open its pages).
"""

from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from genuinecare.identity import actions
from genuinecare.identity.enums import End
from genuinecare.identity.models import Activation, SingleSignOn
from genuinecare.identity.sso import must_use_sso
from genuinecare.identity.status import link_works
from genuinecare.identity.views.sso_signin import let_forms_reach
from genuinecare.lib.i18n import supported_language


def _refusal(activation: Activation | None) -> str:
    """Why the link does not work (a key the page explains), or "" when it does."""
    if activation is None:
        return "unknown"
    person, user = activation.person, activation.person.user
    if person.archived_at is not None or user is None or not user.is_active:
        return End.REVOKED
    if user.has_usable_password():
        return "active"
    if activation.end != End.OPEN:
        return activation.end
    if not link_works(activation, now=timezone.now()):
        return "expired"
    return ""


def _page(request: HttpRequest, context: dict[str, object], *, status: int = 200) -> HttpResponse:
    page = render(request, "identity/activate.html", context, status=status)
    config = context.get("sso")
    return let_forms_reach(page, config) if isinstance(config, SingleSignOn) else page


@never_cache
def activate_view(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the page changes nothing (mail scanners follow links); the password is a POST."""
    activation = actions.find_activation(token=token)
    if activation is None:
        return render(request, "identity/activate.html", {"refused": "unknown"}, status=404)
    person = activation.person
    translation.activate(supported_language(person.language))
    refused = _refusal(activation)
    config = SingleSignOn.objects.filter(organisation=person.organisation).first()
    only_sso = must_use_sso(config, person.role)
    context = {
        "refused": refused,
        "person": person,
        "activation": activation,
        "sso": config,
        "only_sso": only_sso,
    }
    user = person.user
    if refused or user is None:
        return _page(request, context)
    if only_sso:
        if request.method != "POST":
            return _page(request, context)
        try:  # the action refuses a password here and says why; nothing is written
            actions.activate(token=token, password=request.POST.get("new_password1", ""))
        except ValidationError as error:
            context["errors"] = error.messages
            return _page(request, context, status=400)
        return _password_set(request, user.email)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.activate(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _password_set(request, user.email)
    context["form"] = form
    return _page(request, context)


def _password_set(request: HttpRequest, email: str) -> HttpResponse:
    messages.success(request, _("Your password is set. Sign in with %(email)s.") % {"email": email})
    return redirect("account_login")
