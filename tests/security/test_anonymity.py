"""Promise 3: anonymity. No score, count or comment of a small group on any path, and an
anonymous answer leaves nothing that ties it to the person who gave it: not the response,
the invitation, the draft, the outbox, the logs or the pages around it."""

import csv
import io
import logging
import uuid
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from genuinecare.lib.logs import RedactLinks
from genuinecare.outbox.models import Message
from genuinecare.surveys.models import Comment, Response, Wave
from genuinecare.surveys.submission import questionnaire_of
from tests.conftest import Cast, streamed
from tests.factories import answer, invite, make_wave, page_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the configured log handler (the one with the link filter) writes."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactLinks) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)  # type: ignore[attr-defined]
    yield stream
    handler.setStream(previous)  # type: ignore[attr-defined]


def test_an_anonymous_answer_leaves_no_trace_of_who_gave_it(
    cast: Cast, log_output: io.StringIO
) -> None:
    now = timezone.now()
    wave = make_wave(cast.admin, opens_at=now - timedelta(days=3))
    invitation, token = invite(wave, unit=cast.sales_dach, email="respondent@acme.test")
    messages_before = list(Message.objects.values_list("pk", "body"))
    client = cast.client_for(cast.member)  # signed in or not: the link alone counts
    pages = len(questionnaire_of(wave).pages)
    save = reverse("respond-save", kwargs={"token": token})
    assert client.post(save, page_post(wave, 1, **{"q-comment.heard": "Mine"})).status_code == 302
    assert client.post(save, {"page": "1", "q-x": "tampered"}).status_code == 400  # logged 4xx
    submit = reverse("respond-submit", kwargs={"token": token})
    thanks = client.post(submit, page_post(wave, pages))
    assert thanks["Location"].startswith(reverse("respond-thanks"))
    again = client.get(reverse("respond", kwargs={"token": token}))
    assert again.context["state"] == "used"

    response = Response.objects.get()
    invitation.refresh_from_db()
    assert isinstance(response.pk, uuid.UUID)
    assert response.invitation_id is None
    assert response.submitted_on == timezone.localdate()
    # the invitation says only that it was used, not when: unit + day would pick the response
    assert invitation.used_on == timezone.localdate(wave.opens_at) != response.submitted_on
    assert invitation.draft is None
    comment = Comment.objects.get()
    assert (comment.text, isinstance(comment.pk, uuid.UUID)) == ("Mine", True)
    # answering queued or changed no e-mail
    assert list(Message.objects.values_list("pk", "body")) == messages_before
    # the thank-you page knows nothing of the wave or the answer
    page = client.get(thanks["Location"]).content.decode()
    assert wave.title not in page and "Mine" not in page
    # and no log line carries the link
    written = log_output.getvalue()
    assert "/r/[link]/save/" in written
    assert token not in written


@pytest.mark.parametrize("model", [Response, Comment])
def test_answers_have_no_time_no_order_and_no_person(model: type[models.Model]) -> None:
    fields = {f.name: f for f in model._meta.get_fields()}
    assert isinstance(fields["id"], models.UUIDField)
    assert [n for n, f in fields.items() if isinstance(f, models.DateTimeField)] == []
    related = {n: f.related_model for n, f in fields.items() if f.is_relation}
    assert "people.Person" not in {m._meta.label for m in related.values() if m}
    # unit or account: the reporting group, nothing finer
    assert set(related) <= {"wave", "unit", "account", "invitation"}


def test_thresholds_never_go_below_three(cast: Cast) -> None:
    with pytest.raises(ValidationError):
        make_wave(cast.admin, threshold=2, comment_threshold=2)
    with pytest.raises(ValidationError):
        make_wave(cast.admin, threshold=5, comment_threshold=4)


def _small_group_wave(cast: Cast) -> Wave:
    """Acme itself 3 answers, IT 3 (shown at k=3), DACH 2 (hidden, and Sales with it)."""
    wave = make_wave(cast.admin, threshold=3, comment_threshold=4)
    for _ in range(3):
        answer(wave, unit=cast.root, value=3)
    for _ in range(3):
        answer(wave, unit=cast.it, value=2, comments={"heard": "IT words"})
    for _ in range(2):
        answer(wave, unit=cast.sales_dach, value=5, comments={"heard": "DACH words"})
    return wave


def test_a_small_group_shows_nothing_on_any_path(cast: Cast) -> None:
    wave = _small_group_wave(cast)
    admin = cast.client_for(cast.admin)
    kwargs = {"org": "acme", "pk": wave.pk}
    results = reverse("surveys:results", kwargs=kwargs)
    assert admin.get(results, {"unit": cast.sales_dach.pk}).context["summary"] is None
    assert admin.get(results, {"unit": cast.sales.pk}).context["summary"] is None
    shown = admin.get(results, {"unit": cast.it.pk}).context["summary"]
    assert shown.respondents == 3
    assert [d.comments for d in shown.dimensions] == [None] * len(shown.dimensions)  # 3 < 4
    whole = admin.get(results).context["summary"]
    assert whole.respondents == 8
    assert "DACH words" in [c for d in whole.dimensions for c in (d.comments or [])]
    # the leader of Sales sees no number for their own hidden subtree either
    leader = cast.client_for(cast.leader).get(results).context
    assert (leader["summary"], leader["heat"].rows) == (None, [])
    # the response-rate table hides the answered count of DACH and of Sales, and of IT:
    # 3 of its 4 invited answered, and fewer than k not answering is hidden too
    detail = admin.get(reverse("surveys:wave", kwargs=kwargs)).context["rates"]
    answered = {row.name: (row.invited, row.answered) for row in detail.rows}
    assert answered == {"Acme": (12, 8), "Sales": (4, None), "DACH": (3, None), "IT": (4, None)}
    # exports
    export = reverse("surveys:export", kwargs={**kwargs, "kind": "aggregated", "fmt": "csv"})
    rows = list(csv.reader(io.StringIO(streamed(admin.get(export)).decode())))
    by_unit = {row[0].lstrip("\ufeff"): row[1:] for row in rows[1:]}
    assert by_unit["Acme / IT"][0] == "3"
    assert all(not any(row[1:]) for name, row in by_unit.items() if "Sales" in name)
    # a filter that would isolate DACH by subtraction (IT + DACH minus IT) is refused
    refused = admin.get(results, {"select": [cast.it.pk, cast.sales_dach.pk]}).context
    assert refused["filtered"] is None
    assert "This selection is refused" in str(next(iter(refused["messages"])))


def test_a_reminder_is_not_listed_by_person(cast: Cast) -> None:
    """Whoever is reminded has not answered: reminders never show up per recipient."""
    from genuinecare.surveys.actions import send_reminders

    now = timezone.now()
    wave = make_wave(
        cast.admin,
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=10),
        reminder_days=[2],
    )
    invite(wave, unit=cast.it, email="late@acme.test")
    assert send_reminders(wave=wave, now=now + timedelta(days=3)) >= 1
    page = cast.client_for(cast.admin).get(reverse("outbox:outbox", kwargs={"org": "acme"}))
    assert Message.objects.filter(kind="survey-reminder", to_email="late@acme.test").exists()
    listed = {(m.kind, m.to_email) for m in page.context["recent"]}
    assert ("survey-reminder", "late@acme.test") not in listed
    assert {kind for kind, _ in listed} == {"survey-invitation"}
