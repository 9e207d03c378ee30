"""The personal report and the trend across attempts: what the page and the PDF show.

Loads stored answers, scores them through ``genuinecare.mirror.scores`` and
turns the numbers into plain rows and charts in the reader's language. The
page and the PDF render the same ``Report``.
"""

import math
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import numpy.typing as npt
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from genuinecare.catalog.questionnaire import Part, Questionnaire, build_questionnaire
from genuinecare.catalog.schema import PIECE_NUMBERS, Dimension
from genuinecare.catalog.stages import SoilStage, load_soil_stages
from genuinecare.insights.charts import Chart, bar_chart, line_chart
from genuinecare.insights.mirror import soil_stage
from genuinecare.insights.recommend import recommend_score
from genuinecare.insights.scoring import finite, weakest
from genuinecare.mirror.actions import questionnaire_of, stored_answers
from genuinecare.mirror.models import Assessment, AssessmentPart
from genuinecare.mirror.scores import PartScores, score_part

FIRST_STEPS = 3
HIGHLIGHTS = 3


@cache
def _stages() -> dict[str, SoilStage]:
    return {stage.id: stage for stage in load_soil_stages()}


def _drawn(values: list[float | None]) -> list[float | None]:
    """Whole numbers rounded half up, as the tables next to the charts show them."""
    return [None if v is None else float(math.floor(v + 0.5)) for v in values]


@dataclass(frozen=True)
class DimensionRow:
    title: str
    score: float | None
    favourable: float | None


@dataclass(frozen=True)
class PieceResult:
    catalog_id: str
    number: int | None
    title: str
    score: float | None
    dimensions: list[DimensionRow]
    chart: Chart


@dataclass(frozen=True)
class ItemRow:
    text: str
    dimension: str
    score: float


@dataclass(frozen=True)
class Rating:
    text: str
    rating: int
    category: str


@dataclass(frozen=True)
class Stage:
    name: str
    meaning: str
    index: float


@dataclass(frozen=True)
class Step:
    dimension: str
    text: str


@dataclass(frozen=True)
class Report:
    assessment: Assessment
    pieces: list[PieceResult]
    readiness: PieceResult | None
    pieces_chart: Chart | None
    stage: Stage | None
    strongest: list[ItemRow]
    weakest: list[ItemRow]
    first_steps: list[Step]
    ratings: list[Rating]
    reflections: list[tuple[str, str]]  # (open question, answer); the owner's eyes only
    trend: "Trend | None" = field(default=None)


def _piece_result(part: Part, scores: PartScores, language: str) -> PieceResult:
    rows = [
        DimensionRow(
            d.title.get(language),
            finite(scores.dimension_scores[0, n]),
            finite(scores.dimension_favourable[0, n]),
        )
        for n, d in enumerate(scores.dimensions)
    ]
    title = part.catalog.title.get(language)
    chart = bar_chart(
        labels=[r.title for r in rows],
        values=_drawn([r.score for r in rows]),
        alt=_("Scores (0–100) per dimension of %(piece)s") % {"piece": title},
        coloured=False,
    )
    return PieceResult(
        part.catalog.id,
        part.catalog.piece_number,
        title,
        finite(scores.piece_scores[0]),
        rows,
        chart,
    )


def _category(rating: int) -> str:
    result = recommend_score([rating])
    if result.promoters:
        return _("promoter")
    if result.detractors:
        return _("detractor")
    return _("passive")


def _first_steps(ranked: list[Dimension], language: str) -> list[Step]:
    """The first suggestion of each of the weakest dimensions, then their further ones."""
    firsts = [(d, d.suggestions[0]) for d in ranked[:FIRST_STEPS]]
    further = [(d, s) for d in ranked for s in d.suggestions[1:]]
    chosen = (firsts + further)[:FIRST_STEPS]
    return [Step(d.title.get(language), s.get(language)) for d, s in chosen]


def build_report(assessment: Assessment, *, language: str, private: bool) -> Report:
    """The report of one attempt; ``private`` adds the leader's open answers."""
    questionnaire = questionnaire_of(assessment)
    vectors, texts = stored_answers(assessment)
    scored = [(part, score_part(part, [vectors[part.key]])) for part in questionnaire.parts]
    big5 = [(p, s) for p, s in scored if p.catalog.piece in PIECE_NUMBERS]
    pieces = [_piece_result(p, s, language) for p, s in big5]
    readiness = next(
        (_piece_result(p, s, language) for p, s in scored if p.catalog.piece == "readiness"),
        None,
    )
    items = [
        ItemRow(
            item.self_text.get(language),
            part.catalog.dimension(item.dimension).title.get(language),
            float(scores.item_scores[0, n]),
        )
        for part, scores in big5
        for n, item in enumerate(scores.items)
    ]
    item_scores = np.array([row.score for row in items])
    dimensions = [d for _part, scores in big5 for d in scores.dimensions]
    dimension_scores = np.concatenate(
        [scores.dimension_scores[0] for _part, scores in big5] or [[]]
    )
    return Report(
        assessment=assessment,
        pieces=pieces,
        readiness=readiness,
        pieces_chart=_pieces_chart(pieces) if len(pieces) > 1 else None,
        stage=_stage(scored, language),
        strongest=[items[i] for i in weakest(100.0 - item_scores, count=HIGHLIGHTS)],
        weakest=[items[i] for i in weakest(item_scores, count=HIGHLIGHTS)],
        first_steps=_first_steps(
            [dimensions[i] for i in weakest(dimension_scores, count=len(dimensions))], language
        ),
        ratings=_ratings(scored, language),
        reflections=_reflections(questionnaire, texts, language) if private else [],
    )


