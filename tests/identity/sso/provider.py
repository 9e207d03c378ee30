"""A real OpenID Connect provider on 127.0.0.1 for the single sign-on tests (oidc-provider-mock).

It serves discovery, authorize, token, JWKS and userinfo, signs ID tokens with its own RSA key
and accepts any client id and secret. ``Provider.user`` registers someone's claims;
``Provider.authorize`` plays that person at the provider's authorize page.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import oidc_provider_mock
import requests
import werkzeug.serving


@dataclass(frozen=True)
class Provider:
    issuer: str

    def user(self, sub: str, **claims: Any) -> str:
        """Register (or replace) the claims the provider tells about ``sub``."""
        response = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        assert response.status_code == 204, response.text
        return sub

    def authorize(self, authorize_url: str, sub: str) -> str:
        """Sign in as ``sub`` at the authorize page; the path (and query) it sends back to."""
        response = requests.post(authorize_url, data={"sub": sub}, allow_redirects=False, timeout=5)
        assert response.status_code == 302, response.text
        back = urlsplit(response.headers["Location"])
        return f"{back.path}?{back.query}"

    def id_token(self, *, sub: str, client_id: str, redirect_uri: str, nonce: str) -> str:
        """An ID token for ``sub`` fetched straight from this provider's token endpoint."""
        query = {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": "openid email profile",
            "state": "s",
            "nonce": nonce,
        }
        url = requests.Request("GET", f"{self.issuer}/oauth2/authorize", params=query).prepare()
        assert url.url is not None
        code = self.authorize(url.url, sub).split("code=")[1].split("&")[0]
        token = requests.post(
            f"{self.issuer}/oauth2/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
                "client_id": client_id,
                "client_secret": "any",
            },
            timeout=5,
        )
        assert token.status_code == 200, token.text
        return str(token.json()["id_token"])


class _Quiet(werkzeug.serving.WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Requests are not printed."""


@contextmanager
def running(*, token_max_age: timedelta = timedelta(hours=1)) -> Iterator[Provider]:
    """A provider on a free port of 127.0.0.1, stopped when the block ends."""
    app = oidc_provider_mock.app(access_token_max_age=token_max_age)
    server = werkzeug.serving.make_server(
        "127.0.0.1", 0, app, threaded=True, request_handler=_Quiet
    )
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield Provider(f"http://127.0.0.1:{server.server_port}")
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
