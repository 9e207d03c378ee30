"""Pulse demo data for Lindenhof Logistics.

* two closed employee waves (autumn and spring, for the trend) with answers
  from most units; Legal has too few answers and is hidden (the guard at work);
* a closed team mirror for the demo CIO (their six direct reports answered);
* an open customer wave with a few customer contacts invited.
"""

import random
from datetime import timedelta

import numpy as np
from django.utils import timezone

from genuinecare.catalog.enums import Scale
from genuinecare.people.demo import LEADER_EMAIL
from genuinecare.people.enums import Role
from genuinecare.people.models import Organisation, Person
from genuinecare.surveys.actions import create_wave, open_wave
from genuinecare.surveys.enums import Audience, ContactKind, Mode
from genuinecare.surveys.models import Comment, Contact, Invitation, Response, Wave
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
CUSTOMERS = (
    ("Petra Sommer", "petra.sommer@spedition-sommer.example", "Spedition Sommer", "de"),
    ("James Carter", "james.carter@northsea-trading.example", "North Sea Trading", "en"),
    ("Aylin Kaya", "aylin.kaya@kaya-moebel.example", "Kaya Möbel", "de"),
    ("Lars Jensen", "lars.jensen@nordic-parts.example", "Nordic Parts", "en"),
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
    opens, closes = now, now + timedelta(days=14)
    employees = list(Person.objects.filter(organisation=organisation).select_related("unit"))
    units = sorted({p.unit_id for p in employees if p.unit_id})
    lean = {unit_id: float(rng.normal(0, 0.35)) for unit_id in units}

    autumn = create_wave(
        created_by=admin,
        title="Felt care pulse, autumn",
        audience=Audience.EMPLOYEES,
        catalog_id="care",
        mode=Mode.ANONYMOUS,
        opens_at=opens,
        closes_at=closes,
    )
    _closed(autumn, days_ago=220)
    _answer_all(autumn, employees, rng, share=0.7, lean={u: v - 0.3 for u, v in lean.items()})

    pulse = create_wave(
        created_by=admin,
        title="Felt care pulse, spring",
        audience=Audience.EMPLOYEES,
        catalog_id="care",
        mode=Mode.ANONYMOUS,
        reminder_days=[4, 9],
        opens_at=opens,
        closes_at=closes,
    )
    _closed(pulse, days_ago=40)
    _answer_all(pulse, employees, rng, share=0.8, lean=lean)

    team = [p for p in employees if p.manager_id == cio.pk]
    mirror = create_wave(
        created_by=admin,
        title="The IT team's mirror",
        audience=Audience.TEAM,
        leader=cio,
        catalog_id="care",
        threshold=3,
        comment_threshold=10,
        include_recommend=False,
        opens_at=opens,
        closes_at=closes,
    )
    _closed(mirror, days_ago=20)
    _answer_all(mirror, team, rng, share=1.0, lean={})

    Contact.objects.bulk_create(
        Contact(
            organisation=organisation,
            kind=ContactKind.CUSTOMER,
            name=name,
            email=email,
            account=account,
            language=language,
        )
        for name, email, account, language in CUSTOMERS
    )
    customers = create_wave(
        created_by=admin,
        title="How do our customers feel?",
        audience=Audience.CUSTOMERS,
        catalog_id="care",
        reminder_days=[5],
        opens_at=now - timedelta(days=2),
        closes_at=closes,
    )
    open_wave(wave=customers, now=now)
