"""Sign-in throttling counts attempts per account as sign-in finds it.

Sign-in ignores the case of the e-mail address and blanks around it
(``UserManager.get_by_natural_key``), so the throttle must too: otherwise
``Ada@x.org``, ``ADA@x.org`` … would each get their own five guesses.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from genuinecare.people.models import User, normalise_email


def throttled_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account an attempt is for (``AXES_USERNAME_CALLABLE``), normalised like sign-in.

    The sign-in page passes the address to ``authenticate`` as ``email`` (the user model's
    ``USERNAME_FIELD``); its form posts it as ``login`` (``AXES_USERNAME_FORM_FIELD``).
    """
    given = credentials or {}
    raw = (
        given.get(User.USERNAME_FIELD)
        or given.get("username")
        or request.POST.get(settings.AXES_USERNAME_FORM_FIELD)
        or ""
    )
    return normalise_email(str(raw))
