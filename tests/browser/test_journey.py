"""A journey in a real browser, all in German: the leader opens a team window, a team
member proposes a step anonymously, the leader takes it into the plan and marks it done;
a month later the worker asks the team whether it made a difference, and the leader's
journey page hides the answers until k of them are in. A member who opens the leader's
journey gets the 404 page."""

import datetime as dt
import re
import signal
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Browser, ConsoleMessage, Page, expect
from pytest_django.fixtures import Settings
from pytest_django.live_server_helper import LiveServer

from genuinecare.journey.enums import Origin, StepStatus
from genuinecare.journey.models import Proposal, Step
from genuinecare.people.actions import set_language
from genuinecare.people.enums import Language
from genuinecare.people.models import Organisation, Person
from tests.browser.conftest import screenshot
from tests.conftest import Cast
from tests.factories import PASSWORD, PersonFactory
from tests.journey.conftest import journey_of

pytestmark = pytest.mark.django_db(transaction=True)

K = 3
REFUSED: set[str] = set()  # paths whose 404 the test asks for


@pytest.fixture
def german(chromium: Browser, live_server: LiveServer) -> Iterator[Callable[[], Page]]:
    """Fresh pages in German browsers (own cookies each) whose console errors fail the test,
    except the 404 of a page the test expects to be refused (in ``REFUSED``)."""
    contexts, errors = [], []

    def record(message: ConsoleMessage) -> None:
        url = urlsplit(message.location.get("url", "")).path
        if message.type == "error" and not ("404" in message.text and url in REFUSED):
            errors.append(f"{url}: {message.text}")

    def open_page() -> Page:
        context = chromium.new_context(locale="de-DE")
        contexts.append(context)
        page = context.new_page()
        page.on("console", record)
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()
    REFUSED.clear()
    assert errors == [], f"The browser reported errors (CSP violations?): {errors}"


def anmelden(page: Page, base: str, email: str) -> None:
    """Sign in through the German sign-in page."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()


def run_worker() -> None:
    """One round of the worker, as `care worker --once`; its signal handlers are undone."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        call_command("worker", "--once")
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)


def pulse_links() -> dict[str, str]:
    """Each address the worker sent a journey pulse to, and the path of its link."""
    found = {}
    for message in mail.outbox:
        match = re.search(r"https?://[^/\s]+(/journey-pulse/[^/\s]+/)", str(message.body))
        if match is not None:
            found[message.to[0]] = match.group(1)
    return found


