"""Privacy requests: recorded with a reason, the export handed to the person it is about
through the outbox, erasure confirmed and idempotent, and nobody but admins sees them."""

import datetime as dt
import hashlib
import json

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import override

from genuinecare.outbox.actions import drain
from genuinecare.outbox.models import Message
from genuinecare.people.models import Person, PrivacyRequest
from genuinecare.practice.cadences.due import zone
from genuinecare.practice.privacy import is_erased
from genuinecare.practice.privacy_requests import request_access, request_erasure
from tests.conftest import Cast
from tests.factories import log, person_stakeholder

pytestmark = pytest.mark.django_db


def _privacy_url(person: Person) -> str:
    return reverse("practice:privacy", kwargs={"org": "acme", "pk": person.pk})


def _token(message: Message) -> str:
    link = next(word for word in message.body.split() if "/my-data/" in word)
    return link.rstrip("/").rsplit("/", 1)[-1]


def _speaks_german(person: Person) -> None:
    person.language = "de"
    person.save(update_fields=["language"])
    if person.user is not None:
        person.user.language = "de"
        person.user.save(update_fields=["language"])


def _ask(cast: Cast, **extra: object) -> PrivacyRequest:
    options: dict[str, object] = {"reason": "Asked by e-mail", "now": timezone.now(), **extra}
    return request_access(person=cast.member, requested_by=cast.admin, **options)  # type: ignore[arg-type]


def test_an_export_is_recorded_and_its_link_mailed_to_the_person_in_their_language(
    cast: Cast,
) -> None:
    _speaks_german(cast.member)
    client = cast.client_for(cast.admin)
    url = _privacy_url(cast.member)
    before = timezone.now()
    form = {"access-reason": "E-mail to HR of 3 March", "access-submission": "k1", "access": "1"}
    response = client.post(url, form)
    assert (response.status_code, response["Location"]) == (302, url)
    found = PrivacyRequest.objects.get()
    assert (
        found.organisation,
        found.person,
        found.requested_by,
        found.kind,
        found.reason,
        found.downloaded_at,
    ) == (cast.organisation, cast.member, cast.admin, "access", "E-mail to HR of 3 March", None)
    assert found.done_at is not None
    assert before <= found.requested_at == found.done_at <= timezone.now()
    assert found.link_expires_at == found.requested_at + dt.timedelta(days=7)
    message = Message.objects.get()
    assert found.message == message
    assert (
        message.to_email,
        message.kind,
        message.subject,
        message.scrub_after_send,
        message.dedupe_key,
        message.organisation,
    ) == (
        "member@acme.test",
        "practice.privacy_export",
        "Ihre Daten von Acme",
        True,
        f"privacy-export-{found.pk}",
        cast.organisation,
    )
    token = _token(message)
    assert hashlib.sha256(token.encode()).hexdigest() == found.token_hash
    with override("de"):
        until = date_format(found.link_expires_at.astimezone(zone()), "DATETIME_FORMAT")
    assert message.body.split("\n\n") == [
        f"Guten Tag {cast.member.name},",
        "Sie haben Acme um eine Kopie der personenbezogenen Daten gebeten, die Genuine Care "
        "über Sie speichert. Hier laden Sie sie als eine Datei (JSON) herunter:",
        f"{settings.SITE_URL}/my-data/{token}/",
        f"Der Link funktioniert einmal, bis {until}. Die Datei wird beim Herunterladen "
        "erstellt und nicht aufbewahrt. Falls Sie nicht darum gebeten haben, teilen Sie es "
        "Acme mit: Ohne den Link erhält niemand die Datei.",
        "",
    ]
    # A double submit records once and mails once.
    assert client.post(url, form).status_code == 302
    assert (PrivacyRequest.objects.count(), Message.objects.count()) == (1, 1)
    # The admin sees that it waits, then that it was sent (and never the file).
    assert "E-mail to the person waiting to be sent" in client.get(url).content.decode()
    assert drain(worker="test") == {"sent": 1, "failed": 0}
    message.refresh_from_db()
    page = client.get(url).content.decode()
    sent = date_format(timezone.localtime(message.sent_at), "SHORT_DATETIME_FORMAT")
    assert f"Link e-mailed to the person on {sent}" in page
    assert (message.body, token in page) == ("", False)


