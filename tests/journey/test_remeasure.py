"""Re-measurement: a step's dimensions before (frozen) and after (the next comparable wave)."""

import pytest

from genuinecare.journey.focus import accept_focus, step_from_focus
from genuinecare.journey.models import Journey, Step
from genuinecare.journey.remeasure import remeasurement
from genuinecare.surveys.actions import close_wave
from genuinecare.surveys.models import Wave
from tests.conftest import Cast
from tests.factories import make_wave

from .conftest import journey_of
from .test_focus import felt_wave, respond

pytestmark = pytest.mark.django_db


def _step(journey: Journey) -> Step:
    focus = accept_focus(
        journey=journey,
        membership=journey.leader,
        source="felt",
        key="care:cared_for",
        reason="Half of the team does not feel cared for",
        language="en",
    )
    return step_from_focus(focus=focus, title="Ask each one what would help")


def _second(cast: Cast, people: int, *, catalog: str = "care", title: str = "Spring") -> Wave:
    wave = make_wave(cast.admin, title=title, catalog_id=catalog)
    for _n in range(people):
        respond(wave, unit=cast.sales_dach, values={"cared_for": 5, "heard": 4})
    return close_wave(wave=wave)


def test_before_and_after_with_group_sizes_from_the_next_wave(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    first = felt_wave(cast)
    step = _step(journey)
    step.dimensions = ["care:cared_for", "care:heard"]
    step.save(update_fields=["dimensions"])

    (waiting, _heard) = remeasurement(journey, cast.leader, language="en")
    assert waiting.after_wave is None and waiting.before == 50.0 and not waiting.shown

    _second(cast, 5, catalog="purpose", title="Purpose check")  # not comparable
    second = _second(cast, 5)
    rows = remeasurement(journey, cast.leader, language="en")

    assert [(r.key, r.before, r.before_size, r.after, r.after_size, r.change) for r in rows] == [
        ("care:cared_for", 50.0, 4, 100.0, 5, 50.0),
        ("care:heard", 0.0, 4, 100.0, 5, 100.0),
    ]
    assert {r.after_wave for r in rows} == {second} and rows[0].before_wave == first.title
    assert rows[0].title == "Cared for"
    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert 'data-remeasure-row="care:cared_for"' in page
    assert "50% favourable, 4 people, Autumn pulse" in page
    assert "100% favourable, 5 people, Spring" in page


def test_the_after_side_stays_hidden_below_k(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    felt_wave(cast)
    _step(journey)
    _second(cast, 2)  # k - 1 in the unit

    (row,) = remeasurement(journey, cast.leader, language="en")

    assert row.after_wave is not None and row.after is None and row.after_size is None
    assert row.before == 50.0 and not row.shown
    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert 'data-after="hidden"' in page and "data-change" not in page
    assert "100% favourable" not in page


def test_a_step_without_evidence_is_not_remeasured(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    felt_wave(cast)
    Step.objects.create(journey=journey, title="By hand", dimensions=["care:heard"])
    _second(cast, 4)
    assert remeasurement(journey, cast.leader, language="en") == []
