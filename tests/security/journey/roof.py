"""The journey's roof routes for the security tables: every one the leader's own."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from genuinecare.journey import promises, risks, roof
from genuinecare.journey.enums import Treatment
from genuinecare.journey.models import Journey
from genuinecare.people.models import Person
from tests.security.routes_base import GET, POST, Route

BOTH = (GET, POST)

ROUTES: list[Route] = [
    Route("journey:roof-experiment-add", "leader", "journey", owner=True, methods=BOTH),
    Route("journey:roof-experiment-edit", "leader", "experiment", owner=True, methods=BOTH),
    Route("journey:roof-experiment-end", "leader", "experiment", owner=True, methods=BOTH),
    Route("journey:roof-shielding-add", "leader", "journey", owner=True, methods=BOTH),
    Route("journey:roof-risk-add", "leader", "journey", owner=True, methods=BOTH),
    Route("journey:roof-risk-edit", "leader", "risk", owner=True, methods=BOTH),
    Route("journey:roof-result-add", "leader", "journey", owner=True, methods=BOTH),
    Route("journey:roof-result-edit", "leader", "business_result", owner=True, methods=BOTH),
    Route("journey:roof-reading-add", "leader", "business_result", owner=True, methods=BOTH),
    Route("journey:roof-expectation-add", "leader", "journey", owner=True, methods=BOTH),
    Route("journey:roof-expectation-rate", "leader", "expectation", owner=True, methods=BOTH),
]


def objects(journey: Journey, member: Person) -> dict[str, int]:
    """One object of each family the routes above name."""
    today = timezone.localdate()
    experiment = roof.add_experiment(
        journey=journey,
        hypothesis="secret note: a stand-up without the leader",
        watch="Who speaks",
        success_signs="More voices",
        failure_signs="Silence",
        starts_on=today,
        ends_on=today + dt.timedelta(days=14),
    )
    risk = risks.add_risk(
        journey=journey,
        cause="secret note: a reorganisation",
        event="The team loses its best seller",
        consequence="Targets missed",
        likelihood=3,
        impact=4,
        owner=member,
        treatment=Treatment.REDUCE,
        residual_likelihood=2,
        residual_impact=4,
        review_on=today + dt.timedelta(days=30),
    )
    result = risks.add_result(journey=journey, name="Revenue", measure="k€", target=Decimal(500))
    risks.add_reading(result=result, on=today, value=Decimal(480))
    roof.log_shielding(journey=journey, on=today, note="secret note: kept the audit away")
    expectation = promises.add_expectation(
        journey=journey, what="A quiet Friday", due_on=today, noticed_by="No meetings"
    )
    return {
        "experiment": experiment.pk,
        "risk": risk.pk,
        "business_result": result.pk,
        "expectation": expectation.pk,
    }
