"""Wave results with the anonymity guard applied: the only source of numbers for
every path that shows them (pages, CSV/XLSX exports, PDF reports, the CLI).

``guard_for`` asks ``insights.anonymity`` once per wave, over the whole
organisation's tree (never per viewer: two viewers with different scopes must
not be able to combine what they see). Everything below returns ``None`` or
leaves a cell empty where a group is hidden, and never reveals its size.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Q

from genuinecare.insights.anonymity import check_filter, comment_mask, comments_allowed, shown_mask
from genuinecare.insights.charts import GOOD_FROM, WATCH_FROM
from genuinecare.insights.recommend import Recommendation, recommend_score
from genuinecare.insights.scoring import (
    alpha_acceptable,
    answer_shares,
    column_means,
    dimension_alphas,
    dimension_shares,
    piece_means,
    to_score,
)
from genuinecare.surveys.matrix import NO_UNIT, WaveData, group_sums
from genuinecare.surveys.models import Comment, Wave

RELATIVE_WATCH = 5.0  # points below the organisation's mean that still count as "watch"


@dataclass(frozen=True, eq=False)
class Guard:
    """Which unit groups may show scores and comments (aligned with ``data.tree``)."""

    k: int
    comment_k: int
    shown: npt.NDArray[np.bool_]
    comments: npt.NDArray[np.bool_]
    respondents: int

    @property
    def overall_shown(self) -> bool:
        return self.respondents >= self.k

    @property
    def overall_comments(self) -> bool:
        return comments_allowed(respondents=self.respondents, threshold=self.comment_k)


def guard_for(wave: Wave, data: WaveData) -> Guard:
    counts = data.direct_counts
    return Guard(
        k=wave.threshold,
        comment_k=wave.comment_threshold,
        shown=shown_mask(tree=data.tree, direct_counts=counts, k=wave.threshold),
        comments=comment_mask(
            tree=data.tree, direct_counts=counts, threshold=wave.comment_threshold
        ),
        respondents=data.respondents,
    )


def _number(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


@dataclass(frozen=True)
class Figures:
    """Mean (1..5), 0..100 score and shares (0..100) of one item, dimension or piece."""

    mean: float | None
    score: float | None
    favourable: float | None = None
    neutral: float | None = None
    unfavourable: float | None = None


@dataclass(frozen=True)
class DimensionResult:
    id: str
    title: str
    figures: Figures
    alpha: float | None
    alpha_acceptable: bool | None
    comments: list[str] | None  # None: not allowed for this group


@dataclass(frozen=True)
class ItemResult:
    key: str
    text: str
    dimension: str
    figures: Figures


@dataclass(frozen=True)
class Summary:
    """Results of one shown group (the whole wave, a unit group or an accepted filter)."""

    respondents: int
    piece: Figures
    dimensions: list[DimensionResult]
    items: list[ItemResult]
    recommend: Recommendation | None
    comments_allowed: bool
    recommend_comments: list[str] = field(default_factory=list)


def _figures(means: np.ndarray, shares: object | None = None, i: int = 0) -> Figures:
    mean = _number(means[i])
    if shares is None:
        return Figures(mean, None if mean is None else to_score(mean))
    return Figures(
        mean,
        None if mean is None else to_score(mean),
        _number(shares.favourable[i] * 100),  # type: ignore[attr-defined]
        _number(shares.neutral[i] * 100),  # type: ignore[attr-defined]
        _number(shares.unfavourable[i] * 100),  # type: ignore[attr-defined]
    )


def _comments(wave: Wave, unit_ids: Iterable[int] | None) -> dict[str, list[str]]:
    """Comments per dimension, ordered by their random id: no order, no time."""
    found = Comment.objects.filter(wave=wave)
    if unit_ids is not None:
        ids = set(unit_ids)
        condition = Q(unit_id__in=ids - {NO_UNIT})
        if NO_UNIT in ids:
            condition |= Q(unit__isnull=True)
        found = found.filter(condition)
    grouped: dict[str, list[str]] = {}
    for dimension, text in found.order_by("pk").values_list("dimension", "text"):
        grouped.setdefault(dimension, []).append(text)
    return grouped


def summarise(
    wave: Wave,
    data: WaveData,
    *,
    members: npt.NDArray[np.bool_] | None,
    language: str,
    comments_allowed: bool,
    comment_units: Iterable[int] | None = None,
) -> Summary:
    """Results over the selected respondents (all when ``members`` is None).

    Callers pass only selections the guard allowed; see ``wave_summary``,
    ``unit_summary`` and ``filtered_summary``.
    """
    layout = data.layout
    rows = slice(None) if members is None else members
    agree, raw = data.agree[rows], data.answers[rows]
    n_dimensions = len(layout.dimensions)
    dims: dict[str, Any] = {"item_dimension": layout.item_dimension, "n_dimensions": n_dimensions}
    dim_means = column_means(data.dimension_means[rows])
    dim_shares = dimension_shares(agree, **dims)
    alphas = dimension_alphas(agree, **dims)
    piece = piece_means(
        agree, **dims, dimension_piece=np.zeros(n_dimensions, dtype=np.intp), n_pieces=1
    )
    item_shares = answer_shares(agree)
    item_means = column_means(agree)
    comments = _comments(wave, comment_units) if comments_allowed else {}
    recommend = recommend_score(raw[:, layout.recommend]) if layout.recommend.size else None
    return Summary(
        respondents=int(agree.shape[0]),
        piece=_figures(piece),
        dimensions=[
            DimensionResult(
                id=d.id,
                title=d.title.get(language),
                figures=_figures(dim_means, dim_shares, n),
                alpha=alphas[n],
                alpha_acceptable=alpha_acceptable(alphas[n]),
                comments=comments.get(d.id, []) if comments_allowed else None,
            )
            for n, d in enumerate(layout.dimensions)
        ],
        items=[
            ItemResult(
                key=f"{item.dimension}.{item.id}",
                text=(item.others_text or item.self_text).get(language),
                dimension=item.dimension,
                figures=_figures(item_means, item_shares, n),
            )
            for n, item in enumerate(layout.agree_items)
        ],
        recommend=recommend,
        comments_allowed=comments_allowed,
        recommend_comments=[
            text
            for dimension in dict.fromkeys(
                layout.columns[i].item.dimension for i in layout.recommend
            )
            for text in comments.get(dimension, [])
        ],
    )


def wave_summary(wave: Wave, data: WaveData, guard: Guard, *, language: str) -> Summary | None:
    """The whole wave, or None below the threshold."""
    if not guard.overall_shown:
        return None
    return summarise(
        wave, data, members=None, language=language, comments_allowed=guard.overall_comments
    )


def unit_summary(
    wave: Wave, data: WaveData, guard: Guard, *, unit_id: int, language: str
) -> Summary | None:
    """One unit's group (the unit and everything below it), or None if the guard hides it."""
    position = data.position(unit_id)
    if not guard.shown[position]:
        return None
    subtree = _subtree(data, position)
    return summarise(
        wave,
        data,
        members=data.members(subtree),
        language=language,
        comments_allowed=bool(guard.comments[position]),
        comment_units=subtree,
    )


