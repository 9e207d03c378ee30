import base64
import re

from django.urls import reverse

from genuinecare.catalog.schema import Item
from genuinecare.mirror.actions import set_sharing
from genuinecare.mirror.team import build_team_mirror, team_mirror_chart
from genuinecare.people.enums import Role
from genuinecare.surveys.actions import close_wave
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.models import Wave
from tests.conftest import Cast
from tests.factories import PersonFactory, answer, make_wave
from tests.mirror.conftest import complete, not_applicable

SELF = {"heard": 5, "recognised": 2}  # every other dimension: 3, like the team


def _self(item: Item) -> int:
    value = SELF.get(item.dimension, 3)
    return 6 - value if item.reverse else value


def _team_wave(cast: Cast, *, answers: int) -> Wave:
    wave = make_wave(
        cast.admin, audience=Audience.TEAM, leader=cast.leader, include_recommend=False
    )
    for n in range(answers):
        answer(wave, unit=cast.sales_dach, value=3, email=f"team{n}@x.test")
    return close_wave(wave=wave)


def _url(cast: Cast) -> str:
    return reverse("mirror:team-of", kwargs={"org": "acme", "leader": cast.leader.pk})


def test_blind_spots_and_hidden_strengths_per_dimension_and_item(cast: Cast) -> None:
    wave = _team_wave(cast, answers=3)
    assessment = complete(cast.leader, answer=_self)

    mirror = build_team_mirror(wave=wave, assessment=assessment, language="en")

    assert mirror is not None and mirror.respondents == 3
    kinds = {row.title: (row.gap.gap, row.gap.kind) for row in mirror.dimensions if row.gap}
    assert kinds["Heard"] == (2.0, "blind_spot")
    assert kinds["Recognised"] == (-1.0, "hidden_strength")
    assert kinds["Valued"] == (0.0, "aligned")
    assert mirror.blind_spots[0].title == "Heard" and len(mirror.blind_spots) == 5
    assert len(mirror.items) == 51
    assert {r.gap.raters for r in mirror.items if r.gap} == {3}
    assert sum(1 for r in mirror.items if r.gap and r.gap.kind == "blind_spot") == 4


def test_the_leader_sees_their_own_and_nobody_is_named(cast: Cast) -> None:
    _team_wave(cast, answers=3)
    complete(cast.leader, answer=_self)
    page = cast.client_for(cast.leader).get(reverse("mirror:team", kwargs={"org": "acme"}))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('data-gap="blind_spot"') == 5  # Heard and its four items
    assert html.count('data-gap="hidden_strength"') == 4
    assert "team0@x.test" not in html and cast.member.name not in html


def test_fewer_than_three_team_answers_show_nothing(cast: Cast) -> None:
    _team_wave(cast, answers=2)
    complete(cast.leader, answer=_self)
    html = cast.client_for(cast.leader).get(_url(cast)).content.decode()
    assert "data-summary-hidden" in html and "data-gap" not in html


def test_admin_sees_it_only_while_the_leader_shares_and_others_never(cast: Cast) -> None:
    _team_wave(cast, answers=3)
    assessment = complete(cast.leader, answer=_self)
    other_leader = PersonFactory(
        organisation=cast.organisation, role=Role.LEADER, email="o@acme.test", signs_in=True
    )
    for person in (cast.admin, other_leader, cast.member, cast.outsider):
        assert cast.client_for(person).get(_url(cast)).status_code == 404, person
    set_sharing(assessment=assessment, shared=True)
    shared = cast.client_for(cast.admin).get(_url(cast))
    assert shared.status_code == 200 and 'data-gap="blind_spot"' in shared.content.decode()
    for person in (other_leader, cast.member, cast.outsider):
        assert cast.client_for(person).get(_url(cast)).status_code == 404, person
    set_sharing(assessment=assessment, shared=False)
    assert cast.client_for(cast.admin).get(_url(cast)).status_code == 404


def _svg(html: str) -> str:
    match = re.search(
        r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)">', html
    )
    assert match is not None
    return base64.b64decode(match.group(1)).decode()


def test_the_chart_pairs_self_and_team_per_shown_dimension(cast: Cast) -> None:
    wave = _team_wave(cast, answers=3)
    assessment = complete(cast.leader, answer=_self)
    mirror = build_team_mirror(wave=wave, assessment=assessment, language="en")
    assert mirror is not None
    chart = team_mirror_chart(mirror)
    assert chart is not None
    # Heard: self 5 → 100, team 3 → 50; Recognised: self 2 → 25
    assert ">100<" in chart.svg and ">50<" in chart.svg and ">25<" in chart.svg
    assert chart.svg.count(">Heard<") == 1 and ">Self<" in chart.svg and ">Team<" in chart.svg

    page = cast.client_for(cast.leader).get(reverse("mirror:team", kwargs={"org": "acme"}))
    html = page.content.decode()
    assert html.count('<img class="chart"') == 1
    assert 'alt="Your self-assessment next to your team&#x27;s view, 0–100 per dimension"' in html
    assert _svg(html) == chart.svg


def test_a_hidden_dimension_is_not_drawn(cast: Cast) -> None:
    _team_wave(cast, answers=3)
    complete(
        cast.leader,
        answer=lambda item: not_applicable(item) if item.dimension == "heard" else _self(item),
    )
    html = cast.client_for(cast.leader).get(_url_own()).content.decode()
    assert html.count('data-gap="hidden"') == 5  # Heard and its four items, in the tables
    svg = _svg(html)
    assert "Heard" not in svg and "Recognised" in svg


def test_no_chart_below_the_guard(cast: Cast) -> None:
    _team_wave(cast, answers=2)
    complete(cast.leader, answer=_self)
    html = cast.client_for(cast.leader).get(_url_own()).content.decode()
    assert "data-summary-hidden" in html and "<img" not in html


def _url_own() -> str:
    return reverse("mirror:team", kwargs={"org": "acme"})


def test_the_way_in_is_the_leaders_own_results_and_the_admins_shared_list(cast: Cast) -> None:
    wave = _team_wave(cast, answers=3)
    assessment = complete(cast.leader, answer=_self)
    results = reverse("surveys:results", kwargs={"org": "acme", "pk": wave.pk})
    own_link = f'href="{_url_own()}"'
    assert own_link in cast.client_for(cast.leader).get(results).content.decode()
    assert "/mirror/team/" not in cast.client_for(cast.admin).get(results).content.decode()
    shared_list = reverse("mirror:shared", kwargs={"org": "acme"})
    assert (
        f'href="{_url(cast)}"' not in cast.client_for(cast.admin).get(shared_list).content.decode()
    )
    set_sharing(assessment=assessment, shared=True)
    html = cast.client_for(cast.admin).get(shared_list).content.decode()
    assert f'href="{_url(cast)}"' in html
