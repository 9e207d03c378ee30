"""The pulse's guard: which groups of a wave may show what, decided through the release ledger.

``guard_for`` is the only way a report learns what it may show. It asks for the
same releases on every path and for every viewer (the whole organisation's
tree: the whole wave, then each unit group the tree rule of
``insights.anonymity`` lets through, largest first, then any combined
selection), so two viewers with different scopes cannot combine what they see.

Each figure of a group rests on the answers the ledger lets it show
(``insights.ledger.admit_within``): all of the group's answers, or all but those
*held back* — new answers that, shown now, would give fewer than ``k`` people
away by difference with what was shown before. Held-back answers join the
group's figures once enough others have arrived alongside them.

Tracks: ``respondents`` decides a group's answers (its count and who is in its
figures); each agreement and recommend item has its own track, so an item's
figure needs ``k`` answers to that item and moves only in steps of ``k``
answers; ``comments`` works at the comment threshold.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import numpy.typing as npt

from genuinecare.insights.anonymity import comment_mask, shown_mask
from genuinecare.insights.ledger import Atoms, Within, admit, admit_within
from genuinecare.releases.store import Decision, Snapshot, release
from genuinecare.surveys.layout import Layout
from genuinecare.surveys.ledger import wave_scope
from genuinecare.surveys.matrix import WaveData, load_wave_data
from genuinecare.surveys.models import Response, Wave
from genuinecare.surveys.submission import layout_of

RESPONDENTS = "respondents"
COMMENTS = "comments"

type Mask = npt.NDArray[np.bool_]
type Indices = npt.NDArray[np.intp]


@dataclass(frozen=True, eq=False)
class _Atoms:
    """The wave's answers as atoms of the ledger snapshot."""

    snapshot: Snapshot
    of_response: Indices
    atoms: Atoms
    respondents: npt.NDArray[np.int64]

    def answered(self, data: WaveData, columns: Indices) -> list[npt.NDArray[np.int64]]:
        """Per column, how many answers each atom holds.

        Counted from the gaps, which are few: raw answers suffice, since reverse
        keying leaves gaps where they are.
        """
        gaps = np.isnan(data.answers)
        with_gaps = np.flatnonzero(gaps.any(axis=1))
        local, cols = np.nonzero(gaps[with_gaps][:, columns])
        rows = with_gaps[local]
        n = self.snapshot.atoms
        missing = np.bincount(
            self.of_response[rows] * len(columns) + cols, minlength=n * len(columns)
        ).reshape(n, len(columns))
        return [(self.respondents - missing[:, c]).astype(np.int64) for c in range(len(columns))]


@dataclass(eq=False)
class Shown:
    """What one group may show: which answers each of its figures rests on."""

    atoms: _Atoms
    group: Mask  # over unit positions: the group asked for
    kept: dict[int, Indices | None]  # per track shown: None for all the group's atoms
    n_items: int
    held: bool = False  # some of the group's answers are held back
    comments_kept: bool = False

    def _atom_mask(self, track: int) -> Mask:
        mask: Mask = self.group[self.atoms.atoms.group]
        chosen = self.kept.get(track, np.zeros(0, dtype=np.intp))
        if chosen is None:
            return mask
        only = np.zeros_like(mask)
        only[chosen] = True
        return only

    def members_of(self, track: int) -> Mask:
        """Which of the wave's respondents a track's figure of this group rests on."""
        result: Mask = self._atom_mask(track)[self.atoms.of_response]
        return result

    @cached_property
    def members(self) -> Mask:
        """Which of the wave's respondents the group's respondent count rests on."""
        return self.members_of(0)

    @cached_property
    def respondents(self) -> int:
        """The group's released respondent count."""
        return int(self.atoms.respondents[self._atom_mask(0)].sum())

    @cached_property
    def items(self) -> Mask:
        """Which agreement items may show a figure (their track kept some answers)."""
        return np.array([self._shows(2 + n) for n in range(self.n_items)], dtype=np.bool_)

    @cached_property
    def recommend(self) -> bool:
        """Whether the recommend question may show a figure (every recommend track kept answers)."""
        tracks = [t for t in self.kept if t >= 2 + self.n_items]
        return bool(tracks) and all(self._shows(t) for t in tracks)

    def _shows(self, track: int) -> bool:
        return track in self.kept and bool(self._atom_mask(track).any())

    def item_members(self, n: int) -> Mask:
        """Which of the wave's respondents item ``n``'s figure rests on."""
        return self.members_of(2 + n)

    @cached_property
    def aligned(self) -> bool:
        """Whether every item rests on the same answers as the group (usually so)."""
        people = self.kept.get(0)
        for n in range(self.n_items):
            item = self.kept.get(2 + n, np.zeros(0, np.intp))
            if (item is None) != (people is None):
                return False
            if item is not None and people is not None and not np.array_equal(item, people):
                return False
        return True

    @property
    def comments(self) -> frozenset[tuple[int, int]] | None:
        """The (unit, batch) atoms whose comments may show; None: no comments."""
        if not self.comments_kept:
            return None
        mask = self._atom_mask(1)
        snapshot = self.atoms.snapshot
        return frozenset(
            zip(snapshot.groups[mask].tolist(), snapshot.batches[mask].tolist(), strict=True)
        )

    @property
    def current(self) -> bool:
        """Whether the figures count every answer the group has (none is held back)."""
        return not self.held

    def dimension_allowed(self, item_dimension: npt.NDArray[np.intp], n: int) -> bool:
        """A dimension's figures rest on all its items: shown only if each item may show."""
        return bool(self.items[item_dimension == n].all())


