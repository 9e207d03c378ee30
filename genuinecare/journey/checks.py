"""The checks every write of the safe roof, the risks and the promises shares."""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.insights import risk as scoring
from genuinecare.journey.enums import JourneyStatus
from genuinecare.journey.models import Journey


def today_or(today: dt.date | None) -> dt.date:
    """``today``, or the local date when it is not given."""
    return today if today is not None else timezone.localdate()


def ensure_open(journey: Journey) -> None:
    """Refuse any change to a closed journey."""
    if journey.status != JourneyStatus.OPEN:
        raise ValidationError(_("This journey is closed: its safe roof can no longer change."))


def required_text(value: str, message: str, *, limit: int = 5000) -> str:
    """The text without surrounding blanks, or ``message`` when nothing is left."""
    value = value.strip()
    if not value:
        raise ValidationError(message)
    return value[:limit]


def checked_level(value: int, name: str) -> int:
    """A level from 1 to 5, or a refusal naming the field."""
    try:
        return scoring.valid_level(value)
    except ValueError:
        raise ValidationError(
            _("%(name)s is a number from 1 to 5.") % {"name": name}, code="range"
        ) from None


def write_fields[M: models.Model](row: M, fields: dict[str, Any]) -> M:
    """Write the checked ``fields`` onto ``row`` and save it."""
    with transaction.atomic():
        for name, value in fields.items():
            setattr(row, name, value)
        row.save(update_fields=list(fields))
    return row
