"""The public activation page: the link from the e-mail, where a person sets their password."""

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
from genuinecare.identity.models import Activation
from genuinecare.identity.status import link_works
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


@never_cache
def activate_view(request: HttpRequest, token: str) -> HttpResponse:
    """Opening the page changes nothing (mail scanners follow links); the password is a POST."""
    activation = actions.find_activation(token=token)
    if activation is None:
        return render(request, "identity/activate.html", {"refused": "unknown"}, status=404)
    person = activation.person
    translation.activate(supported_language(person.language))
    refused = _refusal(activation)
    context = {"refused": refused, "person": person, "activation": activation}
    user = person.user
    if refused or user is None:
        return render(request, "identity/activate.html", context)
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.activate(token=token, password=form.cleaned_data["new_password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your password is set. Sign in with %(email)s.") % {"email": user.email},
            )
            return redirect("account_login")
    context["form"] = form
    return render(request, "identity/activate.html", context)
