import threading
import uuid

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from genuinecare.catalog.questionnaire import MISSING, NOT_APPLICABLE, AnswersRefused
from genuinecare.surveys.enums import LinkState, Mode
from genuinecare.surveys.models import Comment, Invitation, Response, Wave
from genuinecare.surveys.submission import (
    AlreadyAnswered,
    Answers,
    Draft,
    LinkRefused,
    find_invitation,
    layout_of,
    link_state,
    questionnaire_of,
    save_page,
    submit_page,
    submit_response,
)
from tests.conftest import Cast
from tests.factories import answer, invite, make_wave, page_post


def _found(token: str) -> Invitation:
    """The invitation behind a link the test has just made."""
    invitation = find_invitation(token)
    assert invitation is not None
    return invitation


def _all_fours(wave: Wave) -> Answers:
    return Answers(bytes([4]) * len(layout_of(wave).columns), {})


def test_the_wave_form_is_the_shared_questionnaire_over_the_frozen_items(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    questionnaire = questionnaire_of(wave)

    assert [part.catalog.id for part in questionnaire.parts] == ["care", "recommend"]
    assert layout_of(wave).keys == wave.item_keys
    assert questionnaire.width == len(wave.item_keys) == 52
    assert [p.dimension.id for p in questionnaire.pages][:2] == ["heard", "cared_for"]
    assert questionnaire.pages[-1].dimension.id == "likelihood_to_recommend"
    assert [q.item.id for q in questionnaire.pages[-1].questions] == ["place_to_work"]
    assert questionnaire.pages[0].comment_field == "q-comment.heard"
    assert all(q.text == q.item.others_text for p in questionnaire.pages for q in p.questions)


def test_anonymous_response_has_no_link_no_time_and_a_random_id(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    invitation, token = invite(wave, unit=cast.sales, email="a@x.test")
    save_page(
        invitation=_found(token),
        data=page_post(wave, 1, **{"q-comment.heard": "More time to talk, please."}),
    )
    pages = questionnaire_of(wave).pages
    response = submit_page(invitation=_found(token), data=page_post(wave, len(pages), "9"))
    first = len(pages[0].questions)
    stored = Response.objects.get()
    assert isinstance(stored.id, uuid.UUID) and stored.id == response.id
    assert stored.invitation_id is None
    assert [
        f.name for f in Response._meta.get_fields() if "time" in f.get_internal_type().lower()
    ] == []
    assert stored.unit_id == cast.sales.pk
    assert bytes(stored.answers) == bytes([4] * first + [MISSING] * (51 - first) + [9])
    assert list(Comment.objects.values_list("dimension", "text")) == [
        ("heard", "More time to talk, please.")
    ]
    invitation.refresh_from_db()
    assert invitation.used_on == timezone.localdate(wave.opens_at)
    assert invitation.draft is None


def test_confidential_response_keeps_the_invitation(cast: Cast) -> None:
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL)
    invitation, token = invite(wave, unit=cast.it, email="c@x.test")
    submit_response(invitation=_found(token), answers=_all_fours(wave))
    assert Response.objects.get().invitation_id == invitation.pk


def test_submission_takes_the_same_queries_whatever_the_number_of_items(cast: Cast) -> None:
    counts = []
    for catalog, mode in (
        ("purpose", Mode.ANONYMOUS),
        ("care", Mode.ANONYMOUS),
        ("care", Mode.CONFIDENTIAL),
    ):
        wave = make_wave(cast.admin, catalog_id=catalog, title=catalog, mode=mode)
        answer(wave, unit=cast.it, value=4)  # the wave's first answer also sets up its ledger
        _, token = invite(wave, unit=cast.it, email=f"{catalog}-{mode}@x.test")
        invitation = _found(token)
        last = len(questionnaire_of(wave).pages)
        comment = questionnaire_of(wave).pages[-1].comment_field
        assert comment is not None
        data = page_post(wave, last, **{comment: "x"})
        with CaptureQueriesContext(connection) as queries:
            submit_page(invitation=invitation, data=data)
        counts.append(len(queries))
    assert len(layout_of(wave).columns) > 40
    # savepoint, update invitation, (anonymous: links let go), read the ledger's batch,
    # insert, comments, release; PostgreSQL adds the shared lock on the wave's ledger
    # (SQLite has one writer anyway)
    lock = 1 if connection.vendor == "postgresql" else 0
    assert counts == [7 + lock, 7 + lock, 6 + lock]


def test_second_submission_with_the_same_link_is_refused(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="twice@x.test")
    submit_response(invitation=_found(token), answers=_all_fours(wave))
    with pytest.raises(AlreadyAnswered):
        submit_response(invitation=_found(token), answers=_all_fours(wave))
    with pytest.raises(AlreadyAnswered):
        save_page(invitation=_found(token), data=page_post(wave, 1))
    assert link_state(_found(token)) == LinkState.USED
    assert Response.objects.count() == 1


def test_answers_are_validated_by_the_shared_form_and_nothing_is_saved(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="v@x.test")
    with pytest.raises(AnswersRefused, match=r"is not on its scale \(1 to 5\)"):
        save_page(invitation=_found(token), data=page_post(wave, 1, "6"))
    with pytest.raises(AnswersRefused, match="is not a question on this page"):
        save_page(invitation=_found(token), data={**page_post(wave, 1), "q-nope": "3"})
    with pytest.raises(AnswersRefused, match="is not a question on this page"):
        save_page(
            invitation=_found(token),
            data={**page_post(wave, 1), "q-comment.cared_for": "wrong page"},
        )
    assert Invitation.objects.get(email="v@x.test").draft is None


def test_an_empty_submission_is_refused(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="e@x.test")
    last = len(questionnaire_of(wave).pages)
    with pytest.raises(AnswersRefused, match="Answer at least one question"):
        submit_page(invitation=_found(token), data=page_post(wave, last, ""))
    assert Response.objects.count() == 0
    assert link_state(_found(token)) == LinkState.OPEN


def test_draft_is_kept_for_resuming_and_removed_at_submit(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    invitation, token = invite(wave, unit=cast.it, email="d@x.test")
    data = {**page_post(wave, 2, "2"), "q-cared_for_e1": "na"}
    save_page(invitation=_found(token), data=data)
    draft = Draft.of(_found(token), questionnaire_of(wave))
    care = questionnaire_of(wave).parts[0].key
    first = len(questionnaire_of(wave).pages[0].questions)
    assert draft.vectors[care][: first + 2] == bytes([MISSING] * first + [NOT_APPLICABLE, 2])
    assert draft.texts == {care: {}}
    submit_response(invitation=_found(token), answers=_all_fours(wave))
    invitation.refresh_from_db()
    assert invitation.draft is None
    with pytest.raises(LinkRefused):
        save_page(invitation=_found(token), data=page_post(wave, 1))


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_with_one_link_store_exactly_one(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="race@x.test")
    data = page_post(wave, len(questionnaire_of(wave).pages))
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            invitation = _found(token)
            barrier.wait(timeout=10)
            submit_page(invitation=invitation, data=data)
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


def test_two_tabs_saving_different_pages_keep_both(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    _, token = invite(wave, unit=cast.it, email="tabs@x.test")
    first_tab, second_tab = _found(token), _found(token)
    save_page(invitation=first_tab, data=page_post(wave, 1, "5"))
    save_page(invitation=second_tab, data=page_post(wave, 2, "1"))  # loaded before the first save
    questionnaire = questionnaire_of(wave)
    vector = Draft.of(_found(token), questionnaire).vectors[questionnaire.parts[0].key]
    first, second = (len(questionnaire.page(n).questions) for n in (1, 2))
    assert vector[: first + second] == bytes([5] * first + [1] * second)
