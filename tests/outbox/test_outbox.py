from collections.abc import Sequence
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from genuinecare.outbox.actions import (
    claim_batch,
    drain,
    enqueue,
    enqueue_template,
    fail_stale_messages,
    retry_message,
    send_batch,
)
from genuinecare.outbox.models import Message, Status
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


class RefusingMailServer(BaseEmailBackend):
    """Stands in for a mail server that is down."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ConnectionRefusedError("mail server down")


def queue(n: int, **extra: Any) -> list[Message]:
    return [
        enqueue(to=f"r{i}@example.org", subject=f"S{i}", body="Hello", kind="test", **extra)
        for i in range(n)
    ]


def test_drain_sends_each_message_once_and_records_it() -> None:
    queue(3)
    assert drain(worker="w1") == {"sent": 3, "failed": 0}
    assert drain(worker="w1") == {"sent": 0, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "r0@example.org",
        "r1@example.org",
        "r2@example.org",
    ]
    assert set(Message.objects.values_list("status", flat=True)) == {Status.SENT}


def test_dedupe_key_queues_a_message_only_once() -> None:
    first = enqueue(
        to="a@example.org", subject="Digest", body="x", kind="digest", dedupe_key="d:1:2026-W47"
    )
    second = enqueue(
        to="a@example.org", subject="Digest", body="y", kind="digest", dedupe_key="d:1:2026-W47"
    )
    assert first.pk == second.pk and Message.objects.count() == 1


def test_two_workers_never_claim_the_same_message() -> None:
    queue(5)
    first = claim_batch(worker="w1", size=3)
    second = claim_batch(worker="w2", size=10)
    assert len(first) == 3 and len(second) == 2
    assert not {m.pk for m in first} & {m.pk for m in second}
    assert claim_batch(worker="w3", size=10) == []


def test_failing_mail_server_is_retried_with_back_off(settings: Settings) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingMailServer"}}
    [message] = queue(1)
    before = timezone.now()
    assert drain(worker="w1") == {"sent": 0, "failed": 1}
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.PENDING, 1)
    assert "mail server down" in message.last_error
    assert message.next_attempt_at >= before + timedelta(minutes=1)
    # Not due yet: a second round does not hammer the server.
    assert drain(worker="w1") == {"sent": 0, "failed": 0}


def test_message_gives_up_after_the_last_attempt(settings: Settings) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingMailServer"}}
    [message] = queue(1)
    Message.objects.filter(pk=message.pk).update(attempts=5)
    send_batch(claim_batch(worker="w1", size=1))
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.FAILED, 6)


def test_killed_worker_leaves_no_double_send() -> None:
    [message] = queue(1)
    claim_batch(worker="killed", size=1)  # the worker dies before sending
    Message.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    assert fail_stale_messages() == 1
    assert drain(worker="w2") == {"sent": 0, "failed": 0}
    message.refresh_from_db()
    assert message.status == Status.FAILED and "check whether it arrived" in message.last_error
    assert mail.outbox == []


def test_single_use_links_are_blanked_after_sending() -> None:
    [message] = queue(1, scrub_after_send=True)
    drain(worker="w1")
    message.refresh_from_db()
    assert message.body == "" and mail.outbox[0].body == "Hello"


FORGOTTEN = ("", "", "", "")


def _kept(message: Message) -> tuple[str, str, str, str]:
    message.refresh_from_db()
    return (message.to_email, message.subject, message.body, message.last_error)


class RefusingRecipient(BaseEmailBackend):
    """Stands in for a mail server whose refusal quotes the address."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        raise ValueError(f"550 <{email_messages[0].to[0]}>: mailbox unavailable")


def test_a_message_that_forgets_its_recipient_keeps_none_once_sent() -> None:
    [message] = queue(1, forget_recipient=True, scrub_after_send=True)
    assert drain(worker="w1") == {"sent": 1, "failed": 0}
    assert _kept(message) == FORGOTTEN
    assert (message.status, message.kind, message.attempts) == (Status.SENT, "test", 1)
    assert message.sent_at is not None
    assert (mail.outbox[0].to, mail.outbox[0].subject, mail.outbox[0].body) == (
        ["r0@example.org"],
        "S0",
        "Hello",
    )
    [other] = queue(1)
    drain(worker="w1")
    assert _kept(other) == ("r0@example.org", "S0", "Hello", "")


