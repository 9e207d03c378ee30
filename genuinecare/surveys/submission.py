"""Answering a wave through an invitation link: the wave's form, drafts and the one submission.

Respondents answer on the shared form (``genuinecare.catalog.questionnaire``):
one dimension per page, "does not apply", an optional comment per dimension.
Every question may be left out (nobody is forced to answer), but a submission
needs at least one answer or comment.

Guarantees of :func:`submit_response`:

* one transaction and a constant number of queries, whatever the number of items;
* the invitation is consumed in the same transaction by a conditional
  ``UPDATE … WHERE used_on IS NULL``: of two concurrent submissions with the same
  link exactly one writes a response, the other raises :class:`AlreadyAnswered`;
* in an anonymous wave the response has a random id, the date only and no link
  to the invitation, and the invitation does not keep the day it was used; the
  draft kept for resuming is deleted in the same update, and the invitation's
  links let go of it (their number would tell how many reminders came before
  the answer).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.catalog.models import CatalogVersion
from genuinecare.catalog.questionnaire import (
    COMMENT_PREFIX,
    MISSING,
    AnswersRefused,
    PageAnswers,
    Questionnaire,
    build_questionnaire,
    parse_page,
)
from genuinecare.lib.tokens import hash_token
from genuinecare.releases.store import batch_for_answer
from genuinecare.surveys.enums import Audience, LinkState
from genuinecare.surveys.layout import Layout
from genuinecare.surveys.ledger import wave_scope
from genuinecare.surveys.models import Comment, Invitation, InvitationLink, Response, Wave


class LinkRefused(Exception):
    """The link cannot be answered (any more); ``state`` says why."""

    def __init__(self, state: LinkState) -> None:
        super().__init__(state)
        self.state = state


class AlreadyAnswered(LinkRefused):
    def __init__(self) -> None:
        super().__init__(LinkState.USED)


@cache
def _form(
    version_ids: tuple[int, ...], audience: str, item_keys: tuple[tuple[str, str], ...]
) -> tuple[Questionnaire, Layout]:
    found = CatalogVersion.objects.in_bulk(version_ids)
    questionnaire = build_questionnaire(
        [found[i] for i in version_ids],
        form="others",
        audience=Audience(audience).item_audience,
        only=set(item_keys),
        comments=True,
    )
    layout = Layout.of(questionnaire)
    if [tuple(key) for key in layout.keys] != list(item_keys):
        raise ValueError("the wave's items are not in the order of its catalogs")
    return questionnaire, layout


def _form_of(wave: Wave) -> tuple[Questionnaire, Layout]:
    version_ids: tuple[int, ...] = (wave.catalog_version_id,)
    if wave.recommend_version_id is not None:
        version_ids += (wave.recommend_version_id,)
    keys = tuple((str(c), str(i)) for c, i in wave.item_keys)
    return _form(version_ids, wave.audience, keys)


def questionnaire_of(wave: Wave) -> Questionnaire:
    """The wave's form over its frozen items (cached per process: it never changes)."""
    return _form_of(wave)[0]


def layout_of(wave: Wave) -> Layout:
    """What each column of the wave's answer vectors means, in the form's order."""
    return _form_of(wave)[1]


@dataclass(frozen=True)
class Answers:
    """What one respondent submits: the joined answer vector and comments per dimension."""

    vector: bytes
    comments: dict[str, str]

    @property
    def answered(self) -> int:
        return len(self.vector) - self.vector.count(MISSING)


@dataclass(frozen=True)
class Draft:
    """What a respondent answered so far, per part of the form (kept on the invitation)."""

    vectors: dict[str, bytes]
    texts: dict[str, dict[str, str]]

    @classmethod
    def of(cls, invitation: Invitation, questionnaire: Questionnaire) -> "Draft":
        """The invitation's draft; parts that do not fit the form are left out."""
        stored: dict[str, Any] = invitation.draft or {}
        widths = {part.key: part.width for part in questionnaire.parts}
        decoded = {k: bytes.fromhex(str(v)) for k, v in dict(stored.get("answers", {})).items()}
        vectors = {k: v for k, v in decoded.items() if widths.get(k) == len(v)}
        texts = {k: dict(v) for k, v in dict(stored.get("texts", {})).items() if k in widths}
        return cls(vectors, texts)

    def to_json(self) -> dict[str, Any]:
        return {"answers": {k: v.hex() for k, v in self.vectors.items()}, "texts": self.texts}

    def with_page(self, answers: PageAnswers) -> "Draft":
        """This draft with one posted page in place (the page ends up exactly as posted)."""
        part = answers.page.part
        vector, texts = answers.merge_into(
            self.vectors.get(part.key, part.empty_vector()), self.texts.get(part.key, {})
        )
        return Draft({**self.vectors, part.key: vector}, {**self.texts, part.key: texts})

    def answers(self, questionnaire: Questionnaire) -> Answers:
        comments = {
            key.removeprefix(COMMENT_PREFIX): text
            for part_texts in self.texts.values()
            for key, text in part_texts.items()
            if key.startswith(COMMENT_PREFIX)
        }
        return Answers(questionnaire.joined(self.vectors), comments)


