"""How Genuine Care runs django-allauth's sign-in pages: the one place that bends them.

Nobody signs themselves up (an admin invites, see ``actions.invite``); every e-mail the
sign-in pages send goes through the outbox in the person's own language; a password reset
reaches only people who can sign in, and the page says the same for any address.
Single sign-on (``allauth.socialaccount``) extends :class:`CareSocialAccountAdapter`.
"""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from genuinecare.identity.sso_adapter import OrganisationSignIn
from genuinecare.identity.two_factors import (
    last_second_factor,
    must_add_one_somewhere,
    required_somewhere,
)
from genuinecare.lib.i18n import supported_language
from genuinecare.outbox.actions import enqueue
from genuinecare.people.models import User

# The outbox kind of each e-mail allauth sends; anything else is kept under its own name.
KINDS = {"account/email/password_reset_key": "password_reset"}


class CareAccountAdapter(DefaultAccountAdapter):
    """Sign-in by e-mail address and password, for the accounts admins created."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": _(
            "Please enter a correct e-mail address and password. Both are the ones you chose "
            "when you activated your account."
        ),
        "too_many_login_attempts": _("Too many attempts. Please wait a while and try again."),
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """Someone an organisation requires a second factor of, without one, sets it up first."""
        user = request.user
        if isinstance(user, User) and must_add_one_somewhere(user):
            return reverse("mfa_index")
        return str(super().get_login_redirect_url(request))

    def send_password_reset_mail(
        self, user: AbstractBaseUser, email: str, context: dict[str, Any]
    ) -> None:
        """Only to an account with a password: someone invited but not yet activated gets
        nothing (their activation e-mail is their way in), and the page looks the same."""
        if user.has_usable_password():
            super().send_password_reset_mail(user, email, context)

    def get_reset_password_from_key_url(self, key: str) -> str:
        """The site's own address (``SITE_URL``), as in every other e-mail, not the request's."""
        path = reverse("account_reset_password_from_key", kwargs={"uidb36": "UID", "key": "KEY"})
        return settings.SITE_URL + path.replace("UID-KEY", key)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Queue the e-mail in the outbox, in the recipient's language; the request never waits
        for the mail server, and the message (it carries a one-time link) is blanked once sent."""
        user = context.get("user")
        language = supported_language(getattr(user, "language", None) or translation.get_language())
        with translation.override(language):
            message = self.render_mail(template_prefix, email, {"email": email, **context})
        enqueue(
            to=email,
            subject=str(message.subject),
            body=str(message.body),
            kind=KINDS.get(template_prefix, template_prefix.replace("/email/", ".")),
            scrub_after_send=True,
        )


class CareMFAAdapter(DefaultMFAAdapter):
    """Two-factor sign-in: the authenticator app is named after the site, and the last second
    factor of someone whose organisation requires one cannot be turned off."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _(
            "Your organisation requires a second factor. Add a passkey before you turn this off."
        ),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        user = User.objects.get(pk=authenticator.user_id)
        return not (last_second_factor(authenticator) and required_somewhere(user))


class CareSocialAccountAdapter(OrganisationSignIn):
    """Single sign-on through each organisation's own provider (``identity/sso_adapter.py``);
    allauth never creates an account itself: the linking rules find or add the person."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False
