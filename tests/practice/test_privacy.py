import datetime as dt

import pytest
from django.test import Client

from genuinecare.lib.tokens import new_token
from genuinecare.practice.models import CareAction, Commitment, FollowUp, PracticeSettings
from genuinecare.practice.privacy import erase_person, export_person, purge_old_notes
from tests.conftest import Cast
from tests.practice.factories import account, log, person_stakeholder

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
    assert (member.name, member.contact_email) == ("—", "")
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


def test_admin_erases_only_with_the_typed_address(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    url = f"/o/acme/practice/privacy/{cast.member.pk}/"
    client.post(url, {"confirm": "wrong@acme.test"})
    cast.member.refresh_from_db()
    assert cast.member.name != "—"
    client.post(url, {"confirm": "member@acme.test"})
    cast.member.refresh_from_db()
    assert cast.member.name == "—"


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
