"""The social-account adapter's single sign-on part: apps per organisation, linking, refusals.

``CareSocialAccountAdapter`` (``identity/adapters.py``) takes this in. allauth asks it for
the app of a provider id such as ``org-acme`` (built from Acme's settings, never stored as an
allauth app), for the provider (``oidc.OrganisationProvider``), and, once the provider
answered, whom the sign-in reaches (``linking.link``). Every refusal renders one page that
says what happened and what to do, and goes to the audit log with its reason.
"""

from typing import Any, NoReturn

import jwt
from allauth.account.authentication import get_authentication_records
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base import AuthError, Provider
from django.http import HttpRequest
from django.shortcuts import render

from genuinecare.identity import enforce, linking, oidc, sso
from genuinecare.identity.actions import activated_through_sso
from genuinecare.identity.models import SingleSignOn
from genuinecare.people import audit
from genuinecare.people.models import Person, User

# Set on the request once a sign-in is linked: the organisations the session had signed in
# through before (allauth signs the user out and in again, which would forget them).
KEPT = "_care_sso_kept"


def refuse(
    request: HttpRequest,
    config: SingleSignOn,
    reason: str,
    *,
    email: str = "",
    person: Person | None = None,
    detail: str = "",
) -> NoReturn:
    """Record the refusal and answer with the page that explains it (403)."""
    audit.record(
        audit.Event.SSO_REFUSED,
        organisation=config.organisation,
        subject=person,
        detail=f"{reason} {detail}".strip(),
        request=request,
    )
    organisation = config.organisation
    message = linking.REASONS[reason] % {"email": email, "organisation": organisation.name}
    context = {"organisation": organisation, "message": message, "reason": reason}
    raise ImmediateHttpResponse(render(request, "identity/sso/refused.html", context, status=403))


def _token_reason(exception: BaseException | None) -> tuple[str, str]:
    """The refusal reason of a failed token check, with the check that failed for the log."""
    cause = exception.__cause__ if exception is not None else None
    checks = {
        jwt.ExpiredSignatureError: "expired",
        jwt.InvalidIssuerError: "issuer",
        jwt.InvalidAudienceError: "audience",
        jwt.InvalidSignatureError: "signature",
    }
    for kind, name in checks.items():
        if isinstance(cause, kind):
            return "token", name
    if isinstance(cause, jwt.PyJWTError) or "id_token" in str(exception or ""):
        return "token", "invalid"
    return "provider", type(exception).__name__ if exception is not None else ""


class OrganisationSignIn(DefaultSocialAccountAdapter):
    """Single sign-on through each organisation's own OpenID Connect provider."""

    def _config(self, provider_id: str) -> SingleSignOn | None:
        slug = oidc.slug_of(provider_id)
        return sso.config_for(slug) if slug else None

    def list_apps(
        self, request: HttpRequest, provider: str | None = None, client_id: str | None = None
    ) -> list[SocialApp]:
        """Apps stored or configured as allauth has them, plus the one organisation asked for.

        Organisations' apps are never listed all at once (no page lists every organisation).
        """
        apps: list[SocialApp] = super().list_apps(request, provider=provider, client_id=client_id)
        config = self._config(provider) if provider else None
        if config is not None and client_id in (None, config.client_id):
            apps.append(oidc.app_for(config))
        return apps

    def get_provider(
        self, request: HttpRequest, provider: str, client_id: str | None = None
    ) -> Any:
        if oidc.slug_of(provider) is None:
            return super().get_provider(request, provider, client_id=client_id)
        app = self.get_app(request, provider=provider, client_id=client_id)
        return oidc.OrganisationProvider(request, app=app)

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Link the sign-in to the person of the provider's organisation, or refuse it."""
        config = self._config(sociallogin.account.provider)
        if config is None:
            super().pre_social_login(request, sociallogin)
            return
        extra = sociallogin.account.extra_data
        id_token = extra.get("id_token") if isinstance(extra, dict) else None
        if not isinstance(id_token, dict) or not oidc.nonce_matches(sociallogin.state, id_token):
            refuse(request, config, "nonce")
        claims = oidc.claims_of(extra) or {}
        linked_user = sociallogin.user if sociallogin.is_existing else None
        try:
            linked = linking.link(config, claims, linked_user=linked_user)
        except linking.Refused as refused:
            refuse(request, config, refused.reason, email=refused.email, person=refused.person)
        user = linked.person.user
        assert isinstance(user, User)  # noqa: S101  (link_user gave the person an account)
        kept = (
            enforce.signed_in_through(request)
            if request.user.is_authenticated and request.user.pk == user.pk
            else []
        )
        setattr(request, KEPT, kept)
        sociallogin._did_authenticate_by_email = None
        if not sociallogin.is_existing:
            sociallogin.user = user
            sociallogin.save(request, connect=True)

    def on_authentication_error(
        self,
        request: HttpRequest,
        provider: Provider,
        error: str | None = None,
        exception: BaseException | None = None,
        extra_context: dict[str, Any] | None = None,
    ) -> None:
        """A refused state (replayed, expired, another browser's), a cancel or a bad token."""
        config = self._config(getattr(provider.app, "provider_id", "") or "")
        if config is None:
            super().on_authentication_error(
                request, provider, error=error, exception=exception, extra_context=extra_context
            )
            return
        context = extra_context or {}
        if error == AuthError.CANCELLED:
            refuse(request, config, "cancelled")
        if "state" not in context and exception is None:
            refuse(request, config, "state")
        reason, detail = _token_reason(exception)
        refuse(request, config, reason, detail=detail)


def record_sign_in(request: HttpRequest, user: User) -> bool:
    """Once allauth signed someone in through an organisation's provider (second factor and
    all): note it in the session for ``enforce`` and in that organisation's audit log, and
    spend the person's open activation link (their first such sign-in activates them).

    False for any other sign-in (a password), which ``identity/events.py`` records."""
    # The way this sign-in began: the newest record but a second factor's.
    records = [r for r in get_authentication_records(request, user) if r.get("method") != "mfa"]
    last = records[-1] if records else {}
    provider = last.get("provider") if last.get("method") == "socialaccount" else ""
    slug = oidc.slug_of(str(provider or ""))
    person = (
        Person.objects.filter(user=user, organisation__slug=slug, archived_at__isnull=True)
        .select_related("organisation")
        .first()
        if slug
        else None
    )
    if slug is None or person is None:
        return False
    enforce.remember_sign_in(request, slug, kept=getattr(request, KEPT, []))
    audit.record(
        audit.Event.SIGNED_IN,
        organisation=person.organisation,
        actor=person,
        subject=person,
        detail="sso",
        request=request,
    )
    activated_through_sso(person=person, request=request)
    return True
