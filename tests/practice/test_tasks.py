"""The weekly digest: one message per leader and ISO week, in the leader's language."""

import datetime as dt

import pytest
from django.core import mail

from genuinecare.outbox.actions import drain
from genuinecare.outbox.models import Message
from genuinecare.practice.models import Digest
from genuinecare.practice.tasks import queue_digest, run_due
from tests.conftest import Cast
from tests.factories import person_stakeholder

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 11, 16, 7, 0, tzinfo=dt.UTC)


def test_two_workers_send_one_digest_per_leader_and_week(cast: Cast) -> None:
    person_stakeholder(cast.leader, cast.member)
    cast.leader.language = "de"
    cast.leader.save()
    first = run_due(now=MONDAY)
    second = run_due(now=MONDAY + dt.timedelta(days=3))  # another worker, same week
    assert (first, second) == (3, 0)  # the leader, the admin, the outsider (own org)
    assert queue_digest(leader=cast.leader, now=MONDAY + dt.timedelta(days=1)) is None
    digests = Message.objects.filter(kind="practice.digest")
    assert digests.count() == 3
    assert drain(worker="a")["sent"] == 3
    assert drain(worker="b")["sent"] == 0
    german = [m for m in mail.outbox if m.to == ["leader@acme.test"]]
    assert len(german) == 1
    assert "Ihre Fürsorge diese Woche (2026-W47)" in german[0].subject
    assert cast.member.name in german[0].body
    assert run_due(now=MONDAY + dt.timedelta(days=7)) == 3  # next week, next digest
    assert list(Digest.objects.order_by("week").values_list("week", flat=True).distinct()) == [
        "2026-W47",
        "2026-W48",
    ]


def test_nothing_due_means_no_message_but_the_week_is_recorded(cast: Cast) -> None:
    from genuinecare.practice import actions
    from genuinecare.practice.models import CadenceRule, CareKind

    actions.ensure_practice(organisation=cast.organisation)
    for kind in CareKind.objects.filter(organisation=cast.organisation):
        for circle, target in (
            ("individual", "stakeholder"),
            ("customer", "leader"),
            ("supplier", "impact"),
        ):
            CadenceRule.objects.create(
                organisation=cast.organisation,
                kind=kind,
                circle=circle,
                target=target,
                mode="interval",
                ideal_days=1,
                max_days=1,
                active=False,
            )
    digest = queue_digest(leader=cast.leader, now=MONDAY)
    assert digest is not None and digest.items == 0
    assert not Message.objects.filter(kind="practice.digest").exists()


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_workers_queue_each_digest_once(cast: Cast) -> None:
    import threading

    from django.db import connection

    person_stakeholder(cast.leader, cast.member)
    barrier = threading.Barrier(2)
    recorded: list[int] = []

    def worker() -> None:
        try:
            barrier.wait()
            recorded.append(run_due(now=MONDAY))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(recorded) == 3
    assert Digest.objects.count() == 3
    assert Message.objects.filter(kind="practice.digest").count() == 3


def test_the_worker_purges_old_notes_once_a_day_and_keeps_younger_ones(cast: Cast) -> None:
    from genuinecare.practice.models import CareAction, NotePurge, PracticeSettings
    from genuinecare.practice.tasks import purge_notes_daily
    from tests.factories import account, log

    customer = account(cast.organisation, "Acme Retail")
    PracticeSettings.objects.filter(organisation=cast.organisation).update(note_retention_days=30)
    log(cast.leader, "customer_visit", [customer], MONDAY - dt.timedelta(days=31), note="old")
    young = MONDAY - dt.timedelta(days=30, hours=-2)  # 30 days old at 09:00 UTC
    log(cast.leader, "customer_visit", [customer], young, note="young")
    run_due(now=MONDAY)

    def notes() -> list[str]:
        return list(CareAction.objects.order_by("happened_at").values_list("note", flat=True))

    assert notes() == ["", "young"]
    # Later the same day (another round, another worker): the purge does not run again,
    # so the note that has just come of age waits for tomorrow.
    evening = MONDAY + dt.timedelta(hours=15)  # 23:00 in Berlin, still Monday
    assert purge_notes_daily(now=evening) is None
    run_due(now=evening)
    assert notes() == ["", "young"]
    assert purge_notes_daily(now=MONDAY + dt.timedelta(days=1)) == 1
    assert notes() == ["", ""]
    assert list(NotePurge.objects.order_by("day").values_list("day", "removed")) == [
        (dt.date(2026, 11, 16), 1),
        (dt.date(2026, 11, 17), 1),
    ]


def test_a_german_leaders_digest_names_a_leader_wide_nudge_once_in_german(cast: Cast) -> None:
    cast.leader.language = "de"
    cast.leader.save()
    run_due(now=MONDAY)
    drain(worker="a")
    [german] = [m for m in mail.outbox if m.to == ["leader@acme.test"]]
    assert german.body.count("Kundenbesuch") == 1
    assert "Customer visit" not in german.body
    assert "sales call" not in german.body


def test_the_digest_job_reads_each_organisations_nudge_cap_once(cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from genuinecare.practice.actions import ensure_practice

    for organisation in (cast.organisation, cast.outsider.organisation):
        ensure_practice(organisation=organisation)
    with CaptureQueriesContext(connection) as captured:
        assert run_due(now=MONDAY) == 3  # two leaders of one organisation, one of another
    reads = [
        q["sql"]
        for q in captured
        if 'WHERE "practice_practicesettings"."organisation_id" =' in q["sql"]
    ]
    assert len(reads) == 2
