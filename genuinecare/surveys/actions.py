"""Every write to waves and invitations goes through these verbs.

They validate, write inside a transaction and raise ``ValidationError`` with a
translated message that says what to fix. Submitting answers is in
``submission``. Customers and suppliers are the contacts of the people app's
accounts (imported with ``practice.importing``).
"""

import secrets
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from genuinecare.catalog.registry import current_version, shipped
from genuinecare.lib.i18n import ENGLISH, GERMAN, LANGUAGE_CODES
from genuinecare.lib.tokens import new_token
from genuinecare.outbox.actions import enqueue_template
from genuinecare.people import phrases
from genuinecare.people.access import unit_tree
from genuinecare.people.accounts import Contact
from genuinecare.people.enums import Role
from genuinecare.people.models import Organisation, Person, Unit
from genuinecare.releases.store import open_ledger
from genuinecare.surveys.enums import ACCOUNT_TYPES, Audience, Mode
from genuinecare.surveys.layout import recommend_items, wave_items
from genuinecare.surveys.ledger import wave_scope
from genuinecare.surveys.models import Invitation, InvitationLink, Wave
from genuinecare.surveys.thresholds import record_thresholds, wave_thresholds

RECOMMEND_CATALOG = "recommend"


def default_message(language: str) -> str:
    """The invitation text an admin starts from, in ``language``."""
    with translation.override(language):
        return _(
            "We would like to know how you experience working with us. Your honest answers "
            "help us improve. Answering takes about ten minutes."
        )


def default_public_title(audience: str, language: str) -> str:
    """The survey's name as its respondents read it: written for them, not for us."""
    with translation.override(language):
        titles = {
            Audience.TEAM: _("How you experience leadership in your team"),
            Audience.EMPLOYEES: _("How you experience working here"),
            Audience.CUSTOMERS: _("How you experience working with us"),
            Audience.SUPPLIERS: _("How you experience us as a customer"),
        }
        return str(titles[Audience(audience)])


def _check_people_rules(
    *, created_by: Person, audience: str, leader: Person | None, units: Sequence[Unit]
) -> None:
    organisation_id = created_by.organisation_id
    if audience == Audience.TEAM:
        if leader is None or leader.organisation_id != organisation_id or not leader.is_leader:
            raise ValidationError(_("Choose the leader whose team is asked."))
        if not created_by.is_admin and leader.pk != created_by.pk:
            raise ValidationError(_("As a leader you can ask your own team only."))
    if any(u.organisation_id != organisation_id or u.archived_at for u in units):
        raise ValidationError(phrases.CHOOSE_UNITS)
    if created_by.is_admin:
        return
    if audience in (Audience.CUSTOMERS, Audience.SUPPLIERS):
        raise ValidationError(_("Only an organisation admin can ask customers or suppliers."))
    if audience == Audience.EMPLOYEES:
        mine = (
            unit_tree(organisation_id).descendants(created_by.unit_id)
            if created_by.unit_id
            else set()
        )
        if not units or any(u.pk not in mine for u in units):
            raise ValidationError(_("As a leader, choose units within your own area."))


def _check_window(*, opens_at: datetime, closes_at: datetime, reminder_days: Sequence[int]) -> None:
    if closes_at <= opens_at:
        raise ValidationError(_("The wave must close after it opens. Choose a later close date."))
    if closes_at <= timezone.now():
        raise ValidationError(_("The close date has passed. Choose a date in the future."))
    length = (closes_at - opens_at).days
    if any(day < 1 or day >= max(length, 1) for day in reminder_days):
        raise ValidationError(
            _("Reminders go out between day 1 and day %(last)d of the wave. Adjust the days.")
            % {"last": max(length - 1, 1)}
        )


def _item_keys(*, catalog_id: str, audience: str, include_recommend: bool) -> list[list[str]]:
    catalog = shipped().get(catalog_id)
    if catalog is None or catalog.piece in ("readiness", RECOMMEND_CATALOG):
        raise ValidationError(_("Choose a catalog to ask."))
    item_audience = Audience(audience).item_audience
    keys = [[catalog.id, item.id] for item in wave_items(catalog, audience=item_audience)]
    if not keys:
        raise ValidationError(
            _("The catalog “%(catalog)s” has no questions for this audience. Choose another one.")
            % {"catalog": catalog.title.en}
        )
    if include_recommend:
        recommend = shipped()[RECOMMEND_CATALOG]
        keys += [[recommend.id, i.id] for i in recommend_items(recommend, audience=item_audience)]
    return keys