def find_invitation(token: str) -> Invitation | None:
    """The invitation behind a link (with its wave and organisation), or None; one query.

    A link used in an anonymous wave no longer names its invitation; for it a
    stand-in is returned that only says *used* (nothing can be saved through it)
    and has no language, so its page speaks the visitor's browser's.
    """
    link = (
        InvitationLink.objects.select_related("wave__organisation", "invitation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    if link is None:
        return None
    if link.invitation is None:
        return Invitation(
            wave=link.wave, language="", used_on=timezone.localdate(link.wave.opens_at)
        )
    link.invitation.wave = link.wave
    return link.invitation


def link_state(invitation: Invitation | None, *, now: datetime | None = None) -> LinkState:
    """Whether an answer link works now, and if not why: unknown, used, closed or not yet open."""
    if invitation is None:
        return LinkState.UNKNOWN
    now = now or timezone.now()
    wave = invitation.wave
    if invitation.used_on is not None:
        return LinkState.USED
    if wave.closed_at is not None or now >= wave.closes_at:
        return LinkState.CLOSED
    if wave.invited_at is None or now < wave.opens_at:
        return LinkState.NOT_YET
    return LinkState.OPEN


def _refuse_unless_open(invitation: Invitation) -> None:
    state = link_state(invitation)
    if state != LinkState.OPEN:
        raise AlreadyAnswered() if state == LinkState.USED else LinkRefused(state)


def save_page(*, invitation: Invitation, data: Mapping[str, Any]) -> PageAnswers:
    """Keep one posted page in the invitation's draft, for resuming.

    ``AnswersRefused`` for a tampered page and ``LinkRefused`` once the link is
    used or closed; nothing changes then.
    """
    _refuse_unless_open(invitation)
    questionnaire = questionnaire_of(invitation.wave)
    answers = parse_page(questionnaire, data)
    with transaction.atomic():  # two tabs saving at once: each page lands on the other's
        stored = (
            Invitation.objects.select_for_update()
            .filter(pk=invitation.pk, used_on__isnull=True)
            .values_list("pk", "draft")
            .first()
        )
        if stored is None:
            raise AlreadyAnswered()
        invitation.draft = stored[1]
        draft = Draft.of(invitation, questionnaire).with_page(answers).to_json()
        Invitation.objects.filter(pk=invitation.pk).update(draft=draft)
    invitation.draft = draft
    return answers


def submit_page(
    *, invitation: Invitation, data: Mapping[str, Any], today: date | None = None
) -> Response:
    """Submit the draft with the posted last page in place (see ``submit_response``)."""
    _refuse_unless_open(invitation)
    questionnaire = questionnaire_of(invitation.wave)
    draft = Draft.of(invitation, questionnaire).with_page(parse_page(questionnaire, data))
    return submit_response(invitation=invitation, answers=draft.answers(questionnaire), today=today)


def _used_on(wave: Wave, today: date) -> date:
    """The day an invitation is marked used: in an anonymous wave, the day the wave opened.

    A response keeps its unit and day; an invitation that kept the day it was used
    would match it to the response of its unit and day whenever that pair is rare.
    """
    return timezone.localdate(wave.opens_at) if wave.is_anonymous else today


def submit_response(
    *, invitation: Invitation, answers: Answers, today: date | None = None
) -> Response:
    """Store one response and consume the invitation, all or nothing (see module docstring)."""
    _refuse_unless_open(invitation)
    wave = invitation.wave
    if len(answers.vector) != len(wave.item_keys):
        raise AnswersRefused(_("The questions changed while you answered. Reload the page."))
    if not answers.answered and not answers.comments:
        raise AnswersRefused(_("Answer at least one question before you submit."))
    today = today or timezone.localdate()
    with transaction.atomic():
        consumed = Invitation.objects.filter(pk=invitation.pk, used_on__isnull=True).update(
            used_on=_used_on(wave, today), draft=None
        )
        if consumed != 1:
            raise AlreadyAnswered()
        if wave.is_anonymous:
            InvitationLink.objects.filter(invitation_id=invitation.pk).update(invitation=None)
        batch = batch_for_answer(wave_scope(wave))
        response = Response.objects.create(
            wave=wave,
            unit_id=invitation.unit_id,
            account_id=invitation.account_id,
            invitation=None if wave.is_anonymous else invitation,
            submitted_on=today,
            answers=answers.vector,
            batch=batch,
        )
        if answers.comments:
            Comment.objects.bulk_create(
                Comment(
                    wave=wave,
                    unit_id=invitation.unit_id,
                    account_id=invitation.account_id,
                    dimension=dimension,
                    text=text,
                    batch=batch,
                )
                for dimension, text in answers.comments.items()
            )
    return response
