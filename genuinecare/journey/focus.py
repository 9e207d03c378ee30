"""The focus areas of a journey: accept or dismiss a suggestion, end a focus, make a step.

A suggestion is looked up again from the evidence the leader may see now
(``journey.evidence``): what is posted names it (source and key), never its figures.
Its snapshot is frozen at acceptance and never recomputed.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from genuinecare.journey.enums import FocusSource, FocusState, Origin
from genuinecare.journey.evidence import Suggestion, find
from genuinecare.journey.models import Focus, Journey, Step
from genuinecare.people.models import Person

MAX_ACCEPTED = 3


class NeedsConfirmation(ValidationError):
    """Accepting one more than ``MAX_ACCEPTED`` focus areas needs an explicit yes."""


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Say in a few words why: the reason stays with the decision."))
    return reason


def _suggested(
    journey: Journey,
    membership: Person,
    *,
    source: str,
    key: str,
    language: str,
    as_of: dt.datetime | None = None,
) -> Suggestion:
    if journey.leader_id != membership.pk:
        raise ValidationError(_("Only the journey's leader decides on its focus areas."))
    if source not in FocusSource.values:
        raise ValidationError(_("Choose one of the suggested focus areas."))
    found = find(journey, membership, source=source, key=key, language=language, as_of=as_of)
    if found is None:
        raise ValidationError(
            _(
                "This focus area is no longer suggested by the evidence you may see "
                "(or you already decided on it): choose one from the list."
            )
        )
    return found


def accepted_count(journey: Journey) -> int:
    return journey.focuses.filter(state=FocusState.ACCEPTED).count()


def accept_focus(
    *,
    journey: Journey,
    membership: Person,
    source: str,
    key: str,
    reason: str,
    language: str,
    confirm: bool = False,
    as_of: dt.datetime | None = None,
) -> Focus:
    """Accept a suggestion with a reason, freezing its evidence as it stands now.

    ``as_of`` takes the suggestion from the waves closed by then (see ``suggestions``).

    At most ``MAX_ACCEPTED`` accepted at a time: one more raises ``NeedsConfirmation``
    unless ``confirm`` says the leader has read the warning.
    """
    reason = _reason(reason)
    with transaction.atomic():
        Journey.objects.select_for_update().filter(pk=journey.pk).first()
        found = _suggested(
            journey, membership, source=source, key=key, language=language, as_of=as_of
        )
        if accepted_count(journey) >= MAX_ACCEPTED and not confirm:
            raise NeedsConfirmation(
                _(
                    "You already have %(count)d focus areas. More than three at a time "
                    "spreads the team's energy thin: end one first, or confirm that you "
                    "want a fourth."
                )
                % {"count": accepted_count(journey)}
            )
        return Focus.objects.create(
            journey=journey,
            source=source,
            key=key,
            title=found.title[:200],
            state=FocusState.ACCEPTED,
            reason=reason,
            snapshot=found.snapshot(),
        )


def dismiss_focus(
    *,
    journey: Journey,
    membership: Person,
    source: str,
    key: str,
    reason: str,
    language: str,
    as_of: dt.datetime | None = None,
) -> Focus:
    """Dismiss a suggestion with a reason; it is not suggested again from that source."""
    reason = _reason(reason)
    with transaction.atomic():
        found = _suggested(
            journey, membership, source=source, key=key, language=language, as_of=as_of
        )
        return Focus.objects.create(
            journey=journey,
            source=source,
            key=key,
            title=found.title[:200],
            state=FocusState.DISMISSED,
            reason=reason,
            snapshot=found.snapshot(),
        )


def end_focus(*, focus: Focus, reason: str = "") -> Focus:
    """End an accepted focus area (its snapshot and its steps stay)."""
    with transaction.atomic():
        locked = Focus.objects.select_for_update().get(pk=focus.pk)
        if locked.state != FocusState.ACCEPTED:
            raise ValidationError(_("Only an accepted focus area can be ended."))
        locked.state = FocusState.ENDED
        if reason.strip():
            locked.reason = f"{locked.reason}\n{reason.strip()}".strip()
        locked.save(update_fields=["state", "reason"])
    return locked


def step_from_focus(*, focus: Focus, title: str) -> Step:
    """A step of the plan made from an accepted focus: it keeps the focus's evidence.

    The step names the focus's dimension, so re-measurement shows its before and after.
    """
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the step a title."))
    if focus.state != FocusState.ACCEPTED:
        raise ValidationError(_("Make steps from an accepted focus area."))
    with transaction.atomic():
        return Step.objects.create(
            journey_id=focus.journey_id,
            focus=focus,
            title=title[:300],
            origin=Origin.LEADER,
            dimensions=[focus.key],
            snapshot=dict(focus.snapshot),
        )
