"""The readiness gate and the start of a journey."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from genuinecare.journey.actions import start_journey
from genuinecare.journey.models import Journey, Risk
from genuinecare.journey.readiness import readiness_of
from tests.conftest import Cast
from tests.mirror.conftest import complete

from .conftest import RISKS, journey_of, ready

pytestmark = pytest.mark.django_db


def test_the_gate_is_closed_without_a_readiness_reflection(cast: Cast) -> None:
    complete(cast.leader, ("care",))
    readiness = readiness_of(cast.leader, language="en")
    assert readiness.stage is not None  # the soil index is there
    assert not readiness.reflection_complete
    with pytest.raises(ValidationError, match="readiness reflection"):
        start_journey(leader=cast.leader, readiness=readiness, title="Try")
    assert not Journey.objects.exists()


def test_the_gate_is_closed_without_a_soil_index(cast: Cast) -> None:
    complete(cast.leader, ("readiness",))
    readiness = readiness_of(cast.leader, language="en")
    assert readiness.reflection_complete
    assert readiness.stage is None
    with pytest.raises(ValidationError):
        start_journey(leader=cast.leader, readiness=readiness, title="Try")


def test_a_journey_freezes_its_gate_and_seeds_the_risk_register(cast: Cast) -> None:
    assessment = ready(cast.leader)
    journey = start_journey(
        leader=cast.leader, readiness=readiness_of(cast.leader, language="en"), title="Go"
    )
    assert journey.unit == cast.sales
    assert journey.readiness["assessment"] == assessment.pk
    assert journey.readiness["soil_index"] == pytest.approx(75.0)
    risk = Risk.objects.get(journey=journey)
    assert risk.event == RISKS
    assert risk.from_readiness


def test_one_open_journey_per_leader_and_unit(cast: Cast) -> None:
    journey_of(cast.leader)
    with pytest.raises(ValidationError, match="already have a journey"):
        start_journey(
            leader=cast.leader, readiness=readiness_of(cast.leader, language="en"), title="Again"
        )
    assert Journey.objects.count() == 1


def test_the_gate_page_says_what_is_missing_and_starts_when_complete(cast: Cast) -> None:
    client = cast.client_for(cast.leader)
    url = reverse("journey:start", kwargs={"org": "acme"})
    page = client.get(url).content.decode()
    assert 'data-missing="reflection"' in page and 'data-missing="soil"' in page
    refused = client.post(url, {"title": "Too early"})
    assert refused.status_code == 400
    assert not Journey.objects.exists()
    ready(cast.leader)
    assert "data-missing" not in client.get(url).content.decode()
    response = client.post(url, {"title": "Customers first"})
    journey = Journey.objects.get()
    assert response.status_code == 302 and response["Location"] == journey.get_absolute_url()
    page = client.get(journey.get_absolute_url()).content.decode()
    assert "Customers first" in page and "soil index 75" in page


def test_a_member_sees_their_team_journey_but_not_the_leader_page(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    client = cast.client_for(cast.member)
    index = client.get(reverse("journey:index", kwargs={"org": "acme"})).content.decode()
    assert journey.title in index
    assert client.get(journey.get_absolute_url()).status_code == 404
    elsewhere = cast.client_for(cast.colleague_elsewhere)
    page = elsewhere.get(reverse("journey:index", kwargs={"org": "acme"})).content.decode()
    assert journey.title not in page
