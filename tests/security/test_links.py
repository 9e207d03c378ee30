"""Promise 4: public links. Single use, unguessable, stored as a hash only, kind pages for
used, closed and unknown links, CSRF intact, and no open redirects."""

import hashlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from genuinecare.lib.logs import RedactingAccessLogger, redact
from genuinecare.lib.tokens import new_token
from genuinecare.outbox.actions import drain
from genuinecare.outbox.models import Message
from genuinecare.practice.felt.followups import request_follow_ups
from genuinecare.practice.models import FollowUp
from genuinecare.practice.privacy_requests import request_access
from genuinecare.surveys.actions import close_wave
from genuinecare.surveys.models import InvitationLink
from genuinecare.surveys.submission import questionnaire_of
from tests.conftest import Cast
from tests.factories import PASSWORD, account, invite, log, make_wave, page_post

pytestmark = pytest.mark.django_db


def _stored_text() -> str:
    """Every text value in the database, to search for a token."""
    found = []
    for model in apps.get_models():
        names = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model._default_manager.values_list(*names):
            found += [str(value) for value in row]
    return "\n".join(found)


def test_tokens_are_long_random_and_stored_only_as_their_hash(cast: Cast) -> None:
    tokens = {new_token()[0] for _ in range(50)}
    assert len(tokens) == 50 and min(len(t) for t in tokens) >= 43  # 256 bits
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="x@acme.test")
    assert InvitationLink.objects.filter(
        token_hash=hashlib.sha256(token.encode()).hexdigest()
    ).exists()
    supplier = account(cast.organisation, "Parts AG", type="supplier", contact_email="p@parts.test")
    request_follow_ups(action=log(cast.leader, "supplier_update", [supplier], timezone.now()))
    request_access(person=cast.member, requested_by=cast.admin, reason="Asked", now=timezone.now())
    bodies = list(Message.objects.values_list("body", flat=True))
    sent_tokens = [line.rsplit("/", 2)[-2] for b in bodies for line in b.split() if "://" in line]
    assert len(sent_tokens) == Message.objects.count() >= 3
    drain(worker="test")
    assert set(Message.objects.values_list("body", flat=True)) == {""}  # scrubbed once sent
    stored = _stored_text()
    assert [t for t in [token, *sent_tokens] if t in stored] == []


def test_survey_links_have_a_kind_page_for_every_state(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="x@acme.test")
    _, other = invite(wave, unit=cast.it, email="y@acme.test")
    client = Client()
    unknown = client.get(reverse("respond", kwargs={"token": "not-a-real-token"}))
    assert (unknown.status_code, unknown.context["state"]) == (404, "unknown")
    last = len(questionnaire_of(wave).pages)
    client.post(reverse("respond-submit", kwargs={"token": token}), page_post(wave, last))
    for name, kwargs in (("respond", {}), ("respond-page", {"page": 1})):
        used = client.get(reverse(name, kwargs={"token": token, **kwargs}))
        assert (used.status_code, used.context["state"]) == (200, "used")
    second = client.post(reverse("respond-submit", kwargs={"token": token}), page_post(wave, last))
    assert second.context["state"] == "used"
    assert wave.responses.count() == 1
    close_wave(wave=wave)
    closed = client.get(reverse("respond", kwargs={"token": other}))
    assert (closed.status_code, closed.context["state"]) == (200, "closed")
    for page in (unknown, closed):  # nothing about other respondents
        assert b"y@acme.test" not in page.content and b"x@acme.test" not in page.content


def test_follow_up_links_answer_once_and_unknown_ones_get_a_kind_page(cast: Cast) -> None:
    supplier = account(cast.organisation, "Parts AG", type="supplier", contact_email="p@parts.test")
    request_follow_ups(action=log(cast.leader, "supplier_update", [supplier], timezone.now()))
    body = Message.objects.get(kind="practice.follow_up").body
    token = next(w for w in body.split() if "/care-felt/" in w).rstrip("/").rsplit("/", 1)[-1]
    client = Client()
    url = reverse("follow-up", kwargs={"token": token})
    assert client.post(url, {"score": "4", "comment": "First"}).context["done"] is True
    client.post(url, {"score": "1", "comment": "Second"})
    assert list(FollowUp.objects.values_list("score", "comment")) == [(4, "First")]
    unknown = client.get(reverse("follow-up", kwargs={"token": "nope"}))
    assert (unknown.status_code, unknown.context["invalid"]) == (404, True)


PUBLIC_POSTS = [
    ("respond-save", True),
    ("respond-submit", True),
    ("follow-up", True),
    ("my-data", True),
    ("switch-language", False),
    ("account_login", False),
    ("account_reset_password", False),
]


@pytest.mark.parametrize(("name", "tokened"), PUBLIC_POSTS)
def test_public_forms_refuse_a_post_without_csrf_token(
    cast: Cast, name: str, tokened: bool
) -> None:
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="x@acme.test")
    url = reverse(name, kwargs={"token": token} if tokened else {})
    response = Client(enforce_csrf_checks=True).post(url, page_post(wave, 1))
    assert response.status_code == 403
    assert wave.invitations.get(email="x@acme.test").draft is None


FOREIGN = [
    "https://evil.example/",
    "//evil.example/",
    "///evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:evil.example",
    " https://evil.example/",
]


