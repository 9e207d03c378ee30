import datetime as dt

import pytest
from django.test import Client

from genuinecare.lib.tokens import new_token
from genuinecare.practice.actions import complete_commitment
from genuinecare.practice.models import (
    CareAction,
    Commitment,
    FollowUp,
    PracticeSettings,
    Snooze,
    Stakeholder,
)
from genuinecare.practice.privacy import erase_person, export_person, is_erased, purge_old_notes
from tests.conftest import Cast
from tests.factories import PersonFactory, account, log, person_stakeholder

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def test_erasing_a_person_blanks_everything_that_says_who_and_keeps_counts(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    customer = account(cast.organisation, "Acme Retail")
    about = log(
        cast.leader,
        "career_conversation",
        [member],
        NOW,
        note="Wants to lead DACH",
        commitments=[("Ask Maria about the DACH role", NOW.date())],
    )
    log(cast.leader, "customer_visit", [customer], NOW, note="Pricing worries")
    FollowUp.objects.create(
        action=about,
        stakeholder=member,
        circle="individual",
        email="member@acme.test",
        token_hash=new_token()[1],
        score=4,
        comment="Felt heard",
        answered_on=NOW.date(),
    )
    unanswered, _hash = new_token()
    FollowUp.objects.create(
        action=about,
        stakeholder=member,
        circle="individual",
        email="member@acme.test",
        token_hash=_hash,
    )
    assert (
        export_person(person=cast.member)["care_actions_about_them"][0]["note"]
        == "Wants to lead DACH"
    )
    erase_person(person=cast.member, now=NOW)
    # The unanswered link dies with the person's data.
    dead = Client().get(f"/care-felt/{unanswered}/")
    assert dead.status_code == 404 and "no-store" in dead["Cache-Control"]
    cast.member.refresh_from_db()
    member.refresh_from_db()
    assert (cast.member.name, cast.member.email, cast.member.user_id) == (
        "—",
        f"erased-{cast.member.pk}@erased.invalid",
        None,
    )
    assert (member.name, member.recipient()) == ("—", (cast.member.email, cast.member.language))
    assert list(CareAction.objects.order_by("pk").values_list("note", flat=True)) == [
        "",
        "Pricing worries",
    ]
    assert list(Commitment.objects.values_list("text", flat=True)) == ["—"]
    assert list(FollowUp.objects.values_list("email", "comment", "score")) == [("", "", 4)]
    assert CareAction.objects.count() == 2
    exported = export_person(person=cast.member)
    assert exported["person"]["name"] == "—"
    assert "Wants to lead" not in str(exported)


def test_retention_removes_only_older_notes(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    log(cast.leader, "one_on_one", [member], NOW - dt.timedelta(days=400), note="old")
    log(cast.leader, "one_on_one", [member], NOW - dt.timedelta(days=10), note="new")
    assert purge_old_notes(now=NOW) == 0  # no retention set: kept
    PracticeSettings.objects.filter(organisation=cast.organisation).update(note_retention_days=365)
    assert purge_old_notes(now=NOW) == 1
    assert sorted(CareAction.objects.values_list("note", flat=True)) == ["", "new"]


def test_a_leaders_follows_are_exported_and_erased(cast: Cast) -> None:
    from genuinecare.practice.models import AccountFollow

    account(cast.organisation, "Zeta Retail", follower=cast.leader)
    account(cast.organisation, "Acme Retail", follower=cast.leader)
    kept = account(cast.organisation, "Kept GmbH", follower=cast.admin)
    assert export_person(person=cast.leader)["accounts_they_follow"] == [
        "Acme Retail",
        "Zeta Retail",
    ]
    erase_person(person=cast.leader, now=NOW)
    assert list(AccountFollow.objects.values_list("leader_id", "stakeholder_id")) == [
        (cast.admin.pk, kept.pk)
    ]


def _answer(action: CareAction, stakeholder: Stakeholder, **answer: object) -> FollowUp:
    """A follow-up to ``stakeholder`` about ``action``; answered when ``answer`` is given."""
    return FollowUp.objects.create(
        action=action,
        stakeholder=stakeholder,
        circle="individual",
        email=(stakeholder.recipient() or ("someone@acme.test",))[0],
        token_hash=new_token()[1],
        **answer,
    )


def _care_with_third_parties(cast: Cast) -> dict[str, CareAction]:
    """The leader's care for the member, a second report (Tom) and a customer, with notes,
    commitments and follow-up answers from each of them."""
    tom = PersonFactory(
        organisation=cast.organisation,
        unit=cast.sales_dach,
        manager=cast.leader,
        name="Tom Peer",
        email="tom@acme.test",
    )
    member = person_stakeholder(cast.leader, cast.member)
    peer = Stakeholder.objects.get(person=tom)
    retail = account(cast.organisation, "Acme Retail", follower=cast.leader)
    alone = log(
        cast.leader,
        "career_conversation",
        [member],
        NOW - dt.timedelta(days=10),
        note="Wants to lead DACH",
        commitments=[("Ask about the DACH role", dt.date(2026, 11, 30))],
    )
    together = log(
        cast.leader,
        "recognition",
        [member, peer],
        NOW - dt.timedelta(days=5),
        note="Tom and Maria argued about the rota",
        commitments=[("Talk to Tom alone", dt.date(2026, 11, 25))],
    )
    visit = log(
        cast.leader,
        "customer_visit",
        [retail],
        NOW - dt.timedelta(days=3),
        note="Pricing worries",
        commitments=[("Send the offer", dt.date(2026, 11, 21))],
    )
    complete_commitment(commitment=visit.commitments.get(), now=NOW)
    _answer(alone, member, score=4, comment="Felt heard", answered_on=dt.date(2026, 11, 11))
    _answer(together, member)  # asked, not answered yet
    _answer(together, peer, score=1, comment="Tom's own view", answered_on=dt.date(2026, 11, 16))
    _answer(visit, retail, score=2, comment="The buyer's view", answered_on=dt.date(2026, 11, 18))
    Snooze.objects.create(leader=cast.leader, item=f"c{visit.pk}", until=dt.date(2026, 12, 1))
    return {"alone": alone, "together": together, "visit": visit}


def test_a_leaders_export_holds_no_notes_names_or_answers_of_third_parties(cast: Cast) -> None:
    actions = _care_with_third_parties(cast)
    exported = export_person(person=cast.leader)
    assert exported == {
        "person": {
            "name": cast.leader.name,
            "email": "leader@acme.test",
            "function": "sales",
            "role": "leader",
            "language": "en",
            "unit": "Sales",
            "manager": None,
        },
        "care_actions_about_them": [],
        "care_actions_they_logged": [
            {
                "kind": "career_conversation",
                "happened_at": "2026-11-10T10:00:00+00:00",
                "stakeholders": 1,
                "commitments": [{"due_on": "2026-11-30", "done": False}],
                "follow_ups_asked": 1,
            },
            {
                "kind": "recognition",
                "happened_at": "2026-11-15T10:00:00+00:00",
                "stakeholders": 2,
                "commitments": [{"due_on": "2026-11-25", "done": False}],
                "follow_ups_asked": 2,
            },
            {
                "kind": "customer_visit",
                "happened_at": "2026-11-17T10:00:00+00:00",
                "stakeholders": 1,
                "commitments": [{"due_on": "2026-11-21", "done": True}],
                "follow_ups_asked": 1,
            },
        ],
        "follow_ups_they_answered": [],
        "follow_ups_waiting_for_them": 0,
        "snoozes": [{"item": f"c{actions['visit'].pk}", "until": "2026-12-01"}],
        "accounts_they_follow": ["Acme Retail"],
        "calendar_meetings_proposed": 0,
    }
    text = str({key: value for key, value in exported.items() if key != "person"})
    for third in ("DACH", "Tom", "Maria", "Pricing", "offer", "Felt heard", "view", "member@"):
        assert third not in text, third


def test_a_members_export_holds_their_answers_and_notes_about_them_alone(cast: Cast) -> None:
    _care_with_third_parties(cast)
    exported = export_person(person=cast.member)
    assert exported["care_actions_about_them"] == [
        {
            "kind": "career_conversation",
            "leader": "leader@acme.test",
            "happened_at": "2026-11-10T10:00:00+00:00",
            "others_present": 0,
            "note": "Wants to lead DACH",
            "commitments": [
                {"text": "Ask about the DACH role", "due_on": "2026-11-30", "done": False}
            ],
        },
        {
            "kind": "recognition",
            "leader": "leader@acme.test",
            "happened_at": "2026-11-15T10:00:00+00:00",
            "others_present": 1,
            "note": None,
            "commitments": None,
        },
    ]
    assert exported["follow_ups_they_answered"] == [
        {
            "leader": "leader@acme.test",
            "conversation_on": "2026-11-10",
            "answered_on": "2026-11-11",
            "score": 4,
            "comment": "Felt heard",
        }
    ]
    assert (exported["follow_ups_waiting_for_them"], exported["care_actions_they_logged"]) == (
        1,
        [],
    )
    text = str({key: value for key, value in exported.items() if key != "person"})
    for third in ("Tom", "argued", "Pricing", "view", "Retail"):
        assert third not in text, third


def test_erasing_twice_changes_nothing_the_second_time(cast: Cast) -> None:
    _care_with_third_parties(cast)
    erase_person(person=cast.member, now=NOW)
    cast.member.refresh_from_db()
    first = (cast.member.name, cast.member.email, cast.member.archived_at, is_erased(cast.member))
    notes = sorted(CareAction.objects.values_list("note", flat=True))
    erase_person(person=cast.member, now=NOW + dt.timedelta(days=1))
    cast.member.refresh_from_db()
    assert first == ("—", f"erased-{cast.member.pk}@erased.invalid", NOW, True)
    assert (cast.member.name, cast.member.email, cast.member.archived_at) == first[:3]
    assert (
        sorted(CareAction.objects.values_list("note", flat=True))
        == notes
        == ["", "", "Pricing worries"]
    )
    assert Stakeholder.objects.get(person=cast.member).archived_at == NOW
