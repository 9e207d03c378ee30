import threading
import uuid

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from genuinecare.surveys.answers import NOT_APPLICABLE, SKIPPED
from genuinecare.surveys.enums import LinkState, Mode
from genuinecare.surveys.models import Comment, Invitation, Response
from genuinecare.surveys.submission import (
    AlreadyAnswered,
    find_invitation,
    layout_of,
    link_state,
    parse_answers,
    save_draft,
    submit_response,
)
from tests.conftest import Cast
from tests.surveys.factories import invite, make_wave


def _form(wave, value: str = "4") -> dict[str, str]:
    return {
        column.key: value for column in layout_of(wave).columns if column.item.scale == "agree5"
    }


def test_anonymous_response_has_no_link_no_time_and_a_random_id(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    invitation, token = invite(wave, unit=cast.sales, email="a@x.test")
    data = {**_form(wave), "comment.heard": "More time to talk, please."}
    response = submit_response(
        invitation=find_invitation(token), answers=parse_answers(layout_of(wave), data)
    )
    stored = Response.objects.get()
    assert isinstance(stored.id, uuid.UUID) and stored.id == response.id
    assert stored.invitation_id is None
    assert [
        f.name for f in Response._meta.get_fields() if "time" in f.get_internal_type().lower()
    ] == []
    assert stored.unit_id == cast.sales.pk
    assert Comment.objects.get().text == "More time to talk, please."
    invitation.refresh_from_db()
    assert invitation.used_on == stored.submitted_on
    assert invitation.draft is None


def test_confidential_response_keeps_the_invitation(cast: Cast) -> None:
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL)
    invitation, token = invite(wave, unit=cast.it, email="c@x.test")
    submit_response(
        invitation=find_invitation(token), answers=parse_answers(layout_of(wave), _form(wave))
    )
    assert Response.objects.get().invitation_id == invitation.pk


def test_submission_takes_the_same_queries_whatever_the_number_of_items(cast: Cast) -> None:
    counts = []
    for catalog in ("purpose", "care"):
        wave = make_wave(cast.admin, catalog_id=catalog, title=catalog)
        _, token = invite(wave, unit=cast.it, email=f"{catalog}@x.test")
        invitation = find_invitation(token)
        first = layout_of(wave).dimensions[0].id
        answers = parse_answers(layout_of(wave), {**_form(wave), f"comment.{first}": "x"})
        with CaptureQueriesContext(connection) as queries:
            submit_response(invitation=invitation, answers=answers)
        counts.append(len(queries))
    assert len(layout_of(wave).columns) > 40
    assert counts[0] == counts[1] == 5  # savepoint, update invitation, insert, comments, release


def test_second_submission_with_the_same_link_is_refused(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="twice@x.test")
    answers = parse_answers(layout_of(wave), _form(wave))
    submit_response(invitation=find_invitation(token), answers=answers)
    with pytest.raises(AlreadyAnswered):
        submit_response(invitation=find_invitation(token), answers=answers)
    assert link_state(find_invitation(token)) == LinkState.USED
    assert Response.objects.count() == 1


def test_answers_are_validated_against_the_scale(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    layout = layout_of(wave)
    first = layout.columns[0].key
    parsed = parse_answers(layout, {first: "na", layout.columns[1].key: "5"})
    assert parsed.vector[:3] == (NOT_APPLICABLE, 5, SKIPPED)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        parse_answers(layout, {first: "6"})
    assert refused.value.messages == [
        "The answer to question 1 must be a whole number from 1 to 5."
    ]


def test_draft_is_kept_for_resuming_and_removed_at_submit(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    invitation, token = invite(wave, unit=cast.it, email="d@x.test")
    key = layout_of(wave).columns[0].key
    assert save_draft(invitation=find_invitation(token), data={key: "2", "evil": "x"})
    invitation.refresh_from_db()
    assert invitation.draft == {key: "2"}
    submit_response(
        invitation=find_invitation(token), answers=parse_answers(layout_of(wave), _form(wave))
    )
    invitation.refresh_from_db()
    assert invitation.draft is None
    assert not save_draft(invitation=find_invitation(token), data={key: "3"})


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_with_one_link_store_exactly_one(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="race@x.test")
    answers = parse_answers(layout_of(wave), _form(wave))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            invitation = find_invitation(token)
            barrier.wait(timeout=10)
            submit_response(invitation=invitation, answers=answers)
            outcomes.append("stored")
        except AlreadyAnswered:
            outcomes.append("already answered")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already answered", "stored"]
    assert Response.objects.filter(wave=wave).count() == 1
    assert Invitation.objects.get(email="race@x.test").used_on is not None
