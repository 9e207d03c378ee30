"""Care given meets care felt: single-use links, only aggregates above the threshold."""

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from genuinecare.lib.tokens import new_token
from genuinecare.outbox.models import Message
from genuinecare.practice.felt.followups import (
    answer_follow_up,
    log_care_and_ask,
    request_follow_ups,
)
from genuinecare.practice.felt.genuineness import CommentGroup, genuineness
from genuinecare.practice.models import CareAction, Commitment, FollowUp, Stakeholder
from tests.conftest import Cast
from tests.factories import PersonFactory, account, kind, log, person_stakeholder

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def _answered(cast: Cast, stakeholder: Stakeholder, scores: list[int]) -> None:
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


def _reports(cast: Cast, n: int) -> list:  # type: ignore[type-arg]
    """``n`` different people reporting to the leader, each on the leader's map."""
    people = [
        PersonFactory(organisation=cast.organisation, unit=cast.sales, manager=cast.leader)
        for _ in range(n)
    ]
    return [person_stakeholder(cast.leader, person) for person in people]


def test_felt_care_is_shown_only_from_the_threshold(cast: Cast) -> None:
    people = _reports(cast, 5)
    for stakeholder, score in zip(people[:4], [5, 4, 4, 2], strict=True):
        _answered(cast, stakeholder, [score])
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    # a hidden group reveals nothing, not even how many answered
    assert (row.logged, row.asked, row.felt.answered, row.felt.shown, row.felt.score) == (
        4,
        4,
        0,
        False,
        None,
    )
    _answered(cast, people[4], [5])
    (row,), circles = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    # scores 5,4,4,2,5 from five people: mean 4.0 → 75.0; favourable 4 of 5
    assert (row.felt.shown, row.felt.score, row.felt.favourable) == (True, 75.0, 80.0)
    assert [(c, f.shown) for c, _label, f in row.circles] == [("individual", True)]
    assert {c: f.answered for c, _l, f in circles}["individual"] == 5


