"""Sign-in's entries in the organisation's audit log (``people/audit.py``).

Signing in, a wrong password or second-factor code, a lockout, a changed or reset password,
a second factor added or removed, new recovery codes: each is recorded for
the account's person in every organisation they belong to. A wrong password for an address
nobody has is recorded nowhere (no organisation to tell). The password itself is never
seen here: Django hands the failure signal its credentials with the password blanked, and
only the account's id is written.
"""

from typing import Any

from allauth.account.signals import password_changed, password_reset, user_logged_in
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import (
    authentication_failed,
    authenticator_added,
    authenticator_removed,
    authenticator_reset,
)
from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from genuinecare.identity.sso_adapter import record_sign_in
from genuinecare.people.audit import Event, record_for_user
from genuinecare.people.models import User, normalise_email


def _account(address: object) -> User | None:
    email = normalise_email(str(address or ""))
    return User.objects.filter(email=email).first() if email else None


@receiver(user_logged_in, dispatch_uid="identity.signed_in")
def signed_in(sender: object, *, request: HttpRequest, user: User, **kwargs: Any) -> None:
    """A sign-in through an organisation's provider is recorded in that organisation only."""
    if not record_sign_in(request, user):
        record_for_user(Event.SIGNED_IN, user=user, request=request)


@receiver(user_login_failed, dispatch_uid="identity.sign_in_failed")
def sign_in_failed(
    sender: object,
    *,
    credentials: dict[str, Any],
    request: HttpRequest | None = None,
    **kwargs: Any,
) -> None:
    user = _account(credentials.get(User.USERNAME_FIELD) or credentials.get("username"))
    if user is not None:
        record_for_user(Event.SIGN_IN_FAILED, user=user, request=request)


@receiver(user_locked_out, dispatch_uid="identity.sign_in_locked")
def sign_in_locked(
    sender: object, *, request: HttpRequest, username: str | None = None, **kwargs: Any
) -> None:
    user = _account(username)
    if user is not None:
        record_for_user(Event.SIGN_IN_LOCKED, user=user, request=request)


@receiver(password_changed, dispatch_uid="identity.password_changed")
def changed_password(sender: object, *, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_for_user(Event.PASSWORD_CHANGED, user=user, request=request)


@receiver(password_reset, dispatch_uid="identity.password_reset")
def reset_password(sender: object, *, request: HttpRequest, user: User, **kwargs: Any) -> None:
    record_for_user(Event.PASSWORD_RESET, user=user, request=request)


@receiver(authentication_failed, dispatch_uid="identity.second_factor_failed")
def second_factor_failed(
    sender: object, *, request: HttpRequest, user: User, **kwargs: Any
) -> None:
    record_for_user(Event.SIGN_IN_FAILED, user=user, detail="second factor", request=request)


@receiver(authenticator_added, dispatch_uid="identity.mfa_added")
def second_factor_added(
    sender: object, *, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        record_for_user(Event.RECOVERY_CODES_GENERATED, user=user, request=request)
    else:
        record_for_user(Event.MFA_ADDED, user=user, detail=authenticator.type, request=request)


@receiver(authenticator_removed, dispatch_uid="identity.mfa_removed")
def second_factor_removed(
    sender: object, *, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:  # they go with the last factor
        record_for_user(Event.MFA_REMOVED, user=user, detail=authenticator.type, request=request)


@receiver(authenticator_reset, dispatch_uid="identity.recovery_codes")
def recovery_codes_made(
    sender: object, *, request: HttpRequest, user: User, authenticator: Authenticator, **kwargs: Any
) -> None:
    record_for_user(Event.RECOVERY_CODES_GENERATED, user=user, request=request)
