"""Privacy requests: every export and erasure is recorded, and the export goes to the person.

Each request records who carried it out (an admin's membership), for whose data, when, why
(a reason the admin must give) and when it was done. An access request never gives the
admin a file: the person it is about gets one e-mail, in their language, with a link that
works once and for ``EXPORT_LINK_DAYS`` days. Only the link's hash is stored, the e-mail's
text is blanked once sent, and the file is made at the moment the person downloads it, so
no copy of it is kept anywhere. An erasure is confirmed by typing the person's address;
erasing again returns the first request and changes nothing.
"""

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from genuinecare.lib.tokens import hash_token, new_token
from genuinecare.outbox.actions import enqueue_template
from genuinecare.people import audit
from genuinecare.people.enums import PrivacyRequestKind
from genuinecare.people.models import Person, PrivacyRequest, normalise_email
from genuinecare.practice.cadences.due import zone
from genuinecare.practice.privacy import erase_person, export_person, is_erased

EXPORT_LINK_DAYS = 7
MAX_REASON = 2000


def clean_reason(raw: str) -> str:
    """The reason as stored; raises ValidationError when there is none or it is too long."""
    reason = raw.strip()
    if not reason:
        raise ValidationError(
            _("Give the reason for this request, e.g. how and when the person asked."),
            code="reason",
        )
    if len(reason) > MAX_REASON:
        raise ValidationError(
            _("Shorten the reason to %(count)d characters or fewer.") % {"count": MAX_REASON},
            code="reason",
        )
    return reason


def _submitted(requested_by: Person, submission: str) -> PrivacyRequest | None:
    if not submission:
        return None
    return PrivacyRequest.objects.filter(requested_by=requested_by, submission=submission).first()


def _record(
    *,
    person: Person,
    requested_by: Person,
    kind: PrivacyRequestKind,
    reason: str,
    now: dt.datetime,
    submission: str,
    **extra: Any,
) -> tuple[PrivacyRequest, bool]:
    """The new request and True, or the one the same form made meanwhile and False."""
    try:
        with transaction.atomic():
            created = PrivacyRequest.objects.create(
                organisation_id=person.organisation_id,
                person=person,
                requested_by=requested_by,
                kind=kind,
                reason=reason,
                requested_at=now,
                done_at=now,
                submission=submission,
                **extra,
            )
    except IntegrityError:
        return PrivacyRequest.objects.get(requested_by=requested_by, submission=submission), False
    return created, True


def _check_admin(person: Person, requested_by: Person) -> None:
    if not requested_by.is_admin or requested_by.organisation_id != person.organisation_id:
        raise ValidationError(_("Only an admin of the person's organisation records this."))


def request_access(
    *, person: Person, requested_by: Person, reason: str, now: dt.datetime, submission: str = ""
) -> PrivacyRequest:
    """Record a right-of-access request and hand the export to ``person`` through the outbox.

    Guarantees: the request and its e-mail (to the person's address, in their language, with
    a single-use link valid for ``EXPORT_LINK_DAYS`` days) are written together or not at
    all; the same ``submission`` from the same admin returns the first request and queues
    nothing more; an erased person is refused, since nothing of theirs is left to hand over.
    """
    reason = clean_reason(reason)
    _check_admin(person, requested_by)
    if (earlier := _submitted(requested_by, submission)) is not None:
        return earlier
    if is_erased(person):
        raise ValidationError(_("This person's data was erased; there is nothing to hand over."))
    token, token_hash = new_token()
    expires = now + dt.timedelta(days=EXPORT_LINK_DAYS)
    with transaction.atomic():
        found, created = _record(
            person=person,
            requested_by=requested_by,
            kind=PrivacyRequestKind.ACCESS,
            reason=reason,
            now=now,
            submission=submission,
            token_hash=token_hash,
            link_expires_at=expires,
        )
        if not created:
            return found
        with override(person.language):
            until = date_format(expires.astimezone(zone()), "DATETIME_FORMAT")
        found.message = enqueue_template(
            template="practice/email/privacy_export",
            context={
                "name": person.name,
                "organisation": person.organisation.name,
                "until": until,
                "link": settings.SITE_URL + reverse("my-data", kwargs={"token": token}),
            },
            language=person.language,
            to=person.email,
            kind="practice.privacy_export",
            organisation=person.organisation,
            dedupe_key=f"privacy-export-{found.pk}",
            scrub_after_send=True,
        )
        found.save(update_fields=["message"])
        audit.record(
            audit.Event.PERSONAL_DATA_EXPORTED,
            organisation=person.organisation,
            actor=requested_by,
            subject=person,
            detail="link sent",
        )
    return found


