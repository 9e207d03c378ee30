"""Answering a wave through an invitation link: drafts and the one submission.

Guarantees of :func:`submit_response`:

* one transaction and a constant number of queries, whatever the number of items;
* the invitation is consumed in the same transaction by a conditional
  ``UPDATE … WHERE used_on IS NULL``: of two concurrent submissions with the same
  link exactly one writes a response, the other raises :class:`AlreadyAnswered`;
* in an anonymous wave the response has a random id, the date only and no link
  to the invitation; the draft kept for resuming is deleted in the same update.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.catalog.models import CatalogVersion
from genuinecare.catalog.registry import catalog_of
from genuinecare.lib.tokens import hash_token
from genuinecare.surveys.answers import NOT_APPLICABLE, SKIPPED, encode
from genuinecare.surveys.enums import LinkState
from genuinecare.surveys.layout import Layout
from genuinecare.surveys.models import Comment, Invitation, InvitationLink, Response, Wave

MAX_COMMENT = 2000
NOT_APPLICABLE_VALUE = "na"


class LinkRefused(Exception):
    """The link cannot be answered (any more); ``state`` says why."""

    def __init__(self, state: LinkState) -> None:
        super().__init__(state)
        self.state = state


class AlreadyAnswered(LinkRefused):
    def __init__(self) -> None:
        super().__init__(LinkState.USED)


@dataclass(frozen=True)
class Answers:
    """Validated answers: the vector in item order and the comments per dimension."""

    vector: tuple[int, ...]
    comments: dict[str, str]


@cache
def _layout(item_keys: tuple[tuple[str, str], ...], version_ids: tuple[int, ...]) -> Layout:
    versions = CatalogVersion.objects.in_bulk(version_ids)
    catalogs = {v.catalog_id: catalog_of(v) for v in (versions[i] for i in version_ids)}
    return Layout.build(item_keys=item_keys, catalogs=catalogs)


def layout_of(wave: Wave) -> Layout:
    """The wave's answer layout (cached per process: a wave's layout never changes)."""
    version_ids: tuple[int, ...] = (wave.catalog_version_id,)
    if wave.recommend_version_id is not None:
        version_ids += (wave.recommend_version_id,)
    keys = tuple((str(c), str(i)) for c, i in wave.item_keys)
    return _layout(keys, version_ids)


def find_invitation(token: str) -> Invitation | None:
    """The invitation behind a link (with its wave and organisation), or None; one query."""
    link = (
        InvitationLink.objects.select_related("invitation__wave__organisation")
        .filter(token_hash=hash_token(token))
        .first()
    )
    return None if link is None else link.invitation


def link_state(invitation: Invitation | None, *, now: datetime | None = None) -> LinkState:
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


def _value(layout: Layout, position: int, raw: str) -> int:
    raw = raw.strip()
    if raw == "":
        return SKIPPED
    if raw == NOT_APPLICABLE_VALUE and layout.columns[position].item.scale == "agree5":
        return NOT_APPLICABLE
    low, high = int(layout.low[position]), int(layout.high[position])
    if raw.isdigit() and low <= int(raw) <= high:
        return int(raw)
    raise ValidationError(
        _("The answer to question %(number)d must be a whole number from %(low)d to %(high)d.")
        % {"number": position + 1, "low": low, "high": high}
    )


def parse_answers(layout: Layout, data: Mapping[str, str]) -> Answers:
    """Answers from form data keyed by ``Column.key`` and ``comment.<dimension>``.

    Unknown keys are ignored; a value outside an item's scale raises
    ``ValidationError`` naming the question, so a tampered form changes nothing.
    """
    vector = tuple(_value(layout, n, data.get(c.key, "")) for n, c in enumerate(layout.columns))
    comments: dict[str, str] = {}
    for dimension in layout.dimensions:
        text = data.get(f"comment.{dimension.id}", "").strip()
        if len(text) > MAX_COMMENT:
            raise ValidationError(
                _("Shorten your comment on “%(dimension)s” to %(max)d characters.")
                % {"dimension": dimension.title.en, "max": MAX_COMMENT}
            )
        if text:
            comments[dimension.id] = text
    return Answers(vector=vector, comments=comments)


def save_draft(*, invitation: Invitation, data: Mapping[str, str]) -> bool:
    """Keep what was answered so far for resuming; False once the link is used or closed."""
    if link_state(invitation) != LinkState.OPEN:
        return False
    layout = layout_of(invitation.wave)
    known = {c.key for c in layout.columns} | {f"comment.{d.id}" for d in layout.dimensions}
    draft = {key: str(value)[:MAX_COMMENT] for key, value in data.items() if key in known}
    return bool(
        Invitation.objects.filter(pk=invitation.pk, used_on__isnull=True).update(draft=draft)
    )


def submit_response(
    *, invitation: Invitation, answers: Answers, today: date | None = None
) -> Response:
    """Store one response and consume the invitation, all or nothing (see module docstring)."""
    state = link_state(invitation)
    if state != LinkState.OPEN:
        raise AlreadyAnswered() if state == LinkState.USED else LinkRefused(state)
    wave = invitation.wave
    if len(answers.vector) != len(wave.item_keys):
        raise ValidationError(_("The questions changed while you answered. Reload the page."))
    today = today or timezone.localdate()
    with transaction.atomic():
        consumed = Invitation.objects.filter(pk=invitation.pk, used_on__isnull=True).update(
            used_on=today, draft=None
        )
        if consumed != 1:
            raise AlreadyAnswered()
        response = Response.objects.create(
            wave=wave,
            unit_id=invitation.unit_id,
            invitation=None if wave.is_anonymous else invitation,
            submitted_on=today,
            answers=encode(answers.vector),
        )
        if answers.comments:
            Comment.objects.bulk_create(
                Comment(wave=wave, unit_id=invitation.unit_id, dimension=dimension, text=text)
                for dimension, text in answers.comments.items()
            )
    return response