@pytest.mark.parametrize("target", FOREIGN)
def test_no_open_redirect_through_language_switch_or_sign_in(cast: Cast, target: str) -> None:
    switched = Client().post(reverse("switch-language"), {"language": "de", "next": target})
    assert switched["Location"] == "/"
    signed_in = Client().post(
        reverse("account_login") + "?next=" + target,
        {"login": cast.admin.email, "password": PASSWORD, "next": target},
    )
    assert signed_in["Location"] == reverse("home")


def test_password_reset_says_nothing_about_the_address_and_works_once(cast: Cast) -> None:
    client = Client()
    known = client.post(reverse("account_reset_password"), {"email": cast.leader.email})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@acme.test"})
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    drain(worker="test")
    [message] = mail.outbox
    link = next(
        line for line in message.body.splitlines() if "/accounts/password/reset/key/" in line
    )
    path = link[link.index("/accounts/") :]
    form = client.get(path, follow=True).redirect_chain[-1][0]
    new = "another-long-passphrase-42"
    client.post(form, {"password1": new, "password2": new})
    again = Client().get(path, follow=True)
    assert again.context["token_fail"] is True


def test_redaction_covers_every_kind_of_link() -> None:
    cases = {
        "GET /r/abcDEF-123_x/ HTTP/1.1": "GET /r/[link]/ HTTP/1.1",
        "/r/abc/3/": "/r/[link]/3/",
        "/r/thanks/?lang=de": "/r/thanks/?lang=de",
        "https://care.example/care-felt/tok3n/": "https://care.example/care-felt/[link]/",
        "POST /my-data/s3cr3t-T0k/ HTTP/1.1": "POST /my-data/[link]/ HTTP/1.1",
        "/accounts/password/reset/key/mq-c9x-0a1b2c/": "/accounts/password/reset/key/[link]/",
        "/accounts/password/reset/key/mq-set-password/": (
            "/accounts/password/reset/key/mq-set-password/"
        ),
        "/accounts/password/reset/key/done/": "/accounts/password/reset/key/done/",
        "/o/acme/pulse/3/": "/o/acme/pulse/3/",
    }
    assert {text: redact(text) for text in cases} == cases


def test_the_access_log_redacts_path_request_line_and_referrer() -> None:
    from gunicorn.config import Config

    class Request:
        method, path, query, uri, version = "POST", "/r/secret1/submit/", "", "", (1, 1)
        headers = [("REFERER", "https://care.example/r/secret1/2/")]

    class Answer:
        status, sent, headers = "302 Found", 0, list[tuple[str, str]]()

    environ = {
        "REQUEST_METHOD": "POST",
        "RAW_URI": "/r/secret1/submit/",
        "PATH_INFO": "/r/secret1/submit/",
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_REFERER": "https://care.example/r/secret1/2/",
    }
    atoms = RedactingAccessLogger(Config()).atoms(Answer(), Request(), environ, timedelta(0))
    assert "secret1" not in " ".join(str(v) for v in atoms.values())
    assert atoms["r"] == "POST /r/[link]/submit/ HTTP/1.1"


def _access_atoms(path: str, referrer: str = "") -> dict[str, object]:
    from gunicorn.config import Config

    headers = [("USER-AGENT", "Firefox/140"), ("X-FORWARDED-FOR", "203.0.113.7")]
    if referrer:
        headers.append(("REFERER", referrer))

    class Request:
        method, query, uri, version = "GET", "", "", (1, 1)

    Request.path, Request.headers = path, headers  # type: ignore[attr-defined]

    class Answer:
        status, sent, headers = "200 OK", 0, [("Set-Cookie", "csrftoken=abc")]

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "198.51.100.4",
        "HTTP_USER_AGENT": "Firefox/140",
        "HTTP_X_FORWARDED_FOR": "203.0.113.7",
        **({"HTTP_REFERER": referrer} if referrer else {}),
    }
    return RedactingAccessLogger(Config()).atoms(Answer(), Request(), environ, timedelta(0))


@pytest.mark.parametrize(
    ("path", "referrer"),
    [
        ("/r/secret1/submit/", ""),
        ("/r/thanks/", "https://care.example/r/secret1/9/"),
        ("/static/surveys/respond.js", "https://care.example/r/secret1/2/"),
    ],
)
def test_the_access_log_does_not_say_who_answered_when(path: str, referrer: str) -> None:
    atoms = _access_atoms(path, referrer)
    logged = " ".join(str(v) for v in atoms.values())
    assert [a for a in ("198.51.100.4", "203.0.113.7", "Firefox", "csrftoken") if a in logged] == []
    assert (atoms["h"], atoms["a"], atoms["{user-agent}i"], atoms["{remote_addr}e"]) == ("-",) * 4
    assert atoms["r"] == f"GET {redact(path)} HTTP/1.1" and atoms["s"] == "200"


def test_the_access_log_keeps_the_client_of_other_pages() -> None:
    atoms = _access_atoms("/o/acme/pulse/", "https://care.example/o/acme/")
    assert (atoms["h"], atoms["a"], atoms["{x-forwarded-for}i"]) == (
        "198.51.100.4",
        "Firefox/140",
        "203.0.113.7",
    )
