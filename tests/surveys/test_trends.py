from datetime import timedelta

from django.urls import reverse

from genuinecare.surveys.actions import close_wave
from genuinecare.surveys.models import Wave
from genuinecare.surveys.trends import build_trend
from tests.conftest import Cast
from tests.factories import answer, make_wave


def _closed_wave(cast: Cast, title: str, *, days_ago: int, it: int, dach: int, value: int) -> Wave:
    """k=3: ``it`` answers in IT with ``value``, ``dach`` in DACH with 2."""
    wave = make_wave(cast.admin, title=title)
    for _ in range(it):
        answer(wave, unit=cast.it, value=value)
    for _ in range(dach):
        answer(wave, unit=cast.sales_dach, value=2)
    close_wave(wave=wave)
    shift = timedelta(days=days_ago)
    Wave.objects.filter(pk=wave.pk).update(
        opens_at=wave.opens_at - shift, closes_at=wave.closes_at - shift
    )
    wave.refresh_from_db()
    return wave


def test_each_dimension_across_waves_with_the_change_and_hidden_waves_stay_hidden(
    cast: Cast,
) -> None:
    spring = _closed_wave(cast, "Spring", days_ago=100, it=3, dach=2, value=3)
    autumn = _closed_wave(cast, "Autumn", days_ago=10, it=3, dach=3, value=5)

    whole = build_trend([spring, autumn], unit_id=None, language="en")
    heard = whole.dimensions[0]
    assert (heard.id, heard.values, heard.change) == ("heard", [0.0, 50.0], 50.0)
    assert whole.respondents == [5, 6]
    assert whole.chart is not None

    dach = build_trend([spring, autumn], unit_id=cast.sales_dach.pk, language="en")
    assert dach.respondents == [None, 3]  # 2 people in spring: hidden there
    assert dach.dimensions[0].values == [None, 0.0]
    assert dach.dimensions[0].change is None
    it = build_trend([spring, autumn], unit_id=cast.it.pk, language="en")
    # IT had 3 in spring, but its sibling Sales was hidden: hidden too (no subtraction)
    assert it.dimensions[0].values == [None, 100.0] and it.dimensions[0].change is None


def test_trends_page_for_admin_and_leader_scope_and_outsiders(cast: Cast) -> None:
    _closed_wave(cast, "Spring", days_ago=100, it=3, dach=2, value=3)
    _closed_wave(cast, "Autumn", days_ago=10, it=3, dach=3, value=5)
    url = reverse("surveys:trends", kwargs={"org": "acme"})

    admin = cast.client_for(cast.admin).get(url).content.decode()
    assert 'data-dimension="heard"' in admin and "+50" in admin

    leader = cast.client_for(cast.leader).get(url).content.decode()
    assert "Spring" in leader and leader.count(">hidden<") == 1  # Sales = DACH in spring
    it = cast.client_for(cast.leader).get(f"{url}?unit={cast.it.pk}")
    assert it.context["unit_id"] == cast.sales.pk  # outside the subtree: back to their own unit
    for person in (cast.member, cast.outsider):
        assert cast.client_for(person).get(url).status_code == 404
    assert cast.client_for(cast.admin).get(f"{url}?family=nope").status_code == 404
