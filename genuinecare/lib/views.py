"""The site's own error pages, in its layout and language."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from genuinecare.lib.params import BadParameter


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """The 400 page: a refused parameter's message says what to fix.

    Any other bad request (a forbidden host name, a malformed upload) gets the
    general text only: its details are not for visitors.
    """
    problem = exception.message if isinstance(exception, BadParameter) else ""
    return render(request, "400.html", {"problem": problem}, status=400)
