"""The team's pages and the leader's co-creation section, as people use them."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from genuinecare.journey.enums import FocusSource, FocusState, Origin, ProposalState, StepStatus
from genuinecare.journey.models import Focus, Journey, Proposal, Step, TeamWindow, Vote
from genuinecare.journey.team import open_window, propose, set_shared
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(name: str, pk: int | None = None) -> str:
    kwargs: dict[str, str | int] = {"org": "acme"}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"journey:{name}", kwargs=kwargs)


def page(client: Client, address: str) -> str:
    response = client.get(address)
    assert response.status_code == 200, address
    return response.content.decode()


def team_page(journey: Journey) -> str:
    return url("team-page", journey.pk)


def test_the_leader_opens_a_window_from_the_journey_page(cast: Cast, journey: Journey) -> None:
    leader = cast.client_for(cast.leader)
    assert "Open a team window" in page(leader, journey.get_absolute_url())
    refused = leader.post(url("team-open", journey.pk), {"days": "90"})
    assert refused.status_code == 400
    assert not TeamWindow.objects.exists()
    response = leader.post(url("team-open", journey.pk), {"days": "14"})
    assert response.status_code == 302
    window = TeamWindow.objects.get(journey=journey)
    assert window.closes_at - window.opened_at == dt.timedelta(days=14)
    again = leader.post(url("team-open", journey.pk))
    assert again.status_code == 400
    assert "open already" in again.content.decode()
    body = page(leader, journey.get_absolute_url())
    assert "Close the team window now" in body
    assert leader.post(url("team-close", window.pk)).status_code == 302
    window.refresh_from_db()
    assert window.closed_early_at is not None


def test_the_team_sees_frozen_evidence_and_only_shared_steps(cast: Cast, journey: Journey) -> None:
    Focus.objects.create(
        journey=journey,
        source=FocusSource.FELT,
        key="care:listening",
        title="Being listened to",
        state=FocusState.ACCEPTED,
        snapshot={
            "wave": 7,
            "wave_name": "Autumn 2026",
            "figure": 52.0,
            "measure": "favourable %",
            "group_size": 9,
            "date": "2026-10-01",
        },
    )
    Focus.objects.create(
        journey=journey,
        source=FocusSource.GAP,
        key="care:praise",
        title="Dismissed area",
        state=FocusState.DISMISSED,
        snapshot={"figure": 11},
    )
    Focus.objects.create(
        journey=journey,
        source=FocusSource.GAP,
        key="care:respected",
        title="A blind spot of mine",
        state=FocusState.ACCEPTED,
        snapshot={"figure": 1.375, "measure": "gap", "group_size": 9, "wave_name": "Team"},
    )
    shared = Step.objects.create(
        journey=journey, title="Monthly open hour", status=StepStatus.DONE, done_at=timezone.now()
    )
    set_shared(step=shared, leader=cast.leader, shared=True)
    Step.objects.create(journey=journey, title="Private preparation")
    open_window(journey=journey, leader=cast.leader)
    body = page(cast.client_for(cast.member), team_page(journey))
    assert "Being listened to" in body
    assert "52" in body
    assert "9 people answered" in body
    assert "Autumn 2026" in body and "(favourable %)" in body
    assert "Dismissed area" not in body
    # a blind spot is named, but its gap is the leader's own self-assessment against the team's
    assert "A blind spot of mine" in body and "1.375" not in body and "1,4" not in body
    assert "1.4" not in body and "data-figure>1" not in body
    assert "Monthly open hour" in body
    assert "Private preparation" not in body
    assert "Propose a step or an experiment" in body


def test_an_anonymous_proposal_shows_no_name_to_anyone(cast: Cast, journey: Journey) -> None:
    open_window(journey=journey, leader=cast.leader)
    member = cast.client_for(cast.member)
    response = member.post(
        team_page(journey), {"kind": "step", "title": "Retro every sprint", "text": "To learn."}
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert proposal.author_name == ""
    own = page(member, team_page(journey))
    assert "Retro every sprint" in own
    assert "your proposal" in own
    assert cast.member.name not in own
    colleague = PersonFactory(organisation=cast.organisation, unit=cast.sales, signs_in=True)
    theirs = page(cast.client_for(colleague), team_page(journey))
    assert "Retro every sprint" in theirs
    assert "your proposal" not in theirs
    assert cast.member.name not in theirs
    leaders = page(cast.client_for(cast.leader), journey.get_absolute_url())
    assert "Retro every sprint" in leaders
    assert "anonymous" in leaders
    assert cast.member.name not in leaders


def test_a_named_proposal_shows_the_name(cast: Cast, journey: Journey) -> None:
    open_window(journey=journey, leader=cast.leader)
    member = cast.client_for(cast.member)
    member.post(team_page(journey), {"kind": "experiment", "title": "Pair days", "named": "on"})
    assert Proposal.objects.get().author_name == cast.member.name
    assert cast.member.name in page(cast.client_for(cast.leader), journey.get_absolute_url())


def test_a_bad_proposal_is_refused_with_the_form(cast: Cast, journey: Journey) -> None:
    open_window(journey=journey, leader=cast.leader)
    response = cast.client_for(cast.member).post(team_page(journey), {"kind": "step", "title": ""})
    assert response.status_code == 400
    assert "Propose a step or an experiment" in response.content.decode()
    assert not Proposal.objects.exists()


def test_voting_counts_and_toggles_on_the_page(cast: Cast, journey: Journey) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    proposal = propose(window=window, member=cast.member, kind="step", title="Stand-up")
    member = cast.client_for(cast.member)
    assert member.post(team_page(journey), {"vote": proposal.pk}).status_code == 302
    body = page(member, team_page(journey))
    assert "1 vote" in body
    assert "You voted for it." in body
    assert "Take my vote back" in body
    member.post(team_page(journey), {"vote": proposal.pk})
    assert not Vote.objects.exists()
    assert member.post(team_page(journey), {"vote": "x"}).status_code == 400
    assert member.post(team_page(journey), {"vote": "999999"}).status_code == 404


def test_after_the_window_closes_proposals_are_read_not_added(cast: Cast, journey: Journey) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    proposal = propose(window=window, member=cast.member, kind="step", title="Stand-up")
    TeamWindow.objects.filter(pk=window.pk).update(closes_at=timezone.now() - dt.timedelta(days=1))
    member = cast.client_for(cast.member)
    body = page(member, team_page(journey))
    assert "Stand-up" in body
    assert "The team window is closed" in body
    assert "Propose a step or an experiment" not in body
    assert "Vote for it" not in body
    assert member.post(team_page(journey), {"kind": "step", "title": "Late"}).status_code == 400
    assert member.post(team_page(journey), {"vote": proposal.pk}).status_code == 400
    assert Proposal.objects.count() == 1
    assert not Vote.objects.exists()


def test_the_leader_accepts_and_declines_and_the_team_sees_why(
    cast: Cast, journey: Journey
) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    taken = propose(window=window, member=cast.member, kind="step", title="Stand-up")
    other = propose(window=window, member=cast.member, kind="step", title="Four-day week")
    leader = cast.client_for(cast.leader)
    assert leader.post(url("team-accept", taken.pk)).status_code == 302
    step = journey.steps.get()
    assert (step.title, step.origin) == ("Stand-up", Origin.TEAM)
    assert leader.post(url("team-accept", taken.pk)).status_code == 400
    response = leader.post(url("team-decline", other.pk), {"reason": "Not in this budget year."})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.state == ProposalState.DECLINED
    body = page(cast.client_for(cast.member), team_page(journey))
    assert "Not in this budget year." in body
    assert "Taken into the plan" in body
    assert journey.steps.count() == 1


def test_co_creation_share_and_the_top_down_flag(cast: Cast, journey: Journey) -> None:
    for title in ("One", "Two", "Three"):
        Step.objects.create(journey=journey, title=title)
    leader = cast.client_for(cast.leader)
    body = page(leader, journey.get_absolute_url())
    assert 'data-flag="top-down"' in body
    assert "0 of 3 steps came from the team." in body
    Step.objects.create(journey=journey, title="Four", origin=Origin.TEAM)
    body = page(leader, journey.get_absolute_url())
    assert 'data-flag="top-down"' not in body
    assert "1 of 4 steps came from the team." in body
    assert "25 %" in body


def test_you_said_we_did_and_the_unshared_flag(cast: Cast, journey: Journey) -> None:
    done = Step.objects.create(
        journey=journey, title="Open hour", status=StepStatus.DONE, done_at=timezone.now()
    )
    leader = cast.client_for(cast.leader)
    body = page(leader, journey.get_absolute_url())
    assert "finished but not shared: it costs belief" in body
    member = cast.client_for(cast.member)
    assert "Open hour" not in page(member, url("team-said"))
    assert leader.post(url("team-share", done.pk)).status_code == 302
    done.refresh_from_db()
    assert done.shared_at is not None
    said = page(member, url("team-said"))
    assert "Open hour" in said
    assert "from the leader" in said
    assert "costs belief" not in page(leader, journey.get_absolute_url())
    leader.post(url("team-share", done.pk))
    done.refresh_from_db()
    assert done.shared_at is None
    assert "Open hour" not in page(member, url("team-said"))


def _other_leader(cast: Cast) -> Person:
    return PersonFactory(
        organisation=cast.organisation,
        unit=cast.it,
        role=Role.LEADER,
        email="it-leader@acme.test",
        signs_in=True,
    )


def test_people_outside_the_team_get_404_on_the_team_pages(cast: Cast, journey: Journey) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    proposal = propose(window=window, member=cast.member, kind="step", title="Hidden idea")
    step = Step.objects.create(journey=journey, title="Hidden step")
    set_shared(step=step, leader=cast.leader, shared=True)
    for person in (cast.colleague_elsewhere, _other_leader(cast), cast.admin, cast.outsider):
        client = cast.client_for(person)
        assert client.get(team_page(journey)).status_code == 404, person.email
        posted = client.post(team_page(journey), {"kind": "step", "title": "Intrusion"})
        assert posted.status_code == 404, person.email
        assert client.post(team_page(journey), {"vote": proposal.pk}).status_code == 404
        for name, pk in (
            ("team-open", journey.pk),
            ("team-close", window.pk),
            ("team-accept", proposal.pk),
            ("team-decline", proposal.pk),
            ("team-share", step.pk),
        ):
            assert client.post(url(name, pk)).status_code == 404, (person.email, name)
        if person != cast.outsider:
            said = page(client, url("team-said"))
            assert "Hidden step" not in said
            assert journey.title not in said
    assert Proposal.objects.count() == 1
    assert not Vote.objects.exists()
    window.refresh_from_db()
    assert window.closed_early_at is None
    step.refresh_from_db()
    assert step.shared_at is not None


def test_the_leader_sees_the_team_page_but_does_not_propose(cast: Cast, journey: Journey) -> None:
    window = open_window(journey=journey, leader=cast.leader)
    proposal = propose(window=window, member=cast.member, kind="step", title="Stand-up")
    leader = cast.client_for(cast.leader)
    body = page(leader, team_page(journey))
    assert "This is how your team sees this page." in body
    assert "Propose a step or an experiment" not in body
    assert leader.post(team_page(journey), {"kind": "step", "title": "Mine"}).status_code == 400
    assert leader.post(team_page(journey), {"vote": proposal.pk}).status_code == 400
    assert Proposal.objects.count() == 1
    assert not Vote.objects.exists()


def test_the_team_page_in_german(cast: Cast, journey: Journey) -> None:
    open_window(journey=journey, leader=cast.leader)
    assert cast.member.user is not None
    cast.member.user.language = "de"
    cast.member.user.save()
    body = page(cast.client_for(cast.member), team_page(journey))
    assert "Einen Schritt oder ein Experiment vorschlagen" in body
    assert "Sie" in body
    assert " du " not in body and " dein" not in body
