"""Waves stored before reminders were counted per wave keep their count and lose the traces."""

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from genuinecare.outbox.models import Message
from genuinecare.surveys.models import Invitation, InvitationLink, Wave

BEFORE = [
    ("surveys", "0002_contact_imports_become_uploads"),
    ("outbox", "0001_initial"),
]
OPENS = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def _old_wave(old: Any, organisation: Any, *, mode: str) -> Any:
    version, _ = old.get_model("catalog", "CatalogVersion").objects.get_or_create(
        catalog_id="care", content_hash="x", defaults={"version": 1, "piece": "care", "content": {}}
    )
    return old.get_model("surveys", "Wave").objects.create(
        organisation=organisation,
        title=mode,
        audience="employees",
        catalog_version=version,
        mode=mode,
        threshold=3,
        comment_threshold=3,
        opens_at=OPENS,
        closes_at=OPENS + dt.timedelta(days=10),
        invited_at=OPENS,
        reminder_days=[2, 5],
        message_en="Hi",
        message_de="Hallo",
    )


@pytest.mark.django_db(transaction=True)
def test_counts_move_to_the_wave_and_used_links_and_sent_reminders_forget_whose() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organisation = old.get_model("people", "Organisation").objects.create(name="Acme", slug="acme")
    Invitation_ = old.get_model("surveys", "Invitation")
    Link, Message_ = old.get_model("surveys", "InvitationLink"), old.get_model("outbox", "Message")
    waves = {
        mode: _old_wave(old, organisation, mode=mode) for mode in ("anonymous", "confidential")
    }
    for mode, wave in waves.items():
        for name, used, reminders in (("early", True, 0), ("late", True, 1), ("never", False, 2)):
            invitation = Invitation_.objects.create(
                wave=wave,
                email=f"{name}-{mode}@acme.test",
                language="en",
                used_on=OPENS.date() if used else None,
                reminders_sent=reminders,
            )
            for n in range(reminders + 1):
                Link.objects.create(invitation=invitation, token_hash=f"{mode}-{name}-{n}")
                Message_.objects.create(
                    organisation=None if n else organisation,
                    kind="survey-reminder" if n else "survey-invitation",
                    to_email=invitation.email,
                    subject="Reminder",
                    body="",
                    status="sent" if n < 2 else "pending",
                    last_error="",
                    dedupe_key=f"pulse:{wave.pk}:{invitation.pk}:{n}",
                )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    anonymous, confidential = (Wave.objects.get(title=m) for m in ("anonymous", "confidential"))
    assert (anonymous.reminders_sent, confidential.reminders_sent) == (2, 2)
    attached = InvitationLink.objects.exclude(invitation=None).order_by("token_hash")
    assert list(attached.values_list("token_hash", "wave__title")) == [
        ("anonymous-never-0", "anonymous"),
        ("anonymous-never-1", "anonymous"),
        ("anonymous-never-2", "anonymous"),
        ("confidential-early-0", "confidential"),
        ("confidential-late-0", "confidential"),
        ("confidential-late-1", "confidential"),
        ("confidential-never-0", "confidential"),
        ("confidential-never-1", "confidential"),
        ("confidential-never-2", "confidential"),
    ]
    detached = InvitationLink.objects.filter(invitation=None).order_by("token_hash")
    assert list(detached.values_list("token_hash", "wave__title")) == [
        ("anonymous-early-0", "anonymous"),
        ("anonymous-late-0", "anonymous"),
        ("anonymous-late-1", "anonymous"),
    ]
    sent = Message.objects.filter(kind="survey-reminder").order_by("status", "pk")
    assert (
        list(sent.values_list("status", "to_email", "subject", "forget_recipient"))
        == [
            ("pending", "never-anonymous@acme.test", "Reminder", True),
            ("pending", "never-confidential@acme.test", "Reminder", True),
        ]
        + [("sent", "", "", True)] * 4
    )
    keys = sorted(key or "" for key in sent.values_list("dedupe_key", flat=True))
    pattern = rf"pulse:({anonymous.pk}|{confidential.pk}):reminder:[0-9a-f]{{32}}"
    assert [k for k in keys if not re.fullmatch(pattern, k)] == []
    assert [k.split(":")[1] for k in keys].count(str(anonymous.pk)) == 3
    invitations = Message.objects.filter(kind="survey-invitation").order_by("to_email")
    assert list(invitations.values_list("to_email", "dedupe_key", "forget_recipient")) == [
        (
            f"{name}-{mode}@acme.test",
            f"pulse:{wave.pk}:{Invitation.objects.get(email=f'{name}-{mode}@acme.test').pk}:0",
            False,
        )
        for name in ("early", "late", "never")
        for mode, wave in (("anonymous", anonymous), ("confidential", confidential))
    ]
    assert not any(f.name == "reminders_sent" for f in Invitation._meta.get_fields())