def test_the_person_downloads_their_file_once_in_their_language(cast: Cast) -> None:
    _speaks_german(cast.member)
    member = person_stakeholder(cast.leader, cast.member)
    log(cast.leader, "one_on_one", [member], timezone.now(), note="Wants to lead DACH")
    found = _ask(cast)
    url = reverse("my-data", kwargs={"token": _token(found.message)})  # type: ignore[arg-type]
    client = Client()
    page = client.get(url)
    assert (page.status_code, page.context["state"]) == (200, "open")
    assert "Meine Daten herunterladen" in page.content.decode()
    found.refresh_from_db()
    assert found.downloaded_at is None  # opening the page (or a mail scanner) uses nothing up
    download = client.post(url)
    found.refresh_from_db()
    assert found.downloaded_at is not None
    assert download["Content-Type"] == "application/json; charset=utf-8"
    day = f"{found.downloaded_at:%Y-%m-%d}"
    assert download["Content-Disposition"] == f'attachment; filename="genuine-care-acme-{day}.json"'
    assert "no-store" in download["Cache-Control"]
    data = json.loads(download.content)
    assert list(data) == [
        "about_this_file",
        "person",
        "care_actions_about_them",
        "care_actions_they_logged",
        "follow_ups_they_answered",
        "follow_ups_waiting_for_them",
        "snoozes",
        "accounts_they_follow",
        "calendar_meetings_proposed",
    ]
    assert data["about_this_file"] == {
        "organisation": "Acme",
        "made_at": found.downloaded_at.isoformat(),
        "explanation": [
            "Diese Datei enthält die personenbezogenen Daten, die Genuine Care für Acme über "
            "Sie speichert.",
            "Private Notizen und Zusagen einer Fürsorge-Aktion, die nur Ihnen galt, sind "
            "enthalten. Galt eine Fürsorge-Aktion auch anderen, fehlen sie (null): Sie "
            "betreffen auch die anderen.",
            "Von Ihnen erfasste Fürsorge-Aktionen stehen hier ohne Notizen, Texte der Zusagen, "
            "Beteiligte und ohne die Antworten anderer auf Nachfragen: Diese betreffen andere "
            "Menschen. Ihre eigenen Notizen lesen Sie in Genuine Care.",
            "Sie können Acme bitten, Ihre Daten zu berichtigen oder zu löschen.",
        ],
    }
    assert data["person"]["email"] == "member@acme.test"
    assert [a["note"] for a in data["care_actions_about_them"]] == ["Wants to lead DACH"]
    # The link worked once: the second try gets a page, not the file.
    again = client.post(url)
    assert (again.status_code, again.context["state"]) == (200, "used")
    assert again["Content-Type"].startswith("text/html")
    assert "Dieser Link wurde bereits verwendet" in again.content.decode()
    assert client.get(url).context["state"] == "used"


def test_an_expired_or_unknown_link_gives_no_file(cast: Cast) -> None:
    found = _ask(cast, now=timezone.now() - dt.timedelta(days=7, minutes=1))
    url = reverse("my-data", kwargs={"token": _token(found.message)})  # type: ignore[arg-type]
    client = Client()
    for response in (client.get(url), client.post(url)):
        assert (response.status_code, response.context["state"]) == (200, "expired")
        assert response["Content-Type"].startswith("text/html")
    found.refresh_from_db()
    assert found.downloaded_at is None
    unknown = client.post(reverse("my-data", kwargs={"token": "not-a-token"}))
    assert (unknown.status_code, unknown.context["state"]) == (404, "unknown")
    assert "This link is not valid" in unknown.content.decode()


