"""The team's mirror: a leader's self-assessment against their team's view.

Compares the leader's latest submitted self-assessment with the answers of
their team in the latest closed team wave of Pulse, on the items the team
answered, per item and per dimension. Gaps of at least one scale point are
blind spots (self higher) or hidden strengths (self lower), as
``insights.mirror`` classifies them. Nothing is shown below the wave's
anonymity guard, and an item or dimension is shown only with at least
``insights.mirror.MIN_RATERS`` team raters; nobody is ever named.
"""

from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from genuinecare.catalog.questionnaire import answer_matrix, build_questionnaire
from genuinecare.insights.charts import Chart, paired_bar_chart
from genuinecare.insights.mirror import BLIND_SPOT, HIDDEN_STRENGTH, MirrorGap, mirror_gaps
from genuinecare.insights.scoring import respondent_dimension_means, reverse_keyed, to_score
from genuinecare.mirror.models import Assessment, AssessmentPart
from genuinecare.surveys.guard import guard_for
from genuinecare.surveys.models import Wave
from genuinecare.surveys.report import masked_answers


@dataclass(frozen=True)
class GapRow:
    title: str
    dimension: str
    gap: MirrorGap | None  # None: fewer than three team raters (or no self answer)


@dataclass(frozen=True)
class TeamMirror:
    wave: Wave
    assessment: Assessment
    respondents: int
    dimensions: list[GapRow]
    items: list[GapRow]

    @property
    def blind_spots(self) -> list[GapRow]:
        return [r for r in self.dimensions + self.items if r.gap and r.gap.kind == BLIND_SPOT]

    @property
    def hidden_strengths(self) -> list[GapRow]:
        return [r for r in self.dimensions + self.items if r.gap and r.gap.kind == HIDDEN_STRENGTH]


class NoSelfAnswers(Exception):
    """The self-assessment did not include the catalog the team answered."""


def _self_row(assessment: Assessment, catalog_id: str, item_ids: list[str]) -> np.ndarray:
    """The leader's answers to ``item_ids`` (NaN where not answered or not asked)."""
    stored = (
        AssessmentPart.objects.filter(assessment=assessment, catalog_version__catalog_id=catalog_id)
        .select_related("catalog_version")
        .first()
    )
    if stored is None:
        raise NoSelfAnswers(catalog_id)
    part = build_questionnaire([stored.catalog_version], form="self").parts[0]
    values = answer_matrix([bytes(stored.answers)], part.width)[0]
    column = {item.id: n for n, item in enumerate(part.columns)}
    return np.array([values[column[i]] if i in column else np.nan for i in item_ids])


def build_team_mirror(*, wave: Wave, assessment: Assessment, language: str) -> TeamMirror | None:
    """Self against the team per item and dimension; None while the wave's guard hides it.

    Raises ``NoSelfAnswers`` when the self-assessment lacks the wave's catalog.
    """
    guard = guard_for(wave)
    if guard.overall is None:
        return None
    data = guard.data
    shown = guard.overall
    layout = data.layout
    items = layout.agree_items
    own = reverse_keyed(
        _self_row(assessment, layout.columns[0].catalog_id, [i.id for i in items])[np.newaxis],
        reverse=layout.reverse,
    )
    own_dimensions = respondent_dimension_means(
        own, item_dimension=layout.item_dimension, n_dimensions=len(layout.dimensions)
    )[0]
    titles = {d.id: d.title.get(language) for d in layout.dimensions}
    # Items the ledger holds back (too few answers since last shown) are left out.
    others, _rows = masked_answers(data, shown)
    others = np.where(shown.items, others, np.nan)
    item_gaps = mirror_gaps(self_means=own[0], others=others)
    others_dimensions = respondent_dimension_means(
        others, item_dimension=layout.item_dimension, n_dimensions=len(layout.dimensions)
    )
    # A dimension rests on all of its items: one held back hides the dimension.
    for n in range(len(layout.dimensions)):
        if not (shown.aligned and shown.dimension_allowed(layout.item_dimension, n)):
            others_dimensions[:, n] = np.nan
    dimension_gaps = mirror_gaps(self_means=own_dimensions, others=others_dimensions)
    return TeamMirror(
        wave=wave,
        assessment=assessment,
        respondents=shown.respondents,
        dimensions=[
            GapRow(d.title.get(language), d.title.get(language), gap)
            for d, gap in zip(layout.dimensions, dimension_gaps, strict=True)
        ],
        items=[
            GapRow((item.others_text or item.self_text).get(language), titles[item.dimension], gap)
            for item, gap in zip(items, item_gaps, strict=True)
        ],
    )


def team_mirror_chart(mirror: TeamMirror) -> Chart | None:
    """Self next to team (0–100) per shown dimension; hidden rows are not drawn at all.

    Only rows with a gap pass, i.e. rows the guard and ``MIN_RATERS`` let through;
    None when no dimension is shown.
    """
    shown = [(row.title, row.gap) for row in mirror.dimensions if row.gap]
    if not shown:
        return None
    return paired_bar_chart(
        labels=[title for title, _gap in shown],
        first=[float(to_score(gap.self_mean)) for _title, gap in shown],
        second=[float(to_score(gap.others_mean)) for _title, gap in shown],
        first_label=_("Self"),
        second_label=_("Team"),
        alt=_("Your self-assessment next to your team's view, 0–100 per dimension"),
    )