def create_wave(
    *,
    created_by: Person,
    title: str,
    audience: str,
    catalog_id: str,
    opens_at: datetime,
    closes_at: datetime,
    mode: str = Mode.ANONYMOUS,
    languages: Sequence[str] = LANGUAGE_CODES,
    leader: Person | None = None,
    units: Sequence[Unit] = (),
    include_recommend: bool = True,
    threshold: int | None = None,
    comment_threshold: int | None = None,
    reminder_days: Sequence[int] = (),
) -> Wave:
    """A new wave; nobody is invited before it opens (``open_wave``).

    Guarantees: a leader's wave has the organisation's thresholds and nothing
    else; an admin's may lower the anonymity threshold to 3 at the least, and its
    comment threshold is never below the organisation's nor below the wave's
    anonymity threshold (``None``: the organisation's). Leaders ask only their own
    team or area, and the answer layout is frozen from the catalog's current
    version. No function changes a wave's thresholds afterwards.
    """
    organisation: Organisation = created_by.organisation
    clean_title = " ".join(title.split())
    if not clean_title:
        raise ValidationError(_("Enter a title for the wave."))
    if audience not in Audience.values or mode not in Mode.values:
        raise ValidationError(_("Choose an audience and a mode from the lists."))
    chosen_languages = [code for code in LANGUAGE_CODES if code in languages]
    if not chosen_languages:
        raise ValidationError(_("Choose at least one language."))
    threshold, comment_threshold = wave_thresholds(
        created_by=created_by, threshold=threshold, comment_threshold=comment_threshold
    )
    _check_window(opens_at=opens_at, closes_at=closes_at, reminder_days=reminder_days)
    _check_people_rules(created_by=created_by, audience=audience, leader=leader, units=units)
    keys = _item_keys(catalog_id=catalog_id, audience=audience, include_recommend=include_recommend)
    with transaction.atomic():
        wave = Wave.objects.create(
            organisation=organisation,
            title=clean_title[:200],
            audience=audience,
            leader=leader if audience == Audience.TEAM else None,
            catalog_version=current_version(shipped()[catalog_id]),
            recommend_version=(
                current_version(shipped()[RECOMMEND_CATALOG])
                if any(k[0] == RECOMMEND_CATALOG for k in keys)
                else None
            ),
            item_keys=keys,
            languages=chosen_languages,
            mode=mode,
            threshold=threshold,
            comment_threshold=comment_threshold,
            opens_at=opens_at,
            closes_at=closes_at,
            reminder_days=sorted(set(reminder_days)),
            message_en=default_message(ENGLISH),
            message_de=default_message(GERMAN),
            public_title_en=default_public_title(audience, ENGLISH),
            public_title_de=default_public_title(audience, GERMAN),
            by_account=audience in ACCOUNT_TYPES,
            created_by=created_by,
        )
        if audience == Audience.EMPLOYEES:
            wave.units.set(units)
        open_ledger(wave_scope(wave))
        record_thresholds(wave=wave)
    return wave


def update_messages(
    *,
    wave: Wave,
    message_en: str,
    message_de: str,
    public_title_en: str = "",
    public_title_de: str = "",
) -> Wave:
    """Change the invitation text and the respondents' title, both languages, before sending.

    Refused once the invitations are out; an empty title keeps the current one.
    """
    if wave.invited_at is not None:
        raise ValidationError(_("The invitations are out; their text can no longer change."))
    if not message_en.strip() or not message_de.strip():
        raise ValidationError(_("Write the invitation text in both languages."))
    wave.message_en, wave.message_de = message_en.strip(), message_de.strip()
    wave.public_title_en = " ".join(public_title_en.split())[:200] or wave.public_title_en
    wave.public_title_de = " ".join(public_title_de.split())[:200] or wave.public_title_de
    wave.save(update_fields=["message_en", "message_de", "public_title_en", "public_title_de"])
    return wave


def _respondents(wave: Wave) -> Iterable[dict[str, Any]]:
    """Who the wave asks, as invitation fields (active people or contacts with an address)."""
    if wave.audience in (Audience.CUSTOMERS, Audience.SUPPLIERS):
        contacts = Contact.objects.filter(
            account__organisation_id=wave.organisation_id,
            account__type=ACCOUNT_TYPES[Audience(wave.audience)],
            account__archived_at__isnull=True,
            archived_at__isnull=True,
        ).order_by("pk")
        seen: set[str] = set()
        for contact in contacts:
            # A person who is a contact of two accounts is asked once, for the first.
            if contact.email.lower() in seen:
                continue
            seen.add(contact.email.lower())
            yield {
                "contact": contact,
                "email": contact.email,
                "language": contact.language,
                "account_id": contact.account_id,
            }
        return
    people = Person.objects.filter(organisation_id=wave.organisation_id, archived_at__isnull=True)
    if wave.audience == Audience.TEAM:
        people = people.filter(manager_id=wave.leader_id)
    else:
        chosen = list(wave.units.values_list("pk", flat=True))
        if chosen:
            tree = unit_tree(wave.organisation_id)
            people = people.filter(unit_id__in=set().union(*(tree.descendants(u) for u in chosen)))
        people = people.exclude(role=Role.ADMIN, unit__isnull=True)
    for person in people.exclude(email=""):
        yield {
            "person": person,
            "email": person.email,
            "language": person.language,
            "unit_id": person.unit_id,
        }


