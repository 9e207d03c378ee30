"""Focus areas from the evidence the leader may see: ranked, decided with a reason, frozen."""

from collections.abc import Mapping

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from genuinecare.catalog.enums import Scale
from genuinecare.catalog.schema import Item
from genuinecare.journey.enums import FocusSource, FocusState
from genuinecare.journey.evidence import suggestions
from genuinecare.journey.focus import (
    NeedsConfirmation,
    accept_focus,
    dismiss_focus,
    end_focus,
    step_from_focus,
)
from genuinecare.journey.models import Focus, Journey, Step
from genuinecare.people.actions import set_language
from genuinecare.people.enums import Role
from genuinecare.people.models import Person, Unit
from genuinecare.surveys.actions import close_wave
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.models import Invitation, Wave
from genuinecare.surveys.submission import Answers, layout_of, submit_response
from tests.conftest import Cast
from tests.factories import PersonFactory, make_wave
from tests.factories.surveys import invite

from .conftest import journey_of

pytestmark = pytest.mark.django_db

# Four respondents in DACH (under Sales): per dimension each one's answer to its items;
# every other dimension 3 (neutral), and the recommend ratings below.
ANSWERS: dict[str, list[int]] = {
    "heard": [1, 1, 1, 1],  # 0 % favourable: the weakest
    "cared_for": [2, 2, 4, 4],  # 50 %; rho with recommending 4 / sqrt(20) = 0.894
    "recognised": [2, 4, 4, 4],  # 75 %; rho 3 / sqrt(15) = 0.775
    "respected": [5, 5, 5, 5],
    "valued": [5, 5, 5, 5],
    "safe_roof": [1, 2, 4, 5],  # not felt care; rho 1.0: the strongest driver
}
RATINGS = [2, 5, 8, 10]


def respond(
    wave: Wave, *, unit: Unit, values: Mapping[str, int], rating: int = 10, other: int = 3
) -> None:
    """One response: ``values`` per dimension (else ``other``), ``rating`` to recommend."""
    layout = layout_of(wave)
    invitation, _token = invite(wave, unit=unit, email=f"r{Invitation.objects.count()}@x.test")
    invitation = Invitation.objects.select_related("wave").get(pk=invitation.pk)

    def value(item: Item) -> int:
        if item.scale == Scale.AGREE5:
            wanted = values.get(item.dimension, other)
            return 6 - wanted if item.reverse else wanted
        return rating

    vector = bytes(value(column.item) for column in layout.columns)
    submit_response(invitation=invitation, answers=Answers(vector, {}))


def felt_wave(cast: Cast, *, title: str = "Autumn pulse", people: int = 4) -> Wave:
    """A closed employee wave with ``people`` of ``ANSWERS`` (cycled) in DACH."""
    wave = make_wave(cast.admin, title=title)
    for n in range(people):
        respond(
            wave,
            unit=cast.sales_dach,
            values={dimension: row[n % 4] for dimension, row in ANSWERS.items()},
            rating=RATINGS[n % 4],
        )
    return close_wave(wave=wave)


def _keys(journey: Journey, person: Person) -> list[tuple[str, str]]:
    return [(s.source, s.key) for s in suggestions(journey, person, language="en")]


def _accept(
    journey: Journey, key: str, *, source: str = FocusSource.FELT, confirm: bool = False
) -> Focus:
    return accept_focus(
        journey=journey,
        membership=journey.leader,
        source=source,
        key=key,
        reason=f"Because of {key}",
        language="en",
        confirm=confirm,
    )


def _url(journey: Journey) -> str:
    return reverse("journey:focus-decide", kwargs={"org": "acme", "pk": journey.pk})


