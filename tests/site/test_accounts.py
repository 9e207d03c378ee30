import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from genuinecare.outbox.actions import drain
from tests.conftest import Cast
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_sign_in_and_out(cast: Cast) -> None:
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": "ADMIN@acme.test", "password": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 302  # straight on to the only organisation
    client.post(reverse("account_logout"))
    after = client.get(reverse("people:dashboard", kwargs={"org": "acme"}))
    assert after["Location"].startswith(reverse("account_login"))


def test_wrong_password_is_refused_with_a_message(cast: Cast) -> None:
    page = Client().post(reverse("account_login"), {"login": cast.admin.email, "password": "nope"})
    assert "Please enter a correct e-mail address and password" in page.content.decode()


def test_password_guessing_is_throttled(cast: Cast) -> None:
    client = Client()
    for _ in range(5):
        client.post(reverse("account_login"), {"login": cast.admin.email, "password": "guess"})
    locked = client.post(
        reverse("account_login"), {"login": cast.admin.email, "password": PASSWORD}
    )
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()


def test_forgotten_password_is_reset_by_email(cast: Cast) -> None:
    client = Client()
    client.post(reverse("account_reset_password"), {"email": cast.leader.email})
    assert mail.outbox == []  # queued, not sent during the request
    drain(worker="test")
    [message] = mail.outbox
    assert message.to == [cast.leader.email]
    link = next(
        line for line in message.body.splitlines() if "/accounts/password/reset/key/" in line
    )
    path = link[link.index("/accounts/") :]
    form_page = client.get(path, follow=True)
    new = "another-long-passphrase-42"
    client.post(form_page.redirect_chain[-1][0], {"password1": new, "password2": new})
    cast.leader.user.refresh_from_db()
    assert cast.leader.user.check_password(new)


def test_reset_mail_is_in_the_users_language(cast: Cast) -> None:
    cast.leader.user.language = "de"
    cast.leader.user.save()
    Client(headers={"accept-language": "de"}).post(
        reverse("account_reset_password"), {"email": cast.leader.email}
    )
    drain(worker="test")
    assert mail.outbox[0].subject == "Ihr neues Passwort für Genuine Care"


def test_language_choice_is_remembered_per_user(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    client.post(reverse("switch-language"), {"language": "de", "next": "/o/acme/"})
    cast.admin.user.refresh_from_db()
    assert cast.admin.user.language == "de"
    fresh = cast.client_for(cast.admin)  # a new browser: no cookie, same preference
    assert (
        "Einheiten"
        in fresh.get(reverse("people:dashboard", kwargs={"org": "acme"})).content.decode()
    )


def test_visitors_get_their_browsers_language() -> None:
    german = Client(headers={"accept-language": "de-DE,de;q=0.9"}).get(reverse("account_login"))
    english = Client(headers={"accept-language": "en-GB"}).get(reverse("account_login"))
    assert "Passwort vergessen?" in german.content.decode()
    assert "Forgot your password?" in english.content.decode()


def test_language_switch_refuses_foreign_redirects(cast: Cast) -> None:
    response = Client().post(
        reverse("switch-language"), {"language": "de", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_pages_carry_a_strict_content_security_policy(cast: Cast) -> None:
    header = Client().get(reverse("account_login"))["Content-Security-Policy"]
    assert "script-src 'self'" in header and "style-src 'self'" in header
    assert "unsafe-inline" not in header
