"""The admin's single sign-on page: save, the secret sealed and never shown, test, end."""

import json
import logging
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse
from pytest_django.fixtures import Settings

from genuinecare.identity import sso
from genuinecare.identity.models import SingleSignOn
from genuinecare.lib.sealed import seal, unseal
from tests.conftest import Cast

from .conftest import SECRET, set_up
from .provider import Provider

pytestmark = pytest.mark.django_db


def _url(name: str, slug: str = "acme") -> str:
    return reverse(f"identity:{name}", kwargs={"org": slug})


@contextmanager
def serving(documents: Callable[[str], dict[str, object]]) -> Iterator[str]:
    """A plain web server on 127.0.0.1 answering each path with its JSON (404 for others);
    ``documents`` gets the server's address and gives the documents by path."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = documents(base).get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(json.dumps(body).encode() if body is not None else b"{}")

        def log_message(self, *args: object) -> None:
            """Requests are not printed."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield base
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_sealed_secret_opens_only_with_the_site_key_and_purpose(settings: Settings) -> None:
    sealed = seal("s3cret", purpose="a")
    assert "s3cret" not in sealed
    assert unseal(sealed, purpose="a") == "s3cret"
    assert unseal(sealed, purpose="b") is None
    old_key = settings.SECRET_KEY
    settings.SECRET_KEY = "a-new-key-" + "x" * 50
    assert unseal(sealed, purpose="a") is None
    settings.SECRET_KEY_FALLBACKS = [old_key]
    assert unseal(sealed, purpose="a") == "s3cret"


def test_the_admin_saves_the_provider_and_the_secret_is_never_shown_again(
    cast: Cast, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    client = cast.client_for(cast.admin)
    page = client.get(_url("sso"))
    assert page.status_code == 200
    assert "http://127.0.0.1:8000/sso/acme/callback/" in page.text  # the redirect URI to register
    assert "openid email profile" in page.text
    with caplog.at_level(logging.INFO, logger="genuinecare.audit"):
        saved = client.post(
            _url("sso"),
            {
                "issuer": idp.issuer + "/",
                "client_id": "genuine-care",
                "secret": SECRET,
                "domains": "Acme.test, @acme.de",
                "create_people": "on",
                "requirement": "leaders",
            },
            follow=True,
        )
    assert "Single sign-on is saved." in saved.text
    config = SingleSignOn.objects.get(organisation=cast.organisation)
    assert (config.issuer, config.domains, config.requirement) == (
        idp.issuer,
        ["acme.test", "acme.de"],
        "leaders",
    )
    assert SECRET not in config.secret and sso.client_secret(config) == SECRET
    assert SECRET not in saved.text
    assert "A secret is set and never shown again." in saved.text
    assert [r.getMessage().split()[0] for r in caplog.records] == ["sso.configured"]
    # Saving again without a secret keeps the stored one.
    client.post(
        _url("sso"),
        {"issuer": idp.issuer, "client_id": "other-id", "secret": "", "requirement": "optional"},
    )
    config.refresh_from_db()
    assert (config.client_id, sso.client_secret(config)) == ("other-id", SECRET)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"issuer": "login.example.org"}, "Enter the issuer as an https address"),
        ({"issuer": "ftp://login.example.org"}, "Enter the issuer as an https address"),
        ({"secret": ""}, "Enter the client secret your provider gave Genuine Care."),
        ({"domains": "acme test"}, "“acme” is not an e-mail domain."),
        ({"create_people": "on"}, "Name your organisation&#x27;s e-mail domains"),
    ],
)
def test_a_bad_setting_is_refused_with_what_to_fix_and_nothing_saved(
    cast: Cast, idp: Provider, data: dict[str, str], error: str
) -> None:
    form = {
        "issuer": idp.issuer,
        "client_id": "genuine-care",
        "secret": SECRET,
        "requirement": "optional",
        **data,
    }
    response = cast.client_for(cast.admin).post(_url("sso"), form)
    assert response.status_code == 400
    assert error in response.text
    assert not SingleSignOn.objects.exists()