@dataclass(frozen=True, eq=False)
class Selection:
    """A combined selection of units: shown, or refused (with nothing shown)."""

    shown: Shown | None


@dataclass(frozen=True, eq=False)
class Guard:
    """Which groups of a wave may show figures, and on which answers."""

    k: int
    comment_k: int
    overall: Shown | None
    groups: dict[int, Shown]  # by unit position in ``data.tree``
    data: WaveData
    selection: Selection | None = None

    @property
    def hidden_waiting(self) -> int:
        """How many shown groups hold some answers back."""
        shown = [*self.groups.values(), *([self.overall] if self.overall else [])]
        return sum(1 for s in shown if s.held)

    @property
    def respondents(self) -> int | None:
        """The wave's released respondent count (None while none may be shown)."""
        return None if self.overall is None else self.overall.respondents


@dataclass(frozen=True, eq=False)
class _Plan:
    """The releases asked for, in order: the whole wave, unit groups, then a selection."""

    masks: Mask  # releases × unit positions
    positions: list[int | None]  # unit position per release (None: whole wave, selection)
    comment_ok: Mask  # which releases the tree rule lets show comments
    selection: bool


def _tracks(layout: Layout) -> list[str]:
    items = [f"item:{n}" for n in range(len(layout.agree_items))]
    recommend = [f"recommend:{n}" for n in range(len(layout.recommend))]
    return [RESPONDENTS, COMMENTS, *items, *recommend]


def _plan(wave: Wave, data: WaveData, selection: set[int] | None) -> _Plan:
    tree, n = data.tree, len(data.tree.unit_ids)
    counts = data.direct_counts
    shown = shown_mask(tree=tree, direct_counts=counts, k=wave.threshold)
    talk = comment_mask(tree=tree, direct_counts=counts, threshold=wave.comment_threshold)
    sizes = data.subtree_counts
    order = sorted(np.flatnonzero(shown).tolist(), key=lambda p: (-int(sizes[p]), p))
    masks = [np.ones(n, dtype=np.bool_), *(tree.subtree_mask(p) for p in order)]
    positions: list[int | None] = [None, *order]
    comment_ok = [data.respondents >= wave.comment_threshold, *(bool(talk[p]) for p in order)]
    if selection is not None:
        chosen = np.zeros(n, dtype=np.bool_)
        for unit_id in selection:
            chosen |= tree.subtree_mask(tree.position(unit_id))
        masks.append(chosen)
        positions.append(None)
        comment_ok.append(False)
    padded = np.hstack([np.array(masks, dtype=np.bool_), np.zeros((len(masks), 1), np.bool_)])
    return _Plan(padded, positions, np.array(comment_ok), selection is not None)


def _atoms(snapshot: Snapshot, data: WaveData) -> _Atoms:
    grown, of_response = snapshot.with_answers(data.unit_ids, data.batches)
    # An atom whose unit is gone belongs to no group (the padded last one): never released.
    group = data.tree.positions_of(grown.groups, missing=len(data.tree.unit_ids))
    respondents = np.bincount(of_response, minlength=grown.atoms).astype(np.int64)
    return _Atoms(grown, of_response, Atoms(group=group), respondents)


def _within(
    a: _Atoms,
    labels: npt.NDArray[np.int64],
    counts: list[npt.NDArray[np.int64]],
    tracks: list[int],
    candidates: Mask,
    k: int,
) -> list[Within]:
    """Release ``candidates`` in each of ``tracks``, deciding alike tracks once.

    Tracks alike in labels and counts are usually most items: everyone who
    answered one answered the others.
    """
    found: list[Within] = []
    decided: dict[tuple[bytes, bytes], Within] = {}
    for t, count in zip(tracks, counts, strict=True):
        key = (labels[t].tobytes(), count.tobytes())
        if key not in decided:
            decided[key] = admit_within(
                labels=labels[t], counts=count, atoms=a.atoms, candidates=candidates, k=k
            )
        found.append(decided[key])
        labels[t] = decided[key].labels
    return found


