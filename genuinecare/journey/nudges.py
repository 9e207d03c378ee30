"""The journey's nudges by stage, carried by the weekly digest (``practice/digest.py``).

Each week a leader gets at most one journey nudge, for the earliest stage that needs them:

1. **Results not yet viewed**: a wave that asked their unit closed in the last
   ``RESULTS_FRESH``, they have no journey under way and started none since it closed.
   The pulse keeps no record of who opened which results page (on purpose: it records
   nothing about readers), so "not yet viewed" is read as "not yet acted on": no journey
   started after the wave closed (a journey under way is where new results are taken up).
   Only for a wave in which the leader's own group is released by the guard (at least
   ``k`` answers, through the release ledger): a nudge about a group below the threshold
   would say that there are results, which is a figure in itself. The nudge names the wave,
   never a figure.
2. **No focus chosen**: a journey under way with no accepted focus area.
3. **No check-in for 30 days**: a journey with steps in progress whose latest check-in
   (or, with none yet, its start) is more than ``QUIET_DAYS`` old.
4. **A step overdue**: a step past its due date that is neither done nor cancelled.
5. **An expectation due**: a promise due within ``DUE_SOON`` (or late by at most
   ``DUE_LATE``) on which the leader has not yet given their own view.

The nudge is written as a ``JourneyNudge`` (unique per person and ISO week) in the
transaction that records the digest; a leader who cannot sign in gets no digest, so no
journey nudge either (``practice/tasks.py:queue_digest``).
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from genuinecare.journey.access import own_journeys
from genuinecare.journey.enums import FocusState, JourneyStatus, NudgeKind, StepStatus
from genuinecare.journey.models import CheckIn, Expectation, Journey, JourneyNudge, Step
from genuinecare.people.access import unit_tree
from genuinecare.people.models import Person
from genuinecare.practice.cadences.cadence import Status, local_date
from genuinecare.practice.cadences.due import zone
from genuinecare.practice.digest import DigestItem
from genuinecare.surveys.access import waves_visible_to
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.guard import guard_for
from genuinecare.surveys.models import Wave

RESULTS_FRESH = dt.timedelta(days=56)
QUIET_DAYS = 30
DUE_SOON = dt.timedelta(days=7)
DUE_LATE = dt.timedelta(days=30)
WAVES_LOOKED_AT = 3
OPEN_STEPS = (StepStatus.NOT_STARTED, StepStatus.IN_PROGRESS, StepStatus.ON_HOLD)


@dataclass(frozen=True)
class Nudge:
    """What one journey nudge says; ``subject`` is the wave, journey, step or promise."""

    kind: NudgeKind
    journey: Journey | None
    subject: str
    link: str
    status: Status
    due_on: dt.date | None = None
    days_overdue: int = 0

    @property
    def title(self) -> str:
        """The line of the digest, in the active language."""
        names = {
            "subject": self.subject,
            "journey": self.journey.title if self.journey else "",
            "link": self.link,
        }
        match self.kind:
            case NudgeKind.RESULTS_UNSEEN:
                text = _(
                    "The results of “%(subject)s” are ready for your unit: read them and "
                    "choose where your journey starts: %(link)s"
                )
            case NudgeKind.NO_FOCUS:
                text = _(
                    "Your journey “%(journey)s” has no focus area yet: choose one from the "
                    "evidence: %(link)s"
                )
            case NudgeKind.NO_CHECK_IN:
                text = _(
                    "Your journey “%(journey)s”: no check-in on its steps for 30 days, say "
                    "where they stand: %(link)s"
                )
            case NudgeKind.STEP_OVERDUE:
                text = _(
                    "Your journey “%(journey)s”: the step “%(subject)s” is past its due "
                    "date: %(link)s"
                )
            case _:
                text = _(
                    "Your journey “%(journey)s”: your promise “%(subject)s” comes due, give "
                    "your own view of it: %(link)s"
                )
        return text % names


def _url(path: str) -> str:
    return str(settings.SITE_URL) + path


def _covers(wave: Wave, leader: Person) -> bool:
    """The wave asked the leader's unit: the whole organisation, or units on its branch."""
    if wave.audience == Audience.TEAM:
        return wave.leader_id == leader.pk
    chosen = {unit.pk for unit in wave.units.all()}
    if not chosen:
        return True
    assert leader.unit_id is not None  # noqa: S101 - only leaders with a unit get here
    tree = unit_tree(leader.organisation_id, include_archived=True)
    branch = {*tree.ancestors(leader.unit_id), *tree.descendants(leader.unit_id)}
    return bool(chosen & branch)


def released_for(wave: Wave, leader: Person) -> bool:
    """Whether the guard shows the leader's own group of the wave (their unit; their team)."""
    guard = guard_for(wave)
    if wave.audience == Audience.TEAM:
        return guard.overall is not None
    tree = guard.data.tree
    if leader.unit_id is None or leader.unit_id not in tree.index:
        return False
    return tree.position(leader.unit_id) in guard.groups


