"""The journey's nudges by stage ride on the weekly digest: one a week, within its cap."""

import datetime as dt

import pytest
from django.utils import timezone

from genuinecare.journey.enums import FocusSource, FocusState, NudgeKind, StepStatus
from genuinecare.journey.models import CheckIn, Expectation, Focus, Journey, JourneyNudge, Step
from genuinecare.journey.nudges import due_nudge
from genuinecare.outbox.models import Message
from genuinecare.practice.actions import ensure_practice
from genuinecare.practice.models import Digest
from genuinecare.practice.tasks import queue_digest, run_due
from genuinecare.surveys.actions import close_wave
from genuinecare.surveys.models import Wave
from tests.conftest import Cast
from tests.factories import answer, make_wave, person_stakeholder

pytestmark = pytest.mark.django_db


def _now() -> dt.datetime:
    return timezone.now()


def _closed_wave(cast: Cast, *, answers: int) -> Wave:
    """A felt-care wave (k=3), closed, in which DACH (under the leader's Sales) answered."""
    wave = make_wave(cast.admin, title="Autumn pulse")
    for _ in range(answers):
        answer(wave, unit=cast.sales_dach, value=4)
    return close_wave(wave=wave)


def _focus(journey: Journey) -> Focus:
    return Focus.objects.create(
        journey=journey,
        source=FocusSource.FELT,
        key="care:heard",
        title="Heard",
        state=FocusState.ACCEPTED,
    )


def _kind(cast: Cast) -> NudgeKind | None:
    found = due_nudge(leader=cast.leader, now=_now())
    return None if found is None else found.kind


def _digest_body(cast: Cast) -> str:
    message = Message.objects.filter(kind="practice.digest", to_email=cast.leader.email).latest(
        "pk"
    )
    return message.body


def test_closed_results_nudge_the_leader_only_when_their_group_is_released(cast: Cast) -> None:
    _closed_wave(cast, answers=2)  # below k=3: Sales is not shown
    assert _kind(cast) is None
    wave = _closed_wave(cast, answers=3)
    found = due_nudge(leader=cast.leader, now=_now())
    assert found is not None and found.kind == NudgeKind.RESULTS_UNSEEN
    assert found.subject == "Autumn pulse" and str(wave.pk) in found.link
    # the IT leader's unit answered nothing: no nudge for them
    cast.colleague_elsewhere.role = "leader"
    cast.colleague_elsewhere.save()
    assert due_nudge(leader=cast.colleague_elsewhere, now=_now()) is None


