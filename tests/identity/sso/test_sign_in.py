"""Signing in through the organisation's provider with the test client, and every refusal."""

import logging
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.utils import timezone

from genuinecare.identity import oidc
from genuinecare.identity.actions import invite
from genuinecare.identity.enums import SignIn
from genuinecare.identity.models import SingleSignOn
from genuinecare.identity.status import standing
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from tests.conftest import Cast, ClientResponse

from .conftest import set_up
from .provider import Provider

pytestmark = pytest.mark.django_db


def start(client: Client, slug: str = "acme") -> str:
    """Press the organisation's sign-in button: the provider's authorize URL it sends one to."""
    response = client.post(f"/sso/{slug}/")
    assert response.status_code == 302, response.content
    return str(response["Location"])


def sign_in(
    client: Client,
    idp: Provider,
    sub: str,
    *,
    slug: str = "acme",
    tamper: Callable[[str], str] = lambda url: url,
) -> tuple[ClientResponse, str]:
    """The whole round trip; the final answer and the callback path the provider sent."""
    back = idp.authorize(tamper(start(client, slug)), sub)
    return client.get(back), back


def signed_in_as(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def events(caplog: pytest.LogCaptureFixture) -> list[tuple[str, str]]:
    """(event, detail) of each audit record."""
    found = []
    for record in caplog.records:
        if record.name == "genuinecare.audit":
            words = record.getMessage().split(" ", 4)
            found.append((words[0], words[4] if len(words) > 4 else ""))
    return found


def refused(response: ClientResponse, reason: str) -> None:
    assert response.status_code == 403, response.content
    assert f'data-reason="{reason}"' in response.text, response.text
    assert "You are not signed in" in response.text


@pytest.fixture(autouse=True)
def _audit(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="genuinecare.audit")


def test_a_person_of_the_organisation_signs_in_through_its_provider(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    sub = idp.user("lee-1", email="Leader@Acme.test", email_verified=True, name="Lee")
    client = Client()
    authorize = start(client)
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{idp.issuer}/oauth2/authorize?")
    assert sorted(query["scope"][0].split()) == ["email", "openid", "profile"]
    assert query["redirect_uri"] == ["http://127.0.0.1:8000/sso/acme/callback/"]
    assert query["code_challenge_method"] == ["S256"] and query["code_challenge"][0]
    assert len(query["state"][0]) >= 16 and len(query["nonce"][0]) >= 32
    response = client.get(idp.authorize(authorize, sub))
    assert (response.status_code, response["Location"]) == (302, "/")
    assert signed_in_as(client) == cast.leader.user_id
    account = SocialAccount.objects.get()
    assert (account.provider, account.uid, account.user_id) == (
        "org-acme",
        sub,
        cast.leader.user_id,
    )
    assert ("sign_in.succeeded", "sso") in events(caplog)
    assert client.get("/o/acme/practice/").status_code == 200
    # The next time, the same link.
    again = Client()
    assert sign_in(again, idp, sub)[0].status_code == 302
    assert signed_in_as(again) == cast.leader.user_id
    assert SocialAccount.objects.count() == 1


def test_an_unverified_address_is_refused(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    sub = idp.user("lee-2", email="leader@acme.test", email_verified=False)
    client = Client()
    response, _ = sign_in(client, idp, sub)
    refused(response, "unverified")
    assert "did not confirm that leader@acme.test is your address" in response.text
    assert signed_in_as(client) is None
    assert ("sign_in.sso_refused", "unverified") in events(caplog)
    assert not SocialAccount.objects.exists()


def test_a_person_of_another_organisation_is_not_let_in(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    """Globex's admin, vouched for by Acme's provider, reaches neither Acme nor Globex."""
    sub = idp.user("globex-1", email="outsider@globex.test", email_verified=True)
    client = Client()
    response, _ = sign_in(client, idp, sub)
    refused(response, "not_member")
    assert "no one with the address outsider@globex.test belongs to Acme" in response.text
    assert "Ask your admin" in response.text
    assert signed_in_as(client) is None
    assert ("sign_in.sso_refused", "not_member") in events(caplog)


def test_an_answer_from_another_organisations_provider_is_refused(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, other_idp: Provider
) -> None:
    """Acme's sign-in, but the code comes from Globex's provider."""
    sub = other_idp.user("lee-3", email="leader@acme.test", email_verified=True)
    client = Client()
    response, _ = sign_in(
        client, other_idp, sub, tamper=lambda url: url.replace(idp.issuer, other_idp.issuer)
    )
    refused(response, "provider")
    assert signed_in_as(client) is None


def test_an_id_token_of_another_provider_fails_the_check(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, other_idp: Provider
) -> None:
    """Signed with Globex's provider's key and naming it as issuer: Acme's check refuses it."""
    token = other_idp.id_token(
        sub="x",
        client_id=acme_sso.client_id,
        redirect_uri="http://127.0.0.1:8000/sso/acme/callback/",
        nonce="n",
    )
    own = idp.id_token(
        sub="x",
        client_id=acme_sso.client_id,
        redirect_uri="http://127.0.0.1:8000/sso/acme/callback/",
        nonce="n",
    )
    adapter = oidc.OrganisationOAuth2Adapter(RequestFactory().get("/"), "org-acme")
    app = oidc.app_for(acme_sso)
    assert adapter._decode_id_token(app, own)["sub"] == "x"
    with pytest.raises(OAuth2Error):
        adapter._decode_id_token(app, token)
    header, payload, _signature = own.split(".")
    forged = f"{header}.{payload}.{token.split('.')[2]}"
    with pytest.raises(OAuth2Error):
        adapter._decode_id_token(app, forged)


def test_a_replayed_state_is_refused(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    sub = idp.user("lee-4", email="leader@acme.test", email_verified=True)
    client = Client()
    first, back = sign_in(client, idp, sub)
    assert first.status_code == 302
    refused(client.get(back), "state")
    stranger = Client()
    refused(stranger.get(back), "state")
    assert signed_in_as(stranger) is None
    assert ("sign_in.sso_refused", "state") in events(caplog)


def test_a_wrong_nonce_is_refused(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    def other_nonce(url: str) -> str:
        nonce = parse_qs(urlsplit(url).query)["nonce"][0]
        return url.replace(f"nonce={nonce}", "nonce=someone-elses-nonce")

    sub = idp.user("lee-5", email="leader@acme.test", email_verified=True)
    client = Client()
    response, _ = sign_in(client, idp, sub, tamper=other_nonce)
    refused(response, "nonce")
    assert signed_in_as(client) is None
    assert ("sign_in.sso_refused", "nonce") in events(caplog)


def test_an_expired_id_token_is_refused(
    cast: Cast, stale_idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    set_up(cast.admin, stale_idp.issuer)
    sub = stale_idp.user("lee-6", email="leader@acme.test", email_verified=True)
    client = Client()
    response, _ = sign_in(client, stale_idp, sub)
    refused(response, "token")
    assert "it had expired" in response.text
    assert signed_in_as(client) is None
    assert ("sign_in.sso_refused", "token expired") in events(caplog)


def test_a_sign_in_cancelled_at_the_provider_says_so(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider
) -> None:
    import requests

    client = Client()
    denied = requests.post(start(client), data={"action": "deny"}, allow_redirects=False, timeout=5)
    back = urlsplit(denied.headers["Location"])
    refused(client.get(f"{back.path}?{back.query}"), "cancelled")


def test_people_are_created_on_their_first_sign_in_only_at_the_organisations_domains(
    cast: Cast, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    set_up(cast.admin, idp.issuer, domains="acme.test", create_people=True)
    sub = idp.user("new-1", email="new@acme.test", email_verified=True, name="Nova", locale="de")
    client = Client()
    assert sign_in(client, idp, sub)[0].status_code == 302
    nova = Person.objects.get(email="new@acme.test")
    assert (nova.organisation, nova.role, nova.name, nova.language) == (
        cast.organisation,
        Role.MEMBER,
        "Nova",
        "de",
    )
    assert signed_in_as(client) == nova.user_id
    assert nova.user is not None and not nova.user.has_usable_password()
    elsewhere = idp.user("new-2", email="new@elsewhere.test", email_verified=True)
    refused(sign_in(Client(), idp, elsewhere)[0], "not_member")
    assert not Person.objects.filter(email="new@elsewhere.test").exists()


def test_without_creation_on_an_unknown_address_nobody_is_created(
    cast: Cast, idp: Provider
) -> None:
    set_up(cast.admin, idp.issuer, domains="acme.test", create_people=False)
    sub = idp.user("new-3", email="new3@acme.test", email_verified=True)
    refused(sign_in(Client(), idp, sub)[0], "not_member")
    assert not Person.objects.filter(email="new3@acme.test").exists()


def test_someone_who_left_is_refused(cast: Cast, acme_sso: SingleSignOn, idp: Provider) -> None:
    cast.member.archived_at = timezone.now()
    cast.member.save(update_fields=["archived_at"])
    sub = idp.user("gone-1", email="member@acme.test", email_verified=True)
    refused(sign_in(Client(), idp, sub)[0], "left")


def test_a_provider_account_linked_to_one_person_never_reaches_another(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider
) -> None:
    sub = idp.user("lee-7", email="leader@acme.test", email_verified=True)
    assert sign_in(Client(), idp, sub)[0].status_code == 302
    idp.user("lee-7", email="member@acme.test", email_verified=True)
    client = Client()
    refused(sign_in(client, idp, sub)[0], "linked_elsewhere")
    assert signed_in_as(client) is None


def test_a_provider_that_cannot_be_reached_gets_a_clear_page(cast: Cast, idp: Provider) -> None:
    config = set_up(cast.admin, idp.issuer)
    SingleSignOn.objects.filter(pk=config.pk).update(issuer="http://127.0.0.1:9")
    response = Client().post("/sso/acme/")
    assert response.status_code == 502
    assert "could not be reached" in response.text


def test_an_organisation_without_sso_has_no_sign_in_pages(cast: Cast) -> None:
    client = Client()
    for url in ("/sso/acme/", "/sso/acme/callback/?code=x&state=y", "/sso/nobody/"):
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404


def test_the_sign_in_page_finds_the_organisation_by_short_name_or_address(
    cast: Cast, idp: Provider
) -> None:
    set_up(cast.admin, idp.issuer, domains="acme.test")
    client = Client()
    assert client.post("/sso/", {"organisation": " ACME "})["Location"] == "/sso/acme/"
    assert client.post("/sso/", {"organisation": "pat@acme.test"})["Location"] == "/sso/acme/"
    for unknown in ("globex", "pat@globex.test", "nobody"):
        page = client.post("/sso/", {"organisation": unknown})
        assert page.status_code == 400
        assert "No single sign-on is set up for that." in page.text
    start_page = client.get("/sso/acme/")
    assert "Continue to Acme's sign-in" in start_page.text
    assert f"form-action 'self' {idp.issuer}" in start_page["Content-Security-Policy"]


def test_someone_who_signs_in_only_through_the_provider_counts_as_signing_in(
    cast: Cast, idp: Provider
) -> None:
    set_up(cast.admin, idp.issuer, domains="acme.test", create_people=True)
    sub = idp.user("new-4", email="new4@acme.test", email_verified=True)
    assert sign_in(Client(), idp, sub)[0].status_code == 302
    nova = Person.objects.select_related("user", "organisation").get(email="new4@acme.test")
    assert standing(nova, now=timezone.now()).state == SignIn.ACTIVE
    with pytest.raises(ValidationError, match="can sign in already"):
        invite(person=nova, invited_by=cast.admin)


def test_another_provider_or_ending_sso_forgets_the_links(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, other_idp: Provider
) -> None:
    """The old provider's subjects mean nothing to a new one; after the end, none are left."""
    sub = idp.user("lee-8", email="leader@acme.test", email_verified=True)
    assert sign_in(Client(), idp, sub)[0].status_code == 302
    set_up(cast.admin, idp.issuer)  # saved again, same provider: links stay
    assert SocialAccount.objects.filter(provider="org-acme").count() == 1
    set_up(cast.admin, other_idp.issuer)
    assert not SocialAccount.objects.exists()
    sub = other_idp.user("lee-8", email="leader@acme.test", email_verified=True)
    assert sign_in(Client(), other_idp, sub)[0].status_code == 302
    cast.client_for(cast.admin).post("/o/acme/sign-in/sso/remove/")
    assert not SocialAccount.objects.exists()


def test_outsiders_get_nothing_from_the_sign_in_routes(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    """A Globex user and an anonymous visitor: a made-up callback is refused and changes
    nothing; nothing of Acme but its name shows, and only where Acme set up single sign-on."""
    for client in (cast.client_for(cast.outsider), Client()):
        before = signed_in_as(client)
        answer = client.get("/sso/acme/callback/?code=made-up&state=made-up")
        refused(answer, "state")
        assert "leader@acme.test" not in answer.text and "Sales" not in answer.text
        assert signed_in_as(client) == before
        assert client.get("/sso/globex/").status_code == 404
    assert not SocialAccount.objects.exists()
    assert Person.objects.filter(organisation=cast.organisation).count() == 4


def test_a_domain_two_organisations_claim_asks_for_the_short_name(
    cast: Cast, idp: Provider, other_idp: Provider
) -> None:
    set_up(cast.admin, idp.issuer, domains="shared.test")
    set_up(cast.outsider, other_idp.issuer, domains="shared.test")
    page = Client().post("/sso/", {"organisation": "pat@shared.test"})
    assert page.status_code == 400
    assert "Several organisations sign in with that domain." in page.text