def _results_unseen(leader: Person, now: dt.datetime) -> Nudge | None:
    journeys = own_journeys(leader)
    if journeys.filter(status=JourneyStatus.OPEN).exists():
        return None  # a journey under way is where new results are taken up
    latest_start = journeys.aggregate(latest=Max("started_at"))["latest"]
    since = now - RESULTS_FRESH
    if latest_start is not None:
        since = max(since, latest_start)
    waves = (
        waves_visible_to(leader)
        .filter(closed_at__isnull=False, closed_at__gt=since, closed_at__lte=now, by_account=False)
        .filter(Q(audience=Audience.EMPLOYEES) | Q(audience=Audience.TEAM, leader=leader))
        .prefetch_related("units")
        .order_by("-closed_at", "-pk")
    )
    for wave in waves[:WAVES_LOOKED_AT]:
        if _covers(wave, leader) and released_for(wave, leader):
            path = reverse(
                "surveys:results", kwargs={"org": leader.organisation.slug, "pk": wave.pk}
            )
            return Nudge(NudgeKind.RESULTS_UNSEEN, None, wave.title, _url(path), Status.NEVER)
    return None


def _no_focus(journey: Journey, now: dt.datetime) -> Nudge | None:
    if journey.focuses.filter(state=FocusState.ACCEPTED).exists():
        return None
    link = _url(journey.get_absolute_url())
    return Nudge(NudgeKind.NO_FOCUS, journey, journey.title, link, Status.NEVER)


def _no_check_in(journey: Journey, now: dt.datetime) -> Nudge | None:
    if not journey.steps.filter(status=StepStatus.IN_PROGRESS).exists():
        return None
    last = CheckIn.objects.filter(step__journey=journey).aggregate(last=Max("at"))["last"]
    quiet = (
        local_date(moment=now, tz=zone()) - local_date(moment=last or journey.started_at, tz=zone())
    ).days
    if quiet <= QUIET_DAYS:
        return None
    link = _url(journey.get_absolute_url())
    late = quiet - QUIET_DAYS
    return Nudge(NudgeKind.NO_CHECK_IN, journey, journey.title, link, Status.OVERDUE, None, late)


def _step_overdue(journey: Journey, now: dt.datetime) -> Nudge | None:
    today = local_date(moment=now, tz=zone())
    step = (
        Step.objects.filter(journey=journey, status__in=OPEN_STEPS, due_on__lt=today)
        .order_by("due_on", "pk")
        .first()
    )
    if step is None or step.due_on is None:
        return None
    late = (today - step.due_on).days
    link = _url(step.get_absolute_url())
    return Nudge(
        NudgeKind.STEP_OVERDUE, journey, step.title, link, Status.OVERDUE, step.due_on, late
    )


def _expectation_due(journey: Journey, now: dt.datetime) -> Nudge | None:
    today = local_date(moment=now, tz=zone())
    promise = (
        Expectation.objects.filter(
            journey=journey,
            leader_view="",
            due_on__gte=today - DUE_LATE,
            due_on__lte=today + DUE_SOON,
        )
        .order_by("due_on", "pk")
        .first()
    )
    if promise is None:
        return None
    late = (today - promise.due_on).days
    status = Status.OVERDUE if late > 0 else Status.DUE_SOON
    link = _url(journey.get_absolute_url())
    what = " ".join(promise.what.split())[:120]
    return Nudge(
        NudgeKind.EXPECTATION_DUE, journey, what, link, status, promise.due_on, max(0, late)
    )


STAGES = (_no_focus, _no_check_in, _step_overdue, _expectation_due)


def due_nudge(*, leader: Person, now: dt.datetime) -> Nudge | None:
    """The journey nudge of the earliest stage that applies to the leader now, if any."""
    if not leader.is_leader or leader.unit_id is None or leader.archived_at is not None:
        return None
    found = _results_unseen(leader, now)
    if found is not None:
        return found
    journeys = list(
        own_journeys(leader).filter(status=JourneyStatus.OPEN).order_by("started_at", "pk")
    )
    for stage in STAGES:
        for journey in journeys:
            found = stage(journey, now)
            if found is not None:
                return found
    return None


def digest_items(*, leader: Person, now: dt.datetime, week: str) -> list[DigestItem]:
    """The week's journey nudge as a digest item, unless the leader had one this week."""
    if JourneyNudge.objects.filter(person=leader, week=week).exists():
        return []
    nudge = due_nudge(leader=leader, now=now)
    if nudge is None:
        return []
    with translation.override(leader.language or settings.LANGUAGE_CODE):
        title = nudge.title

    def record() -> None:
        JourneyNudge.objects.create(person=leader, week=week, kind=nudge.kind)

    return [
        DigestItem(
            key=f"journey-{nudge.kind}",
            title=title,
            status=nudge.status,
            due_on=nudge.due_on,
            days_overdue=nudge.days_overdue,
            record=record,
        )
    ]
