"""Two-factor sign-in in a real browser: a leader whose organisation requires it sets up an
authenticator app (typing a real code) and a passkey (a virtual authenticator in Chromium),
and signs in with each."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from genuinecare.identity.enums import TwoFactors
from genuinecare.identity.models import SignInPolicy
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def _code(secret: str) -> str:
    return str(format_hotp_value(hotp_value(secret, int(time.time()) // 30)))


def _confirm_password(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()


def test_a_leader_sets_up_an_authenticator_app_and_signs_in_with_it(
    page: Page, live_server: object, cast: Cast
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    SignInPolicy.objects.create(organisation=cast.organisation, require_mfa=TwoFactors.LEADERS)
    sign_in(page, base, cast.leader.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    page.goto(f"{base}/o/acme/")
    expect(page.get_by_role("status")).to_contain_text("Acme asks you to sign in with a second")
    page.get_by_role("link", name="Set up an authenticator app").click()
    _confirm_password(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    screenshot(page, "totp-setup")
    secret = page.locator("#authenticator_secret").inner_text().strip()
    page.get_by_label("Authenticator code").fill(_code(secret))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    expect(page.locator("#recovery_codes li")).to_have_count(10)
    page.goto(f"{base}/o/acme/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, cast.leader.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your second factor")
    page.get_by_label("Code").fill(_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme")


def test_a_leader_adds_a_passkey_and_signs_in_with_it(
    page: Page, live_server: object, cast: Cast
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sign_in(page, base, cast.leader.email)
    page.goto(f"{base}/accounts/2fa/")
    page.get_by_role("link", name="Add a passkey").click()
    _confirm_password(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a passkey")
    page.get_by_label("Name").fill("Work laptop")
    page.get_by_role("button", name="Add the passkey").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Add a passkey")
    page.goto(f"{base}/accounts/2fa/webauthn/")
    expect(page.locator("table")).to_contain_text("Work laptop")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, cast.leader.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your second factor")
    page.get_by_role("button", name="Use a passkey instead").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Acme")
