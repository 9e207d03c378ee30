"""The proof section of the journey page, and the leader's own view of a promise."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format

from genuinecare.journey.models import BusinessResult, Expectation, Journey, Reading, Shielding
from genuinecare.people.enums import Role
from genuinecare.site.management.commands.worker import run_periodic
from tests.conftest import Cast
from tests.factories.people import PersonFactory

from .test_proof import NOW, TODAY, K, answer, done_step, experiment, promise, team_of, tokens

pytestmark = pytest.mark.django_db


def page(client: Client, journey: Journey) -> str:
    response = client.get(journey.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def view_url(expectation: Expectation) -> str:
    """The roof's page where the leader records their own view of a promise."""
    return reverse("journey:roof-expectation-rate", kwargs={"org": "acme", "pk": expectation.pk})


def test_the_team_rating_stays_hidden_below_k_and_sits_beside_the_leaders_view(
    cast: Cast, journey: Journey
) -> None:
    team_of(cast, size=6)
    expectation = promise(journey)
    client = cast.client_for(cast.leader)
    assert "The team is asked once the promise is due." in page(client, journey)
    run_periodic(now=NOW)
    links = tokens()
    for token in links[: K - 1]:
        answer(token, kept=1)
    hidden = page(client, journey)
    assert 'data-pulse="hidden"' in hidden and "fewer than 3" in hidden
    assert "6 people were asked" in hidden
    assert "2 answers" not in hidden and "Not yet kept: " not in hidden
    answer(links[K - 1], kept=2)
    shown = page(client, journey)
    assert 'data-pulse="shown"' in shown and "3 answers shown" in shown
    assert "Not yet kept: 67 %" in shown and "Partly kept: 33 %" in shown
    assert 'data-kept-rate="0"' in shown
    assert view_url(expectation) in shown
    assert client.post(view_url(expectation), {"view": "kept"}).status_code == 302
    expectation.refresh_from_db()
    assert expectation.leader_view == "kept"
    rated = page(client, journey)
    assert "You see this promise as better kept than your team does." in rated


def test_nobody_but_the_leader_sees_the_teams_ratings(cast: Cast, journey: Journey) -> None:
    team_of(cast, size=3)
    promise(journey)
    run_periodic(now=NOW)
    for token in tokens():
        answer(token, kept=3)
    assert 'data-pulse="shown"' in page(cast.client_for(cast.leader), journey)
    other_leader = PersonFactory(
        organisation=cast.organisation, unit=cast.it, role=Role.LEADER, signs_in=True
    )
    for person in (cast.member, cast.admin, other_leader, cast.outsider):
        client = cast.client_for(person)
        assert client.get(journey.get_absolute_url()).status_code == 404
    foreign = reverse("journey:journey", kwargs={"org": "globex", "pk": journey.pk})
    assert cast.client_for(cast.outsider).get(foreign).status_code == 404


def test_the_roof_pulse_sits_beside_the_shielding_and_the_business_results(
    cast: Cast, journey: Journey
) -> None:
    team_of(cast, size=3)
    tried = experiment(journey, ends_on=TODAY)
    Shielding.objects.create(
        journey=journey, experiment=tried, on=TODAY, note="Kept the quarterly review away"
    )
    result = BusinessResult.objects.create(
        journey=journey, name="Order intake", measure="kEUR", target=Decimal("1200")
    )
    Reading.objects.create(result=result, on=TODAY, value=Decimal("1130.50"))
    run_periodic(now=NOW)
    for token in tokens():
        answer(token, no_blame=4, shielded=5)
    shown = page(cast.client_for(cast.leader), journey)
    assert "Kept the quarterly review away" in shown
    assert "Order intake" in shown and "1130.50 kEUR" in shown
    assert 'data-score="no_blame"' in shown and "score 75, 100 % agree" in shown
    assert "score 100, 100 % agree" in shown


def test_a_done_step_says_when_the_team_is_asked(cast: Cast, journey: Journey) -> None:
    done_step(journey, days_ago=10)
    text = page(cast.client_for(cast.leader), journey)
    asked_on = (NOW + dt.timedelta(days=20)).date()
    assert "Weekly open hour" in text
    assert f"The team is asked on {date_format(asked_on, 'DATE_FORMAT')}, 30 days" in text
