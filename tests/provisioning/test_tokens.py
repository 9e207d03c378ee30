"""The admin's token page: a token is shown once, kept as a hash, listed and revocable."""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from genuinecare.lib.tokens import hash_token
from genuinecare.provisioning.models import ScimToken
from tests.conftest import Cast

from .helpers import Scim

pytestmark = pytest.mark.django_db


def test_a_new_token_is_shown_once_and_stored_as_a_hash(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    client = cast.client_for(cast.admin)
    url = reverse("provisioning:tokens", kwargs={"org": "acme"})
    with caplog.at_level(logging.INFO, logger="genuinecare.audit"):
        response = client.post(url, {"name": "  Entra   ID "})
    page = response.content.decode()
    assert response["Cache-Control"] == "no-store"
    secret = page.split("data-secret>")[1].split("<")[0]
    assert secret.startswith("scim_")
    token = ScimToken.objects.get()
    assert (token.name, token.organisation, token.created_by) == (
        "Entra ID",
        cast.organisation,
        cast.admin,
    )
    assert token.token_hash == hash_token(secret)
    assert secret not in str(ScimToken.objects.values_list().get())
    assert "scim.token_created" in caplog.text and secret not in caplog.text
    again = client.get(url).content.decode()
    assert secret not in again
    assert "Entra ID" in again and "never" in again
    assert Scim(secret).get("Users").status_code == 200
    assert "data-secret" not in client.get(url).content.decode()
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_an_empty_name_is_explained(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    response = client.post(reverse("provisioning:tokens", kwargs={"org": "acme"}), {"name": " "})
    assert response.status_code == 200
    assert "data-secret" not in response.content.decode()
    assert not ScimToken.objects.exists()


def test_revoking_ends_the_token(cast: Cast, caplog: pytest.LogCaptureFixture) -> None:
    client = cast.client_for(cast.admin)
    page = client.post(reverse("provisioning:tokens", kwargs={"org": "acme"}), {"name": "Okta"})
    secret = page.content.decode().split("data-secret>")[1].split("<")[0]
    token = ScimToken.objects.get()
    with caplog.at_level(logging.INFO, logger="genuinecare.audit"):
        client.post(reverse("provisioning:revoke", kwargs={"org": "acme", "pk": token.pk}))
    assert "scim.token_revoked" in caplog.text
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Scim(secret).get("Users").status_code == 401
    listing = client.get(reverse("provisioning:tokens", kwargs={"org": "acme"})).content
    assert b"revoked on" in listing


def test_only_the_organisations_admins_reach_the_pages(cast: Cast) -> None:
    cast.client_for(cast.admin).post(
        reverse("provisioning:tokens", kwargs={"org": "acme"}), {"name": "Acme IdP"}
    )
    token = ScimToken.objects.get()
    urls = [
        reverse("provisioning:tokens", kwargs={"org": "acme"}),
        reverse("provisioning:held", kwargs={"org": "acme"}),
        reverse("provisioning:revoke", kwargs={"org": "acme", "pk": token.pk}),
    ]
    for person in (cast.leader, cast.member, cast.outsider):
        client = cast.client_for(person)
        for url in urls:
            assert client.get(url).status_code == 404
            assert client.post(url, {"name": "x"}).status_code == 404
    anonymous = Client()
    for url in urls:
        response = anonymous.post(url, {"name": "x"})
        assert response.status_code == 302 and "login" in response["Location"]
    # The outsider's own token page lists only Globex's tokens.
    page = cast.client_for(cast.outsider).get(
        reverse("provisioning:tokens", kwargs={"org": "globex"})
    )
    assert b"Acme IdP" not in page.content
    token.refresh_from_db()
    assert token.revoked_at is None
    assert ScimToken.objects.count() == 1
