"""The personal report against hand-computed values, straight from stored answers."""

import datetime as dt

import pytest
from django.utils import translation

from genuinecare.catalog.schema import Item
from genuinecare.mirror.report import build_report, build_trend
from tests.conftest import Cast
from tests.mirror.conftest import complete, keyed

pytestmark = pytest.mark.django_db


def soil_roof_weak(item: Item) -> int | str | None:
    """Felt care 3, safe roof 2 (one item "does not apply"), other soil dimensions 4."""
    if item.id == "safe_roof_1":
        return "na"
    if item.dimension == "safe_roof":
        return keyed(2)(item)
    if item.dimension in ("heard", "cared_for", "recognised", "respected", "valued"):
        return keyed(3)(item)
    return keyed(4)(item)


def test_report_scores_soil_stage_and_first_steps(cast: Cast) -> None:
    assessment = complete(cast.leader, ("care",), soil_roof_weak)

    report = build_report(assessment, language="en", private=True)

    (care,) = report.pieces
    scores = {row.title: row.score for row in care.dimensions}
    assert scores["Heard"] == 50.0  # (3 - 1) / 4 * 100
    assert scores["A safe roof"] == 25.0  # reverse-keyed safe_roof_3 flipped, n/a left out
    assert scores["Authenticity"] == 75.0
    # piece: mean of 15 dimension scores, each weighing the same
    assert care.score == pytest.approx((5 * 50 + 9 * 75 + 25) / 15)
    # soil index: the 10 practice and soil dimensions, felt care left out
    assert report.stage is not None
    assert report.stage.index == pytest.approx((9 * 75 + 25) / 10)  # 70
    assert report.stage.name == "Sprouting"
    assert [s.dimension for s in report.first_steps] == ["A safe roof", "Heard", "Cared for"]
    assert report.first_steps[0].text.startswith("Announce one small experiment")
    assert [r.score for r in report.weakest] == [25.0, 25.0, 25.0]
    assert {r.dimension for r in report.weakest} == {"A safe roof"}
    assert [r.score for r in report.strongest] == [75.0, 75.0, 75.0]
    favourable = {row.title: row.favourable for row in care.dimensions}
    assert (favourable["Heard"], favourable["Authenticity"], favourable["A safe roof"]) == (
        0.0,
        100.0,
        0.0,
    )


def test_report_is_bilingual(cast: Cast) -> None:
    assessment = complete(cast.leader, ("care",), keyed(5))

    with translation.override("de"):
        report = build_report(assessment, language="de", private=True)

    assert report.stage is not None
    assert (report.stage.name, report.stage.index) == ("Blühend", 100.0)
    assert report.stage.meaning.startswith("Fürsorge ist hier selbstverständlich")
    assert report.pieces[0].title == "CARE: das Fundament der Kundenzentrierung"


def test_readiness_reflection_open_answers_only_in_the_private_report(cast: Cast) -> None:
    def answer(item: Item) -> int | str | None:
        if item.scale == "open":
            return "Too many meetings." if item.id == "style_open" else None
        if item.scale == "ltr11":
            return 9
        return keyed(4)(item)

    assessment = complete(cast.leader, ("purpose", "readiness", "recommend"), answer)

    private = build_report(assessment, language="en", private=True)
    shared = build_report(assessment, language="en", private=False)

    assert private.reflections == [
        (
            "Which of your habits help care grow in your team, and which get in its way?",
            "Too many meetings.",
        )
    ]
    assert shared.reflections == []
    assert private.readiness is not None and private.readiness.score == 75.0
    # as a place to work, as a company, as a customer (employees, customers, suppliers)
    assert [(r.rating, r.category) for r in private.ratings] == [(9, "promoter")] * 3
    assert private.stage is None  # no CARE, no soil index
    assert [p.catalog_id for p in private.pieces] == ["purpose"]


def test_trend_across_attempts_follows_soil_index_and_pieces(cast: Cast) -> None:
    first = complete(
        cast.leader,
        ("care", "purpose"),
        keyed(2),
        submitted_at=dt.datetime(2026, 1, 15, tzinfo=dt.UTC),
    )
    second = complete(
        cast.leader, ("care",), keyed(4), submitted_at=dt.datetime(2026, 6, 15, tzinfo=dt.UTC)
    )

    trend = build_trend([first, second], language="en")

    assert trend is not None
    assert trend.series == ["Soil index", "CARE", "A shared, strong sense of purpose"]
    assert [row.values for row in trend.rows] == [[25.0, 25.0, 25.0], [75.0, 75.0, None]]
    assert build_trend([first], language="en") is None
