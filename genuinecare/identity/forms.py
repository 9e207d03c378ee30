"""The sign-in form in the site's words (``ACCOUNT_FORMS``), and allauth's words in formal German.

allauth's own German mixes "du" and "Sie"; the messages below are those its pages show
Genuine Care's users, listed here so that the identity app's German (formal, as everywhere in
Genuine Care) is the one used: the apps listed first in ``INSTALLED_APPS`` win.
"""

from typing import Any

from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

ALLAUTH_WORDS = (
    gettext_noop("You must type the same password each time."),
    gettext_noop("Please type your current password."),
    gettext_noop("Be patient, you are sending too many requests."),
    gettext_noop("You have signed out."),
    gettext_noop("Your account has no password set up."),
)


class CareLoginForm(LoginForm):
    """allauth's sign-in form, its address field labelled as on the site's other forms."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["login"].widget.attrs.update(autocomplete="email", placeholder="")
        self.fields["password"].widget.attrs.update(placeholder="")
