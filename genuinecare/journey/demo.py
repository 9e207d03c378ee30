"""The demo CIO's journey, started from the autumn wave, through the journey's own verbs.

Two focus areas (and one dismissed) from the autumn wave as the guard released it, six
steps in two lanes (one waiting on another, one proposed by the team), two experiments,
three risks, two business results, three promises (one due and rated by the team above
the threshold), and a "you said, we did" page. Dates are moved back afterwards so the
story spans the half-year between the autumn and the spring wave, which re-measures it.
"""

import datetime as dt
import random
import re
from decimal import Decimal

from django.utils import timezone

from genuinecare.journey import focus as focus_verbs
from genuinecare.journey import plan, promises, pulses, risks, roof, team
from genuinecare.journey.access import team_members
from genuinecare.journey.actions import start_journey
from genuinecare.journey.enums import (
    FocusSource,
    Health,
    Outcome,
    PromiseRating,
    PulseKind,
    StepStatus,
    Treatment,
)
from genuinecare.journey.evidence import suggestions
from genuinecare.journey.models import (
    CheckIn,
    Expectation,
    Focus,
    Journey,
    Proposal,
    Step,
    TeamPulse,
    TeamWindow,
)
from genuinecare.journey.readiness import readiness_of
from genuinecare.outbox.models import Message
from genuinecare.people.demo import LEADER_EMAIL
from genuinecare.people.models import Organisation, Person

STARTED_DAYS_AGO = 205
TOKEN = re.compile(r"/journey-pulse/([A-Za-z0-9_-]+)/")


