"""The verbs of co-creation: the team window, proposals, votes, decisions and sharing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from genuinecare.journey.enums import Origin, ProposalKind, ProposalState
from genuinecare.journey.models import Journey, Proposal, Step, TeamWindow, Vote
from genuinecare.journey.team import (
    accept_proposal,
    close_window,
    decline_proposal,
    is_open,
    open_window,
    person_key,
    propose,
    set_shared,
    toggle_vote,
)
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_window_opens_for_28_days_unless_the_leader_chooses_7_to_60(
    cast: Cast, journey: Journey
) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    assert window.closes_at - window.opened_at == dt.timedelta(days=28)
    assert is_open(window)
    close_window(window=window, leader=cast.leader)
    seven = open_window(journey=journey, leader=cast.leader, days=7)
    assert seven.closes_at - seven.opened_at == dt.timedelta(days=7)
    close_window(window=seven, leader=cast.leader)
    for days in (6, 61, 0):
        with pytest.raises(ValidationError, match="7 to 60 days"):
            open_window(journey=journey, leader=cast.leader, days=days)
    assert TeamWindow.objects.filter(journey=journey).count() == 2


def test_one_window_at_a_time_and_closing_early(cast: Cast, journey: Journey) -> None:
    window = open_window(journey=journey, leader=cast.leader, days=60)
    with pytest.raises(ValidationError, match="open already"):
        open_window(journey=journey, leader=cast.leader)
    close_window(window=window, leader=cast.leader)
    window.refresh_from_db()
    assert window.closed_early_at is not None
    assert not is_open(window)
    first_close = window.closed_early_at
    close_window(window=window, leader=cast.leader)  # twice: stays as it was
    window.refresh_from_db()
    assert window.closed_early_at == first_close
    assert is_open(open_window(journey=journey, leader=cast.leader))


def test_a_window_past_its_end_is_closed(cast: Cast, journey: Journey) -> None:
    window = open_window(journey=journey, leader=cast.leader, days=7)
    later = timezone.now() + dt.timedelta(days=7, seconds=1)
    assert not is_open(window, now=later)


def test_only_the_journeys_leader_opens_closes_and_decides(cast: Cast, journey: Journey) -> None:
    other = PersonFactory(organisation=cast.organisation, unit=cast.it, role=Role.LEADER)
    with pytest.raises(ValidationError, match="Only the leader"):
        open_window(journey=journey, leader=other)
    window = open_window(journey=journey, leader=cast.leader)
    proposal = propose(window=window, member=cast.member, kind="step", title="Stand-up")
    for verb in (
        lambda: close_window(window=window, leader=other),
        lambda: accept_proposal(proposal=proposal, leader=other),
        lambda: decline_proposal(proposal=proposal, leader=other),
    ):
        with pytest.raises(ValidationError, match="Only the leader"):
            verb()
    assert is_open(window)
    assert Proposal.objects.get().state == ProposalState.OPEN
    assert not Step.objects.exists()


def test_a_named_proposal_keeps_the_name_an_anonymous_one_does_not(
    cast: Cast, journey: Journey
) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    named = propose(
        window=window,
        member=cast.member,
        kind="step",
        title="  Quiet hours  ",
        text="Two hours without meetings.",
        named=True,
    )
    anonymous = propose(window=window, member=cast.member, kind="experiment", title="Try")
    assert (named.title, named.author_name) == ("Quiet hours", cast.member.name)
    assert anonymous.author_name == ""
    assert anonymous.kind == ProposalKind.EXPERIMENT
    # Both carry the member's key for this window, so the member finds them again.
    key = person_key(window=window, person=cast.member)
    assert named.author_key == anonymous.author_key == key


def test_only_the_team_proposes_and_only_while_the_window_is_open(
    cast: Cast, journey: Journey
) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    for outside in (cast.colleague_elsewhere, cast.leader, cast.admin):
        with pytest.raises(ValidationError, match="Only the team"):
            propose(window=window, member=outside, kind="step", title="x")
    with pytest.raises(ValidationError, match="title"):
        propose(window=window, member=cast.member, kind="step", title="   ")
    with pytest.raises(ValidationError, match="step or an experiment"):
        propose(window=window, member=cast.member, kind="wish", title="x")
    close_window(window=window, leader=cast.leader)
    with pytest.raises(ValidationError, match="closed"):
        propose(window=window, member=cast.member, kind="step", title="Late")
    assert not Proposal.objects.exists()


def test_a_vote_counts_once_and_toggles(cast: Cast, journey: Journey) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    proposal = propose(window=window, member=cast.member, kind="step", title="Stand-up")
    second = PersonFactory(organisation=cast.organisation, unit=cast.sales)
    assert toggle_vote(proposal=proposal, member=cast.member) is True
    assert toggle_vote(proposal=proposal, member=second) is True
    assert proposal.votes.count() == 2
    assert toggle_vote(proposal=proposal, member=cast.member) is False
    assert list(proposal.votes.values_list("voter_key", flat=True)) == [
        person_key(window=window, person=second)
    ]
    with pytest.raises(ValidationError, match="Only the team"):
        toggle_vote(proposal=proposal, member=cast.colleague_elsewhere)
    close_window(window=window, leader=cast.leader)
    with pytest.raises(ValidationError, match="closed"):
        toggle_vote(proposal=proposal, member=cast.member)
    assert proposal.votes.count() == 1


def test_accepting_makes_a_step_from_the_team(cast: Cast, journey: Journey) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    step_proposal = propose(
        window=window, member=cast.member, kind="step", title="Stand-up", text="Daily, 10 min."
    )
    probe = propose(window=window, member=cast.member, kind="experiment", title="No-mail Friday")
    close_window(window=window, leader=cast.leader)  # decided after the window closed
    step = accept_proposal(proposal=step_proposal, leader=cast.leader)
    assert (step.journey, step.title, step.description, step.origin) == (
        journey,
        "Stand-up",
        "Daily, 10 min.",
        Origin.TEAM,
    )
    step_proposal.refresh_from_db()
    assert (step_proposal.state, step_proposal.step) == (ProposalState.ACCEPTED, step)
    probe_step = accept_proposal(proposal=probe, leader=cast.leader)
    assert (probe_step.title, probe_step.origin) == ("No-mail Friday", Origin.TEAM)
    with pytest.raises(ValidationError, match="decided already"):
        accept_proposal(proposal=step_proposal, leader=cast.leader)
    with pytest.raises(ValidationError, match="decided already"):
        decline_proposal(proposal=probe, leader=cast.leader)
    assert journey.steps.count() == 2


def test_declining_keeps_the_reason_and_takes_no_votes_after(cast: Cast, journey: Journey) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    proposal = propose(window=window, member=cast.member, kind="step", title="Four-day week")
    declined = decline_proposal(
        proposal=proposal, leader=cast.leader, reason="  Not within our budget.  "
    )
    assert (declined.state, declined.reason) == (ProposalState.DECLINED, "Not within our budget.")
    with pytest.raises(ValidationError, match="decided"):
        toggle_vote(proposal=declined, member=cast.member)
    with pytest.raises(ValidationError, match="2000"):
        decline_proposal(
            proposal=propose(window=window, member=cast.member, kind="step", title="x"),
            leader=cast.leader,
            reason="x" * 2001,
        )
    assert not Step.objects.exists()


def test_sharing_a_step_sets_and_clears_the_date(cast: Cast, journey: Journey) -> None:
    step = Step.objects.create(journey=journey, title="Team lunch")
    shared = set_shared(step=step, leader=cast.leader, shared=True)
    first = shared.shared_at
    assert first is not None
    assert set_shared(step=step, leader=cast.leader, shared=True).shared_at == first
    assert set_shared(step=step, leader=cast.leader, shared=False).shared_at is None
    other = PersonFactory(organisation=cast.organisation, unit=cast.it, role=Role.LEADER)
    with pytest.raises(ValidationError, match="Only the leader"):
        set_shared(step=step, leader=other, shared=True)
    step.refresh_from_db()
    assert step.shared_at is None


def test_the_key_is_per_window_and_per_person_and_needs_the_secret(
    cast: Cast, journey: Journey
) -> None:
    first = open_window(journey=journey, leader=cast.leader)
    close_window(window=first, leader=cast.leader)
    second = open_window(journey=journey, leader=cast.leader)
    key = person_key(window=first, person=cast.member)
    assert len(key) == 64
    assert key != person_key(window=second, person=cast.member)
    assert key != person_key(window=first, person=cast.colleague_elsewhere)
    with override_settings(SECRET_KEY="another secret of at least fifty characters, not ours"):
        assert person_key(window=first, person=cast.member) != key


def test_nothing_stored_names_an_anonymous_proposer_or_a_voter(
    cast: Cast, journey: Journey
) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    proposal = propose(window=window, member=cast.member, kind="step", title="Retro")
    toggle_vote(proposal=proposal, member=cast.member)
    accept_proposal(proposal=proposal, leader=cast.leader)
    member = cast.member
    assert member.user is not None
    names = {member.name, member.email, member.user.get_username()}
    rows = [
        *Proposal.objects.values(),
        *Vote.objects.values(),
        *TeamWindow.objects.values(),
        *Step.objects.values(),
    ]
    stored = [str(value) for row in rows for value in row.values()]
    for name in names:
        assert not any(name in value for value in stored), name
    # no column of a proposal or a vote points at a person
    for model in (Proposal, Vote):
        related = {f.related_model for f in model._meta.concrete_fields if f.is_relation}
        assert Person not in related
    # the keys are not the person's id in any plain form
    proposal_row = Proposal.objects.values("author_key").get()
    assert proposal_row["author_key"] not in {str(member.pk), f"{window.pk}:{member.pk}"}
    assert not journey.steps.get().owners.exists()
