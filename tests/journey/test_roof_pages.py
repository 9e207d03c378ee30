"""The safe roof on the journey page and its forms."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from genuinecare.journey import promises, risks, roof
from genuinecare.journey.enums import Outcome, PromiseRating, StepStatus, Treatment
from genuinecare.journey.models import Expectation, Experiment, Journey, Risk, Step
from genuinecare.people.actions import set_language
from tests.conftest import Cast

from .conftest import journey_of
from .test_roof import experiment_fields, focus_in, other_leader

pytestmark = pytest.mark.django_db


def url(name: str, pk: int) -> str:
    return reverse(f"journey:{name}", kwargs={"org": "acme", "pk": pk})


def form_data(**changes: str) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "hypothesis": "Pairing on calls spreads what works",
        "watch": "Calls per week",
        "success_signs": "Both feel more confident",
        "failure_signs": "Fewer calls",
        "starts_on": today.isoformat(),
        "ends_on": (today + dt.timedelta(days=21)).isoformat(),
        "cost": "Two hours a week",
    }
    return {**data, **changes}


def test_the_journey_page_shows_the_whole_roof(cast: Cast, journey: Journey) -> None:
    today = timezone.localdate()
    running = roof.add_experiment(
        journey=journey, focus=focus_in(journey), **experiment_fields(starts_on=today)
    )
    ended = roof.add_experiment(
        journey=journey,
        **experiment_fields(hypothesis="Silent brainstorming", starts_on=today, ends_on=today),
    )
    roof.end_experiment(experiment=ended, outcome=Outcome.DAMPEN, learnt="It felt forced")
    roof.log_shielding(journey=journey, on=today, note="Kept the board's review away")
    risks.add_risk(
        journey=journey,
        cause="Budget freeze",
        event="Training is cut",
        consequence="Skills fall behind",
        likelihood=4,
        impact=4,
        owner=cast.member,
        treatment=Treatment.SHARE,
        residual_likelihood=2,
        residual_impact=3,
        review_on=today - dt.timedelta(days=2),
    )
    revenue = risks.add_result(journey=journey, name="Revenue", measure="k€", target=Decimal(500))
    risks.add_reading(result=revenue, on=today, value=Decimal(520))
    churn = risks.add_result(journey=journey, name="Churn", target=Decimal(5))
    risks.add_reading(result=churn, on=today, value=Decimal(3))  # higher is better: off
    promise = promises.add_expectation(
        journey=journey, what="One-to-ones every fortnight", due_on=today, noticed_by="Invites"
    )
    Expectation.objects.filter(pk=promise.pk).update(due_on=today - dt.timedelta(days=1))

    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert 'id="roof"' in page
    assert f'data-experiment="{running.pk}"' in page and "Listening" in page
    assert f'data-experiment="{ended.pk}" data-outcome="dampen"' in page
    assert "It felt forced" in page
    assert "Kept the board&#x27;s review away" in page
    assert "4×4 = 16" in page and 'class="band band-high">high<' in page
    assert '6 <span class="band band-medium">medium<' in page
    assert "data-overdue" in page  # the review date has passed
    # the readiness risk comes below the high one and asks to be completed
    assert page.index("Training is cut") < page.index("Named in your readiness reflection")
    assert 'data-target="on"' in page and 'data-target="off"' in page
    assert f'data-expectation="{promise.pk}" data-state="overdue"' in page
    assert "data-realism" in page and "this plan has 1 open commitment." in page


def test_adding_an_experiment_through_its_page(cast: Cast, journey: Journey) -> None:
    client = cast.client_for(cast.leader)
    step = Step.objects.create(journey=journey, title="Pair on calls")
    assert client.get(url("roof-experiment-add", journey.pk)).status_code == 200
    response = client.post(url("roof-experiment-add", journey.pk), form_data(step=str(step.pk)))
    assert response.status_code == 302
    assert response["Location"] == f"{journey.get_absolute_url()}#roof"
    experiment = Experiment.objects.get()
    assert (experiment.step, experiment.cost) == (step, "Two hours a week")


def test_bad_experiment_input_is_a_form_error_and_stores_nothing(
    cast: Cast, journey: Journey
) -> None:
    client = cast.client_for(cast.leader)
    foreign = journey_of(other_leader(cast), title="IT")
    foreign_step = Step.objects.create(journey=foreign, title="Theirs")
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    before = client.post(url("roof-experiment-add", journey.pk), form_data(ends_on=yesterday))
    assert before.status_code == 400
    assert "ends before it starts" in before.content.decode()
    stranger = client.post(
        url("roof-experiment-add", journey.pk), form_data(step=str(foreign_step.pk))
    )
    assert stranger.status_code == 400
    assert not Experiment.objects.exists()


def test_ending_an_experiment_twice_is_refused_on_the_page(cast: Cast, journey: Journey) -> None:
    experiment = roof.add_experiment(journey=journey, **experiment_fields())
    client = cast.client_for(cast.leader)
    end = url("roof-experiment-end", experiment.pk)
    first = client.post(end, {"outcome": "amplify", "learnt": "More voices"})
    assert first.status_code == 302
    again = client.post(end, {"outcome": "stop", "learnt": "Never mind"})
    assert again.status_code == 400 and "already ended" in again.content.decode()
    assert Experiment.objects.get().outcome == Outcome.AMPLIFY
    edit = client.post(url("roof-experiment-edit", experiment.pk), form_data())
    assert edit.status_code == 400 and "has ended" in edit.content.decode()


def test_a_risk_out_of_range_is_refused_and_the_readiness_risk_completed(
    cast: Cast, journey: Journey
) -> None:
    client = cast.client_for(cast.leader)
    data = {
        "cause": "Key account reorganises",
        "event": "Orders pause",
        "consequence": "Quarter missed",
        "likelihood": "6",
        "impact": "3",
        "owner": str(cast.member.pk),
        "treatment": "reduce",
        "residual_likelihood": "2",
        "residual_impact": "3",
        "review_on": timezone.localdate().isoformat(),
    }
    assert client.post(url("roof-risk-add", journey.pk), data).status_code == 400
    outside = {**data, "likelihood": "3", "owner": str(cast.colleague_elsewhere.pk)}
    assert client.post(url("roof-risk-add", journey.pk), outside).status_code == 400
    assert Risk.objects.count() == 1  # only the readiness risk
    seeded = Risk.objects.get()
    page = client.get(url("roof-risk-edit", seeded.pk)).content.decode()
    assert "complete it with its cause and consequence" in page
    done = client.post(url("roof-risk-edit", seeded.pk), {**data, "likelihood": "3"})
    assert done.status_code == 302
    seeded.refresh_from_db()
    assert (seeded.cause, seeded.likelihood, seeded.owner) == (
        "Key account reorganises",
        3,
        cast.member,
    )


def test_results_readings_and_shielding_through_their_pages(cast: Cast, journey: Journey) -> None:
    client = cast.client_for(cast.leader)
    today = timezone.localdate().isoformat()
    added = client.post(
        url("roof-result-add", journey.pk),
        {"name": "Margin", "measure": "%", "target": "12.5", "higher_is_better": "on"},
    )
    assert added.status_code == 302
    result = journey.results.get()
    assert (result.target, result.higher_is_better) == (Decimal("12.5"), True)
    assert (
        client.post(url("roof-reading-add", result.pk), {"on": today, "value": "13"}).status_code
        == 302
    )
    bad = client.post(url("roof-reading-add", result.pk), {"on": today, "value": "lots"})
    assert bad.status_code == 400
    assert "13.00 %" in client.get(url("roof-reading-add", result.pk)).content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    future = client.post(url("roof-shielding-add", journey.pk), {"on": tomorrow, "note": "x"})
    assert future.status_code == 400 and "in the future" in future.content.decode()
    logged = client.post(url("roof-shielding-add", journey.pk), {"on": today, "note": "No audit"})
    assert logged.status_code == 302 and journey.shieldings.get().note == "No audit"


def test_adding_a_promise_warns_when_the_plan_exceeds_the_track(
    cast: Cast, journey: Journey
) -> None:
    today = timezone.localdate()
    Expectation.objects.create(
        journey=journey,
        what="Earlier",
        due_on=today - dt.timedelta(days=10),
        noticed_by="x",
        leader_view=PromiseRating.KEPT,
    )
    Step.objects.create(
        journey=journey,
        title="Missed",
        due_on=today - dt.timedelta(days=5),
        status=StepStatus.IN_PROGRESS,
    )
    client = cast.client_for(cast.leader)
    page = client.get(url("roof-expectation-add", journey.pk)).content.decode()
    # kept 1 of 2; open: the missed step, and the promise being added
    assert "You kept 1 of 2 commitments that came due in the last 90 days" in page
    assert "this plan has 2 open commitments." in page
    assert 'role="alert"' in page and "about 1 would be kept" in page
    due = (today + dt.timedelta(days=7)).isoformat()
    made = client.post(
        url("roof-expectation-add", journey.pk),
        {"what": "Fridays free", "due_on": due, "noticed_by": "No invites"},
    )
    assert made.status_code == 302  # a warning, not a refusal
    promise = journey.expectations.get(what="Fridays free")
    rated = client.post(url("roof-expectation-rate", promise.pk), {"view": "partly"})
    assert rated.status_code == 302
    assert Expectation.objects.get(pk=promise.pk).leader_view == PromiseRating.PARTLY


def test_another_leader_the_admin_and_the_team_get_404(cast: Cast, journey: Journey) -> None:
    experiment = roof.add_experiment(journey=journey, **experiment_fields())
    stranger = other_leader(cast)
    for person in (stranger, cast.admin, cast.member):
        client = cast.client_for(person)
        assert client.get(url("roof-experiment-edit", experiment.pk)).status_code == 404
        refused = client.post(
            url("roof-experiment-end", experiment.pk), {"outcome": "stop", "learnt": "x"}
        )
        assert refused.status_code == 404
        assert client.post(url("roof-expectation-add", journey.pk), {}).status_code == 404
    assert Experiment.objects.get().outcome == Outcome.OPEN


def test_the_roof_speaks_formal_german(cast: Cast, journey: Journey) -> None:
    assert cast.leader.user is not None
    set_language(user=cast.leader.user, language="de")
    client = cast.client_for(cast.leader)
    page = client.get(journey.get_absolute_url()).content.decode()
    assert "Schützendes Dach" in page and "In Ihrer Reflexion vor dem Aufbruch genannt" in page
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    refused = client.post(url("roof-experiment-add", journey.pk), form_data(ends_on=yesterday))
    assert "Der Zeitrahmen endet, bevor er beginnt" in refused.content.decode()
