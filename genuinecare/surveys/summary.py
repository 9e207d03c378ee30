"""Wave results with the guard applied: the only source of numbers for every
path that shows them (pages, CSV/XLSX exports, PDF reports, the CLI).

Every figure is computed over what the guard lets a group show (``surveys.guard``):
its members, the items it may show, its comments. Everything below returns
``None`` or leaves a cell empty where a group or an item is hidden, and never
reveals a hidden group's size.
"""

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Q

from genuinecare.insights.recommend import Recommendation, recommend_score
from genuinecare.insights.scoring import (
    Shares,
    alpha_acceptable,
    answer_shares,
    column_means,
    dimension_alphas,
    dimension_shares,
    finite,
    piece_means,
    pooled_means,
    to_score,
)
from genuinecare.surveys.guard import Guard, Shown
from genuinecare.surveys.matrix import NO_UNIT, WaveData, group_field
from genuinecare.surveys.models import Comment, Wave


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
    hidden: bool = False  # held back by the ledger (too few answers), unlike "no answers"


@dataclass(frozen=True)
class ItemResult:
    key: str
    text: str
    dimension: str
    figures: Figures
    hidden: bool = False  # held back by the ledger (too few answers), unlike "no answers"


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
    held: bool = False  # some newer answers of the group wait for more to arrive
    hidden_items: int = 0  # items with too few answers (since last shown) to show


def _figures(means: np.ndarray, shares: Shares | None = None, i: int = 0) -> Figures:
    mean = finite(means[i])
    score = None if mean is None else to_score(mean)
    if shares is None:
        return Figures(mean, score)
    parts = (shares.favourable, shares.neutral, shares.unfavourable)
    return Figures(mean, score, *(finite(part[i] * 100) for part in parts))


HIDDEN = Figures(None, None)


def comments_of(wave: Wave, allowed: frozenset[tuple[int, int]]) -> dict[str, list[str]]:
    """Comments per dimension of a released set of (unit, batch) atoms, by random id."""
    units = {unit for unit, _batch in allowed}
    field = group_field(wave)
    condition = Q(**{f"{field}__in": units - {NO_UNIT}})
    if NO_UNIT in units:
        condition |= Q(**{f"{field}__isnull": True})
    found = Comment.objects.filter(wave=wave).filter(condition).order_by("pk")
    grouped: dict[str, list[str]] = {}
    for unit, batch, dimension, text in found.values_list(field, "batch", "dimension", "text"):
        if (NO_UNIT if unit is None else unit, batch) in allowed:
            grouped.setdefault(dimension, []).append(text)
    return grouped


def masked_answers(data: WaveData, shown: Shown) -> tuple[np.ndarray, np.ndarray]:
    """The agreement answers each item of a group may show (others NaN), and which rows.

    Usually every item rests on the group's answers and this is just those rows;
    where some answers are held back for one item only, that item's column is
    emptied on those rows.
    """
    if shown.aligned:
        rows = shown.members
        return data.agree[rows], rows
    per_item = np.column_stack([shown.item_members(n) for n in range(shown.n_items)])
    rows = per_item.any(axis=1) | shown.members
    masked = np.where(per_item[rows], data.agree[rows], np.nan)
    return masked, rows


def summarise(wave: Wave, data: WaveData, shown: Shown, *, language: str) -> Summary:
    """Results over what a group may show: hidden items and dimensions stay empty."""
    layout = data.layout
    agree, rows = masked_answers(data, shown)
    n_dimensions = len(layout.dimensions)
    dims: dict[str, Any] = {"item_dimension": layout.item_dimension, "n_dimensions": n_dimensions}
    allowed = [shown.dimension_allowed(layout.item_dimension, n) for n in range(n_dimensions)]
    dim_shares = dimension_shares(agree, **dims)
    item_shares = answer_shares(agree)
    item_means = column_means(agree)
    if shown.aligned:
        dim_means = column_means(data.dimension_means[rows])
        alphas = dimension_alphas(agree, **dims)
        piece = piece_means(
            agree, **dims, dimension_piece=np.zeros(n_dimensions, dtype=np.intp), n_pieces=1
        )
    else:
        # Items rest on different answers: dimensions pool their answers (a sum of the
        # items' own figures), and nothing is computed across items per respondent.
        dim_means = pooled_means(agree, **dims)
        alphas = [None] * n_dimensions
        piece = np.array([np.nanmean(dim_means) if np.isfinite(dim_means).any() else np.nan])
    comments = comments_of(wave, shown.comments) if shown.comments is not None else {}
    recommend = None
    if layout.recommend.size and shown.recommend:
        voters = shown.members_of(2 + shown.n_items)
        recommend = recommend_score(data.answers[voters][:, layout.recommend])
    return Summary(
        respondents=shown.respondents,
        piece=_figures(piece) if all(allowed) else HIDDEN,
        dimensions=[
            DimensionResult(
                id=d.id,
                title=d.title.get(language),
                figures=_figures(dim_means, dim_shares, n) if allowed[n] else HIDDEN,
                alpha=alphas[n] if allowed[n] else None,
                alpha_acceptable=alpha_acceptable(alphas[n]) if allowed[n] else None,
                comments=comments.get(d.id, []) if shown.comments is not None else None,
                hidden=not allowed[n],
            )
            for n, d in enumerate(layout.dimensions)
        ],
        items=[
            ItemResult(
                key=f"{item.dimension}.{item.id}",
                text=(item.others_text or item.self_text).get(language),
                dimension=item.dimension,
                figures=_figures(item_means, item_shares, n) if shown.items[n] else HIDDEN,
                hidden=not shown.items[n],
            )
            for n, item in enumerate(layout.agree_items)
        ],
        recommend=recommend,
        comments_allowed=shown.comments is not None,
        recommend_comments=[
            text
            for dimension in dict.fromkeys(
                layout.columns[i].item.dimension for i in layout.recommend
            )
            for text in comments.get(dimension, [])
        ]
        if shown.recommend
        else [],
        held=shown.held,
        hidden_items=int((~shown.items).sum()),
    )


def wave_summary(wave: Wave, guard: Guard, *, language: str) -> Summary | None:
    """The whole wave over the answers it may show, or None while nothing may be shown."""
    if guard.overall is None:
        return None
    return summarise(wave, guard.data, guard.overall, language=language)


def unit_summary(wave: Wave, guard: Guard, *, unit_id: int, language: str) -> Summary | None:
    """One unit's group (the unit and everything below it), or None if the guard hides it
    or the wave's tree has no such unit."""
    position = guard.data.tree.index.get(unit_id)
    shown = None if position is None else guard.groups.get(position)
    return None if shown is None else summarise(wave, guard.data, shown, language=language)


def selection_summary(wave: Wave, guard: Guard, *, language: str) -> Summary | None:
    """The combined selection the guard was asked for, or None when it was refused."""
    if guard.selection is None or guard.selection.shown is None:
        return None
    return summarise(wave, guard.data, guard.selection.shown, language=language)