def test_a_forgetting_message_keeps_the_error_type_only_and_forgets_when_given_up(
    settings: Settings,
) -> None:
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.RefusingRecipient"}}
    [message] = queue(1, forget_recipient=True)
    drain(worker="w1")
    assert _kept(message) == ("r0@example.org", "S0", "Hello", "ValueError")
    assert message.status == Status.PENDING
    Message.objects.filter(pk=message.pk).update(attempts=5, next_attempt_at=timezone.now())
    drain(worker="w1")
    assert _kept(message) == FORGOTTEN
    assert (message.status, message.attempts) == (Status.FAILED, 6)
    assert retry_message(message=message).status == Status.FAILED  # nobody left to send to
    [plain] = queue(1)
    drain(worker="w1")
    assert _kept(plain)[3] == "ValueError: 550 <r0@example.org>: mailbox unavailable"


def test_a_forgetting_message_left_sending_by_a_killed_worker_forgets_too() -> None:
    [forgetting] = queue(1, forget_recipient=True)
    [plain] = queue(1)
    claim_batch(worker="killed", size=2)
    Message.objects.update(claimed_at=timezone.now() - timedelta(hours=1))
    assert fail_stale_messages() == 2
    stopped = "The worker stopped while sending; check whether it arrived before resending."
    assert _kept(forgetting) == ("", "", "", stopped)
    assert _kept(plain) == ("r0@example.org", "S0", "Hello", stopped)
    assert {forgetting.status, plain.status} == {Status.FAILED}


def test_template_is_rendered_in_the_recipients_language(
    settings: Settings, tmp_path: pytest.TempPathFactory
) -> None:
    folder = tmp_path / "mails"  # type: ignore[operator]
    folder.mkdir()
    (folder / "hello_subject.txt").write_text('{% load i18n %}{% translate "Outbox" %}')
    (folder / "hello.txt").write_text('{% load i18n %}{% translate "Sent" %}, {{ name }}')
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [folder, *engine["DIRS"]]}]
    message = enqueue_template(
        template="hello", context={"name": "Zoë"}, language="de", to="a@example.org", kind="t"
    )
    assert (message.subject, message.body) == ("Postausgang", "Gesendet, Zoë")


def test_outbox_page_shows_own_messages_only(cast: Cast) -> None:
    enqueue(
        to="mine@acme.test", subject="Ours", body="x", kind="test", organisation=cast.organisation
    )
    enqueue(
        to="theirs@globex.test",
        subject="Theirs",
        body="x",
        kind="test",
        organisation=cast.outsider.organisation,
    )
    page = cast.client_for(cast.admin).get(reverse("outbox:outbox", kwargs={"org": "acme"}))
    assert (
        "mine@acme.test" in page.content.decode()
        and "theirs@globex.test" not in page.content.decode()
    )


def test_outbox_pages_are_closed_to_outsiders_and_non_admins(cast: Cast) -> None:
    message = enqueue(
        to="mine@acme.test", subject="Ours", body="x", kind="t", organisation=cast.organisation
    )
    Message.objects.filter(pk=message.pk).update(status=Status.FAILED)
    page = reverse("outbox:outbox", kwargs={"org": "acme"})
    retry = reverse("outbox:retry", kwargs={"org": "acme", "pk": message.pk})
    for person in (cast.outsider, cast.leader, cast.member):
        client = cast.client_for(person)
        assert client.get(page).status_code == 404
        assert client.post(retry).status_code == 404
    message.refresh_from_db()
    assert message.status == Status.FAILED
    cast.client_for(cast.admin).post(retry)
    message.refresh_from_db()
    assert message.status == Status.PENDING


def test_a_stopped_send_is_explained_in_the_admins_language(cast: Cast) -> None:
    [message] = queue(1, organisation=cast.organisation)
    claim_batch(worker="killed", size=1)
    Message.objects.filter(pk=message.pk).update(claimed_at=timezone.now() - timedelta(hours=1))
    fail_stale_messages()
    cast.admin.user.language = "de"
    cast.admin.user.save()
    page = cast.client_for(cast.admin).get(reverse("outbox:outbox", kwargs={"org": "acme"}))
    assert "prüfen Sie, ob die Nachricht angekommen ist" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_workers_claiming_at_once_split_the_queue() -> None:
    import threading

    from django.db import connections

    queue(20)
    barrier = threading.Barrier(2)
    claimed: dict[str, list[int]] = {}

    def work(name: str) -> None:
        try:
            barrier.wait(timeout=10)
            claimed[name] = [m.pk for m in claim_batch(worker=name, size=15)]
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(name,)) for name in ("w1", "w2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not set(claimed["w1"]) & set(claimed["w2"])
    assert len(claimed["w1"]) + len(claimed["w2"]) == 20
