"""Two-factor sign-in with real codes: an authenticator app, recovery codes, passkeys, and the
organisation's rule of who must have one."""

import logging
import re
import time
from collections.abc import Callable
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from genuinecare.identity.enums import TwoFactors
from genuinecare.identity.models import SignInPolicy
from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.django_db

AUTHENTICATE = "/accounts/2fa/authenticate/"


def code_for(secret: str, *, step: int = 0) -> str:
    """The code an authenticator app shows now (``step`` periods of 30 seconds away)."""
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30 + step)))


def a_wrong_code(secret: str) -> str:
    valid = {code_for(secret, step=s) for s in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


def password_step(email: str, *, language: str = "en") -> tuple[Client, str]:
    client = Client(headers={"accept-language": language})
    response = client.post(reverse("account_login"), {"login": email, "password": PASSWORD})
    return client, response["Location"]


def signed_in(email: str) -> Client:
    """Signed in, and the password confirmed again as changing one's factors asks."""
    client, location = password_step(email)
    assert location != AUTHENTICATE, "this account has a second factor"
    confirmed = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert confirmed.status_code == 302, confirmed.context["form"].errors
    return client


def set_up_totp(client: Client) -> str:
    page = client.get(reverse("mfa_activate_totp"))
    if page.status_code == 302 and page["Location"].startswith(reverse("account_reauthenticate")):
        client.post(page["Location"], {"password": PASSWORD})
        page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200, page.get("Location")
    secret = page.context["form"].secret
    assert secret in page.text  # the key to type in when the code cannot be scanned
    done = client.post(reverse("mfa_activate_totp"), {"code": code_for(secret)})
    assert done.status_code == 302, done.context["form"].errors if done.context else done
    return str(secret)


def test_an_authenticator_app_is_set_up_and_asked_for_at_sign_in(cast: Cast) -> None:
    client = signed_in(cast.leader.email)
    secret = set_up_totp(client)
    user = cast.leader.user
    assert set(Authenticator.objects.filter(user=user).values_list("type", flat=True)) == {
        "totp",
        "recovery_codes",
    }
    client.post(reverse("account_logout"))

    halfway, location = password_step("Leader@acme.test")
    assert location == AUTHENTICATE
    assert "_auth_user_id" not in halfway.session
    assert halfway.get(reverse("people:dashboard", kwargs={"org": "acme"})).status_code == 302
    wrong = halfway.post(AUTHENTICATE, {"code": a_wrong_code(secret)})
    assert wrong.status_code == 200 and "_auth_user_id" not in halfway.session
    assert "Incorrect code" in wrong.text or "Falscher Code" in wrong.text
    right = halfway.post(AUTHENTICATE, {"code": code_for(secret)})
    assert right.status_code == 302 and halfway.session["_auth_user_id"] == str(user.pk)

    replay, _ = password_step(cast.leader.email)
    assert replay.post(AUTHENTICATE, {"code": code_for(secret)}).status_code == 200
    assert "_auth_user_id" not in replay.session  # a code works once


def test_a_recovery_code_signs_in_once(cast: Cast) -> None:
    set_up_totp(signed_in(cast.admin.email))
    codes = RecoveryCodes(
        Authenticator.objects.get(user=cast.admin.user, type="recovery_codes")
    ).get_unused_codes()
    assert len(codes) == 10
    first, _ = password_step(cast.admin.email)
    assert first.post(AUTHENTICATE, {"code": codes[0]}).status_code == 302
    assert first.session["_auth_user_id"] == str(cast.admin.user.pk)
    again, _ = password_step(cast.admin.email)
    assert again.post(AUTHENTICATE, {"code": codes[0]}).status_code == 200
    assert "_auth_user_id" not in again.session


def test_wrong_codes_are_limited(cast: Cast) -> None:
    secret = set_up_totp(signed_in(cast.leader.email))
    guesser, _ = password_step(cast.leader.email)
    for _ in range(10):
        guesser.post(AUTHENTICATE, {"code": a_wrong_code(secret)})
    refused = guesser.post(AUTHENTICATE, {"code": code_for(secret)})
    assert "_auth_user_id" not in guesser.session
    assert refused.status_code in (200, 429)


def _require(cast: Cast, rule: TwoFactors) -> None:
    SignInPolicy.objects.update_or_create(
        organisation=cast.organisation, defaults={"require_mfa": rule}
    )


def test_leaders_must_add_a_second_factor_when_the_organisation_asks(cast: Cast) -> None:
    _require(cast, TwoFactors.LEADERS)
    dashboard = reverse("people:dashboard", kwargs={"org": "acme"})
    client, location = password_step(cast.leader.email)
    assert location == reverse("mfa_index")
    sent = client.get(dashboard, follow=True)
    assert sent.redirect_chain[-1][0] == reverse("mfa_index")
    assert "Acme asks you to sign in with a second factor" in sent.text
    assert client.get(reverse("people:people", kwargs={"org": "acme"}))["Location"] == (
        reverse("mfa_index")
    )
    member = signed_in(cast.member.email)
    assert member.get(dashboard).status_code == 200  # the rule is for leaders and admins
    set_up_totp(client)
    assert client.get(dashboard).status_code == 200


def test_everyone_means_members_too(cast: Cast) -> None:
    _require(cast, TwoFactors.EVERYONE)
    client, location = password_step(cast.member.email)
    assert location == reverse("mfa_index")
    assert client.get(reverse("people:dashboard", kwargs={"org": "acme"}))["Location"] == (
        reverse("mfa_index")
    )


def test_each_organisation_applies_its_own_rule(cast: Cast) -> None:
    consultant = cast.leader.user
    PersonFactory(organisation=cast.outsider.organisation, user=consultant, role="leader")
    _require(cast, TwoFactors.LEADERS)
    client = cast.client_for(cast.leader)
    assert client.get(reverse("people:dashboard", kwargs={"org": "globex"})).status_code == 200
    assert client.get(reverse("people:dashboard", kwargs={"org": "acme"})).status_code == 302


def test_the_last_second_factor_stays_while_it_is_required(cast: Cast) -> None:
    client = signed_in(cast.leader.email)
    set_up_totp(client)
    _require(cast, TwoFactors.LEADERS)
    refused = client.post(reverse("mfa_deactivate_totp"))
    assert refused.status_code == 200 and "Your organisation requires a second factor" in (
        refused.text
    )
    assert Authenticator.objects.filter(user=cast.leader.user, type="totp").exists()
    _require(cast, TwoFactors.NOBODY)
    assert client.post(reverse("mfa_deactivate_totp")).status_code == 302
    assert not Authenticator.objects.filter(user=cast.leader.user, type="totp").exists()


def test_the_admin_sets_the_rule_and_it_is_audited(
    cast: Cast, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="genuinecare.audit")
    admin = cast.client_for(cast.admin)
    url = reverse("identity:policy", kwargs={"org": "acme"})
    assert "Leaders and admins" in admin.get(url).text
    bad = admin.post(url, {"require_mfa": "sometimes"})
    assert bad.status_code == 200 and bad.context["form"].errors
    assert not SignInPolicy.objects.exists()
    assert admin.post(url, {"require_mfa": "leaders"}).status_code == 302
    assert SignInPolicy.objects.get(organisation=cast.organisation).require_mfa == "leaders"
    admin.post(url, {"require_mfa": "leaders"})  # unchanged: no second entry
    changes = [m for m in caplog.messages if m.startswith("mfa.requirement_changed")]
    assert len(changes) == 1 and "nobody → leaders" in changes[0]
    assert f"actor={cast.admin.pk}" in changes[0]
    assert cast.client_for(cast.outsider).post(url, {"require_mfa": "nobody"}).status_code == 404
    assert SignInPolicy.objects.get(organisation=cast.organisation).require_mfa == "leaders"


def test_adding_removing_and_new_recovery_codes_are_audited(
    cast: Cast,
    caplog: pytest.LogCaptureFixture,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    caplog.set_level(logging.INFO, logger="genuinecare.audit")
    client = signed_in(cast.member.email)
    with django_capture_on_commit_callbacks(execute=True):
        secret = set_up_totp(client)
        client.post(reverse("mfa_generate_recovery_codes"))
    halfway, _ = password_step(cast.member.email)
    halfway.post(AUTHENTICATE, {"code": a_wrong_code(secret)})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("mfa_deactivate_totp"))
    events = [m for m in caplog.messages if f"subject={cast.member.pk} " in m]
    assert [e for e in events if e.startswith("mfa.")] == [
        f"mfa.added organisation={cast.organisation.pk} subject={cast.member.pk} "
        f"actor={cast.member.pk} totp",
        *[e for e in events if e.startswith("mfa.recovery_codes")],
        f"mfa.removed organisation={cast.organisation.pk} subject={cast.member.pk} "
        f"actor={cast.member.pk} totp",
    ]
    assert sum(e.startswith("mfa.recovery_codes") for e in events) == 2  # made, made anew
    assert any(e.startswith("sign_in.failed") and "second factor" in e for e in events)


@pytest.mark.parametrize(
    "name",
    [
        "mfa_index",
        "mfa_activate_totp",
        "mfa_deactivate_totp",
        "mfa_view_recovery_codes",
        "mfa_generate_recovery_codes",
        "mfa_download_recovery_codes",
        "mfa_list_webauthn",
        "mfa_add_webauthn",
        "mfa_reauthenticate",
        "mfa_reauthenticate_webauthn",
    ],
)
def test_a_visitor_gets_no_two_factor_page(name: str) -> None:
    for method in ("get", "post"):
        response = getattr(Client(), method)(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(
            reverse("account_login")
        ), (name, method)


def test_a_visitor_cannot_skip_to_the_second_step() -> None:
    response = Client().get(AUTHENTICATE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def test_nobody_reaches_another_persons_passkey(cast: Cast) -> None:
    key = Authenticator.objects.create(
        user=cast.outsider.user, type=Authenticator.Type.WEBAUTHN, data={"name": "Key"}
    )
    client = signed_in(cast.leader.email)
    for name in ("mfa_remove_webauthn", "mfa_edit_webauthn"):
        url = reverse(name, kwargs={"pk": key.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Mine"}).status_code == 404
    assert Authenticator.objects.filter(pk=key.pk).exists()


def test_passkey_registration_is_offered_to_the_signed_in_person_only(cast: Cast) -> None:
    client = signed_in(cast.leader.email)
    page = client.get(reverse("mfa_add_webauthn"))
    assert page.status_code == 200 and "Add a passkey" in page.text
    options = page.context["js_data"]["creation_options"]["publicKey"]
    user = cast.leader.user
    assert user is not None
    assert options["user"]["name"] == user.email
    assert options["rp"]["name"]
    assert 'data-allauth-onload="allauth.webauthn.forms.addForm"' in page.text
    assert client.get(reverse("mfa_list_webauthn")).status_code == 200


def test_two_factor_pages_keep_the_strict_csp(cast: Cast) -> None:
    client = signed_in(cast.leader.email)
    set_up_totp(client)
    for name in ("mfa_index", "mfa_view_recovery_codes", "mfa_add_webauthn", "mfa_list_webauthn"):
        page = client.get(reverse(name))
        assert page.status_code == 200, name
        assert "unsafe-inline" not in page["Content-Security-Policy"]
        for tag in re.findall(r"<script[^>]*>", page.text):
            assert "src=" in tag or 'type="application/json"' in tag, (name, tag)


def test_the_second_step_speaks_formal_german(cast: Cast) -> None:
    user = cast.leader.user
    assert user is not None
    user.language = "de"
    user.save()
    secret = set_up_totp(signed_in(cast.leader.email))
    halfway, _ = password_step(cast.leader.email, language="de")
    page = halfway.post(AUTHENTICATE, {"code": a_wrong_code(secret)}).text
    assert "Ihr zweiter Faktor" in page
    assert not re.search(r"\b(du|dein|deine)\b", page)
    assert isinstance(Person.objects.get(pk=cast.leader.pk), Person)
