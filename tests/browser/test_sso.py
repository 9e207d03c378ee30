"""Single sign-on in a real browser: from the sign-in page to the organisation's provider on
127.0.0.1 and back, signed in; and a refusal page for someone the organisation does not know."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, Route, expect
from pytest_django.fixtures import Settings

from genuinecare.identity.enums import SsoRequirement
from tests.browser.conftest import screenshot, sign_in
from tests.conftest import Cast
from tests.identity.sso import provider
from tests.identity.sso.conftest import set_up
from tests.identity.sso.provider import Provider

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def idp() -> Iterator[Provider]:
    with provider.running() as running:
        yield running


def _offline(page: Page) -> None:
    """The provider's pages ask a CDN for a stylesheet: answer it locally, stay offline."""

    def empty(route: Route) -> None:
        route.fulfill(status=200, content_type="text/css", body="")

    page.context.route("https://**/*", empty)


def _through_the_provider(page: Page, base: str, sub: str) -> None:
    page.goto(f"{base}/sso/")
    page.get_by_label("Your organisation's short name or your work e-mail address").fill(
        "leader@acme.test"
    )
    page.get_by_role("button", name="Continue", exact=True).click()
    page.get_by_role("button", name="Continue to Acme's sign-in").click()
    expect(page.get_by_role("heading", name="Authorize Client")).to_be_visible()
    page.get_by_placeholder("Subject").fill(sub)
    page.get_by_role("button", name="Authorize", exact=True).click()


def test_a_leader_signs_in_through_the_organisations_provider(
    page: Page, live_server: object, cast: Cast, idp: Provider, settings: Settings
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    settings.SITE_URL = base
    set_up(cast.admin, idp.issuer, domains="acme.test", requirement=SsoRequirement.LEADERS)
    _offline(page)
    idp.user("lee", email="leader@acme.test", email_verified=True, name="Lee")
    _through_the_provider(page, base, "lee")
    expect(page).to_have_url(f"{base}/o/acme/")
    page.goto(f"{base}/o/acme/practice/")
    expect(page).to_have_url(f"{base}/o/acme/practice/")
    screenshot(page, "sso-signed-in")


def test_someone_the_organisation_does_not_know_gets_the_refusal_page(
    page: Page, live_server: object, cast: Cast, idp: Provider, settings: Settings
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    settings.SITE_URL = base
    set_up(cast.admin, idp.issuer, domains="acme.test")
    browser = page.context.browser
    assert browser is not None
    visitor = browser.new_context(locale="en-GB")
    stranger = visitor.new_page()
    errors: list[str] = []
    stranger.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    _offline(stranger)
    idp.user("stranger", email="stranger@acme.test", email_verified=True)
    _through_the_provider(stranger, base, "stranger")
    expect(stranger.get_by_role("heading", level=1)).to_have_text("You are not signed in")
    expect(stranger.get_by_role("alert")).to_contain_text(
        "no one with the address stranger@acme.test belongs to Acme"
    )
    screenshot(stranger, "sso-refused")
    visitor.close()
    # The refusal answers 403, which the browser notes; nothing else goes wrong.
    assert errors == [
        "Failed to load resource: the server responded with a status of 403 (Forbidden)"
    ]


def test_the_admin_sets_up_the_provider_and_tests_the_connection(
    page: Page, live_server: object, cast: Cast, idp: Provider
) -> None:
    base = live_server.url  # type: ignore[attr-defined]
    sign_in(page, base, cast.admin.email)
    page.get_by_role("link", name="Single sign-on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Single sign-on")
    page.get_by_label("Issuer URL").fill(idp.issuer)
    page.get_by_label("Client ID").fill("genuine-care")
    page.get_by_label("Client secret").fill("a-secret-from-the-provider")
    page.get_by_label("Required for leaders and admins").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Single sign-on is saved.")
    expect(page.get_by_label("Client secret")).to_have_value("")
    page.get_by_role("button", name="Test the connection").click()
    expect(page.get_by_role("status")).to_contain_text("The connection works")
    screenshot(page, "sso-settings")
