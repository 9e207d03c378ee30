"""The safe roof's verbs: what they store and what they refuse."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from genuinecare.journey import promises, risks, roof
from genuinecare.journey.enums import (
    FocusSource,
    FocusState,
    JourneyStatus,
    Outcome,
    PromiseRating,
    StepStatus,
    Treatment,
)
from genuinecare.journey.models import (
    BusinessResult,
    Expectation,
    Experiment,
    Focus,
    Journey,
    Reading,
    Risk,
    Shielding,
    Step,
)
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.factories import PersonFactory

from .conftest import journey_of

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 4)


def other_leader(cast: Cast) -> Person:
    person: Person = PersonFactory(
        organisation=cast.organisation,
        unit=cast.it,
        role=Role.LEADER,
        email="it-leader@acme.test",
        signs_in=True,
    )
    return person


def focus_in(journey: Journey) -> Focus:
    return Focus.objects.create(
        journey=journey,
        source=FocusSource.FELT,
        key="care:listening",
        title="Listening",
        state=FocusState.ACCEPTED,
    )


def experiment_fields(**changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "hypothesis": "A stand-up without me lets the quiet ones speak",
        "watch": "Who speaks in the stand-up",
        "success_signs": "Three or more voices",
        "failure_signs": "Silence, or only the loudest",
        "starts_on": TODAY,
        "ends_on": TODAY + dt.timedelta(days=14),
        "cost": "15 minutes a day",
    }
    return {**fields, **changes}


def risk_fields(cast: Cast, **changes: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "cause": "A reorganisation is announced",
        "event": "The best seller leaves",
        "consequence": "The quarter's target is missed",
        "likelihood": 3,
        "impact": 4,
        "owner": cast.member,
        "treatment": Treatment.REDUCE,
        "treatment_note": "Talk with her this week",
        "residual_likelihood": 2,
        "residual_impact": 4,
        "review_on": TODAY + dt.timedelta(days=30),
    }
    return {**fields, **changes}


# Experiments ---------------------------------------------------------------------------


def test_experiments_run_side_by_side_for_one_focus_and_inform_a_step(journey: Journey) -> None:
    focus = focus_in(journey)
    step = Step.objects.create(journey=journey, title="Rotate the chair")
    first = roof.add_experiment(journey=journey, focus=focus, step=step, **experiment_fields())
    second = roof.add_experiment(
        journey=journey, focus=focus, **experiment_fields(hypothesis="Async updates on Monday")
    )
    assert list(focus.experiments.order_by("pk")) == [first, second]
    stored = Experiment.objects.get(pk=first.pk)
    assert (stored.step, stored.outcome, stored.cost) == (step, Outcome.OPEN, "15 minutes a day")


def test_a_time_box_that_ends_before_it_starts_is_refused(journey: Journey) -> None:
    with pytest.raises(ValidationError, match="ends before it starts"):
        roof.add_experiment(
            journey=journey, **experiment_fields(ends_on=TODAY - dt.timedelta(days=1))
        )
    one_day = roof.add_experiment(journey=journey, **experiment_fields(ends_on=TODAY))
    with pytest.raises(ValidationError, match="ends before it starts"):
        roof.edit_experiment(
            experiment=one_day,
            **experiment_fields(starts_on=TODAY + dt.timedelta(days=1), ends_on=TODAY),
        )
    assert Experiment.objects.get().starts_on == TODAY


def test_a_focus_or_step_of_another_journey_is_refused(cast: Cast, journey: Journey) -> None:
    foreign = journey_of(other_leader(cast), title="IT's own")
    foreign_focus = focus_in(foreign)
    foreign_step = Step.objects.create(journey=foreign, title="Not yours")
    with pytest.raises(ValidationError, match="focus area of this journey"):
        roof.add_experiment(journey=journey, focus=foreign_focus, **experiment_fields())
    with pytest.raises(ValidationError, match="step of this journey"):
        roof.add_experiment(journey=journey, step=foreign_step, **experiment_fields())
    experiment = roof.add_experiment(journey=journey, **experiment_fields())
    with pytest.raises(ValidationError, match="step of this journey"):
        roof.edit_experiment(experiment=experiment, step=foreign_step, **experiment_fields())
    assert Experiment.objects.filter(journey=journey).count() == 1
    assert Experiment.objects.get().step is None


def test_empty_words_are_refused(journey: Journey) -> None:
    with pytest.raises(ValidationError, match="hypothesis"):
        roof.add_experiment(journey=journey, **experiment_fields(hypothesis="  "))
    with pytest.raises(ValidationError, match="signs of failure"):
        roof.add_experiment(journey=journey, **experiment_fields(failure_signs=""))
    assert not Experiment.objects.exists()


def test_an_experiment_ends_once_with_what_was_learnt(journey: Journey) -> None:
    experiment = roof.add_experiment(journey=journey, **experiment_fields())
    with pytest.raises(ValidationError, match="amplify, dampen or stop"):
        roof.end_experiment(experiment=experiment, outcome=Outcome.OPEN, learnt="x")
    with pytest.raises(ValidationError, match="what you learnt"):
        roof.end_experiment(experiment=experiment, outcome=Outcome.AMPLIFY, learnt=" ")
    ended = roof.end_experiment(
        experiment=experiment, outcome=Outcome.AMPLIFY, learnt="The quiet ones spoke first"
    )
    assert ended.outcome == Outcome.AMPLIFY and ended.decided_at is not None
    with pytest.raises(ValidationError, match="already ended"):
        roof.end_experiment(experiment=ended, outcome=Outcome.STOP, learnt="Changed my mind")
    with pytest.raises(ValidationError, match="has ended"):
        roof.edit_experiment(experiment=ended, **experiment_fields(hypothesis="Rewritten"))
    stored = Experiment.objects.get()
    assert (stored.outcome, stored.outcome_note) == (Outcome.AMPLIFY, "The quiet ones spoke first")
    assert stored.hypothesis == experiment_fields()["hypothesis"]


def test_a_closed_journey_keeps_its_roof(journey: Journey) -> None:
    Journey.objects.filter(pk=journey.pk).update(status=JourneyStatus.CLOSED)
    journey.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        roof.add_experiment(journey=journey, **experiment_fields())
    with pytest.raises(ValidationError, match="closed"):
        promises.add_expectation(
            journey=journey, what="x", due_on=TODAY, noticed_by="y", today=TODAY
        )
    assert not Experiment.objects.exists() and not Expectation.objects.exists()


# Shielding -----------------------------------------------------------------------------


def test_shielding_is_logged_once_it_happened(cast: Cast, journey: Journey) -> None:
    experiment = roof.add_experiment(journey=journey, **experiment_fields())
    logged = roof.log_shielding(
        journey=journey, on=TODAY, note="Kept the audit away", experiment=experiment, today=TODAY
    )
    assert Shielding.objects.get() == logged and logged.experiment == experiment
    with pytest.raises(ValidationError, match="in the future"):
        roof.log_shielding(
            journey=journey, on=TODAY + dt.timedelta(days=1), note="Later", today=TODAY
        )
    foreign = roof.add_experiment(
        journey=journey_of(other_leader(cast), title="IT"), **experiment_fields()
    )
    with pytest.raises(ValidationError, match="experiment of this journey"):
        roof.log_shielding(journey=journey, on=TODAY, note="x", experiment=foreign, today=TODAY)
    with pytest.raises(ValidationError, match="what pressure"):
        roof.log_shielding(journey=journey, on=TODAY, note="", today=TODAY)
    assert Shielding.objects.count() == 1


# The risk register ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "field", ["likelihood", "impact", "residual_likelihood", "residual_impact"]
)
@pytest.mark.parametrize("value", [0, 6])
def test_levels_outside_one_to_five_are_refused(
    cast: Cast, journey: Journey, field: str, value: int
) -> None:
    before = Risk.objects.count()
    with pytest.raises(ValidationError, match="from 1 to 5"):
        risks.add_risk(journey=journey, **risk_fields(cast, **{field: value}))
    assert Risk.objects.count() == before


def test_a_residual_above_the_score_and_an_unknown_treatment_are_refused(
    cast: Cast, journey: Journey
) -> None:
    with pytest.raises(ValidationError, match="residual score is higher"):
        risks.add_risk(journey=journey, **risk_fields(cast, residual_likelihood=4))
    with pytest.raises(ValidationError, match="treatment"):
        risks.add_risk(journey=journey, **risk_fields(cast, treatment="ignore"))


def test_the_owner_is_the_leader_or_in_the_team(cast: Cast, journey: Journey) -> None:
    with pytest.raises(ValidationError, match="someone in your team"):
        risks.add_risk(journey=journey, **risk_fields(cast, owner=cast.colleague_elsewhere))
    mine = risks.add_risk(journey=journey, **risk_fields(cast, owner=cast.leader))
    theirs = risks.add_risk(journey=journey, **risk_fields(cast))
    assert (mine.owner, theirs.owner) == (cast.leader, cast.member)


def test_the_register_is_sorted_by_score_with_bands_and_overdue_reviews(
    cast: Cast, journey: Journey
) -> None:
    seeded = Risk.objects.get(journey=journey)  # 3 × 3 from the readiness reflection
    high = risks.add_risk(journey=journey, **risk_fields(cast))  # 3 × 4 = 12
    critical = risks.add_risk(
        journey=journey,
        **risk_fields(
            cast,
            likelihood=5,
            impact=5,
            residual_likelihood=1,
            residual_impact=4,
            review_on=TODAY - dt.timedelta(days=1),
        ),
    )
    low = risks.add_risk(
        journey=journey,
        **risk_fields(cast, likelihood=1, impact=2, residual_likelihood=1, residual_impact=1),
    )
    rows = risks.risk_rows(journey, today=TODAY)
    assert [row.risk for row in rows] == [critical, high, seeded, low]
    assert [(row.score, row.band) for row in rows] == [
        (25, "critical"),
        (12, "high"),
        (9, "medium"),
        (2, "low"),
    ]
    assert [(row.residual, row.residual_band) for row in rows] == [
        (4, "low"),
        (8, "medium"),
        (9, "medium"),
        (1, "low"),
    ]
    assert [row.overdue for row in rows] == [True, False, False, False]
    assert [row.to_complete for row in rows] == [False, False, True, False]


def test_the_readiness_risk_is_completed_by_editing_it(cast: Cast, journey: Journey) -> None:
    seeded = Risk.objects.get(journey=journey)
    with pytest.raises(ValidationError, match="Name the cause"):
        risks.edit_risk(risk=seeded, **risk_fields(cast, cause="", event=seeded.event))
    risks.edit_risk(risk=seeded, **risk_fields(cast, event=seeded.event))
    (row,) = risks.risk_rows(journey, today=TODAY)
    assert not row.to_complete and row.score == 12
    stored = Risk.objects.get()
    assert (stored.cause, stored.from_readiness) == ("A reorganisation is announced", True)


# Business results ----------------------------------------------------------------------


def test_results_show_the_latest_reading_against_the_target(journey: Journey) -> None:
    revenue = risks.add_result(journey=journey, name="Revenue", measure="k€", target=Decimal(500))
    churn = risks.add_result(
        journey=journey, name="Churn", measure="%", target=Decimal(5), higher_is_better=False
    )
    risks.add_result(journey=journey, name="NPS", target=Decimal(30))
    risks.add_reading(result=revenue, on=TODAY - dt.timedelta(days=30), value=Decimal(520))
    risks.add_reading(result=revenue, on=TODAY, value=Decimal(480), today=TODAY)
    risks.add_reading(result=churn, on=TODAY, value=Decimal("4.5"), today=TODAY)
    rows = roof.roof_of(journey, today=TODAY).results
    assert [(row.result.name, row.latest and row.latest.value) for row in rows] == [
        ("Revenue", Decimal(480)),
        ("Churn", Decimal("4.5")),
        ("NPS", None),
    ]
    assert [row.on_target for row in rows] == [False, True, None]


def test_a_few_results_with_distinct_names_and_readings_of_days_that_came(
    journey: Journey,
) -> None:
    for number in range(risks.MAX_RESULTS):
        risks.add_result(journey=journey, name=f"Figure {number}", target=Decimal(number))
    with pytest.raises(ValidationError, match="at most 5"):
        risks.add_result(journey=journey, name="One too many", target=Decimal(1))
    first = BusinessResult.objects.order_by("pk").first()
    assert first is not None
    with pytest.raises(ValidationError, match="already has a figure"):
        risks.edit_result(result=first, name="figure 1", target=Decimal(1))
    risks.edit_result(result=first, name="Figure 0", target=Decimal(7))  # its own name is fine
    assert BusinessResult.objects.get(pk=first.pk).target == Decimal(7)
    with pytest.raises(ValidationError, match="in the future"):
        risks.add_reading(
            result=first, on=TODAY + dt.timedelta(days=1), value=Decimal(1), today=TODAY
        )
    assert BusinessResult.objects.count() == 5 and not Reading.objects.exists()


# Expectations and the realism check ----------------------------------------------------


def test_a_promise_is_for_a_day_to_come_and_the_leader_rates_it(journey: Journey) -> None:
    with pytest.raises(ValidationError, match="day to come"):
        promises.add_expectation(
            journey=journey,
            what="Fridays free of meetings",
            due_on=TODAY - dt.timedelta(days=1),
            noticed_by="No invitations on Fridays",
            today=TODAY,
        )
    with pytest.raises(ValidationError, match="how the team will notice"):
        promises.add_expectation(
            journey=journey, what="x", due_on=TODAY, noticed_by="", today=TODAY
        )
    promise = promises.add_expectation(
        journey=journey, what="Fridays free", due_on=TODAY, noticed_by="No invites", today=TODAY
    )
    with pytest.raises(ValidationError, match="Choose kept"):
        promises.rate_expectation(expectation=promise, view="maybe")
    promises.rate_expectation(expectation=promise, view=PromiseRating.PARTLY)
    promises.rate_expectation(expectation=promise, view=PromiseRating.KEPT)  # a view may change
    assert Expectation.objects.get().leader_view == PromiseRating.KEPT


def done_step(journey: Journey, due: dt.date, status: str, done: dt.date | None = None) -> Step:
    done_at = (
        timezone.make_aware(dt.datetime.combine(done, dt.time(12))) if done is not None else None
    )
    return Step.objects.create(
        journey=journey, title=f"{status} {due}", due_on=due, status=status, done_at=done_at
    )


def test_the_realism_check_compares_the_plan_with_what_the_leader_kept(
    cast: Cast, journey: Journey
) -> None:
    """Kept 2 of 5 in the last 90 days, across the leader's journeys; this plan has 6."""
    day = dt.timedelta(days=1)
    earlier = Journey.objects.create(
        organisation=cast.organisation,
        leader=cast.leader,
        unit=cast.sales,
        title="Last spring",
        status=JourneyStatus.CLOSED,
    )
    # the track: two expectations and four steps came due in the cycle
    Expectation.objects.create(  # a closed journey takes no new promise: made back then
        journey=earlier,
        what="a",
        due_on=TODAY - 20 * day,
        noticed_by="b",
        leader_view=PromiseRating.KEPT,
    )
    promises.add_expectation(
        journey=journey, what="c", due_on=TODAY - 10 * day, noticed_by="d", today=TODAY - 40 * day
    )  # not rated: not kept, and still open
    done_step(earlier, TODAY - 30 * day, StepStatus.DONE, done=TODAY - 31 * day)  # on time
    done_step(earlier, TODAY - 30 * day, StepStatus.DONE, done=TODAY - 29 * day)  # late
    done_step(earlier, TODAY - 30 * day, StepStatus.CANCELLED)  # let go: left out
    done_step(journey, TODAY - 5 * day, StepStatus.IN_PROGRESS)  # overdue, and still open
    # outside the cycle: long ago, or due today, or another leader's
    done_step(earlier, TODAY - 91 * day, StepStatus.DONE, done=TODAY - 95 * day)
    done_step(journey, TODAY, StepStatus.DONE, done=TODAY)
    done_step(journey_of(other_leader(cast), title="IT"), TODAY - 3 * day, StepStatus.DONE)
    # the plan ahead: four steps not done yet
    for weeks in (1, 2, 3, 4):
        done_step(journey, TODAY + 7 * weeks * day, StepStatus.NOT_STARTED)

    check = promises.realism_of(journey, today=TODAY)
    assert (check.kept, check.due, check.planned) == (2, 5, 6)
    assert check.too_many and check.expected == 2  # 2/5 × 6 = 2.4
    assert promises.realism_of(journey, today=TODAY, adding=1).planned == 7
