"""Waves and answers for tests, made through the real domain functions."""

from datetime import timedelta

from django.utils import timezone

from genuinecare.catalog.enums import Scale
from genuinecare.lib.tokens import new_token
from genuinecare.people.models import Person, Unit
from genuinecare.surveys.actions import create_wave, open_wave
from genuinecare.surveys.enums import Audience, Mode
from genuinecare.surveys.models import Invitation, InvitationLink, Wave
from genuinecare.surveys.submission import (
    Answers,
    layout_of,
    questionnaire_of,
    submit_response,
)


def make_wave(admin: Person, **options: object) -> Wave:
    """A wave made by ``admin`` through ``create_wave`` (thresholds 3 and 4 unless told).

    No wave's comment threshold goes below its organisation's, so where a test
    asks for a lower one the organisation's is lowered first, as its admin would.
    """
    now = timezone.now()
    defaults: dict[str, object] = {
        "title": "Spring pulse",
        "audience": Audience.EMPLOYEES,
        "catalog_id": "care",
        "opens_at": now - timedelta(hours=1),
        "closes_at": now + timedelta(days=14),
        "mode": Mode.ANONYMOUS,
        "threshold": 3,
        "comment_threshold": 4,
    }
    chosen = {**defaults, **options}
    comments, organisation = chosen["comment_threshold"], admin.organisation
    if isinstance(comments, int) and comments < organisation.comment_threshold:
        organisation.comment_threshold = comments
        organisation.save(update_fields=["comment_threshold"])
    return create_wave(created_by=admin, **chosen)  # type: ignore[arg-type]


def invite(
    wave: Wave, *, unit: Unit | None, email: str, language: str = "en"
) -> tuple[Invitation, str]:
    """An invitation with a known token (as if its e-mail had been read)."""
    if wave.invited_at is None:
        open_wave(wave=wave)
        wave.refresh_from_db()
    invitation = Invitation.objects.create(wave=wave, unit=unit, email=email, language=language)
    token, token_hash = new_token()
    InvitationLink.objects.create(wave=wave, invitation=invitation, token_hash=token_hash)
    return invitation, token


def answer(
    wave: Wave,
    *,
    unit: Unit | None,
    value: int,
    comments: dict[str, str] | None = None,
    email: str | None = None,
) -> None:
    """One submitted response with ``value`` on every agreement item (and 10 to recommend)."""
    layout = layout_of(wave)
    invitation, _ = invite(wave, unit=unit, email=email or f"r{Invitation.objects.count()}@x.test")
    invitation = Invitation.objects.select_related("wave").get(pk=invitation.pk)
    vector = bytes(value if c.item.scale == Scale.AGREE5 else 10 for c in layout.columns)
    submit_response(invitation=invitation, answers=Answers(vector, comments or {}))


def page_post(wave: Wave, number: int, value: str = "4", **extra: str) -> dict[str, str]:
    """What the form posts for page ``number`` with ``value`` on every question."""
    page = questionnaire_of(wave).page(number)
    data = {"page": str(number), "version": page.part.key, **extra}
    data.update({q.field: value for q in page.questions})
    return data
