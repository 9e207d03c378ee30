"""The plan's verbs: steps, check-ins kept as history, what steps wait for, and refusals."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from genuinecare.journey import plan
from genuinecare.journey.enums import Health, JourneyStatus, StepStatus
from genuinecare.journey.models import CheckIn, Dependency, Journey, Step
from genuinecare.people.enums import Role
from tests.conftest import Cast
from tests.factories import PersonFactory

from .conftest import journey_of

pytestmark = pytest.mark.django_db


def step(journey: Journey, title: str, **kwargs: object) -> Step:
    return plan.add_step(journey=journey, leader=journey.leader, title=title, **kwargs)  # type: ignore[arg-type]


def test_a_step_keeps_what_the_leader_gave_it(cast: Cast, journey: Journey) -> None:
    made = plan.add_step(
        journey=journey,
        leader=cast.leader,
        title="  Listening hour  ",
        description="Every Friday",
        owners=[cast.member, cast.leader],
        due_on=dt.date(2027, 1, 15),
        lane="Listening",
        dimensions=["care:heard", "care:heard", "care:valued"],
        health=Health.NEEDS_ATTENTION,
    )
    made.refresh_from_db()
    assert (made.title, made.lane, made.status, made.health) == (
        "Listening hour",
        "Listening",
        StepStatus.NOT_STARTED,
        Health.NEEDS_ATTENTION,
    )
    assert made.dimensions == ["care:heard", "care:valued"]
    assert set(made.owners.all()) == {cast.member, cast.leader}


def test_owners_are_people_the_leader_may_see(cast: Cast, journey: Journey) -> None:
    with pytest.raises(ValidationError, match="people of your unit"):
        step(journey, "Ask IT", owners=[cast.colleague_elsewhere])
    with pytest.raises(ValidationError, match="felt-care"):
        step(journey, "Nowhere", dimensions=["care:nothing"])
    with pytest.raises(ValidationError, match="title"):
        step(journey, "   ")
    assert not Step.objects.exists()


def test_only_the_journeys_leader_changes_an_open_plan(cast: Cast, journey: Journey) -> None:
    with pytest.raises(ValidationError, match="Only the leader"):
        plan.add_step(journey=journey, leader=cast.admin, title="Mine now")
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.CLOSED)
    journey.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        step(journey, "Too late")
    assert not Step.objects.exists()


def test_check_ins_are_kept_and_done_sets_and_clears_done_at(cast: Cast, journey: Journey) -> None:
    listening = step(journey, "Listening hour")
    plan.check_in(step=listening, author=cast.leader, status="in_progress", health="on_track")
    plan.check_in(
        step=listening, author=cast.leader, status="done", health="on_track", note="All heard"
    )
    listening.refresh_from_db()
    assert listening.status == StepStatus.DONE and listening.done_at is not None
    first_done = listening.done_at
    plan.check_in(step=listening, author=cast.leader, status="done", health="at_risk")
    listening.refresh_from_db()
    assert listening.done_at == first_done  # still done since the first time
    assert listening.health == Health.AT_RISK
    plan.check_in(step=listening, author=cast.leader, status="in_progress", health="at_risk")
    listening.refresh_from_db()
    assert listening.status == StepStatus.IN_PROGRESS and listening.done_at is None
    history = list(CheckIn.objects.filter(step=listening).order_by("pk"))
    assert [(c.status, c.health) for c in history] == [
        ("in_progress", "on_track"),
        ("done", "on_track"),
        ("done", "at_risk"),
        ("in_progress", "at_risk"),
    ]
    assert history[1].note == "All heard"


def test_a_check_in_with_an_unknown_status_changes_nothing(cast: Cast, journey: Journey) -> None:
    listening = step(journey, "Listening hour")
    with pytest.raises(ValidationError):
        plan.check_in(step=listening, author=cast.leader, status="finished", health="on_track")
    with pytest.raises(ValidationError):
        plan.check_in(step=listening, author=cast.leader, status="done", health="great")
    listening.refresh_from_db()
    assert listening.status == StepStatus.NOT_STARTED
    assert not CheckIn.objects.exists()


def test_editing_status_or_health_is_recorded_as_a_check_in(cast: Cast, journey: Journey) -> None:
    listening = step(journey, "Listening hour")
    plan.edit_step(step=listening, leader=cast.leader, title="Listening hours", lane="Talk")
    assert not CheckIn.objects.exists()
    plan.edit_step(step=listening, leader=cast.leader, title="Listening hours", status="done")
    listening.refresh_from_db()
    assert (listening.title, listening.lane) == ("Listening hours", "")
    assert listening.status == StepStatus.DONE and listening.done_at is not None
    assert CheckIn.objects.get().status == StepStatus.DONE


def test_a_blocked_step_cannot_start_and_says_what_it_waits_for(
    cast: Cast, journey: Journey
) -> None:
    survey = step(journey, "Ask the team")
    training = step(journey, "Train the team")
    follow = step(journey, "Follow up")
    plan.add_dependency(step=follow, waits_for=survey, leader=cast.leader)
    plan.add_dependency(step=follow, waits_for=training, leader=cast.leader)
    assert [s.title for s in plan.waits_for_open(follow)] == ["Ask the team", "Train the team"]
    with pytest.raises(ValidationError, match="“Follow up” waits for “Ask the team”, “Train"):
        plan.check_in(step=follow, author=cast.leader, status="in_progress", health="on_track")
    with pytest.raises(ValidationError, match="finish those first"):
        plan.check_in(step=follow, author=cast.leader, status="done", health="on_track")
    follow.refresh_from_db()
    assert follow.status == StepStatus.NOT_STARTED and not follow.check_ins.exists()
    plan.check_in(step=survey, author=cast.leader, status="done", health="on_track")
    plan.check_in(step=training, author=cast.leader, status="cancelled", health="on_track")
    assert plan.waits_for_open(follow) == []
    plan.check_in(step=follow, author=cast.leader, status="in_progress", health="on_track")
    follow.refresh_from_db()
    assert follow.status == StepStatus.IN_PROGRESS


def test_a_circle_of_three_is_refused_naming_its_steps(cast: Cast, journey: Journey) -> None:
    a, b, c = step(journey, "Ask"), step(journey, "Build"), step(journey, "Celebrate")
    plan.add_dependency(step=b, waits_for=a, leader=cast.leader)
    plan.add_dependency(step=c, waits_for=b, leader=cast.leader)
    with pytest.raises(ValidationError) as refused:
        plan.add_dependency(step=a, waits_for=c, leader=cast.leader)
    assert "“Ask” → “Celebrate” → “Build” → “Ask”" in refused.value.messages[0]
    assert "circle" in refused.value.messages[0]
    with pytest.raises(ValidationError, match="circle"):
        plan.add_dependency(step=a, waits_for=b, leader=cast.leader)
    with pytest.raises(ValidationError, match="itself"):
        plan.add_dependency(step=a, waits_for=a, leader=cast.leader)
    with pytest.raises(ValidationError, match="already waits"):
        plan.add_dependency(step=c, waits_for=b, leader=cast.leader)
    assert Dependency.objects.count() == 2
    plan.add_dependency(step=c, waits_for=a, leader=cast.leader)  # a shortcut is no circle
    assert Dependency.objects.count() == 3


def test_a_step_cannot_wait_for_another_journeys_step(cast: Cast, journey: Journey) -> None:
    other_leader = PersonFactory(
        organisation=cast.organisation, unit=cast.it, role=Role.LEADER, signs_in=True
    )
    theirs = journey_of(other_leader, title="IT first")
    mine, foreign = step(journey, "Mine"), step(theirs, "Theirs")
    with pytest.raises(ValidationError, match="same journey"):
        plan.add_dependency(step=mine, waits_for=foreign, leader=cast.leader)
    with pytest.raises(ValidationError, match="Only the leader"):
        plan.add_dependency(step=foreign, waits_for=mine, leader=cast.leader)
    assert not Dependency.objects.exists()


def test_a_step_under_way_cannot_start_waiting(cast: Cast, journey: Journey) -> None:
    running, later = step(journey, "Running"), step(journey, "Not yet")
    plan.check_in(step=running, author=cast.leader, status="in_progress", health="on_track")
    with pytest.raises(ValidationError, match="already under way"):
        plan.add_dependency(step=running, waits_for=later, leader=cast.leader)
    plan.check_in(step=later, author=cast.leader, status="done", health="on_track")
    plan.add_dependency(step=running, waits_for=later, leader=cast.leader)  # finished: fine


def test_checklist_and_comments(cast: Cast, journey: Journey) -> None:
    listening = step(journey, "Listening hour")
    first = plan.add_checklist_item(step=listening, leader=cast.leader, text="Book a room")
    second = plan.add_checklist_item(step=listening, leader=cast.leader, text="Invite")
    assert [i.text for i in listening.checklist.all()] == ["Book a room", "Invite"]
    assert second.position > first.position
    plan.tick(item=first, leader=cast.leader, done=True)
    first.refresh_from_db()
    assert first.done
    plan.tick(item=first, leader=cast.leader, done=False)
    first.refresh_from_db()
    assert not first.done
    with pytest.raises(ValidationError):
        plan.add_checklist_item(step=listening, leader=cast.leader, text="  ")
    with pytest.raises(ValidationError):
        plan.add_comment(step=listening, author=cast.leader, text="")
    plan.add_comment(step=listening, author=cast.leader, text="Went well")
    assert [c.text for c in listening.comments.all()] == ["Went well"]


def test_the_plan_groups_lanes_and_finds_what_can_start_and_the_critical_path(
    cast: Cast, journey: Journey
) -> None:
    today = dt.date(2026, 12, 1)
    # Talk lane: ask (due in 5 days) then act (due in 12 days, waits for ask): 5+12 = 17.
    # Build lane: tools (due in 20 days): 20 alone. No lane: note (no due date, 1 day),
    # and a step overdue since yesterday (1 day).
    ask = step(journey, "Ask", lane="Talk", due_on=today + dt.timedelta(days=5))
    act = step(journey, "Act", lane="Talk", due_on=today + dt.timedelta(days=12))
    tools = step(journey, "Tools", lane="Build", due_on=today + dt.timedelta(days=20))
    note = step(journey, "Note")
    late = step(journey, "Late", due_on=today - dt.timedelta(days=1))
    plan.add_dependency(step=act, waits_for=ask, leader=cast.leader)
    seen = plan.plan_of(journey, today=today)
    assert [lane.name for lane in seen.lanes] == ["Build", "Talk", ""]
    assert [r.step.title for r in seen.lanes[1].rows] == ["Ask", "Act"]
    assert [s.title for s in seen.can_start] == ["Late", "Ask", "Tools", "Note"]
    assert (seen.critical, seen.critical_days) == ((tools,), 20)
    rows = {r.step.pk: r for lane in seen.lanes for r in lane.rows}
    assert rows[act.pk].waits_for == (ask,) and rows[act.pk].blocked
    assert rows[late.pk].overdue and not rows[note.pk].overdue
    assert seen.overdue == 1
    # Ask moves to a later due date: ask-act = 9 + 12 = 21 beats tools.
    plan.edit_step(step=ask, leader=cast.leader, title="Ask", due_on=today + dt.timedelta(days=9))
    seen = plan.plan_of(journey, today=today)
    assert (seen.critical, seen.critical_days) == ((ask, act), 21)
    # Ask done: it takes no more time, act is free to start; tools is critical again.
    plan.check_in(step=ask, author=cast.leader, status="done", health="on_track")
    seen = plan.plan_of(journey, today=today)
    assert (seen.critical, seen.critical_days) == ((tools,), 20)
    assert act in seen.can_start and ask not in seen.can_start
