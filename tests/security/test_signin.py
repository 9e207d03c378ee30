"""Promise 6: sign-in. Guessing is throttled however the address is spelled, a changed
password signs out every other browser, and inactive or archived people get nothing."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Cast, ClientResponse
from tests.factories import PASSWORD

from .conftest import World

pytestmark = pytest.mark.django_db

NEW = "another-long-passphrase-42"


def _sign_in(client: Client, username: str, password: str) -> ClientResponse:
    return client.post(reverse("account_login"), {"login": username, "password": password})


@pytest.mark.parametrize(
    "spelling", ["admin@acme.test", "ADMIN@acme.test", " Admin@Acme.Test ", "admin@ACME.test"]
)
def test_guessing_is_throttled_however_the_address_is_spelled(cast: Cast, spelling: str) -> None:
    client = Client()
    for variant in ("admin@acme.test", "Admin@acme.test", "aDmin@acme.test", "adMin@acme.test"):
        assert _sign_in(client, variant, "guess").status_code == 200
    assert _sign_in(client, "admIn@acme.test", "guess").status_code in (200, 429)
    locked = _sign_in(client, spelling, PASSWORD)
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_changed_password_signs_out_every_other_browser(cast: Cast) -> None:
    here, elsewhere = cast.client_for(cast.admin), Client()
    assert _sign_in(elsewhere, cast.admin.email, PASSWORD).status_code == 302
    dashboard = reverse("people:dashboard", kwargs={"org": "acme"})
    page = here.get(reverse("account_change_password"))
    assert page.status_code == 200 and b"Change your password" in page.content
    done = here.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
    )
    assert done["Location"] == reverse("account_change_password")
    assert here.get(dashboard).status_code == 200
    assert elsewhere.get(dashboard)["Location"].startswith(reverse("account_login"))


def test_a_reset_password_signs_out_every_browser(cast: Cast) -> None:
    signed_in = cast.client_for(cast.leader)
    cast.leader.user.set_password(NEW)
    cast.leader.user.save()
    response = signed_in.get(reverse("people:dashboard", kwargs={"org": "acme"}))
    assert response["Location"].startswith(reverse("account_login"))


def test_an_inactive_user_is_signed_out_and_cannot_sign_in(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    cast.admin.user.is_active = False
    cast.admin.user.save()
    response = client.get(reverse("people:dashboard", kwargs={"org": "acme"}))
    assert response["Location"].startswith(reverse("account_login"))
    refused = _sign_in(Client(), cast.admin.email, PASSWORD)
    assert (refused.status_code, "_auth_user_id" in refused.client.session) == (200, False)


def test_an_archived_person_reaches_nothing_of_their_organisation(world: World) -> None:
    from .routes import ORGANISATION_ROUTES

    cast = world.cast
    client = cast.client_for(cast.leader)
    cast.leader.archived_at = timezone.now()
    cast.leader.save(update_fields=["archived_at"])
    assert client.get(reverse("home")).context["memberships"] == []
    for route in ORGANISATION_ROUTES:
        url = world.acme_url(route)
        assert client.get(url).status_code == 404, url
        assert client.post(url).status_code == 404, url
