"""The pulses' figures leave the server only through the release ledger, at k answers."""

import datetime as dt

import pytest

from genuinecare.journey.models import Journey, TeamPulse
from genuinecare.journey.proof import (
    action_result,
    promise_result,
    promises_kept_rate,
    pulse_result,
    roof_result,
)
from genuinecare.journey.pulses import find_invitation
from genuinecare.releases.models import Ledger
from genuinecare.site.management.commands.worker import run_periodic
from tests.conftest import Cast

from .test_proof import NOW, K, answer, done_step, experiment, promise, team_of, tokens

pytestmark = pytest.mark.django_db


def test_below_k_nothing_is_shown_at_k_the_figures_are(cast: Cast, journey: Journey) -> None:
    team_of(cast, size=8)
    expectation = promise(journey)
    assert promise_result(expectation) is None  # not asked yet
    run_periodic(now=NOW)
    links = tokens()
    for token, value in zip(links[: K - 1], (3, 1), strict=True):
        answer(token, kept=value)
    hidden = promise_result(expectation)
    assert hidden is not None
    assert (hidden.shown, hidden.answered, hidden.figures, hidden.invited) == (False, 0, [], 8)
    assert promises_kept_rate(journey) is None
    answer(links[K - 1], kept=3)
    shown = promise_result(expectation)
    assert shown is not None and shown.shown and shown.answered == K
    figure = shown.figure("kept")
    assert figure is not None
    assert figure.counts == {3: 2, 2: 0, 1: 1}
    assert figure.shares == [("Kept", 66.7), ("Partly kept", 0.0), ("Not yet kept", 33.3)]
    assert figure.mean == pytest.approx(7 / 3, abs=0.01)
    assert promises_kept_rate(journey) == pytest.approx(2 / 3)


def test_one_more_answer_never_moves_the_figure_until_k_new_ones_arrived(
    cast: Cast, journey: Journey
) -> None:
    team_of(cast, size=8)
    promise(journey)
    run_periodic(now=NOW)
    pulse = TeamPulse.objects.get()
    links = tokens()
    for token in links[:K]:
        answer(token, kept=3)
    first = pulse_result(pulse)
    assert (first.answered, first.held) == (K, False)
    ledger = Ledger.objects.get(scope=f"journey-pulse:{pulse.pk}")
    batch = ledger.batch
    answer(links[K], kept=1)  # one more, in the new batch
    again = pulse_result(pulse)
    assert (again.answered, again.held) == (K, True)
    figure = again.figure("kept")
    assert figure is not None and figure.counts[1] == 0  # the one "not yet" stays unseen
    ledger.refresh_from_db()
    assert ledger.batch == batch  # showing the same set again writes nothing
    for token in links[K + 1 : 2 * K - 1]:
        answer(token, kept=1)
    assert pulse_result(pulse).answered == K  # still k - 1 new ones: held back
    answer(links[2 * K - 1], kept=1)
    grown = pulse_result(pulse)
    figure = grown.figure("kept")
    assert (grown.answered, grown.held) == (2 * K, False)
    assert figure is not None and figure.counts == {3: K, 2: 0, 1: K}
    assert promises_kept_rate(journey) == pytest.approx(0.5)


def test_the_roof_pulse_shows_both_items_as_scores(cast: Cast, journey: Journey) -> None:
    team_of(cast, size=4)
    tried = experiment(journey, ends_on=NOW.date() - dt.timedelta(days=1))
    run_periodic(now=NOW)
    for token, (blame, outside) in zip(tokens(), [(5, 4), (4, 4), (2, 1)], strict=False):
        answer(token, no_blame=blame, shielded=outside)
    result = roof_result(tried)
    assert result is not None and result.answered == 3
    no_blame, shielded = result.figure("no_blame"), result.figure("shielded")
    assert no_blame is not None and shielded is not None
    assert [no_blame.score, no_blame.favourable] == [66.7, 66.7]  # rounded to one place
    assert [shielded.score, shielded.favourable] == [50.0, 66.7]


def test_action_feedback_is_hidden_below_k(cast: Cast, journey: Journey) -> None:
    team_of(cast, size=4)
    step = done_step(journey)
    run_periodic(now=NOW)
    for token in tokens()[: K - 1]:
        answer(token, difference=5)
    result = action_result(step)
    assert result is not None and not result.shown and result.figure("difference") is None
    answer(tokens()[K - 1], difference=1)
    shown = action_result(step)
    figure = None if shown is None else shown.figure("difference")
    assert figure is not None and figure.score == pytest.approx(66.7)


def test_each_pulse_has_its_own_ledger(cast: Cast, journey: Journey) -> None:
    team_of(cast, size=4)
    first = promise(journey, what="First")
    second = promise(journey, what="Second")
    run_periodic(now=NOW)
    by_pulse: dict[int, list[str]] = {}
    for invitation_token in tokens():
        found = find_invitation(token=invitation_token)
        assert found is not None
        by_pulse.setdefault(found.pulse.expectation_id or 0, []).append(invitation_token)
    for token in by_pulse[first.pk][:K]:
        answer(token, kept=3)
    for token in by_pulse[second.pk][: K - 1]:
        answer(token, kept=1)
    shown, hidden = promise_result(first), promise_result(second)
    assert shown is not None and shown.shown
    assert hidden is not None and not hidden.shown
    assert promises_kept_rate(journey) == 1.0  # only the shown pulse counts
    assert set(Ledger.objects.values_list("scope", flat=True)) >= {
        f"journey-pulse:{p.pk}" for p in TeamPulse.objects.all()
    }
