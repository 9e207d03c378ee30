"""What every page shares: the language it is shown in, a verb's refusal on its form, and
the site's own error pages."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.csrf import requires_csrf_token

from genuinecare.lib.i18n import supported_language
from genuinecare.lib.params import BadParameter


def page_language() -> str:
    """The language the current page is shown in (the default language outside a request)."""
    return supported_language(get_language())


def saved[T](form: forms.Form, verb: Callable[[], T]) -> T | None:
    """What ``verb()`` returns, or None with the ``ValidationError`` it raised on ``form``."""
    try:
        return verb()
    except ValidationError as error:
        form.add_error(None, error)
        return None


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page: a refused parameter's message says what to fix.

    Any other bad request (a forbidden host name, a malformed upload) gets the
    general text only: its details are not for visitors.
    """
    problem = exception.message if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"problem": problem}, status=400)