def test_the_admin_never_downloads_the_export(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    log(cast.leader, "one_on_one", [member], timezone.now(), note="Wants to lead DACH")
    client = cast.client_for(cast.admin)
    gone = client.get(f"/o/acme/practice/privacy/{cast.member.pk}/export.json")
    assert gone.status_code == 404
    _ask(cast)
    for url in (_privacy_url(cast.member), reverse("practice:privacy-requests", args=["acme"])):
        page = client.get(url)
        assert page["Content-Type"].startswith("text/html")
        assert "Wants to lead DACH" not in page.content.decode()


def test_a_missing_reason_or_address_gets_a_translated_error_and_writes_nothing(
    cast: Cast,
) -> None:
    _speaks_german(cast.admin)
    client = cast.client_for(cast.admin)
    url = _privacy_url(cast.member)
    missing = "Geben Sie den Grund für diese Anfrage an, z. B. wie und wann die Person gefragt hat."
    page = client.post(url, {"access-reason": "   ", "access": "1"})
    assert (page.status_code, page.context["access_form"].errors) == (200, {"reason": [missing]})
    assert missing in page.content.decode()
    page = client.post(
        url, {"erasure-reason": "", "erasure-confirm": "member@acme.test", "erasure": "1"}
    )
    assert page.context["erasure_form"].errors == {"reason": [missing]}
    page = client.post(
        url, {"erasure-reason": "Asked", "erasure-confirm": "wrong@acme.test", "erasure": "1"}
    )
    assert page.context["erasure_form"].errors == {
        "__all__": ["Geben Sie zur Bestätigung die E-Mail-Adresse der Person genau ein."]
    }
    with override("en"), pytest.raises(ValidationError) as refused:
        request_access(person=cast.member, requested_by=cast.admin, reason="", now=timezone.now())
    assert refused.value.messages == [
        "Give the reason for this request, e.g. how and when the person asked."
    ]
    with pytest.raises(ValidationError):
        request_access(person=cast.member, requested_by=cast.leader, reason="x", now=timezone.now())
    cast.member.refresh_from_db()
    assert (PrivacyRequest.objects.count(), Message.objects.count()) == (0, 0)
    assert (cast.member.email, cast.member.archived_at) == ("member@acme.test", None)


def test_an_erasure_is_recorded_with_its_reason_and_erasing_again_changes_nothing(
    cast: Cast,
) -> None:
    link = _ask(cast)
    client = cast.client_for(cast.admin)
    url = _privacy_url(cast.member)
    form = {
        "erasure-reason": "Asked to be forgotten on leaving",
        "erasure-confirm": " Member@Acme.test ",
        "erasure-submission": "e1",
        "erasure": "1",
    }
    response = client.post(url, form)
    assert (response.status_code, response["Location"]) == (302, url)
    erased = PrivacyRequest.objects.get(kind="erasure")
    assert (erased.person, erased.requested_by, erased.reason, erased.message) == (
        cast.member,
        cast.admin,
        "Asked to be forgotten on leaving",
        None,
    )
    assert erased.done_at == erased.requested_at
    cast.member.refresh_from_db()
    assert (is_erased(cast.member), cast.member.archived_at) == (True, erased.done_at)
    # The export link still open stops working.
    my_data = reverse("my-data", kwargs={"token": _token(link.message)})  # type: ignore[arg-type]
    assert Client().post(my_data).context["state"] == "expired"
    # Submitting again, or again with a fresh form, records and changes nothing.
    client.post(url, form)
    client.post(url, {**form, "erasure-submission": "e2"})
    again = request_erasure(
        person=cast.member,
        requested_by=cast.admin,
        reason="Twice",
        confirm="",
        now=timezone.now(),
    )
    assert again == erased
    assert PrivacyRequest.objects.filter(kind="erasure").count() == 1
    cast.member.refresh_from_db()
    assert cast.member.archived_at == erased.done_at
    page = client.get(url).content.decode()
    assert "This person's data was erased. Nothing of theirs is left" in page
    assert "erasure-confirm" not in page and "access-reason" not in page
    with pytest.raises(ValidationError):
        _ask(cast)


def test_an_admin_cannot_erase_themselves(cast: Cast) -> None:
    with pytest.raises(ValidationError) as refused:
        request_erasure(
            person=cast.admin,
            requested_by=cast.admin,
            reason="Leaving",
            confirm="admin@acme.test",
            now=timezone.now(),
        )
    assert refused.value.messages == ["You cannot erase your own data. Ask another admin."]
    assert (PrivacyRequest.objects.count(), is_erased(cast.admin)) == (0, False)


def test_admins_list_the_requests_newest_first_a_page_at_a_time(cast: Cast) -> None:
    now = timezone.now()
    for day in range(3):
        _ask(cast, reason=f"Day {day}", now=now - dt.timedelta(days=3 - day))
    request_erasure(
        person=cast.colleague_elsewhere,
        requested_by=cast.admin,
        reason="Left the company",
        confirm="it@acme.test",
        now=now,
    )
    client = cast.client_for(cast.admin)
    url = reverse("practice:privacy-requests", kwargs={"org": "acme"})
    page = client.get(url)
    assert [r.reason for r in page.context["page"]] == [
        "Left the company",
        "Day 2",
        "Day 1",
        "Day 0",
    ]
    assert "Erased on" in page.content.decode()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for day in range(3, 60):
        _ask(cast, reason=f"Day {day}", now=now - dt.timedelta(days=100 - day))
    with CaptureQueriesContext(connection) as many:
        first = client.get(url)
    assert len(many) == len(few)
    assert len(first.context["page"]) == 50
    second = client.get(url, {"page": 2})
    assert [r.reason for r in second.context["page"]][-3:] == ["Day 5", "Day 4", "Day 3"]
    assert len(second.context["page"]) == 11


def test_a_persons_page_shows_their_requests_to_admins_only(cast: Cast) -> None:
    found = _ask(cast, reason="Asked by phone")
    url = reverse("people:person", kwargs={"org": "acme", "pk": cast.member.pk})
    admin = cast.client_for(cast.admin).get(url)
    assert list(admin.context["requests"]) == [found]
    assert "Asked by phone" in admin.content.decode()
    leader = cast.client_for(cast.leader).get(url)  # the member is in the leader's subtree
    assert (leader.status_code, leader.context["requests"]) == (200, None)
    assert "Asked by phone" not in leader.content.decode()
    assert "Privacy requests" not in leader.content.decode()


@pytest.mark.parametrize("who", ["leader", "member", "outsider"])
def test_nobody_but_the_organisations_admins_reaches_privacy_requests(cast: Cast, who: str) -> None:
    _ask(cast, reason="Asked by phone")
    client = cast.client_for(getattr(cast, who))
    urls = [reverse("practice:privacy-requests", kwargs={"org": "acme"}), _privacy_url(cast.member)]
    if who == "outsider":  # their own organisation's address with Acme's person
        urls.append(reverse("practice:privacy", kwargs={"org": "globex", "pk": cast.member.pk}))
    form = {
        "access-reason": "Hacked",
        "access": "1",
        "erasure-reason": "Hacked",
        "erasure-confirm": "member@acme.test",
        "erasure": "1",
    }
    for url in urls:
        for response in (client.get(url), client.post(url, form)):
            assert response.status_code == 404, url
            assert b"Asked by phone" not in response.content
    cast.member.refresh_from_db()
    assert (PrivacyRequest.objects.count(), Message.objects.count()) == (1, 1)
    assert is_erased(cast.member) is False