def test_a_wave_still_open_nudges_nobody(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    for _ in range(3):
        answer(wave, unit=cast.sales_dach, value=4)
    assert _kind(cast) is None


def test_a_journey_started_after_the_wave_closed_means_the_results_were_taken_up(
    cast: Cast, journey: Journey
) -> None:
    wave = _closed_wave(cast, answers=3)
    Wave.objects.filter(pk=wave.pk).update(closed_at=journey.started_at - dt.timedelta(days=1))
    assert _kind(cast) == NudgeKind.NO_FOCUS  # the next stage, not the results
    Wave.objects.filter(pk=wave.pk).update(closed_at=_now())  # closed while it is under way
    assert _kind(cast) == NudgeKind.NO_FOCUS
    Journey.objects.filter(pk=journey.pk).update(status="closed")
    assert _kind(cast) == NudgeKind.RESULTS_UNSEEN  # closed after that journey began


def test_each_stage_of_a_journey_in_turn(cast: Cast, journey: Journey) -> None:
    now = _now()
    assert _kind(cast) == NudgeKind.NO_FOCUS
    focus = _focus(journey)
    assert _kind(cast) is None  # a focus and nothing else: nothing to nudge

    step = Step.objects.create(journey=journey, focus=focus, title="Weekly listening hour")
    Step.objects.filter(pk=step.pk).update(status=StepStatus.IN_PROGRESS)
    Journey.objects.filter(pk=journey.pk).update(started_at=now - dt.timedelta(days=40))
    check_in = CheckIn.objects.create(
        step=step, author=cast.leader, status=StepStatus.IN_PROGRESS, health="on_track"
    )
    CheckIn.objects.filter(pk=check_in.pk).update(at=now - dt.timedelta(days=31))
    found = due_nudge(leader=cast.leader, now=now)
    assert found is not None and found.kind == NudgeKind.NO_CHECK_IN
    CheckIn.objects.filter(pk=check_in.pk).update(at=now - dt.timedelta(days=29))
    assert _kind(cast) is None

    Step.objects.filter(pk=step.pk).update(due_on=now.date() - dt.timedelta(days=4))
    found = due_nudge(leader=cast.leader, now=now)
    assert found is not None and found.kind == NudgeKind.STEP_OVERDUE
    assert found.subject == "Weekly listening hour" and found.days_overdue in (4, 5)
    Step.objects.filter(pk=step.pk).update(status=StepStatus.DONE)
    assert _kind(cast) is None

    promise = Expectation.objects.create(
        journey=journey,
        what="Answer every proposal within a week",
        due_on=now.date() + dt.timedelta(days=3),
        noticed_by="They hear back",
    )
    found = due_nudge(leader=cast.leader, now=now)
    assert found is not None and found.kind == NudgeKind.EXPECTATION_DUE
    assert found.subject == "Answer every proposal within a week"
    Expectation.objects.filter(pk=promise.pk).update(leader_view="kept")
    assert _kind(cast) is None


def test_the_digest_carries_one_journey_nudge_a_week_across_two_runs(
    cast: Cast, journey: Journey
) -> None:
    now = _now()
    run_due(now=now)
    run_due(now=now + dt.timedelta(minutes=5))  # another round in the same week
    assert JourneyNudge.objects.filter(person=cast.leader).count() == 1
    nudge = JourneyNudge.objects.get(person=cast.leader)
    assert nudge.kind == NudgeKind.NO_FOCUS
    assert "Customers first" in _digest_body(cast)
    assert "has no focus area yet" in _digest_body(cast)
    # the same week asked again, directly: nothing new is written
    assert queue_digest(leader=cast.leader, now=now) is None
    assert JourneyNudge.objects.filter(person=cast.leader).count() == 1
    run_due(now=now + dt.timedelta(days=7))
    assert JourneyNudge.objects.filter(person=cast.leader).count() == 2


def test_the_journey_nudge_counts_within_the_organisations_cap(
    cast: Cast, journey: Journey
) -> None:
    person_stakeholder(cast.leader, cast.member)  # a care map nudge: never met yet
    settings = ensure_practice(organisation=cast.organisation)
    settings.nudge_cap = 1
    settings.save()
    digest = queue_digest(leader=cast.leader, now=_now())
    assert digest is not None and digest.items == 1
    body = _digest_body(cast)
    assert "has no focus area yet" in body
    assert cast.member.name not in body  # the care map's item did not fit
    assert "more item" in body


def test_a_cap_of_nothing_writes_no_journey_nudge(cast: Cast, journey: Journey) -> None:
    settings = ensure_practice(organisation=cast.organisation)
    settings.nudge_cap = 0
    settings.save()
    digest = queue_digest(leader=cast.leader, now=_now())
    assert digest is not None and digest.items == 0
    assert not JourneyNudge.objects.exists()


def test_the_nudge_speaks_the_leaders_language(cast: Cast, journey: Journey) -> None:
    cast.leader.language = "de"
    cast.leader.save()
    queue_digest(leader=cast.leader, now=_now())
    assert "noch keinen Schwerpunkt" in _digest_body(cast)


def test_a_leader_who_cannot_sign_in_gets_no_journey_nudge(cast: Cast, journey: Journey) -> None:
    assert cast.leader.user is not None
    cast.leader.user.is_active = False
    cast.leader.user.save()
    digest = queue_digest(leader=cast.leader, now=_now())
    assert digest is not None and digest.items == 0
    assert not JourneyNudge.objects.exists()
    assert not Message.objects.filter(kind="practice.digest").exists()
    assert Digest.objects.filter(leader=cast.leader).count() == 1


def test_the_nudge_is_written_only_with_the_digest(cast: Cast, journey: Journey) -> None:
    """Another worker recorded this week's digest first: no journey nudge of ours is kept."""
    from genuinecare.practice.cadences.cadence import next_digest_week
    from genuinecare.practice.cadences.due import zone

    now = _now()
    Digest.objects.create(leader=cast.leader, week=next_digest_week(now=now, tz=zone()))
    assert queue_digest(leader=cast.leader, now=now) is None
    assert not JourneyNudge.objects.exists()
    assert not Message.objects.filter(kind="practice.digest").exists()
