"""Activation in a real browser: the admin invites from the person page (its sign-in block
loads by htmx), the person sets a password through the e-mailed link and signs in."""

import pytest
from playwright.sync_api import Page, expect

from genuinecare.outbox.models import Message
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_admin_invites_and_the_person_activates_and_signs_in(
    page: Page, live_server: object, cast: Cast
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    newcomer = PersonFactory(
        organisation=cast.organisation, name="Nora Neu", email="nora@acme.test", role="leader"
    )
    sign_in(page, base, cast.admin.email)
    page.goto(f"{base}/o/acme/people/{newcomer.pk}/")
    block = page.locator("#sign-in")
    expect(block).to_contain_text("Not invited")
    page.get_by_role("button", name="Send an activation e-mail").click()
    expect(page.get_by_role("status")).to_contain_text("An activation e-mail is on its way")
    expect(page.locator("#sign-in")).to_contain_text("its link works until")

    body = Message.objects.get(kind="identity.activation").body
    link = next(word for word in body.split() if "/activate/" in word)
    path = link[link.index("/activate/") :]
    browser = page.context.browser
    assert browser is not None
    visitor = browser.new_context(locale="en-GB")
    person = visitor.new_page()
    errors: list[str] = []
    person.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    person.goto(base + path)
    expect(person.get_by_role("heading", level=1)).to_have_text("Activate your account")
    screenshot(person, "activation")
    person.get_by_label("New password", exact=True).fill("nora-sets-a-password-1")
    person.get_by_label("New password confirmation").fill("nora-sets-a-password-1")
    person.get_by_role("button", name="Set the password").click()
    expect(person.get_by_role("status")).to_contain_text("Your password is set.")
    person.locator("#id_login").fill("nora@acme.test")
    person.locator("#id_password").fill("nora-sets-a-password-1")
    person.get_by_role("button", name="Sign in").click()
    expect(person.get_by_role("heading", level=1)).not_to_have_text("Sign in")
    person.goto(base + path)
    expect(person.locator("main")).to_contain_text("Your account is active already.")
    visitor.close()
    assert errors == []