def request_erasure(
    *,
    person: Person,
    requested_by: Person,
    reason: str,
    confirm: str,
    now: dt.datetime,
    submission: str = "",
) -> PrivacyRequest:
    """Record an erasure request and erase ``person`` (``privacy.erase_person``) together.

    Guarantees: nothing is erased or recorded unless ``confirm`` is the person's address and
    a reason is given; an admin cannot erase themselves; erasing an erased person (a double
    submit, a second click) returns the earlier request and changes nothing; the person's
    export links that are still open stop working.
    """
    reason = clean_reason(reason)
    _check_admin(person, requested_by)
    with transaction.atomic():
        # One erasure at a time per person (PostgreSQL; SQLite serialises writers anyway).
        person = Person.objects.select_for_update().select_related("organisation").get(pk=person.pk)
        if (earlier := _submitted(requested_by, submission)) is not None:
            return earlier
        if is_erased(person):
            erased = person.privacy_requests.filter(kind=PrivacyRequestKind.ERASURE).first()
            if erased is None:
                raise ValidationError(_("This person's data was erased already."))
            return erased
        if person.pk == requested_by.pk:
            raise ValidationError(_("You cannot erase your own data. Ask another admin."))
        if normalise_email(confirm) != normalise_email(person.email):
            raise ValidationError(
                _("Type the person's e-mail address exactly to confirm."), code="confirm"
            )
        found, created = _record(
            person=person,
            requested_by=requested_by,
            kind=PrivacyRequestKind.ERASURE,
            reason=reason,
            now=now,
            submission=submission,
        )
        if not created:
            return found
        erase_person(person=person, now=now)
        person.privacy_requests.filter(
            kind=PrivacyRequestKind.ACCESS, downloaded_at__isnull=True, link_expires_at__gt=now
        ).update(link_expires_at=now)
    return found


def find_export_link(*, token: str) -> PrivacyRequest | None:
    """The access request a link belongs to, whatever its state (used, expired or open)."""
    return (
        PrivacyRequest.objects.filter(token_hash=hash_token(token), kind=PrivacyRequestKind.ACCESS)
        .select_related("person__organisation")
        .first()
    )


def export_file(*, person: Person, now: dt.datetime) -> dict[str, Any]:
    """The file the person downloads: a short explanation in their language, then their data."""
    with override(person.language):
        explanation = [
            _("This file holds the personal data Genuine Care stores about you for %(org)s.")
            % {"org": person.organisation.name},
            _(
                "Private notes and commitments of a care action with you alone are included. "
                "Where a care action was with others too, they are left out (null): they are "
                "about the others as well."
            ),
            _(
                "Care actions you logged are listed without notes, commitment texts, whom they "
                "were with and other people's answers to follow-up questions: those are about "
                "other people. You read your own notes in Genuine Care."
            ),
            _("You may ask %(org)s to correct or erase your data.")
            % {"org": person.organisation.name},
        ]
    return {
        "about_this_file": {
            "organisation": person.organisation.name,
            "made_at": now.isoformat(),
            "explanation": explanation,
        },
        **export_person(person=person),
    }


def take_export(*, token: str, now: dt.datetime) -> bytes | None:
    """The export file (JSON) if the link is open, marking it used; None otherwise.

    Guarantees the link works once: of two concurrent downloads one gets the file, the other
    None (a conditional update decides). The file is made here and not stored.
    """
    with transaction.atomic():
        taken = PrivacyRequest.objects.filter(
            token_hash=hash_token(token),
            kind=PrivacyRequestKind.ACCESS,
            downloaded_at__isnull=True,
            link_expires_at__gt=now,
        ).update(downloaded_at=now)
        if taken != 1:
            return None
        found = PrivacyRequest.objects.select_related("person__organisation").get(
            token_hash=hash_token(token), kind=PrivacyRequestKind.ACCESS
        )
        data = export_file(person=found.person, now=now)
        audit.record(
            audit.Event.PERSONAL_DATA_EXPORTED,
            organisation=found.person.organisation,
            subject=found.person,
            detail="downloaded through the e-mailed link",
        )
    return json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
