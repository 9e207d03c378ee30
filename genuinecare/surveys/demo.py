"""Pulse demo data for Lindenhof Logistics.

* two closed employee waves (autumn and spring, for the trend) with answers
  from most units; Legal has too few answers and is hidden (the guard at work);
* a closed team mirror for the demo CIO (their six direct reports answered);
* an open customer wave: the contacts of Lindenhof's customer accounts are invited;
* a closed supplier wave: five of the six Packaging contacts answered, nobody from
  FleetFuel. Grouped by segment and account, the Packaging segment is shown; neither
  of its suppliers (three and two answers) is.
"""

import random
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.utils import timezone

from genuinecare.catalog.enums import Scale
from genuinecare.people.demo import LEADER_EMAIL
from genuinecare.people.enums import Role
from genuinecare.people.models import Organisation, Person
from genuinecare.surveys.actions import create_wave, open_wave
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.models import Comment, Invitation, Response, Wave
from genuinecare.surveys.submission import layout_of

SMALL_UNIT = "Legal"
COMMENTS = (
    ("heard", "My manager asks about my workload and acts on it."),
    ("heard", "Feedback goes into a black hole."),
    ("heard", "Wenn ich etwas anspreche, bekomme ich eine Rückmeldung – das schätze ich."),
    ("respected", "Decisions about us are sometimes made without us."),
    ("valued", "Good work is noticed, but rarely said out loud."),
    ("valued", "Ich würde mir mehr Anerkennung für die Arbeit im Lager wünschen."),
    ("cared_for", "During the peak season nobody asked how we were doing."),
    ("recognised", "Our team lead thanks us in every weekly meeting."),
)


def _answers(wave: Wave, rng: np.random.Generator, *, lean: float) -> bytes:
    """One believable respondent: a general sense of being cared for, a view per
    dimension around it, and item answers around that (so dimensions hang
    together, as in real data, and Cronbach's alpha is meaningful)."""
    layout = layout_of(wave)
    general = rng.normal(0, 0.55)
    views: dict[str, float] = {}
    values = []
    for column in layout.columns:
        if column.item.scale == Scale.LTR11:
            values.append(int(np.clip(round(rng.normal(7 + (lean + general) * 2, 1.5)), 0, 10)))
            continue
        view = views.setdefault(column.item.dimension, general + rng.normal(0, 0.35))
        raw = int(np.clip(round(rng.normal(3.4 + lean + view, 0.5)), 1, 5))
        values.append(6 - raw if column.item.reverse else raw)
    return bytes(values)


def _answer_all(
    wave: Wave,
    people: list[Person],
    rng: np.random.Generator,
    *,
    share: float,
    lean: dict[int, float],
) -> None:
    """Invite everyone, let a share of them answer (Legal: only two)."""
    today = timezone.localdate()
    answered: list[Person] = []
    small = 0
    for person in people:
        is_small = person.unit is not None and person.unit.name == SMALL_UNIT
        if (is_small and small < 2) or (not is_small and rng.random() < share):
            small += is_small
            answered.append(person)
    Invitation.objects.bulk_create(
        Invitation(
            wave=wave,
            person=p,
            email=p.email,
            language=p.language,
            unit_id=p.unit_id,
            used_on=(wave.closes_at - timedelta(days=3)).date() if p in answered else None,
        )
        for p in people
    )
    Response.objects.bulk_create(
        Response(
            wave=wave,
            unit_id=p.unit_id,
            submitted_on=today - timedelta(days=40),
            answers=_answers(wave, rng, lean=lean.get(p.unit_id or 0, 0.0)),
            invitation=None,
        )
        for p in answered
    )
    picks = random.Random(7).sample(COMMENTS, k=min(len(COMMENTS), len(answered)))  # noqa: S311
    Comment.objects.bulk_create(
        Comment(wave=wave, unit_id=answered[n].unit_id, dimension=dimension, text=text)
        for n, (dimension, text) in enumerate(picks)
    )


def _closed(wave: Wave, *, days_ago: int) -> None:
    now = timezone.now()
    Wave.objects.filter(pk=wave.pk).update(
        opens_at=now - timedelta(days=days_ago + 14),
        closes_at=now - timedelta(days=days_ago),
        invited_at=now - timedelta(days=days_ago + 14),
        closed_at=now - timedelta(days=days_ago),
    )
    wave.refresh_from_db()


def seed(organisation: Organisation) -> None:
    """Give the demo organisation pulse waves with answers, so every result page shows something."""
    rng = np.random.default_rng(2026)
    admin = Person.objects.get(organisation=organisation, role=Role.ADMIN)
    cio = Person.objects.get(organisation=organisation, email=LEADER_EMAIL)
    now = timezone.now()
    employees = list(Person.objects.filter(organisation=organisation).select_related("unit"))
    units = sorted({p.unit_id for p in employees if p.unit_id})
    lean = {unit_id: float(rng.normal(0, 0.35)) for unit_id in units}

    def wave(
        title: str,
        audience: str,
        *,
        catalog_id: str = "care",
        opens_at: datetime = now,
        **options: Any,
    ) -> Wave:
        """A wave the admin asks, open until two weeks from now."""
        return create_wave(
            created_by=admin,
            title=title,
            audience=audience,
            catalog_id=catalog_id,
            opens_at=opens_at,
            closes_at=now + timedelta(days=14),
            **options,
        )

    autumn = wave("Felt care pulse, autumn", Audience.EMPLOYEES)
    _closed(autumn, days_ago=220)
    _answer_all(autumn, employees, rng, share=0.7, lean={u: v - 0.3 for u, v in lean.items()})

    pulse = wave("Felt care pulse, spring", Audience.EMPLOYEES, reminder_days=[4, 9])
    _closed(pulse, days_ago=40)
    _answer_all(pulse, employees, rng, share=0.8, lean=lean)

    team = [p for p in employees if p.manager_id == cio.pk]
    mirror = wave(
        "The IT team's mirror",
        Audience.TEAM,
        leader=cio,
        threshold=3,
        comment_threshold=10,
        include_recommend=False,
    )
    _closed(mirror, days_ago=20)
    _answer_all(mirror, team, rng, share=1.0, lean={})

    customers = wave(
        "How do our customers feel?",
        Audience.CUSTOMERS,
        reminder_days=[5],
        opens_at=now - timedelta(days=2),
    )
    open_wave(wave=customers, now=now)

    _suppliers(wave("Supplier pulse, spring", Audience.SUPPLIERS, catalog_id="suppliers"), rng)


def _suppliers(wave: Wave, rng: np.random.Generator) -> None:
    """The supplier wave closes a month ago, answered by five Packaging contacts."""
    open_wave(wave=wave)
    invitations = list(wave.invitations.select_related("account").order_by("pk"))
    # Every Packaging contact but one.
    answering = [i for i in invitations if i.account and i.account.segment == "Packaging"][:5]
    _closed(wave, days_ago=30)
    day = timezone.localdate(wave.opens_at)  # an anonymous wave marks every use this day
    Invitation.objects.filter(pk__in=[i.pk for i in answering]).update(used_on=day)
    Response.objects.bulk_create(
        Response(
            wave=wave,
            account_id=i.account_id,
            submitted_on=day,
            answers=_answers(wave, rng, lean=0.2),
        )
        for i in answering
    )