def _ago(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def _day(days_ago: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days_ago)


def _focus(journey: Journey, cio: Person, started: dt.datetime) -> list[Focus]:
    """The two weakest felt-care areas of autumn accepted, the third dismissed."""
    felt = [
        s
        for s in suggestions(journey, cio, language="en", as_of=started)
        if s.source == FocusSource.FELT
    ]
    reasons = (
        "The weakest felt care in IT last autumn: we start here.",
        "Close behind, and it hangs together with the first.",
    )
    chosen = [
        focus_verbs.accept_focus(
            journey=journey,
            membership=cio,
            source=s.source,
            key=s.key,
            reason=reason,
            language="en",
            as_of=started,
        )
        for s, reason in zip(felt[:2], reasons, strict=False)
    ]
    if len(felt) > 2:
        focus_verbs.dismiss_focus(
            journey=journey,
            membership=cio,
            source=felt[2].source,
            key=felt[2].key,
            reason="Important, but not before the first two move.",
            language="en",
            as_of=started,
        )
    return chosen


def _steps(journey: Journey, cio: Person, focuses: list[Focus]) -> list[Step]:
    """Five steps from the focus areas, in one lane each; two of them wait on another."""
    owners = list(team_members(journey)[:2])

    def step(title: str, focus: Focus, due: int) -> Step:
        """A step made from ``focus``, due ``due`` days from today (negative: past)."""
        made = focus_verbs.step_from_focus(focus=focus, title=title)
        return plan.edit_step(
            step=made,
            leader=cio,
            title=title,
            owners=owners[:1],
            due_on=_day(-due),
            lane=focus.title,
            dimensions=made.dimensions,
        )

    first, second = focuses[0], focuses[-1]
    rounds = step("Listening rounds in every IT team", first, -150)
    hours = step("Weekly open hour with the CIO", first, -120)
    act = step("Act on what the listening rounds raised", first, 20)
    plan.add_dependency(step=act, waits_for=rounds, leader=cio)
    thanks = step("Say thank you in the release review", second, -100)
    board = step("Peer recognition board", second, 45)
    plan.add_dependency(step=board, waits_for=act, leader=cio)
    for done, days_ago in ((rounds, 140), (hours, 110), (thanks, 95)):
        plan.check_in(step=done, author=cio, status=StepStatus.DONE, health=Health.ON_TRACK)
        _move_done(done, days_ago)
    plan.check_in(
        step=act,
        author=cio,
        status=StepStatus.IN_PROGRESS,
        health=Health.NEEDS_ATTENTION,
        note="Three of eleven points done; the migration eats our time.",
    )
    return [rounds, hours, act, thanks, board]


def _move_done(step: Step, days_ago: int) -> None:
    Step.objects.filter(pk=step.pk).update(done_at=_ago(days_ago))
    CheckIn.objects.filter(step=step).update(at=_ago(days_ago))
    step.refresh_from_db()


def _team_step(journey: Journey, cio: Person, rng: random.Random) -> Step:
    """A window in which the team proposed, anonymously, the step the CIO took on."""
    window = team.open_window(journey=journey, leader=cio, days=28)
    people = list(team_members(journey))
    proposal = team.propose(
        window=window,
        member=people[0],
        kind="step",
        title="No meetings on Thursday mornings",
        text="Time to think and to fix what customers wait for.",
    )
    team.propose(
        window=window,
        member=people[1],
        kind="experiment",
        title="Rotate who runs the stand-up",
        named=True,
    )
    for voter in rng.sample(people, 9):
        team.toggle_vote(proposal=proposal, member=voter)
    step = team.accept_proposal(proposal=proposal, leader=cio)
    plan.edit_step(
        step=step,
        leader=cio,
        title=step.title,
        description=step.description,
        due_on=_day(60),
        lane="Focus time",
    )
    plan.check_in(step=step, author=cio, status=StepStatus.IN_PROGRESS, health=Health.ON_TRACK)
    team.close_window(window=window, leader=cio)
    TeamWindow.objects.filter(pk=window.pk).update(
        opened_at=_ago(190), closes_at=_ago(162), closed_early_at=None
    )
    Proposal.objects.filter(window=window).update(created_on=_day(185))
    return step


def _roof(journey: Journey, cio: Person, focuses: list[Focus], steps: list[Step]) -> None:
    started = _day(STARTED_DAYS_AGO)
    first = roof.add_experiment(
        journey=journey,
        hypothesis="If a developer sits with customer service for a day, fixes reach "
        "customers sooner.",
        watch="Tickets fixed within a week",
        success_signs="More than half of the visits lead to a fix",
        failure_signs="Visits are cancelled for release work",
        starts_on=_day(170),
        ends_on=_day(110),
        cost="One day per developer per quarter",
        focus=focuses[0],
        step=steps[0],
    )
    roof.end_experiment(
        experiment=first,
        outcome=Outcome.AMPLIFY,
        learnt="Seven of nine visits led to a fix; every team does it now.",
    )
    roof.add_experiment(
        journey=journey,
        hypothesis="Peer thanks in the release review lift recognition more than praise "
        "from the CIO.",
        watch="Thanks given per review, and who gives them",
        success_signs="Thanks come from peers without prompting",
        failure_signs="Only the CIO gives thanks",
        starts_on=_day(30),
        ends_on=_day(-30),
        focus=focuses[-1],
        step=steps[4],
    )
    roof.log_shielding(
        journey=journey,
        experiment=first,
        on=_day(150),
        note="Kept the customer-service days out of the migration's steering meeting.",
    )
    roof.log_shielding(
        journey=journey,
        on=_day(60),
        note="Told the board the open hour stays, whatever the release plan says.",
    )
    named = journey.risks.get(from_readiness=True)
    risks.edit_risk(
        risk=named,
        cause="The platform migration has a fixed date.",
        event=named.event,
        consequence="Listening rounds and open hours are dropped; belief is lost.",
        likelihood=4,
        impact=4,
        owner=cio,
        treatment=Treatment.REDUCE,
        treatment_note="Steps are timed around the migration's milestones.",
        residual_likelihood=2,
        residual_impact=4,
        review_on=_day(-14),
    )
    risks.add_risk(
        journey=journey,
        cause="Team leads see the journey as the CIO's project.",
        event="Steps stall in two of three teams.",
        consequence="The team mirror stays where it was.",
        likelihood=3,
        impact=3,
        owner=cio,
        treatment=Treatment.SHARE,
        treatment_note="Each team lead owns one step.",
        residual_likelihood=2,
        residual_impact=3,
        review_on=_day(-30),
    )
    risks.add_risk(
        journey=journey,
        cause="Experiments take time from tickets.",
        event="Service levels slip during an experiment.",
        consequence="The board questions the journey.",
        likelihood=2,
        impact=4,
        owner=cio,
        treatment=Treatment.REDUCE,
        treatment_note="Experiments are time-boxed and shown beside the service level.",
        residual_likelihood=1,
        residual_impact=4,
        review_on=_day(-45),
    )
    delivery = risks.add_result(
        journey=journey,
        name="Changes delivered on the agreed date",
        measure="%",
        target=Decimal(90),
    )
    backlog = risks.add_result(
        journey=journey,
        name="Open tickets older than 30 days",
        target=Decimal(40),
        higher_is_better=False,
    )
    for days_ago, on_time, old in ((200, 81, 65), (120, 86, 52), (30, 91, 38)):
        risks.add_reading(result=delivery, on=_day(days_ago), value=Decimal(on_time))
        risks.add_reading(result=backlog, on=_day(days_ago), value=Decimal(old))
    promised = (  # what, and how many days ago it is due (negative: still to come)
        ("Every IT team has had a listening round, and hears back what changed.", 10),
        ("The open hour happens every week, also in the migration's final month.", -20),
        ("The peer recognition board is up and used by every team.", -60),
    )
    for what, due in promised:
        promises.add_expectation(
            journey=journey,
            what=what,
            due_on=_day(due),
            noticed_by="You will see it in the team channel and in the next pulse.",
            today=started,
        )


def _answered(pulse: TeamPulse, *, days_ago: int, values: list[dict[str, int]]) -> None:
    """The pulse sent ``days_ago``, answered by as many team members as ``values``."""
    before = set(Message.objects.values_list("pk", flat=True))
    pulses.send_pulse(pulse=pulse, now=_ago(days_ago))
    sent = Message.objects.exclude(pk__in=before).filter(kind="journey.pulse")
    tokens = [m.group(1) for m in (TOKEN.search(message.body) for message in sent) if m]
    for token, answer in zip(tokens, values, strict=False):
        pulses.answer_pulse(token=token, values=answer, today=_day(days_ago - 2))
    sent.delete()  # they went out on the day: the demo has nothing left to send
    TeamPulse.objects.filter(pk=pulse.pk).update(created_at=_ago(days_ago))


def _proof(journey: Journey, cio: Person, steps: list[Step], rng: random.Random) -> None:
    """The team rated the due promise, the roof of the ended experiment, a done step."""
    due = journey.expectations.order_by("due_on")[0]
    promises.rate_expectation(expectation=due, view=PromiseRating.KEPT)
    kept = [{"kept": rng.choice((3, 3, 3, 2, 2, 1))} for _ in range(11)]
    promise = pulses.create_pulse(kind=PulseKind.PROMISE, today=_day(10), expectation=due)
    _answered(promise, days_ago=10, values=kept)
    experiment = journey.experiments.exclude(outcome=Outcome.OPEN).get()
    safe = [{"no_blame": rng.choice((4, 5, 5, 3)), "shielded": rng.choice((4, 4, 5, 2))}]
    pulse = pulses.create_pulse(kind=PulseKind.ROOF, today=_day(110), experiment=experiment)
    _answered(pulse, days_ago=110, values=safe * 9)
    for step in (steps[0], steps[1], steps[3]):
        action = pulses.create_pulse(kind=PulseKind.ACTION, today=_day(80), step=step)
        made = [{"difference": rng.choice((5, 4, 4, 3, 2))} for _ in range(8)]
        _answered(action, days_ago=80, values=made)
    for step in (steps[0], steps[1], steps[3]):
        team.set_shared(step=step, leader=cio, shared=True)


def seed(organisation: Organisation) -> None:
    """The CIO's journey, told from its start after the autumn wave to today."""
    rng = random.Random(2026)  # noqa: S311 - repeatable demo data, not security
    cio = Person.objects.get(organisation=organisation, email=LEADER_EMAIL)
    started = _ago(STARTED_DAYS_AGO)
    journey = start_journey(
        leader=cio,
        readiness=readiness_of(cio, language="en", as_of=started),
        title="IT listens, and shows what it changed",
    )
    focuses = _focus(journey, cio, started)
    steps = _steps(journey, cio, focuses)
    steps.append(_team_step(journey, cio, rng))
    _roof(journey, cio, focuses, steps)
    _proof(journey, cio, steps, rng)
    Journey.objects.filter(pk=journey.pk).update(started_at=started)
    Focus.objects.filter(journey=journey).update(decided_at=started)
    for n, step in enumerate(steps):
        Step.objects.filter(pk=step.pk).update(created_at=_ago(STARTED_DAYS_AGO - 5 - 10 * n))
    Expectation.objects.filter(journey=journey).update(created_at=started)
