"""The demo's CIO journey: started from the autumn wave, every part of the loop filled in."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from genuinecare.journey.enums import FocusState, Origin, PulseKind, StepStatus
from genuinecare.journey.models import Journey
from genuinecare.journey.plan import waits_for_open
from genuinecare.journey.proof import promise_result
from genuinecare.people.demo import ADMIN_EMAIL, LEADER_EMAIL
from genuinecare.people.models import Person

pytestmark = pytest.mark.django_db


def _client(email: str) -> Client:
    person = Person.objects.select_related("user").get(email=email)
    client = Client()
    assert person.user is not None
    client.force_login(person.user)
    return client


def test_the_demo_cio_journey_runs_from_the_autumn_wave_to_proof() -> None:
    call_command("demo", stdout=StringIO())
    journey = Journey.objects.get(leader__email=LEADER_EMAIL)
    accepted = list(journey.focuses.filter(state=FocusState.ACCEPTED))
    assert len(accepted) == 2
    assert {f.snapshot["wave_name"] for f in accepted} == {"Felt care pulse, autumn"}
    assert all(f.snapshot["group_size"] >= 5 for f in accepted)  # released, above k
    steps = list(journey.steps.all())
    assert len(steps) == 6
    assert len({s.lane for s in steps}) >= 2  # lanes run side by side
    waiting = [s for s in steps if s.status == StepStatus.NOT_STARTED and waits_for_open(s)]
    assert [s.title for s in waiting] == ["Peer recognition board"]
    assert [s.title for s in steps if s.origin == Origin.TEAM] == [
        "No meetings on Thursday mornings"
    ]
    assert (journey.experiments.count(), journey.risks.count(), journey.results.count()) == (
        2,
        3,
        2,
    )
    due, *later = journey.expectations.order_by("due_on")
    assert len(later) == 2
    rated = promise_result(due)
    assert rated is not None and rated.shown and rated.answered >= rated.threshold
    assert journey.pulses.filter(kind=PulseKind.ACTION).count() == 3

    page = _client(LEADER_EMAIL).get(journey.get_absolute_url()).content.decode()
    assert "data-remeasure" in page and "Felt care pulse, spring" in page
    assert "data-blocked" in page

    member = Person.objects.filter(unit=journey.unit, role="member").first()
    assert member is not None and member.user is not None
    said = _client(member.email).get(reverse("journey:team-said", kwargs={"org": "lindenhof"}))
    shared = said.content.decode()
    assert "Listening rounds in every IT team" in shared
    assert "No meetings on Thursday mornings" not in shared  # not shared by the leader

    adoption = _client(ADMIN_EMAIL).get(reverse("journey:adoption", kwargs={"org": "lindenhof"}))
    row = adoption.content.decode().split(f'data-unit="{journey.unit_id}"', 1)[1].split("</tr>")[0]
    assert "data-promises-kept>—" not in row  # the team's ratings are shown, so is the rate