def test_a_unit_group_below_k_suggests_nothing(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    wave = make_wave(cast.admin)  # k = 3
    for n in range(5):
        respond(wave, unit=cast.it, values={"heard": 1}, rating=RATINGS[n % 4])
    for n in range(2):  # k - 1 in the leader's unit
        respond(wave, unit=cast.sales_dach, values=dict.fromkeys(ANSWERS, 1), rating=n * 9)
    close_wave(wave=wave)

    assert suggestions(journey, cast.leader, language="en") == []
    with pytest.raises(ValidationError, match="no longer suggested"):
        _accept(journey, "care:heard")
    assert not Focus.objects.exists()
    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert "data-no-suggestions" in page and "data-suggestion=" not in page


def test_felt_care_then_blind_spots_then_drivers_each_with_its_evidence(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    # The team's mirror: the leader said 4 everywhere (the readiness fixture); the team
    # says 1 on heard (gap 3), 2 on valued (gap 2), 3 on recognised (gap 1), 4 elsewhere.
    team = make_wave(cast.admin, audience=Audience.TEAM, leader=cast.leader, title="Team mirror")
    for _n in range(3):
        respond(
            team,
            unit=cast.sales_dach,
            values={"heard": 1, "valued": 2, "recognised": 3},
            other=4,
        )
    close_wave(wave=team)
    felt = felt_wave(cast)

    found = suggestions(journey, cast.leader, language="en")

    assert [(s.source, s.key) for s in found] == [
        ("felt", "care:heard"),
        ("felt", "care:cared_for"),
        ("felt", "care:recognised"),
        ("gap", "care:heard"),
        ("gap", "care:valued"),
        ("gap", "care:recognised"),
        ("driver", "care:safe_roof"),
        ("driver", "care:cared_for"),
        ("driver", "care:recognised"),
    ]
    figures = [round(s.figure, 3) for s in found]
    assert figures == [0.0, 50.0, 75.0, 3.0, 2.0, 1.0, 1.0, 0.894, 0.775]
    assert {s.wave.pk for s in found[:3] + found[6:]} == {felt.pk}
    assert {s.wave.pk for s in found[3:6]} == {team.pk}
    assert [s.group_size for s in found] == [4, 4, 4, 3, 3, 3, 4, 4, 4]
    assert [s.measure for s in found[::3]] == ["favourable %", "gap", "correlation"]

    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert page.count("data-suggestion=") == 9
    assert page.index('data-suggestion="felt|care:heard"') < page.index(
        'data-suggestion="gap|care:heard"'
    )
    assert "0.00 (favourable %), 4 people, Autumn pulse" in page


def test_accept_and_dismiss_need_a_reason_and_leave_the_list(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    felt_wave(cast)
    with pytest.raises(ValidationError, match="why"):
        accept_focus(
            journey=journey,
            membership=cast.leader,
            source="felt",
            key="care:heard",
            reason="  ",
            language="en",
        )
    dismiss_focus(
        journey=journey,
        membership=cast.leader,
        source="felt",
        key="care:cared_for",
        reason="Already worked on last year",
        language="en",
    )
    focus = _accept(journey, "care:heard")
    assert focus.state == FocusState.ACCEPTED and focus.title == "Heard"
    keys = _keys(journey, cast.leader)
    assert ("felt", "care:heard") not in keys and ("driver", "care:cared_for") in keys
    assert ("felt", "care:cared_for") not in keys  # dismissed from this source only
    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert 'data-focus-state="dismissed"' in page and "Already worked on last year" in page
    assert 'data-focus-state="accepted"' in page and "Because of care:heard" in page


def test_a_fourth_focus_warns_and_needs_confirmation(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    felt_wave(cast)
    for key in ("care:heard", "care:cared_for", "care:recognised"):
        _accept(journey, key)
    with pytest.raises(NeedsConfirmation):
        _accept(journey, "care:safe_roof", source="driver")
    assert journey.focuses.count() == 3

    client = cast.client_for(cast.leader)
    assert "data-focus-full" in client.get(journey.get_absolute_url()).content.decode()
    data = {"action": "accept", "source": "driver", "key": "care:safe_roof", "reason": "Key"}
    warned = client.post(_url(journey), data)
    html = warned.content.decode()
    assert warned.status_code == 200 and "data-focus-warning" in html
    assert 'name="confirm" value="1"' in html
    assert journey.focuses.count() == 3  # nothing written before the yes
    confirmed = client.post(_url(journey), {**data, "confirm": "1"})
    assert confirmed.status_code == 302
    assert journey.focuses.filter(state=FocusState.ACCEPTED).count() == 4

    first = journey.focuses.get(key="care:heard")
    ended = client.post(
        reverse("journey:focus-end", kwargs={"org": "acme", "pk": first.pk}), {"reason": "Done"}
    )
    assert ended.status_code == 302
    first.refresh_from_db()
    assert first.state == FocusState.ENDED and first.reason.endswith("Done")
    with pytest.raises(ValidationError):
        end_focus(focus=first)


def test_bad_input_is_a_400_and_writes_nothing(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    felt_wave(cast)
    client = cast.client_for(cast.leader)
    for data in (
        {"action": "accept", "source": "felt", "key": "care:heard"},  # no reason
        {"action": "accept", "source": "bogus", "key": "care:heard", "reason": "x"},
        {"action": "accept", "source": "felt", "key": "care:nothing", "reason": "x"},
        {"action": "maybe", "source": "felt", "key": "care:heard", "reason": "x"},
    ):
        response = client.post(_url(journey), data)
        assert response.status_code == 400, data
        assert "data-refused" in response.content.decode()
    assert not Focus.objects.exists()


def test_the_snapshot_is_frozen_when_later_answers_arrive(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    wave = felt_wave(cast)
    focus = _accept(journey, "care:cared_for")
    frozen = dict(focus.snapshot)
    assert {k: frozen[k] for k in ("wave", "wave_name", "figure", "group_size", "measure")} == {
        "wave": wave.pk,
        "wave_name": "Autumn pulse",
        "figure": 50.0,
        "group_size": 4,
        "measure": "favourable %",
    }
    assert frozen["date"] == wave.closed_at.date().isoformat()
    step = step_from_focus(focus=focus, title="Ask each one what would help")
    assert step.snapshot == frozen and step.dimensions == ["care:cared_for"]
    assert step.focus == focus

    # late answers: the wave is opened again and three more people say 5
    Wave.objects.filter(pk=wave.pk).update(closed_at=None)
    for _n in range(3):
        respond(wave, unit=cast.sales_dach, values={"cared_for": 5})
    close_wave(wave=wave)
    now = suggestions(journey, cast.leader, language="en")
    assert {s.group_size for s in now if s.source == "felt"} == {7}  # the evidence moved on …
    focus.refresh_from_db()
    step.refresh_from_db()
    assert focus.snapshot == frozen and step.snapshot == frozen  # … the snapshot did not


def test_a_step_is_made_only_from_an_accepted_focus_through_the_page(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    felt_wave(cast)
    focus = _accept(journey, "care:heard")
    client = cast.client_for(cast.leader)
    url = reverse("journey:focus-step", kwargs={"org": "acme", "pk": focus.pk})
    assert client.post(url, {"title": " "}).status_code == 400
    assert client.post(url, {"title": "Close every loop"}).status_code == 302
    step = Step.objects.get()
    assert step.focus == focus and step.snapshot == focus.snapshot
    end_focus(focus=focus)
    assert client.post(url, {"title": "Another"}).status_code == 400
    assert Step.objects.count() == 1


def test_other_leaders_members_admins_and_outsiders_get_404(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    felt_wave(cast)
    focus = _accept(journey, "care:heard")
    other = PersonFactory(
        organisation=cast.organisation,
        unit=cast.it,
        role=Role.LEADER,
        email="other@acme.test",
        signs_in=True,
    )
    data = {"action": "accept", "source": "felt", "key": "care:cared_for", "reason": "x"}
    end = reverse("journey:focus-end", kwargs={"org": "acme", "pk": focus.pk})
    for person in (other, cast.member, cast.admin, cast.outsider):
        client = cast.client_for(person)
        assert client.post(_url(journey), data).status_code == 404, person
        assert client.post(end).status_code == 404, person
    focus.refresh_from_db()
    assert focus.state == FocusState.ACCEPTED and journey.focuses.count() == 1


def test_another_leader_sees_no_evidence_from_a_unit_outside_their_scope(cast: Cast) -> None:
    felt_wave(cast)
    other = PersonFactory(
        organisation=cast.organisation, unit=cast.it, role=Role.LEADER, email="o@acme.test"
    )
    journey = journey_of(other)
    assert journey.unit == cast.it
    assert suggestions(journey, other, language="en") == []  # nobody answered in IT


def test_the_focus_section_speaks_formal_german(cast: Cast) -> None:
    journey = journey_of(cast.leader)
    felt_wave(cast)
    _accept(journey, "care:heard")
    assert cast.leader.user is not None
    set_language(user=cast.leader.user, language="de")
    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert "Schwerpunkte" in page and "Am schwächsten empfundene Fürsorge" in page
    assert "Festgehaltener Beleg: 0,00 (zustimmend in %), 4 Personen" in page
    assert "Umsorgt" in page and "Ihre Begründung" in page


def test_a_journey_may_start_from_the_evidence_of_an_earlier_wave(cast: Cast) -> None:
    """``as_of`` takes the suggestions from the waves closed by then, newest of those."""
    import datetime as dt

    autumn = felt_wave(cast, title="Autumn pulse")
    assert autumn.closed_at is not None
    closed = autumn.closed_at - dt.timedelta(days=90)
    Wave.objects.filter(pk=autumn.pk).update(closed_at=closed)
    spring = make_wave(cast.admin, title="Spring pulse")
    for n in range(4):
        respond(spring, unit=cast.sales_dach, values={"heard": 5}, rating=RATINGS[n])
    close_wave(wave=spring)
    journey = journey_of(cast.leader)
    then = closed + dt.timedelta(days=1)
    now_keys = [s.wave.title for s in suggestions(journey, cast.leader, language="en")]
    then_keys = [s.wave.title for s in suggestions(journey, cast.leader, language="en", as_of=then)]
    assert set(now_keys) == {"Spring pulse"}
    assert set(then_keys) == {"Autumn pulse"}
    focus = accept_focus(
        journey=journey,
        membership=cast.leader,
        source=FocusSource.FELT,
        key="care:heard",
        reason="Nobody felt heard in autumn.",
        language="en",
        as_of=then,
    )
    assert (focus.snapshot["wave_name"], focus.snapshot["figure"]) == ("Autumn pulse", 0.0)
