"""The one way Genuine Care sends e-mail: record it here, ``care worker`` sends it.

A message is written in the same transaction as whatever caused it, so a
rolled-back action sends nothing. Workers claim messages with
``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL (SQLite serialises writers),
mark them *sending* before the mail server is called and *sent* after, so a
message is sent at most once even with several workers or a worker killed
mid-batch. A message left *sending* by a killed worker is reported as failed
for a person to check, never re-sent blindly. A message queued with
``forget_recipient`` keeps no address, subject, text or error once it is sent
or has failed for good, and records only the type of a failure meanwhile.
"""

import os
import socket
import uuid
from collections import Counter
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.core.mail import EmailMessage, mailers
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from genuinecare.outbox.models import Message, Status
from genuinecare.people.models import Organisation

BACKOFF_MINUTES = (1, 5, 30, 120, 720)
MAX_ATTEMPTS = len(BACKOFF_MINUTES) + 1
STALE_AFTER = timedelta(minutes=15)
# Stored in English, shown translated on the outbox page.
STOPPED_WHILE_SENDING = gettext_noop(
    "The worker stopped while sending; check whether it arrived before resending."
)


def enqueue(
    *,
    to: str,
    subject: str,
    body: str,
    kind: str,
    organisation: Organisation | None = None,
    dedupe_key: str | None = None,
    scrub_after_send: bool = False,
    forget_recipient: bool = False,
) -> Message:
    """Record a message for sending; with a ``dedupe_key`` the same message is never queued twice.

    Returns the queued message (the existing one if the key was used before).
    With ``forget_recipient`` the message forgets whom it was for once sent or
    failed (see the module docstring).
    """
    if dedupe_key is not None:
        existing = Message.objects.filter(dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            return Message.objects.create(
                organisation=organisation,
                to_email=to,
                subject=subject.strip()[:255],
                body=body,
                kind=kind,
                dedupe_key=dedupe_key,
                scrub_after_send=scrub_after_send,
                forget_recipient=forget_recipient,
            )
    except IntegrityError:
        # Another process queued the same key between our check and our insert.
        return Message.objects.get(dedupe_key=dedupe_key)


def enqueue_template(
    *, template: str, context: Mapping[str, Any], language: str, **options: Any
) -> Message:
    """Render ``<template>_subject.txt`` and ``<template>.txt`` in the recipient's language."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", dict(context)).strip()
        body = render_to_string(f"{template}.txt", dict(context))
    return enqueue(subject=subject, body=body, **options)


def worker_name() -> str:
    """A name for this worker process, unique across hosts and restarts, for claims."""
    return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


def claim_batch(*, worker: str, size: int) -> list[Message]:
    """Take up to ``size`` due messages for this worker alone."""
    now = timezone.now()
    with transaction.atomic():
        due = Message.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
        due = due.order_by("next_attempt_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True)
        ids = list(due.values_list("pk", flat=True)[:size])
        Message.objects.filter(pk__in=ids, status=Status.PENDING).update(
            status=Status.SENDING, claimed_by=worker, claimed_at=now
        )
    return list(Message.objects.filter(pk__in=ids, status=Status.SENDING, claimed_by=worker))


FORGOTTEN = {"to_email": "", "subject": "", "body": "", "last_error": ""}


def _forget(message: Message) -> list[str]:
    """Blank what says whom ``message`` was for; returns the fields to save."""
    for name, value in FORGOTTEN.items():
        setattr(message, name, value)
    return list(FORGOTTEN)


def _record_failure(message: Message, error: Exception) -> None:
    message.attempts += 1
    # A mail server's error text often quotes the address.
    described = "" if message.forget_recipient else f": {error}"
    message.last_error = f"{type(error).__name__}{described}"[:2000]
    fields = ["attempts", "last_error", "status", "next_attempt_at"]
    if message.attempts >= MAX_ATTEMPTS:
        message.status = Status.FAILED
        if message.forget_recipient:
            fields += _forget(message)
    else:
        message.status = Status.PENDING
        delay = BACKOFF_MINUTES[message.attempts - 1]
        message.next_attempt_at = timezone.now() + timedelta(minutes=delay)
    message.save(update_fields=fields)


def send_batch(messages: list[Message]) -> dict[str, int]:
    """Send claimed messages over one connection; returns counts sent and failed."""
    counts = {"sent": 0, "failed": 0}
    if not messages:
        return counts
    with mailers.default as mailer:
        for message in messages:
            mail = EmailMessage(message.subject, message.body, to=[message.to_email])
            try:
                mailer.send_messages([mail])
            except Exception as error:
                _record_failure(message, error)
                counts["failed"] += 1
                continue
            message.status = Status.SENT
            message.sent_at = timezone.now()
            message.attempts += 1
            fields = ["status", "sent_at", "attempts"]
            if message.forget_recipient:
                fields += _forget(message)
            elif message.scrub_after_send:
                message.body = ""
                fields.append("body")
            message.save(update_fields=fields)
            counts["sent"] += 1
    return counts


def fail_stale_messages() -> int:
    """Messages a killed worker left *sending*: mark failed so a person can check them."""
    cutoff = timezone.now() - STALE_AFTER
    stale = Message.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff)
    forgotten = stale.filter(forget_recipient=True).update(
        status=Status.FAILED, **{**FORGOTTEN, "last_error": STOPPED_WHILE_SENDING}
    )
    return forgotten + stale.update(status=Status.FAILED, last_error=STOPPED_WHILE_SENDING)


def drain(*, worker: str, batch_size: int = 50) -> dict[str, int]:
    """Send everything that is due now; returns total counts."""
    totals = Counter(sent=0, failed=0)
    fail_stale_messages()
    while batch := claim_batch(worker=worker, size=batch_size):
        totals.update(send_batch(batch))
    return dict(totals)


def retry_message(*, message: Message) -> Message:
    """Put a failed message back in the queue (an admin's decision).

    A message that forgot its recipient stays failed: it has nobody to go to.
    """
    if message.status == Status.FAILED and message.to_email:
        message.status = Status.PENDING
        message.next_attempt_at = timezone.now()
        message.attempts = 0
        message.save(update_fields=["status", "next_attempt_at", "attempts"])
    return message