def test_one_person_answering_many_times_never_shows_their_score(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    _answered(cast, member, [5, 4, 4, 2, 5, 3])
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    assert (row.felt.answered, row.felt.shown, row.felt.score) == (0, False, None)


def test_a_small_circle_next_to_a_shown_one_is_hidden_with_its_sibling(cast: Cast) -> None:
    for stakeholder in _reports(cast, 5):
        _answered(cast, stakeholder, [5])
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
    # leader total (6 people) is shown, so the individual circle (5) must hide too: 6 - 5 = 1.
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


def _commented(cast: Cast, stakeholder: Stakeholder, circle: str, comment: str) -> None:
    action = log(cast.leader, "customer_visit", [stakeholder], NOW)
    token, token_hash = new_token()
    FollowUp.objects.create(
        action=action,
        stakeholder=stakeholder,
        circle=circle,
        email="x@acme.test",
        token_hash=token_hash,
    )
    answer_follow_up(token=token, score=4, comment=comment, today=NOW.date())


def _comment_threshold(cast: Cast, threshold: int) -> None:
    cast.organisation.anonymity_threshold = 3
    cast.organisation.comment_threshold = threshold
    cast.organisation.save()


def test_comments_show_from_the_comment_threshold_of_people_alphabetically(cast: Cast) -> None:
    _comment_threshold(cast, 6)
    customers = [account(cast.organisation, f"Customer {n}") for n in range(6)]
    for n, customer in enumerate(customers[:5]):
        _commented(cast, customer, "customer", f"{'edcba'[n]}: felt heard")
    _commented(cast, customers[0], "customer", "again the same person")
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    # six answers from five people: the score shows (k = 3), the comments do not
    assert (row.felt.shown, row.comments_allowed, row.comments) == (True, False, [])
    _commented(cast, customers[5], "customer", "")
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    assert row.comments_allowed is True
    assert row.comments == [
        CommentGroup(
            "Customer",
            [
                "a: felt heard",
                "again the same person",
                "b: felt heard",
                "c: felt heard",
                "d: felt heard",
                "e: felt heard",
            ],
        )
    ]
    page = cast.client_for(cast.leader).get("/o/acme/practice/genuineness/").content.decode()
    assert page.index("a: felt heard") < page.index("e: felt heard")
    assert "at least 6 different people" in page


def test_a_circle_below_the_comment_threshold_hides_its_sibling_too(cast: Cast) -> None:
    _comment_threshold(cast, 6)
    for n in range(6):
        _commented(cast, account(cast.organisation, f"Customer {n}"), "customer", f"c{n}")
    member = person_stakeholder(cast.leader, cast.member)
    _commented(cast, member, "individual", "only the member wrote this")
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    # Customer comments alone (6) would reveal the member's by subtraction from all (7):
    # no circle shows its own, the leader's seven show together.
    assert row.comments == [
        CommentGroup(
            "All circles", ["c0", "c1", "c2", "c3", "c4", "c5", "only the member wrote this"]
        )
    ]


def test_comments_of_a_leader_below_the_threshold_stay_hidden_on_the_page(cast: Cast) -> None:
    _comment_threshold(cast, 6)
    for n in range(5):
        _commented(cast, account(cast.organisation, f"Customer {n}"), "customer", f"secret {n}")
    admin_page = cast.client_for(cast.admin).get("/o/acme/practice/genuineness/").content.decode()
    assert "secret" not in admin_page
    assert 'data-felt="shown"' in admin_page  # five answers reach k = 3


def test_one_more_care_action_and_a_reload_never_pins_the_new_answer(cast: Cast) -> None:
    """The care-felt attack: log care for a known person, reload, read the change."""
    people = _reports(cast, 6)
    for stakeholder in people[:5]:
        _answered(cast, stakeholder, [5])
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    assert (row.felt.shown, row.felt.score, row.felt.answered, row.felt.held) == (
        True,
        100.0,
        5,
        False,
    )
    _answered(cast, people[5], [1])  # the sixth person's answer is the one to hide
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    assert (row.felt.shown, row.felt.score, row.felt.answered) == (True, 100.0, 5)
    assert row.felt.held is True  # the sixth person's answer waits for others
    # the same person answering again does not count as new people either
    for _ in range(4):
        _answered(cast, people[5], [1])
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    assert (row.felt.score, row.felt.answered) == (100.0, 5)
    # five more different people: now the figure moves, over everyone
    for stakeholder in _reports(cast, 4):
        _answered(cast, stakeholder, [3])
    (row,), _ = genuineness(organisation=cast.organisation, leaders=[cast.leader])
    assert (row.felt.answered, row.felt.held) == (14, False)
    assert row.felt.score == round((5 * 5 + 5 * 1 + 4 * 3) / 14 / 4 * 100 - 25, 1)
    page = cast.client_for(cast.leader).get("/o/acme/practice/genuineness/").content.decode()
    assert 'data-felt="shown"' in page


def test_logging_and_asking_is_one_step_that_a_double_submit_takes_once(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    one_on_one = kind(cast.organisation, "one_on_one")

    def submit(key: str, *, ask: bool) -> tuple[int, int]:
        action, asked = log_care_and_ask(
            leader=cast.leader,
            kind=one_on_one,
            stakeholders=[member],
            happened_at=NOW,
            idempotency_key=key,
            ask_follow_up=ask,
        )
        return action.pk, asked

    first = submit("form-1", ask=True)
    assert submit("form-1", ask=True) == first
    assert first[1] == 1
    assert Message.objects.filter(kind="practice.follow_up").count() == 1
    assert submit("form-2", ask=False)[1] == 0
    assert CareAction.objects.count() == 2


def test_a_follow_up_that_cannot_be_asked_leaves_no_care_action_behind(
    cast: Cast, settings: Any
) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    one_on_one = kind(cast.organisation, "one_on_one")
    del settings.SITE_URL  # the link in the follow-up e-mail cannot be written
    with pytest.raises(AttributeError):
        log_care_and_ask(
            leader=cast.leader,
            kind=one_on_one,
            stakeholders=[member],
            happened_at=NOW,
            commitments=[("Send the notes", NOW.date())],
            ask_follow_up=True,
        )
    written = [CareAction.objects.count(), Commitment.objects.count(), FollowUp.objects.count()]
    assert written == [0, 0, 0]
    assert Message.objects.count() == 0