def _pieces_chart(pieces: list[PieceResult]) -> Chart:
    return bar_chart(
        labels=[p.title.split(":")[0] for p in pieces],
        values=_drawn([p.score for p in pieces]),
        alt=_("Scores (0–100) per puzzle piece"),
        coloured=False,
    )


def _stage(scored: list[tuple[Part, PartScores]], language: str) -> Stage | None:
    for _part, scores in scored:
        index = finite(scores.soil_indices[0])
        if index is not None:
            stage = _stages()[soil_stage(index)]
            return Stage(stage.name.get(language), stage.meaning.get(language), index)
    return None


def _ratings(scored: list[tuple[Part, PartScores]], language: str) -> list[Rating]:
    ratings = []
    for part, scores in scored:
        for question in part.questions:
            values = scores.ratings.get(question.item.id)
            if values is not None and not math.isnan(values[0]):
                rating = int(values[0])
                ratings.append(Rating(question.text.get(language), rating, _category(rating)))
    return ratings


def _reflections(
    questionnaire: Questionnaire, texts: dict[str, dict[str, str]], language: str
) -> list[tuple[str, str]]:
    return [
        (question.text.get(language), texts[part.key][question.item.id])
        for part in questionnaire.parts
        for question in part.questions
        if question.is_open and question.item.id in texts.get(part.key, {})
    ]


# ---------------------------------------------------------------- trend


@dataclass(frozen=True)
class TrendRow:
    assessment: Assessment
    date: str
    values: list[float | None]


@dataclass(frozen=True)
class Trend:
    series: list[str]
    rows: list[TrendRow]
    chart: Chart


SOIL_SERIES = "soil"


def build_trend(assessments: list[Assessment], *, language: str) -> Trend | None:
    """Soil index and piece scores across submitted attempts, oldest first.

    Attempts are scored per catalog version as one matrix; a series follows a
    catalog id across versions. None with fewer than two attempts.
    """
    if len(assessments) < 2:
        return None
    position = {a.pk: n for n, a in enumerate(assessments)}
    parts = (
        AssessmentPart.objects.filter(assessment__in=assessments)
        .select_related("catalog_version")
        .order_by("catalog_version_id", "assessment_id")
    )
    by_version: dict[int, list[AssessmentPart]] = {}
    for stored in parts:
        by_version.setdefault(stored.catalog_version_id, []).append(stored)
    values: dict[str, npt.NDArray[np.float64]] = {}
    titles: dict[str, str] = {}
    for group in by_version.values():
        part = build_questionnaire([group[0].catalog_version], form="self").parts[0]
        if part.catalog.piece not in PIECE_NUMBERS:
            continue
        scores = score_part(part, [bytes(p.answers) for p in group])
        rows = [position[p.assessment_id] for p in group]
        series = {part.catalog.id: scores.piece_scores}
        if part.catalog.piece == "care":
            series[SOIL_SERIES] = scores.soil_indices
        titles[part.catalog.id] = part.catalog.title.get(language).split(":")[0]
        for key, column in series.items():
            values.setdefault(key, np.full(len(assessments), np.nan))[rows] = column
    if not values:
        return None
    titles[SOIL_SERIES] = _("Soil index")
    keys = sorted(values, key=lambda k: (k != SOIL_SERIES, k))
    dates = [
        formats.date_format(timezone.localtime(a.submitted_at), "SHORT_DATE_FORMAT")
        for a in assessments
        if a.submitted_at is not None
    ]
    rows_out = [
        TrendRow(a, dates[n], [finite(values[k][n]) for k in keys])
        for n, a in enumerate(assessments)
    ]
    chart = line_chart(
        periods=[f"{n + 1}. {d}" for n, d in enumerate(dates)],
        series={titles[k]: [finite(v) for v in values[k]] for k in keys},
        alt=_("Soil index and scores per puzzle piece across your self-assessments"),
    )
    return Trend(series=[titles[k] for k in keys], rows=rows_out, chart=chart)
