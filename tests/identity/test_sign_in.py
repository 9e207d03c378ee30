"""The sign-in pages (django-allauth): what they record, refuse and say, in formal German too."""

import logging
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from genuinecare.outbox.actions import drain
from tests.conftest import Cast
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "another-long-passphrase-42"


def _sign_in(client: Client, email: str, password: str) -> int:
    return client.post(reverse("account_login"), {"login": email, "password": password}).status_code


def _events(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "genuinecare.audit"]


def test_signing_in_failing_and_locking_out_are_audited_without_the_password(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="genuinecare.audit")
    assert _sign_in(Client(), "LEADER@acme.test", PASSWORD) == 302
    assert _sign_in(Client(), "nobody@acme.test", "a-guess-for-nobody") == 200
    guesser = Client()
    for _ in range(5):
        _sign_in(guesser, "leader@acme.test", "secret-guess-123")
    events = _events(caplog)
    subject = f"subject={cast.leader.pk} "
    assert Counter(e.split()[0] for e in events if subject in e) == {
        "sign_in.succeeded": 1,
        "sign_in.failed": 5,
        "sign_in.locked": 1,
    }
    assert not any("nobody" in e or "guess" in e for e in caplog.messages)


def test_a_changed_and_a_reset_password_are_audited(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="genuinecare.audit")
    client = cast.client_for(cast.leader)
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": NEW, "password2": NEW},
    )
    Client().post(reverse("account_reset_password"), {"email": cast.leader.email})
    drain(worker="test")
    link = next(w for w in mail.outbox[0].body.split() if "/accounts/password/reset/key/" in w)
    visitor = Client()
    form = visitor.get(link[link.index("/accounts/") :], follow=True).redirect_chain[-1][0]
    visitor.post(form, {"password1": "a-third-passphrase-7", "password2": "a-third-passphrase-7"})
    events = [e.split()[0] for e in _events(caplog)]
    assert events == ["password.changed", "password.reset"]
    cast.leader.user.refresh_from_db()
    assert cast.leader.user.check_password("a-third-passphrase-7")


def test_the_reset_link_is_on_the_sites_own_address(cast: Cast, settings: object) -> None:
    settings.SITE_URL = "https://care.example.org"  # type: ignore[attr-defined]
    settings.ALLOWED_HOSTS = ["care.example.org", "other.example"]  # type: ignore[attr-defined]
    Client(HTTP_HOST="other.example").post(
        reverse("account_reset_password"), {"email": cast.leader.email}
    )
    drain(worker="test")
    assert "https://care.example.org/accounts/password/reset/key/" in mail.outbox[0].body
    assert "other.example" not in mail.outbox[0].body


def test_nobody_signs_themselves_up() -> None:
    page = Client().get(reverse("account_signup"))
    assert page.status_code == 200 and "your organisation's admin invites you" in page.text
    Client().post(
        reverse("account_signup"),
        {"email": "new@acme.test", "password1": NEW, "password2": NEW},
    )
    assert not get_user_model().objects.filter(email="new@acme.test").exists()


@pytest.mark.parametrize(
    "name", ["account_change_password", "account_set_password", "account_reauthenticate"]
)
def test_account_pages_send_a_visitor_to_sign_in(name: str) -> None:
    for method in ("get", "post"):
        response = getattr(Client(), method)(reverse(name))
        assert response.status_code == 302, (name, method)
        assert response["Location"].startswith(reverse("account_login"))


def test_sign_out_asks_on_get_and_signs_out_on_post(cast: Cast) -> None:
    client = cast.client_for(cast.member)
    asked = client.get(reverse("account_logout"))
    assert asked.status_code == 200 and "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_sign_in_pages_speak_formal_german(cast: Cast) -> None:
    cast.leader.user.language = "de"
    cast.leader.user.save()
    client = cast.client_for(cast.leader)
    page = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": NEW, "password2": NEW + "x"},
    ).text
    assert "Bitte geben Sie zweimal dasselbe Passwort ein." in page
    assert "Passwort ändern" in page
    assert " du " not in page and " dein" not in page
    wrong = Client(headers={"accept-language": "de"}).post(
        reverse("account_login"), {"login": cast.leader.email, "password": "nope"}
    )
    assert "Bitte geben Sie eine korrekte E-Mail-Adresse" in wrong.text


def test_the_demos_two_accounts_sign_in() -> None:
    from genuinecare.people.demo import DEMO_PASSWORD, seed_organisation

    seed_organisation()
    for email in ("admin@lindenhof.example", "cio@lindenhof.example"):
        client = Client()
        response = client.post(
            reverse("account_login"), {"login": email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302 and response["Location"] == reverse("home"), email
        assert "_auth_user_id" in client.session
