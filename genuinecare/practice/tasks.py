"""Scheduled work the ``care worker`` runs every round: the weekly digest per leader and
the daily purge of private notes past their retention."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from genuinecare.identity.actions import invite_instead_of_digest
from genuinecare.identity.status import can_sign_in
from genuinecare.outbox.actions import enqueue_template
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.practice.actions import ensure_practice, set_up_practice_everywhere
from genuinecare.practice.cadences.cadence import local_date, next_digest_week
from genuinecare.practice.cadences.due import care_map, zone
from genuinecare.practice.digest import digest_items
from genuinecare.practice.models import Digest, NotePurge
from genuinecare.practice.privacy import purge_old_notes


def queue_digest(*, leader: Person, now: dt.datetime, cap: int | None = None) -> Digest | None:
    """Queue this week's digest for one leader, once per ISO week however often it runs.

    ``cap`` is the organisation's nudge cap when the caller has it already (else it is read).
    Items from the floors above (``practice/digest.py``, e.g. the journey's nudge) come
    first and take places within the cap; the care map's nudges fill the rest. Each such
    item is recorded in the digest's transaction.
    A leader with nothing due gets no e-mail, but the week is recorded all the same. So
    does a leader who cannot sign in, whose digest would link to a page they cannot open:
    they get one activation e-mail instead, the first time (``invite_instead_of_digest``).
    Returns the week's digest, or None when another worker recorded it first.
    """
    week = next_digest_week(now=now, tz=zone())
    if not can_sign_in(leader):
        try:
            with transaction.atomic():
                digest = Digest.objects.create(leader=leader, week=week, items=0)
                invite_instead_of_digest(person=leader, now=now)
        except IntegrityError:
            return None
        return digest
    if cap is None:
        cap = ensure_practice(organisation=leader.organisation).nudge_cap
    extras = digest_items(leader=leader, now=now, week=week)[:cap] if cap > 0 else []
    care, more = care_map(leader=leader, now=now).nudges(cap=max(0, cap - len(extras)))
    nudges = [*extras, *care]
    try:
        with transaction.atomic():
            digest = Digest.objects.create(leader=leader, week=week, items=len(nudges))
            for extra in extras:
                extra.record()
            if nudges:
                enqueue_template(
                    template="practice/email/digest",
                    context={
                        "leader": leader,
                        "nudges": nudges,
                        "more": more,
                        "week": week,
                        "link": settings.SITE_URL
                        + reverse("practice:map", kwargs={"org": leader.organisation.slug}),
                    },
                    language=leader.language,
                    to=leader.email,
                    kind="practice.digest",
                    organisation=leader.organisation,
                    dedupe_key=f"practice-digest-{leader.pk}-{week}",
                )
    except IntegrityError:
        return None
    return digest


def purge_notes_daily(*, now: dt.datetime) -> int | None:
    """Blank private notes past retention at most once per day (the instance's time zone).

    Returns how many notes were blanked, or None when today's purge already ran (here or
    in another worker: the day's row is written in the same transaction as the purge).
    """
    today = local_date(moment=now, tz=zone())
    if NotePurge.objects.filter(day=today).exists():
        return None
    try:
        with transaction.atomic():
            run = NotePurge.objects.create(day=today)
            run.removed = purge_old_notes(now=now)
            run.save(update_fields=["removed"])
    except IntegrityError:
        return None
    return run.removed


def run_due(*, now: dt.datetime) -> int:
    """Set up practice where it is missing (``set_up_practice_everywhere``), purge old
    notes once a day, queue the digests not yet recorded this week.

    Returns how many digests were recorded.
    """
    set_up_practice_everywhere()
    purge_notes_daily(now=now)
    week = next_digest_week(now=now, tz=zone())
    done = Digest.objects.filter(week=week).values_list("leader_id", flat=True)
    leaders = (
        Person.objects.filter(role__in=[Role.LEADER, Role.ADMIN], archived_at__isnull=True)
        .exclude(pk__in=done)
        .select_related("organisation", "user")
    )
    caps: dict[int, int] = {}
    recorded = 0
    for leader in leaders:
        org = leader.organisation_id
        if org not in caps:
            caps[org] = ensure_practice(organisation=leader.organisation).nudge_cap
        recorded += queue_digest(leader=leader, now=now, cap=caps[org]) is not None
    return recorded
