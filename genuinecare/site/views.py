"""The pages of the house itself: the home page (organisation chooser) and the language switch."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as set_language_cookie

from genuinecare.people.access import memberships_of, signed_in_user
from genuinecare.people.actions import set_language
from genuinecare.site.forms import LanguageForm


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Straight to the only organisation, or a choice between several."""
    memberships = list(memberships_of(signed_in_user(request)))
    if len(memberships) == 1:
        return redirect(memberships[0].organisation)
    return render(request, "site/choose_organisation.html", {"memberships": memberships})


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language: saved for signed-in users, a cookie for everyone.

    Django's own view sets the cookie (from the LANGUAGE_COOKIE_* settings) and
    only follows a ``next`` address on this site.
    """
    form = LanguageForm(request.POST)
    if form.is_valid() and request.user.is_authenticated:
        set_language(user=request.user, language=form.cleaned_data["language"])
    return set_language_cookie(request)
