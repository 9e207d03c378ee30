from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as set_language_cookie

from genuinecare.people.actions import set_language
from genuinecare.people.forms import LanguageForm


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
