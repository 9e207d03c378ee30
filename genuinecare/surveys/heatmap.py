"""The heat map: unit groups × dimensions or items, % favourable, from what the guard releases.

Rows that rest on all their answers come from ``matrix.group_sums`` (array
operations over the whole tree); rows that hold some answers back are computed
over the answers they may show. A hidden group is not named, only
counted, unless a group below it is shown (then its row stays, with empty
cells, so the tree can be followed down).
"""

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from genuinecare.insights.charts import band
from genuinecare.insights.scoring import (
    answer_shares,
    column_means,
    dimension_shares,
    finite,
    pooled_means,
    to_score,
)
from genuinecare.surveys.guard import Guard, Shown
from genuinecare.surveys.matrix import NO_UNIT, WaveData, group_sums
from genuinecare.surveys.summary import masked_answers

type FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Cell:
    favourable: float | None
    score: float | None
    band: str
    held: bool = False  # hidden by the ledger, unlike a cell nobody answered


@dataclass(frozen=True)
class Row:
    unit_id: int
    name: str
    respondents: int | None  # None when hidden: a hidden group's size is never shown
    cells: list[Cell]
    has_children: bool
    held: bool = False  # some newer answers wait for more to arrive

    @property
    def shown(self) -> bool:
        return self.respondents is not None


@dataclass(frozen=True)
class HeatMap:
    columns: list[str]
    rows: list[Row]
    overall: list[Cell] | None
    relative: bool
    parent_id: int | None = None
    path: list[tuple[int, str]] = field(default_factory=list)
    hidden: int = 0  # groups left out: hidden, with nothing shown below them
    overall_held: bool = False


def _allowed(shown: Shown, data: WaveData, *, by: str) -> npt.NDArray[np.bool_]:
    if by == "item":
        return shown.items
    layout = data.layout
    return np.array(
        [shown.dimension_allowed(layout.item_dimension, n) for n in range(len(layout.dimensions))],
        dtype=np.bool_,
    )


def _over(data: WaveData, shown: Shown, *, by: str) -> tuple[FloatArray, FloatArray]:
    """% favourable and 0–100 score per column over what a group may show."""
    agree, rows = masked_answers(data, shown)
    if by == "dimension":
        n = len(data.layout.dimensions)
        shares = dimension_shares(agree, item_dimension=data.layout.item_dimension, n_dimensions=n)
        if shown.aligned:
            means = column_means(data.dimension_means[rows])
        else:
            means = pooled_means(agree, item_dimension=data.layout.item_dimension, n_dimensions=n)
    else:
        shares, means = answer_shares(agree), column_means(agree)
    return shares.favourable * 100.0, to_score(means)


def _cells(
    favourable: FloatArray,
    scores: FloatArray,
    allowed: npt.NDArray[np.bool_],
    reference: list[float | None] | None,
) -> list[Cell]:
    cells = []
    for c in range(favourable.shape[0]):
        value = finite(favourable[c]) if allowed[c] else None
        cells.append(
            Cell(
                value,
                finite(scores[c]) if allowed[c] else None,
                band(value, reference=reference[c] if reference else None),
                held=not allowed[c],
            )
        )
    return cells


def heat_map(
    data: WaveData,
    guard: Guard,
    *,
    language: str,
    by: str = "dimension",
    parent_id: int | None = None,
    visible: set[int] | None = None,
    relative: bool = False,
    all_units: bool = False,
) -> HeatMap:
    """Units (the children of ``parent_id``, or every unit) × dimensions or items.

    ``visible`` limits the rows to a leader's subtree.
    """
    sums = group_sums(data, by=by)
    favourable, scores = sums.percent(sums.favourable), to_score(sums.mean)
    overall = None
    if guard.overall is not None:
        whole = _over(data, guard.overall, by=by)
        overall = _cells(*whole, _allowed(guard.overall, data, by=by), None)
    reference = [c.favourable for c in overall] if overall and relative else None
    if by == "dimension":
        columns = [d.title.get(language) for d in data.layout.dimensions]
    else:
        columns = [item.id for item in data.layout.agree_items]
    tree = data.tree
    if all_units:
        positions = tree.preorder()
    elif parent_id is None:
        positions = tree.roots
    else:
        positions = list(tree.children[tree.position(parent_id)])
    rows, hidden = [], 0
    shown_below = tree.shown_below(guard.groups)
    for i in positions:
        unit_id = tree.unit_ids[i]
        if visible is not None and unit_id not in visible:
            continue
        if unit_id == NO_UNIT and data.subtree_counts[i] == 0:
            continue
        shown = guard.groups.get(i)
        if shown is None and not shown_below[i]:
            hidden += 1
            continue
        if shown is None:  # hidden, kept to lead to a group shown below it
            cells = [Cell(None, None, band(None), held=True) for _column in columns]
        elif shown.current:
            cells = _cells(favourable[i], scores[i], _allowed(shown, data, by=by), reference)
        else:
            cells = _cells(*_over(data, shown, by=by), _allowed(shown, data, by=by), reference)
        rows.append(
            Row(
                unit_id=unit_id,
                name=tree.names[i],
                respondents=None if shown is None else shown.respondents,
                cells=cells,
                has_children=bool(tree.children[i]),
                held=False if shown is None else shown.held,
            )
        )
    return HeatMap(
        columns=columns,
        rows=rows,
        overall=overall,
        relative=relative,
        parent_id=parent_id,
        hidden=hidden,
        overall_held=False if guard.overall is None else guard.overall.held,
    )