def _language(wave: Wave, preferred: str) -> str:
    return preferred if preferred in wave.languages else wave.languages[0]


def link_url(token: str) -> str:
    """The public address of a single-use answer link, for e-mails."""
    return settings.SITE_URL + reverse("respond", kwargs={"token": token})


def _send(wave: Wave, invitation: Invitation, *, reminder: int = 0) -> None:
    """Queue one e-mail with a fresh single-use link; only its hash is stored.

    A reminder goes to someone who has not answered, so its outbox row must not
    say whom: it is queued without organisation (never listed on the outbox
    page), under a key that names the wave but no invitation, and forgets its
    address and subject once sent. The wave page counts reminders by that key's
    ``pulse:<wave>:`` prefix and the kind.
    """
    token, token_hash = new_token()
    InvitationLink.objects.create(wave=wave, invitation=invitation, token_hash=token_hash)
    language = invitation.language
    enqueue_template(
        template="surveys/email/reminder" if reminder else "surveys/email/invitation",
        context={"wave": wave, "message": wave.message(language), "link": link_url(token)},
        language=language,
        to=invitation.email,
        kind="survey-reminder" if reminder else "survey-invitation",
        organisation=None if reminder else wave.organisation,
        dedupe_key=(
            f"pulse:{wave.pk}:reminder:{secrets.token_hex(16)}"
            if reminder
            else f"pulse:{wave.pk}:{invitation.pk}:0"
        ),
        scrub_after_send=True,
        forget_recipient=bool(reminder),
    )


def open_wave(*, wave: Wave, now: datetime | None = None) -> int:
    """Invite everyone in the audience once (idempotent); returns how many were invited."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        if locked.invited_at is not None or locked.closed_at is not None or now >= locked.closes_at:
            return 0
        if locked.opens_at > now:
            locked.opens_at = now
        invitations = Invitation.objects.bulk_create(
            [
                Invitation(wave=locked, **{**r, "language": _language(locked, r["language"])})
                for r in _respondents(locked)
            ]
        )
        for invitation in Invitation.objects.filter(wave=locked):
            _send(locked, invitation)
        locked.invited_at = now
        locked.save(update_fields=["invited_at", "opens_at"])
    wave.refresh_from_db()
    return len(invitations)


def reminders_due(wave: Wave, *, now: datetime) -> int:
    """How many reminders should have gone out by ``now`` (0 once the wave closes)."""
    if wave.invited_at is None or wave.closed_at is not None or now >= wave.closes_at:
        return 0
    return sum(1 for day in wave.reminder_days if wave.invited_at + timedelta(days=day) <= now)


def send_reminders(*, wave: Wave, now: datetime) -> int:
    """Remind those who have not answered, up to the schedule; never after close.

    Guarantees: idempotent, and nobody gets two reminders for one reminder day —
    the wave counts the reminder days sent (``Wave.reminders_sent``, under a row
    lock), and a worker that missed several days sends one reminder, not one per
    day. Only invitations unused when the reminder is queued get one. Nothing per
    invitation records it: reminders are queued in random order (so neither link
    nor outbox row ids follow the invitations), under keys that name no
    invitation. Returns how many were queued.
    """
    if reminders_due(wave, now=now) <= wave.reminders_sent:
        return 0  # checked again under the lock: ``wave`` may be stale
    with transaction.atomic():
        locked = Wave.objects.select_for_update().get(pk=wave.pk)
        due = reminders_due(locked, now=now)
        if due <= locked.reminders_sent:
            return 0
        waiting = list(
            Invitation.objects.select_for_update().filter(wave=locked, used_on__isnull=True)
        )
        secrets.SystemRandom().shuffle(waiting)
        for invitation in waiting:
            _send(locked, invitation, reminder=due)
        locked.reminders_sent = due
        locked.save(update_fields=["reminders_sent"])
    wave.reminders_sent = due
    return len(waiting)


def close_wave(*, wave: Wave, now: datetime | None = None) -> Wave:
    """Close the wave: links stop working, unfinished drafts are deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        updated = Wave.objects.filter(pk=wave.pk, closed_at__isnull=True).update(closed_at=now)
        if updated:
            Invitation.objects.filter(wave=wave, draft__isnull=False).update(draft=None)
    wave.refresh_from_db()
    return wave