def _decide(
    wave: Wave, selection: set[int] | None
) -> Callable[[Snapshot, WaveData], Decision[Guard]]:
    def decide(snapshot: Snapshot, data: WaveData) -> Decision[Guard]:
        plan = _plan(wave, data, selection)
        a = _atoms(snapshot, data)
        labels = a.snapshot.labels.copy()
        standard = plan.masks[:-1] if plan.selection else plan.masks
        everyone = np.arange(standard.shape[0])
        (people,) = _within(a, labels, [a.respondents], [0], standard, wave.threshold)
        shown = [int(j) for j in everyone if _kept_any(people.kept[j], plan.masks[j], a)]
        talk = [j for j in shown if plan.comment_ok[j]]
        (said,) = _within(a, labels, [a.respondents], [1], standard[talk], wave.comment_threshold)
        columns = np.concatenate([data.layout.agree, data.layout.recommend]).astype(np.intp)
        answered = a.answered(data, columns)
        item_tracks = list(range(2, 2 + len(columns)))
        items = _within(a, labels, answered, item_tracks, standard[shown], wave.threshold)
        kept_of: dict[int, dict[int, Indices | None]] = {}
        for row, j in enumerate(shown):
            kept_of[j] = {
                0: people.kept[j],
                **{t: w.kept[row] for t, w in zip(item_tracks, items, strict=True)},
            }
            if j in talk:
                kept_of[j][1] = said.kept[talk.index(j)]
        if plan.selection:
            chosen = _select(a, labels, answered, item_tracks, plan.masks[-1:], wave.threshold)
            if chosen is not None:
                kept_of[len(plan.positions) - 1] = chosen
        refined = replace(a.snapshot, labels=labels)
        n_items = len(data.layout.agree_items)
        result: list[Shown | None] = [None] * len(plan.positions)
        for j, kept in kept_of.items():
            result[j] = Shown(
                atoms=a,
                group=plan.masks[j],
                kept=kept,
                n_items=n_items,
                # comments say on their own when they wait for the comment threshold
                held=any(v is not None for t, v in kept.items() if t != 1),
                comments_kept=1 in kept and _kept_any(kept[1], plan.masks[j], a),
            )
        groups = {p: s for p, s in zip(plan.positions, result, strict=True) if p is not None and s}
        guard = Guard(
            k=wave.threshold,
            comment_k=wave.comment_threshold,
            overall=result[0],
            groups=groups,
            data=data,
            selection=Selection(result[-1]) if plan.selection else None,
        )
        return Decision(guard, refined)

    return decide


def _kept_any(kept: Indices | None, group: Mask, a: _Atoms) -> bool:
    """A group shows only when some of its answers are kept (0 and 1 … k−1 look alike)."""
    if kept is not None:
        return bool(a.respondents[kept].sum() > 0)
    return bool(a.respondents[group[a.atoms.group]].sum() > 0)


def _select(
    a: _Atoms,
    labels: npt.NDArray[np.int64],
    answered: list[npt.NDArray[np.int64]],
    item_tracks: list[int],
    selection: Mask,
    k: int,
) -> dict[int, Indices | None] | None:
    """A combined selection is shown whole or not at all: a part of it would mislead.

    Its items are shown whole or hidden (an empty set of answers) the same way.
    """
    whole = admit(labels=labels[0], counts=a.respondents, atoms=a.atoms, candidates=selection, k=k)
    if not whole.admitted[0] or not _kept_any(None, selection[0], a):
        return None
    labels[0] = whole.labels
    kept: dict[int, Indices | None] = {0: None}
    for t, count in zip(item_tracks, answered, strict=True):
        item = admit(labels=labels[t], counts=count, atoms=a.atoms, candidates=selection, k=k)
        labels[t] = item.labels
        kept[t] = None if item.admitted[0] else np.zeros(0, dtype=np.intp)
    return kept


def guard_for(wave: Wave, *, selection: set[int] | None = None) -> Guard:
    """What the wave may show now, for everyone, through the release ledger.

    Guarantees (per track, see ``insights.ledger``): no figure, count or comment
    is shown whose set, together with everything shown of this wave before, by
    anyone, through any path, lets a total of 1 … k−1 responses be recovered.
    Figures must be computed from ``guard.data``: the answers the guard decided on.
    """
    return release(
        wave_scope(wave),
        tracks=_tracks(layout_of(wave)),
        load=lambda: load_wave_data(wave),
        decide=_decide(wave, selection),
        # responses are never changed or removed once stored: the same count, the same set
        still=lambda data: Response.objects.filter(wave=wave).count() == data.respondents,
    )
