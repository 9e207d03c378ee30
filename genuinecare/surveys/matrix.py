"""A wave's answers as one numpy matrix, and the per-group sums every report needs.

``load_wave_data`` costs two queries (units, responses) whatever the size of the
wave. ``group_sums`` turns the matrix into per-unit-group totals with bincount
and one pass over the units (never over answers), so a heat map of 500 units
over 100 000 responses is a handful of array operations.
"""

import zlib
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from genuinecare.catalog.questionnaire import answer_matrix
from genuinecare.insights.scoring import (
    FAVOURABLE_FROM,
    UNFAVOURABLE_UP_TO,
    RespondentScores,
    one_hot,
    ratio,
)
from genuinecare.insights.tree import GroupTree
from genuinecare.people.access import unit_tree
from genuinecare.people.accounts import Account
from genuinecare.surveys.enums import ACCOUNT_TYPES, Audience
from genuinecare.surveys.layout import Layout
from genuinecare.surveys.models import Response, Wave
from genuinecare.surveys.submission import layout_of

# Respondents without a unit (or an account) form their own top-level group.
NO_UNIT = 0

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class WaveData:
    """Everything a report is computed from: respondents x items plus each one's group."""

    layout: Layout
    answers: FloatArray  # raw answers, NaN = no value; all columns
    positions: IntArray  # each respondent's unit position in ``tree``
    tree: GroupTree
    batches: npt.NDArray[np.int64]  # each respondent's ledger batch

    @property
    def respondents(self) -> int:
        return int(self.answers.shape[0])

    @cached_property
    def scores(self) -> RespondentScores:
        return self.layout.scores(self.answers)

    @property
    def agree(self) -> FloatArray:
        """Agreement answers, reverse-keyed items already flipped."""
        return self.scores.keyed

    @property
    def dimension_means(self) -> FloatArray:
        """Respondents x dimensions: each respondent's mean over the items answered."""
        return self.scores.dimension_means

    @cached_property
    def direct_counts(self) -> npt.NDArray[np.int64]:
        return np.bincount(self.positions, minlength=len(self.tree.unit_ids)).astype(np.int64)

    @cached_property
    def subtree_counts(self) -> npt.NDArray[np.int64]:
        return self.tree.subtree_counts(self.direct_counts)

    @cached_property
    def unit_ids(self) -> npt.NDArray[np.int64]:
        """Each respondent's unit id (``NO_UNIT`` for none)."""
        return np.array(self.tree.unit_ids, dtype=np.int64)[self.positions]

    def position(self, unit_id: int) -> int:
        return self.tree.position(unit_id)


def group_field(wave: Wave) -> str:
    """Which field of a response or comment names its group: the account in a customer
    or supplier wave, the unit otherwise."""
    return "account_id" if wave.by_account else "unit_id"


def segment_id(segment: str) -> int:
    """A segment's group id: negative (never an account's), the same on every load."""
    return -1 - zlib.crc32(segment.casefold().encode())


def wave_groups(wave: Wave) -> GroupTree:
    """The groups a wave reports on and, at position 0, the respondents without one:
    every unit of the organisation (archived ones too: old answers point at them), or
    for a customer or supplier wave the segments with their accounts (of the wave's
    type, archived ones too).

    The one place that decides how a wave's respondents are grouped.
    """
    if not wave.by_account:
        units = unit_tree(wave.organisation_id, include_archived=True)
        return units.groups.with_root(NO_UNIT)
    accounts = Account.objects.filter(
        organisation_id=wave.organisation_id, type=ACCOUNT_TYPES[Audience(wave.audience)]
    ).values_list("id", "segment", "name")
    segments = {segment.casefold(): segment for _id, segment, _name in accounts if segment}
    ids: list[int] = [NO_UNIT, *(segment_id(s) for s in segments.values())]
    parents: list[int | None] = [None] * len(ids)
    names = ["", *segments.values()]
    for account_id, segment, name in accounts:
        ids.append(account_id)
        parents.append(segment_id(segment) if segment else None)
        names.append(name)
    return GroupTree.build(unit_ids=ids, parent_ids=parents, names=names)


def load_wave_data(wave: Wave) -> WaveData:
    """The wave's responses as one matrix, in two queries."""
    tree = wave_groups(wave)
    layout = layout_of(wave)
    rows = Response.objects.filter(wave=wave).values_list(group_field(wave), "batch", "answers")
    unit_ids, batches, vectors = zip(*rows, strict=True) if rows else ((), (), ())
    answers = answer_matrix(vectors, len(layout.columns))
    ids = [NO_UNIT if u is None else u for u in unit_ids]
    return WaveData(
        layout=layout,
        answers=answers,
        positions=tree.positions_of(ids),
        tree=tree,
        batches=np.array(batches, dtype=np.int64),
    )


@dataclass(frozen=True, eq=False)
class GroupSums:
    """Per unit group x column: answers, favourable and unfavourable counts, mean (1..5)."""

    answered: FloatArray
    favourable: FloatArray
    unfavourable: FloatArray
    mean: FloatArray

    def percent(self, part: FloatArray) -> FloatArray:
        return ratio(part, self.answered) * 100.0


def group_sums(data: WaveData, *, by: str) -> GroupSums:
    """Sums per group and dimension (``by="dimension"``) or item (``by="item"``).

    Dimension shares pool all answers to a dimension's items; dimension means
    average each respondent's dimension mean (as ``insights.scoring`` does).
    """
    values = data.agree
    valid = ~np.isnan(values)
    if by == "dimension":
        dimensions = one_hot(data.layout.item_dimension, len(data.layout.dimensions))
        means = data.dimension_means
        counts = [valid @ dimensions, (values >= FAVOURABLE_FROM) @ dimensions]
        counts.append((values <= UNFAVOURABLE_UP_TO) @ dimensions)
        mean_valid = ~np.isnan(means)
        answered_people = data.tree.row_sums(data.positions, mean_valid.astype(np.float64))
        mean_sums = data.tree.row_sums(data.positions, np.where(mean_valid, means, 0.0))
        answered, favourable, unfavourable = (
            data.tree.row_sums(data.positions, c.astype(np.float64)) for c in counts
        )
        return GroupSums(answered, favourable, unfavourable, ratio(mean_sums, answered_people))
    answered, favourable, unfavourable, total = (
        data.tree.row_sums(data.positions, part.astype(np.float64))
        for part in (
            valid,
            values >= FAVOURABLE_FROM,
            values <= UNFAVOURABLE_UP_TO,
            np.where(valid, values, 0.0),
        )
    )
    return GroupSums(answered, favourable, unfavourable, ratio(total, answered))