def preorder(data: WaveData) -> list[int]:
    """Every unit position, each parent before its children (the order a tree is listed in)."""
    tree, order = data.tree, []
    stack = [i for i, p in enumerate(tree.parents) if p < 0][::-1]
    while stack:
        node = stack.pop()
        order.append(node)
        stack.extend(reversed(tree.children[node]))
    return order


def _subtree(data: WaveData, position: int) -> set[int]:
    found, stack = set(), [position]
    while stack:
        node = stack.pop()
        found.add(data.tree.unit_ids[node])
        stack.extend(data.tree.children[node])
    return found


def filtered_summary(
    wave: Wave,
    data: WaveData,
    guard: Guard,
    *,
    unit_ids: set[int],
    earlier: list[int],
    language: str,
) -> Summary:
    """A free selection of units (with their subtrees), or ``FilterRefused``.

    The shown groups' sizes count as earlier answers: a selection that differs
    from any of them by 1..k-1 people is refused like one that differs from an
    earlier filter.
    """
    selected: set[int] = set()
    for unit_id in unit_ids:
        selected |= _subtree(data, data.position(unit_id))
    members = data.members(selected)
    shown_sizes = data.subtree_counts[guard.shown].tolist()
    check_filter(
        population=data.respondents,
        selected=int(members.sum()),
        earlier=[*shown_sizes, *earlier],
        k=guard.k,
    )
    return summarise(wave, data, members=members, language=language, comments_allowed=False)


