"""A new organisation's first day, in a real browser: the admin created on the command line
activates through the printed link, imports 30 people and invites the 5 leaders among them;
one leader activates and sets up an authenticator app, another signs in through the
organisation's own OpenID Connect provider; the audit log shows each step."""

import re
import time
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from playwright.sync_api import Page, Route, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from genuinecare.outbox.models import Message
from genuinecare.people.audit import Event
from genuinecare.people.models import Person
from tests.browser.conftest import screenshot
from tests.identity.sso import provider
from tests.identity.sso.provider import Provider

pytestmark = pytest.mark.django_db(transaction=True)

HEADER = "name,email,unit,manager_email,function,language,role\n"
LEADERS = ["Lena Leitner", "Lars Lenz", "Lia Lorenz", "Leo Lang", "Luisa Licht"]


@pytest.fixture
def idp() -> Iterator[Provider]:
    with provider.running() as running:
        yield running


def _people_file(tmp_path: Path) -> Path:
    rows = [
        f"{name},{name.split()[0].lower()}@nordwind.test,Nordwind/Service,,,en,leader"
        for name in LEADERS
    ]
    rows += [
        f"Person {n:02},person{n:02}@nordwind.test,Nordwind/Service/Team {n % 5},"
        f"{LEADERS[n % 5].split()[0].lower()}@nordwind.test,,de,member"
        for n in range(25)
    ]
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def _link_for(email: str) -> str:
    """The path of the newest activation link e-mailed to ``email``."""
    body = Message.objects.filter(kind="identity.activation", to_email=email).latest("pk").body
    link = next(word for word in body.split() if "/activate/" in word)
    return link[link.index("/activate/") :]


def _activate(page: Page, url: str, email: str, password: str) -> None:
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Activate your account")
    page.get_by_label("New password", exact=True).fill(password)
    page.get_by_label("New password confirmation").fill(password)
    page.get_by_role("button", name="Set the password").click()
    expect(page.get_by_role("status")).to_contain_text("Your password is set.")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def _offline(page: Page) -> None:
    """The provider's pages ask a CDN for a stylesheet: answer it locally, stay offline."""

    def empty(route: Route) -> None:
        route.fulfill(status=200, content_type="text/css", body="")

    page.context.route("https://**/*", empty)


def _new_page(page: Page) -> Page:
    browser = page.context.browser
    assert browser is not None
    return browser.new_context(locale="en-GB").new_page()


def test_an_organisations_first_day(
    page: Page, live_server: LiveServer, idp: Provider, settings: Settings, tmp_path: Path
) -> None:
    base = live_server.url
    settings.SITE_URL = base

    # The admin is created on the command line and activates through the printed link.
    out = StringIO()
    call_command("create_organisation", "Nordwind", "--admin", "hr@nordwind.test", stdout=out)
    printed = next(line for line in out.getvalue().splitlines() if "/activate/" in line)
    _activate(page, printed.strip(), "hr@nordwind.test", "nordwind-admin-password-1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nordwind")

    # 30 people from a file, 5 of them leaders.
    page.get_by_role("link", name="People").click()
    page.get_by_role("link", name="Import from CSV").click()
    page.get_by_label("CSV file").set_input_files(str(_people_file(tmp_path)))
    page.get_by_role("button", name="Show preview").click()
    expect(page.locator('[data-count="created"]')).to_have_text("30")
    page.get_by_role("button", name="Import now").click()
    expect(page.get_by_role("status")).to_contain_text("30 created")
    assert Person.objects.filter(organisation__slug="nordwind").count() == 31

    # The 5 leaders are invited from the people list.
    page.get_by_role("link", name="People").click()
    for name in LEADERS:
        page.get_by_label(f"Invite {name}").check()
    page.get_by_role("button", name="Invite the ticked people to sign in").click()
    expect(page.get_by_role("status")).to_contain_text("5")
    for name in LEADERS:
        expect(page.get_by_role("row", name=name)).to_contain_text("Invited")
    screenshot(page, "journey-invited")

    # Lena activates and sets up an authenticator app.
    lena = _new_page(page)
    _activate(lena, base + _link_for("lena@nordwind.test"), "lena@nordwind.test", "lena-pw-42-x")
    expect(lena.get_by_role("heading", level=1)).to_have_text("Nordwind")
    _set_up_totp(lena, base, "lena-pw-42-x")

    # The admin sets up single sign-on; Lars signs in through the provider.
    page.goto(f"{base}/o/nordwind/sign-in/sso/")
    page.get_by_label("Issuer URL").fill(idp.issuer)
    page.get_by_label("Client ID").fill("genuine-care")
    page.get_by_label("Client secret").fill("nordwind-secret-5d1e")
    page.get_by_label("Your organisation's e-mail domains").fill("nordwind.test")
    page.get_by_label("Required for leaders and admins").check()
    page.get_by_role("button", name="Save").click()
    page.get_by_role("button", name="Test the connection").click()
    expect(page.get_by_role("status")).to_contain_text("connection")
    idp.user("lars", email="lars@nordwind.test", email_verified=True, name="Lars Lenz")
    lars = _new_page(page)
    _offline(lars)
    lars.goto(f"{base}/sso/")
    lars.get_by_label("Your organisation's short name or your work e-mail address").fill(
        "lars@nordwind.test"
    )
    lars.get_by_role("button", name="Continue", exact=True).click()
    lars.get_by_role("button", name="Continue to Nordwind's sign-in").click()
    lars.get_by_placeholder("Subject").fill("lars")
    lars.get_by_role("button", name="Authorize", exact=True).click()
    expect(lars).to_have_url(f"{base}/o/nordwind/")

    # The audit log shows each step.
    # Single sign-on is now required of admins too: the admin's password session is sent to
    # the organisation's provider before the audit log opens.
    idp.user("hr", email="hr@nordwind.test", email_verified=True, name="HR")
    _offline(page)
    page.goto(f"{base}/o/nordwind/audit/")
    page.get_by_role("button", name="Continue to Nordwind's sign-in").click()
    page.get_by_placeholder("Subject").fill("hr")
    page.get_by_role("button", name="Authorize", exact=True).click()
    expect(page).to_have_url(re.compile(f"{base}/o/nordwind/"))
    page.goto(f"{base}/o/nordwind/audit/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    for event, about in [
        (Event.INVITED, "hr@nordwind.test"),
        (Event.ACTIVATED, "hr@nordwind.test"),
        (Event.IMPORT_APPLIED, "hr@nordwind.test"),
        (Event.INVITED, "lena@nordwind.test"),
        (Event.INVITED, "lars@nordwind.test"),
        (Event.ACTIVATED, "lena@nordwind.test"),
        (Event.MFA_ADDED, "lena@nordwind.test"),
        (Event.SSO_CONFIGURED, "hr@nordwind.test"),
        (Event.SIGNED_IN, "lars@nordwind.test"),
    ]:
        row = page.locator(f'tbody tr[data-event="{event.value}"]').filter(has_text=about)
        expect(row.first).to_be_visible()
    screenshot(page, "journey-audit")
    lena.context.close()
    lars.context.close()


def _set_up_totp(page: Page, base: str, password: str) -> None:
    """Add an authenticator app, typing the code it would show for the page's secret."""
    page.goto(f"{base}/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    secret = page.locator("#authenticator_secret").inner_text().strip()
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    page.get_by_label("Authenticator code").fill(str(code))
    page.get_by_role("button", name="Turn on").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