def test_sso_cannot_be_required_while_the_connection_fails(cast: Cast) -> None:
    issuer = f"http://127.0.0.1:{_free_port()}"
    response = cast.client_for(cast.admin).post(
        _url("sso"),
        {"issuer": issuer, "client_id": "c", "secret": "s", "requirement": "everyone"},
    )
    assert response.status_code == 400
    assert "Single sign-on cannot be required while the connection fails" in response.text
    assert not SingleSignOn.objects.exists()


def test_the_connection_test_says_it_works_with_a_real_provider(cast: Cast, idp: Provider) -> None:
    set_up(cast.admin, idp.issuer)
    page = cast.client_for(cast.admin).post(_url("sso-test"), follow=True)
    assert f"The connection works: “{idp.issuer}” publishes its sign-in and token" in page.text
    assert "1 signing key." in page.text


def test_the_connection_test_names_each_problem_and_never_fails_with_500() -> None:
    port = _free_port()
    assert "cannot be reached at" in sso.check_connection(f"http://127.0.0.1:{port}").message
    assert "Enter the issuer as an https address" in sso.check_connection("nonsense").message
    discovery = "/.well-known/openid-configuration"
    with serving(lambda base: {}) as base:
        verdict = sso.check_connection(base)
        assert not verdict.works
        assert "answered with HTTP status 404" in verdict.message
    impostor = {"issuer": "https://login.example.org", "jwks_uri": "x"}
    with serving(lambda base: {discovery: impostor}) as base:
        verdict = sso.check_connection(base)
        assert "calls itself “https://login.example.org”" in verdict.message
    with serving(lambda base: {discovery: ["not", "a", "document"]}) as base:
        assert "not an OpenID Connect configuration" in sso.check_connection(base).message

    def keyless(base: str) -> dict[str, object]:
        endpoints = {"authorization_endpoint": f"{base}/a", "token_endpoint": f"{base}/t"}
        return {discovery: {"issuer": base, **endpoints, "jwks_uri": f"{base}/keys"}}

    with serving(keyless) as base:
        assert "answered with HTTP status 404" in sso.check_connection(base).message
    with serving(lambda base: {**keyless(base), "/keys": {"keys": []}}) as base:
        assert sso.check_connection(base).message == "The provider publishes no signing keys."
    with serving(lambda base: {discovery: {"issuer": base}}) as base:
        message = sso.check_connection(base).message
        assert "lacks authorization_endpoint, token_endpoint, jwks_uri" in message


def test_the_connection_test_without_a_provider_says_what_to_do_first(cast: Cast) -> None:
    page = cast.client_for(cast.admin).post(_url("sso-test"), follow=True)
    assert "Save the provider&#x27;s issuer URL first, then test it." in page.text


def test_ending_sso_removes_it_and_is_audited(
    cast: Cast, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    set_up(cast.admin, idp.issuer)
    with caplog.at_level(logging.INFO, logger="genuinecare.audit"):
        page = cast.client_for(cast.admin).post(_url("sso-remove"), follow=True)
    assert "Single sign-on is off." in page.text
    assert not SingleSignOn.objects.exists()
    assert [r.getMessage().split()[0] for r in caplog.records][-1:] == ["sso.removed"]


@pytest.mark.parametrize("name", ["sso", "sso-test", "sso-remove"])
def test_only_the_organisations_admins_reach_its_sso_settings(
    cast: Cast, idp: Provider, name: str
) -> None:
    set_up(cast.admin, idp.issuer)
    for person in (cast.leader, cast.member, cast.outsider):
        client = cast.client_for(person)
        assert client.get(_url(name)).status_code == 404
        assert client.post(_url(name), {"issuer": "http://evil.test"}).status_code == 404
    anonymous = cast.client_for(cast.admin)
    anonymous.logout()
    assert anonymous.get(_url(name)).status_code == 302
    config = SingleSignOn.objects.get()
    assert config.issuer == idp.issuer
