"""Care given meets care felt: single-use links, only aggregates above the threshold."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from genuinecare.lib.tokens import new_token
from genuinecare.outbox.models import Message
from genuinecare.practice.followups import answer_follow_up, genuineness, request_follow_ups
from genuinecare.practice.models import FollowUp
from tests.conftest import Cast
from tests.practice.factories import account, log, person_stakeholder

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _answered(cast: Cast, stakeholder, scores: list[int]) -> None:  # type: ignore[no-untyped-def]
    for score in scores:
        action = log(cast.leader, "one_on_one", [stakeholder], NOW)
        token, token_hash = new_token()
        FollowUp.objects.create(
            action=action,
            stakeholder=stakeholder,
            circle="individual",
            email="x@acme.test",
            token_hash=token_hash,
        )
        answer_follow_up(token=token, score=score, comment="", today=NOW.date())


def test_request_queues_one_mail_with_a_single_use_link(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    silent = account(cast.organisation, "No Address GmbH")
    action = log(cast.leader, "one_on_one", [member, silent], NOW)
    assert request_follow_ups(action=action) == 1
    assert request_follow_ups(action=action) == 1
    message = Message.objects.get(kind="practice.follow_up")
    assert message.to_email == "member@acme.test"
    assert message.scrub_after_send is True
    token = message.body.split("/care-felt/")[1].split("/")[0]
    assert FollowUp.objects.get().token_hash != token
    answer_follow_up(token=token, score=4, comment="Thanks", today=NOW.date())
    with pytest.raises(ValidationError) as twice:
        answer_follow_up(token=token, score=1, comment="", today=NOW.date())
    assert twice.value.messages == ["This question was already answered. Thank you!"]


def test_felt_care_is_shown_only_from_the_threshold(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    _answered(cast, member, [5, 4, 4, 2])
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    assert (row.logged, row.asked, row.felt.answered, row.felt.shown, row.felt.score) == (
        4,
        4,
        4,
        False,
        None,
    )
    _answered(cast, member, [5])
    (row,), circles = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    # scores 5,4,4,2,5: mean 4.0 → 75.0; favourable 4 of 5
    assert (row.felt.shown, row.felt.score, row.felt.favourable) == (True, 75.0, 80.0)
    assert [(c, f.shown) for c, _label, f in row.circles] == [("individual", True)]
    assert {c: f.answered for c, _l, f in circles}["individual"] == 5


def test_a_small_circle_next_to_a_shown_one_is_hidden_with_its_sibling(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    _answered(cast, member, [5, 5, 5, 5, 5])
    customer = account(cast.organisation, "Acme Retail")
    action = log(cast.leader, "customer_visit", [customer], NOW)
    token, token_hash = new_token()
    FollowUp.objects.create(
        action=action,
        stakeholder=customer,
        circle="customer",
        email="c@acme.com",
        token_hash=token_hash,
    )
    answer_follow_up(token=token, score=1, comment="", today=NOW.date())
    (row,), circles = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    # leader total (6) is shown, so the individual circle (5) must hide too: 6 - 5 = 1.
    assert row.felt.shown is True
    assert [(c, f.shown) for c, _l, f in row.circles] == [
        ("individual", False),
        ("customer", False),
    ]
    assert {c: f.shown for c, _l, f in circles}["individual"] is False


def test_public_page_answers_once_in_the_recipients_language(cast: Cast) -> None:
    from django.test import Client

    member = person_stakeholder(cast.leader, cast.member)
    action = log(cast.leader, "one_on_one", [member], NOW)
    token, token_hash = new_token()
    FollowUp.objects.create(
        action=action,
        stakeholder=member,
        circle="individual",
        email="m@acme.test",
        language="de",
        token_hash=token_hash,
    )
    client = Client()
    page = client.get(f"/care-felt/{token}/").content.decode()
    assert "habe ich mich gehört gefühlt" in page
    client.post(f"/care-felt/{token}/", {"score": "4"})
    assert FollowUp.objects.get().score == 4
    assert client.get("/care-felt/not-a-token/").status_code == 404
