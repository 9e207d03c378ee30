"""Adoption for the admin: per unit, counts only, hand-computed; nobody else reaches it."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from genuinecare.journey.enums import JourneyStatus, StepStatus
from genuinecare.journey.models import CheckIn, Journey, Step
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("journey:adoption", kwargs={"org": "acme"})


def _step(journey: Journey, title: str, status: str, due: int | None = None) -> Step:
    today = timezone.localdate()
    due_on = None if due is None else today + dt.timedelta(days=due)
    return Step.objects.create(journey=journey, title=title, status=status, due_on=due_on)


def _check_in(step: Step, *, days_ago: int) -> None:
    check_in = CheckIn.objects.create(step=step, status=step.status, health="on_track", note="x")
    CheckIn.objects.filter(pk=check_in.pk).update(at=timezone.now() - dt.timedelta(days=days_ago))


def _world(cast: Cast, journey: Journey) -> Person:
    """Sales: two leaders, one with a journey under way; the other's journey is closed."""
    done = _step(journey, "Private step one", StepStatus.DONE, due=-10)
    late = _step(journey, "Private step two", StepStatus.IN_PROGRESS, due=-2)
    _step(journey, "Private step three", StepStatus.NOT_STARTED, due=5)
    _step(journey, "Private step four", StepStatus.CANCELLED, due=-5)  # cancelled: not overdue
    _check_in(done, days_ago=3)
    _check_in(late, days_ago=29)
    _check_in(late, days_ago=31)  # older than 30 days
    other = PersonFactory(
        organisation=cast.organisation, unit=cast.sales, role=Role.LEADER, signs_in=True
    )
    closed = Journey.objects.create(
        organisation=cast.organisation,
        leader=other,
        unit=cast.sales,
        title="An old journey",
        status=JourneyStatus.CLOSED,
    )
    _step(closed, "Old step", StepStatus.DONE)
    return other


def _cells(body: str, unit: str) -> dict[str, str]:
    import re

    row = re.search(rf'<tr data-unit="{unit}">(.*?)</tr>', body, re.S)
    assert row is not None, unit
    cells = re.findall(r"<td class=\"num\" data-([a-z-]+)>(.*?)</td>", row.group(1), re.S)
    return {name: " ".join(re.sub(r"<[^>]+>", "", value).split()) for name, value in cells}


def test_the_admin_sees_each_units_counts(cast: Cast, journey: Journey) -> None:
    _world(cast, journey)
    page = cast.client_for(cast.admin).get(URL)
    assert page.status_code == 200
    body = page.content.decode()
    assert _cells(body, str(cast.sales.pk)) == {
        "leaders": "2",
        "with-journey": "1 (50 %)",
        "done": "1",
        "in-progress": "1",
        "overdue": "1",
        "check-ins": "2",
        "promises-kept": "—",
    }
    # the admin leads the root without a journey; IT and DACH have no leader: not listed
    assert _cells(body, str(cast.root.pk))["with-journey"] == "0 (0 %)"
    assert f'data-unit="{cast.it.pk}"' not in body
    assert f'data-unit="{cast.sales_dach.pk}"' not in body
    total = _cells(body, "all")
    assert (total["leaders"], total["with-journey"], total["done"]) == ("3", "1 (33 %)", "1")


def test_the_adoption_page_shows_nothing_private(cast: Cast, journey: Journey) -> None:
    _world(cast, journey)
    body = cast.client_for(cast.admin).get(URL).content.decode()
    for private in ("Private step", "Customers first", "An old journey", cast.leader.name):
        assert private not in body


def test_the_promises_kept_rate_shows_where_proof_gives_one(
    cast: Cast, journey: Journey, monkeypatch: pytest.MonkeyPatch
) -> None:
    from genuinecare.journey import adoption

    monkeypatch.setattr(adoption, "promises_kept", lambda j: 0.75)
    body = cast.client_for(cast.admin).get(URL).content.decode()
    assert _cells(body, str(cast.sales.pk))["promises-kept"] == "75 %"


@pytest.mark.parametrize("who", ["leader", "member", "outsider"])
def test_nobody_but_the_admin_reaches_adoption(cast: Cast, journey: Journey, who: str) -> None:
    person = getattr(cast, who)
    client = cast.client_for(person)
    assert client.get(URL).status_code == 404