def test_a_team_proposal_becomes_a_done_step_whose_feedback_shows_at_k(
    german: Callable[[], Page], live_server: LiveServer, cast: Cast, settings: Settings
) -> None:
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    base = live_server.url
    Organisation.objects.filter(pk=cast.organisation.pk).update(anonymity_threshold=K)
    team: list[Person] = [
        cast.member,
        PersonFactory(
            organisation=cast.organisation,
            unit=cast.sales_dach,
            manager=cast.leader,
            email="jana@acme.test",
        ),
        PersonFactory(
            organisation=cast.organisation,
            unit=cast.sales_dach,
            manager=cast.leader,
            email="lukas@acme.test",
        ),
    ]
    Person.objects.filter(organisation=cast.organisation).update(language=Language.DE)
    for person in (cast.leader, cast.member):
        assert person.user is not None
        set_language(user=person.user, language=Language.DE)
    journey = journey_of(cast.leader, title="Kunden zuerst")

    # The leader opens the journey from the German nav and opens a team window.
    leader = german()
    anmelden(leader, base, cast.leader.email)
    expect(leader.locator("html")).to_have_attribute("lang", "de")
    leader.get_by_role("navigation").get_by_role("link", name="Weg").click()
    leader.locator("[data-journeys]").get_by_role("link", name="Kunden zuerst").click()
    team_part = leader.locator('[data-part="team"]')
    expect(team_part.locator('[data-window="closed"]')).to_be_visible()
    team_part.get_by_role("button", name="Team-Fenster öffnen").click()
    expect(leader.get_by_role("status")).to_contain_text("Das Team-Fenster ist bis")
    expect(team_part.locator('[data-window="open"]')).to_contain_text(
        "Vorschläge machen und abstimmen"
    )

    # A member finds the team page through the nav and proposes a step anonymously.
    member = german()
    anmelden(member, base, cast.member.email)
    expect(member.locator("html")).to_have_attribute("lang", "de")
    member.get_by_role("navigation").get_by_role("link", name="Weg").click()
    member.get_by_role("link", name="Vorschlagen und abstimmen").click()
    expect(member.locator('[data-window-state="open"]')).to_contain_text("Das Team-Fenster ist bis")
    propose = member.locator("[data-propose]")
    expect(propose.get_by_label("Schritt", exact=True)).to_be_checked()
    propose.get_by_label("Titel").fill("Offene Sprechstunde am Freitag")
    propose.get_by_label("Was und warum").fill("Eine Stunde pro Woche für Fragen ans Team.")
    expect(propose.get_by_label("Meinen Namen bei diesem Vorschlag zeigen")).not_to_be_checked()
    propose.get_by_role("button", name="Vorschlagen").click()
    expect(member.get_by_role("status")).to_contain_text("Danke: Ihr Vorschlag ist eingegangen.")
    proposal = Proposal.objects.get()
    assert proposal.author_name == ""
    mine = member.locator(f'[data-proposal="{proposal.pk}"]')
    expect(mine).to_contain_text("anonym")
    expect(mine.locator("[data-mine]")).to_have_text("Ihr Vorschlag")
    screenshot(member, "journey-team-page-de")

    # The member may not open the leader's own journey page.
    REFUSED.add(journey.get_absolute_url())
    refused = member.goto(f"{base}{journey.get_absolute_url()}")
    assert refused is not None and refused.status == 404
    expect(member.locator("[data-not-found] h1")).to_have_text("Diese Seite gibt es nicht")
    expect(member.locator("body")).not_to_contain_text("Kunden zuerst")

    # The leader sees the proposal, anonymous, and takes it into the plan.
    leader.reload()
    shown = leader.locator(f'[data-proposals] [data-proposal="{proposal.pk}"]')
    expect(shown).to_contain_text("Offene Sprechstunde am Freitag")
    expect(shown).to_contain_text("anonym")
    expect(shown).not_to_contain_text(cast.member.name)
    shown.get_by_role("button", name="In den Plan übernehmen").click()
    expect(leader.get_by_role("status")).to_contain_text(
        "Der Vorschlag ist jetzt ein Schritt Ihres Plans."
    )
    step = Step.objects.get(journey=journey)
    assert step.origin == Origin.TEAM
    row = leader.locator(f'[data-plan] tr[data-step="{step.pk}"]')
    expect(row).to_contain_text("aus dem Team")
    expect(leader.locator("[data-cocreation] [data-share]")).to_have_text("100 %")

    # The leader marks the step done with a check-in on its page.
    row.get_by_role("link", name="Offene Sprechstunde am Freitag").click()
    expect(leader.get_by_role("heading", level=1)).to_have_text("Offene Sprechstunde am Freitag")
    check_ins = leader.locator("[data-check-ins]")
    check_ins.get_by_label("Status").select_option(label="Erledigt")
    check_ins.get_by_label("Notiz").fill("Läuft seit drei Wochen jeden Freitag.")
    check_ins.get_by_role("button", name="Zwischenstand festhalten").click()
    expect(leader.get_by_role("status")).to_contain_text("Ihr Zwischenstand ist festgehalten.")
    expect(leader.locator("[data-status]")).to_have_attribute("data-status", StepStatus.DONE)
    expect(leader.locator("[data-status]")).to_have_text("Erledigt")
    step.refresh_from_db()
    assert step.status == StepStatus.DONE and step.done_at is not None

    # Thirty days after done, the worker asks the team (and not the leader).
    Step.objects.filter(pk=step.pk).update(done_at=timezone.now() - dt.timedelta(days=31))
    run_worker()
    links = pulse_links()
    assert sorted(links) == sorted(person.email for person in team)
    asked = [m for m in mail.outbox if m.to[0] in links]
    assert all("anonyme Frage" in str(m.subject) for m in asked), [m.subject for m in asked]

    def answer(email: str, value: str) -> None:
        page = german()
        page.goto(base + links[email])
        expect(page.get_by_role("heading", level=1)).to_have_text("Rückmeldung zum Schritt")
        expect(page.locator(".lead")).to_contain_text("Offene Sprechstunde am Freitag")
        page.locator(f'input[type="radio"][value="{value}"]').check()
        page.get_by_role("button", name="Antwort senden").click()
        expect(page.locator('[data-state="done"]')).to_be_visible()
        expect(page.get_by_role("heading", level=1)).to_have_text("Vielen Dank")

    first = german()
    first.goto(base + links[cast.member.email])
    expect(first.locator("html")).to_have_attribute("lang", "de")
    expect(first.get_by_text("Dieser Schritt hat für uns etwas verändert.")).to_be_visible()
    first.get_by_label("Stimme voll und ganz zu").check()
    screenshot(first, "journey-pulse-answer-de")
    first.get_by_role("button", name="Antwort senden").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Vielen Dank")
    answer("jana@acme.test", "4")

    # k - 1 answers: the leader's journey page keeps the feedback hidden.
    leader.goto(f"{base}{journey.get_absolute_url()}")
    feedback = leader.locator(f'[data-part="proof"] article[data-step="{step.pk}"]')
    expect(feedback.locator('[data-pulse="hidden"]')).to_contain_text(
        f"Verborgen: bisher zu wenige Antworten (weniger als {K}). 3 Personen wurden gefragt."
    )
    expect(feedback.locator("[data-score]")).to_have_count(0)
    screenshot(leader, "journey-feedback-hidden-de")

    # The k-th answer: the figure shows, over the three answers (5, 4, 2).
    answer("lukas@acme.test", "2")
    leader.reload()
    expect(feedback.locator('[data-pulse="hidden"]')).to_have_count(0)
    expect(feedback.locator('[data-pulse="shown"]')).to_contain_text("3 Antworten gezeigt")
    score = feedback.locator('[data-score="difference"]')
    expect(score).to_contain_text("Dieser Schritt hat für uns etwas verändert.")
    # mean 11/3: (11/3 - 1) / 4 * 100 = 66.7; two of three answered 4 or more.
    expect(score).to_contain_text("Wert 67, 67 % stimmen zu")
    screenshot(leader, "journey-feedback-shown-de")
