"""Each organisation's provider as an allauth OpenID Connect app, built from its settings.

allauth's ``openid_connect`` provider runs the authorization-code flow with state and PKCE.
Two checks it leaves out are added here: a ``nonce`` per sign-in (sent to the provider,
kept in the sign-in's state and compared with the ID token's), and the ID token's signature
against the provider's published keys even when the token came straight from its token
endpoint. allauth checks issuer, audience and expiry; the discovery document must also name
the issuer the admin entered, so another provider's tokens never pass for this one's.
"""

import hmac
import secrets
from typing import Any

from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialLogin, SocialToken
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import HttpRequest
from django.urls import reverse

from genuinecare.identity import sso
from genuinecare.identity.models import SingleSignOn

PREFIX = "org-"


def slug_of(provider_id: str) -> str | None:
    """The organisation's short name in a provider id such as ``org-acme``; None for others."""
    return provider_id.removeprefix(PREFIX) if provider_id.startswith(PREFIX) else None


def app_for(config: SingleSignOn) -> SocialApp:
    """The organisation's provider as an (unsaved) allauth app."""
    return SocialApp(
        provider=OpenIDConnectProvider.id,
        provider_id=config.provider_id,
        name=config.organisation.name,
        client_id=config.client_id,
        secret=sso.client_secret(config) or "",
        settings={
            "server_url": config.issuer,
            "oauth_pkce_enabled": True,
            "fetch_userinfo": True,
            "organisation": config.organisation.slug,
        },
    )


class OrganisationOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    """allauth's OpenID Connect flow for one organisation, with its checks made strict."""

    @property
    def openid_config(self) -> dict[str, Any]:
        config: dict[str, Any] = super().openid_config
        if config.get("issuer") != self.get_provider().app.settings["server_url"]:
            raise OAuth2Error("The provider's discovery document names another issuer.")
        return config

    def complete_login(
        self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any
    ) -> SocialLogin:
        """The ID token first (an OpenID provider always sends one), then userinfo."""
        id_token = kwargs["response"].get("id_token")
        if not isinstance(id_token, str):
            raise OAuth2Error("The provider sent no id_token.")
        data = {"id_token": self._decode_id_token(app, id_token)}
        data["userinfo"] = self._fetch_user_info(token.token)
        login: SocialLogin = self.get_provider().sociallogin_from_response(request, data)
        return login

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        data: dict[str, Any] = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        return data

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        return sso.callback_url(app.settings["organisation"])


class OrganisationProvider(OpenIDConnectProvider):
    """One organisation's provider; a ``nonce`` goes with every sign-in it starts."""

    oauth2_adapter_class = OrganisationOAuth2Adapter

    def get_login_url(self, request: HttpRequest, **kwargs: Any) -> str:
        return reverse("sso-start", kwargs={"org": self.app.settings["organisation"]})

    def get_callback_url(self) -> str:
        return reverse("sso-callback", kwargs={"org": self.app.settings["organisation"]})

    def redirect(
        self,
        request: HttpRequest,
        process: str,
        next_url: str | None = None,
        data: Any = None,
        **kwargs: Any,
    ) -> Any:
        nonce = secrets.token_urlsafe(32)
        auth_params = dict(kwargs.pop("auth_params", None) or self.get_auth_params())
        auth_params["nonce"] = nonce
        return super().redirect(
            request, process, next_url, data, auth_params=auth_params, nonce=nonce, **kwargs
        )


def nonce_matches(state: dict[str, Any], id_token: dict[str, Any]) -> bool:
    """The ID token carries the nonce this sign-in sent."""
    sent, got = state.get("nonce"), id_token.get("nonce")
    return isinstance(sent, str) and isinstance(got, str) and hmac.compare_digest(sent, got)


def claims_of(extra_data: dict[str, Any]) -> dict[str, Any] | None:
    """The verified ID token's claims, filled in from userinfo about the same subject."""
    id_token = extra_data.get("id_token")
    if not isinstance(id_token, dict):
        return None
    userinfo = extra_data.get("userinfo")
    if isinstance(userinfo, dict) and userinfo.get("sub") == id_token.get("sub"):
        return {**userinfo, **id_token}
    return dict(id_token)