def band(value: float | None, *, reference: float | None = None) -> str:
    """CSS band of a % favourable cell: fixed bands, or relative to the organisation's mean."""
    if value is None:
        return "hidden"
    if reference is not None:
        difference = value - reference
        return "good" if difference >= 0 else "watch" if difference >= -RELATIVE_WATCH else "act"
    return "good" if value >= GOOD_FROM else "watch" if value >= WATCH_FROM else "act"


@dataclass(frozen=True)
class Cell:
    favourable: float | None
    score: float | None
    band: str


@dataclass(frozen=True)
class Row:
    unit_id: int
    name: str
    respondents: int | None  # None when hidden: a hidden group's size is never shown
    cells: list[Cell]
    has_children: bool

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

    ``visible`` limits the rows to a leader's subtree. A hidden group is not
    named, only counted in ``hidden``, unless a group below it is shown (then
    its row stays, with empty cells, so the tree can be followed down).
    """
    sums = group_sums(data, by=by)
    favourable = sums.percent(sums.favourable)
    scores = to_score(sums.mean)
    overall = _overall(data, by=by) if guard.overall_shown else None
    reference = [c.favourable for c in overall] if overall and relative else None
    if by == "dimension":
        columns = [d.title.get(language) for d in data.layout.dimensions]
    else:
        columns = [item.id for item in data.layout.agree_items]
    tree = data.tree
    if all_units:
        positions = preorder(data)
    elif parent_id is None:
        positions = [i for i, p in enumerate(tree.parents) if p < 0]
    else:
        positions = list(tree.children[data.position(parent_id)])
    rows, hidden = [], 0
    shown_below = _shown_below(data, guard)
    for i in positions:
        unit_id = tree.unit_ids[i]
        if visible is not None and unit_id not in visible:
            continue
        if unit_id == NO_UNIT and data.subtree_counts[i] == 0:
            continue
        shown = bool(guard.shown[i])
        if not shown and not shown_below[i]:
            hidden += 1
            continue
        cells = [
            Cell(
                _number(favourable[i, c]) if shown else None,
                _number(scores[i, c]) if shown else None,
                band(
                    _number(favourable[i, c]) if shown else None,
                    reference=reference[c] if reference else None,
                ),
            )
            for c in range(len(columns))
        ]
        rows.append(
            Row(
                unit_id=unit_id,
                name=data.names[unit_id],
                respondents=int(data.subtree_counts[i]) if shown else None,
                cells=cells,
                has_children=bool(tree.children[i]),
            )
        )
    return HeatMap(
        columns=columns,
        rows=rows,
        overall=overall,
        relative=relative,
        parent_id=parent_id,
        hidden=hidden,
    )


def _shown_below(data: WaveData, guard: Guard) -> list[bool]:
    """Per unit position: is any group below it shown? A hidden group is named only then
    (it is needed to reach the shown ones); otherwise it is only counted."""
    below = [False] * len(data.tree.unit_ids)
    for i in data.tree.postorder:
        parent = data.tree.parents[i]
        if parent >= 0 and (below[i] or guard.shown[i]):
            below[parent] = True
    return below


def _overall(data: WaveData, *, by: str) -> list[Cell]:
    if by == "dimension":
        shares = dimension_shares(
            data.agree,
            item_dimension=data.layout.item_dimension,
            n_dimensions=len(data.layout.dimensions),
        )
        means = column_means(data.dimension_means)
    else:
        shares, means = answer_shares(data.agree), column_means(data.agree)
    return [
        Cell(
            _number(shares.favourable[c] * 100),
            _number(to_score(means[c])),
            band(_number(shares.favourable[c] * 100)),
        )
        for c in range(means.shape[0])
    ]
