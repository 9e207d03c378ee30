"""Care given meets care felt: one-question follow-ups to the recipients of care actions.

A follow-up is confidential, never anonymous to the system (it belongs to an action), so
its answers are only ever shown aggregated (``genuineness.py``).
"""

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from genuinecare.lib.tokens import hash_token, new_token
from genuinecare.outbox.actions import enqueue_template
from genuinecare.people.models import Person
from genuinecare.practice.actions import log_care
from genuinecare.practice.cadences.due import circle_on_map
from genuinecare.practice.felt.genuineness import care_felt_scope
from genuinecare.practice.models import CareAction, CareKind, FollowUp, Stakeholder
from genuinecare.releases.store import batch_for_answer


def log_care_and_ask(
    *,
    leader: Person,
    kind: CareKind,
    stakeholders: Sequence[Stakeholder],
    happened_at: dt.datetime,
    note: str = "",
    commitments: Sequence[tuple[str, dt.date]] = (),
    idempotency_key: str = "",
    ask_follow_up: bool,
) -> tuple[CareAction, int]:
    """Log a care action and, when asked, ask its recipients whether they felt cared for.

    One transaction: the action, its commitments and its follow-up e-mails are all
    written, or none is. Returns the action and how many follow-ups it has (0 when
    none were asked for). A double submit logs once and asks once (``log_care``).
    """
    with transaction.atomic():
        action = log_care(
            leader=leader,
            kind=kind,
            stakeholders=stakeholders,
            happened_at=happened_at,
            note=note,
            commitments=commitments,
            idempotency_key=idempotency_key,
        )
        asked = request_follow_ups(action=action) if ask_follow_up else 0
    return action, asked


def request_follow_ups(*, action: CareAction) -> int:
    """Queue one follow-up e-mail per stakeholder with an address; asking twice asks once.

    Returns how many follow-ups exist for the action afterwards.
    """
    leader = action.leader
    with transaction.atomic():
        asked = set(action.follow_ups.values_list("stakeholder_id", flat=True))
        for stakeholder in action.stakeholders.select_related("person", "account"):
            recipient = None if stakeholder.pk in asked else stakeholder.recipient()
            if recipient is None:
                continue
            token, token_hash = new_token()
            follow_up = FollowUp.objects.create(
                action=action,
                stakeholder=stakeholder,
                circle=circle_on_map(stakeholder, leader),
                email=recipient[0],
                language=recipient[1],
                token_hash=token_hash,
            )
            with override(follow_up.language):
                day = date_format(action.happened_at.date(), "DATE_FORMAT")
            enqueue_template(
                template="practice/email/follow_up",
                context={
                    "leader": leader.name,
                    "day": day,
                    "link": settings.SITE_URL + reverse("follow-up", kwargs={"token": token}),
                },
                language=follow_up.language,
                to=follow_up.email,
                kind="practice.follow_up",
                organisation=action.organisation,
                dedupe_key=f"practice-follow-up-{follow_up.pk}",
                scrub_after_send=True,
            )
        return action.follow_ups.count()


def _by_token(token: str) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(token_hash=hash_token(token)).select_related("action__leader")


def find_follow_up(*, token: str) -> FollowUp | None:
    """The follow-up a link's token opens, or None for an unknown token."""
    return _by_token(token).first()


def answer_follow_up(*, token: str, score: int, comment: str, today: dt.date) -> FollowUp:
    """Record the one answer a follow-up link allows; a second answer is refused."""
    if score not in range(1, 6):
        raise ValidationError(_("Choose a value from 1 to 5."))
    with transaction.atomic():
        found = _by_token(token).select_for_update(of=("self",)).first()
        if found is None:
            raise ValidationError(_("This link is not valid. Use the link from your e-mail."))
        if found.answered_on is not None:
            raise ValidationError(_("This question was already answered. Thank you!"))
        found.answered_on = today
        found.score = score
        found.comment = comment.strip()[:2000]
        found.batch = batch_for_answer(care_felt_scope(found.action.leader.organisation_id))
        found.save(update_fields=["answered_on", "score", "comment", "batch"])
    return found
