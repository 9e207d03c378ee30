"""Sign-in throttling counts attempts per account as sign-in finds it.

Sign-in ignores the case of the e-mail address and blanks around it
(``UserManager.get_by_natural_key``), so the throttle must too: otherwise
``Ada@x.org``, ``ADA@x.org`` … would each get their own five guesses.
"""

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from genuinecare.people.models import normalise_email


def throttled_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str:
    """The account an attempt is for (``AXES_USERNAME_CALLABLE``), normalised like sign-in."""
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = (credentials or {}).get(field) or request.POST.get(field) or ""
    return normalise_email(str(raw))
