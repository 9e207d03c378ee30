"""The pulse's guard: which groups of a wave may show what, decided through the release ledger.

``guard_for`` is the only way a report learns what it may show. It asks for the
same releases on every path and for every viewer (the whole organisation's
tree: the whole wave, then each unit group the tree rule of
``insights.anonymity`` lets through, largest first, then any combined
selection), so two viewers with different scopes cannot combine what they see.
Each group is shown at its current version when the ledger admits it, else at
its last allowed version (with its date), else hidden.

Tracks: ``respondents`` decides a group's version; each agreement and
recommend item has its own track, so an item's figure needs ``k`` answers to
that item and moves only in steps of ``k`` answers; ``comments`` works at the
comment threshold.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property, partial

import numpy as np
import numpy.typing as npt
from django.utils import timezone

from genuinecare.insights.anonymity import comment_mask, shown_mask
from genuinecare.insights.ledger import Atoms, admit
from genuinecare.releases.store import Decision, Snapshot, Version, release
from genuinecare.surveys.layout import Layout
from genuinecare.surveys.ledger import wave_scope
from genuinecare.surveys.matrix import WaveData, load_wave_data
from genuinecare.surveys.models import Wave
from genuinecare.surveys.submission import layout_of

RESPONDENTS = "respondents"
COMMENTS = "comments"
WHOLE = "wave"

type Mask = npt.NDArray[np.bool_]


@dataclass(eq=False)
class Shown:
    """What one group may show: its respondents, which items, whether comments."""

    select: Callable[[], Mask]  # which of the wave's respondents are in the version shown
    respondents: int
    items: Mask  # over the agreement items
    recommend: bool
    # (units, batches) whose comments may show; None: no comments
    comments: tuple[frozenset[int], frozenset[int]] | None
    as_of: date | None = None  # None: current; else the date of the last allowed version

    @cached_property
    def members(self) -> Mask:
        return self.select()

    @property
    def current(self) -> bool:
        return self.as_of is None

    def dimension_allowed(self, item_dimension: npt.NDArray[np.intp], n: int) -> bool:
        """A dimension's figures rest on all its items: shown only if each item may show."""
        return bool(self.items[item_dimension == n].all())


@dataclass(frozen=True, eq=False)
class Selection:
    """A combined selection of units: shown, or refused (with nothing shown)."""

    shown: Shown | None


@dataclass(frozen=True, eq=False)
class Guard:
    """Which groups of a wave may show figures, and at which version."""

    k: int
    comment_k: int
    overall: Shown | None
    groups: dict[int, Shown]  # by unit position in ``data.tree``
    data: WaveData
    selection: Selection | None = None
    hidden_waiting: int = 0  # groups at an older version, waiting for more answers
    positions: int = 0

    @property
    def shown(self) -> Mask:
        mask = np.zeros(self.positions, dtype=np.bool_)
        mask[list(self.groups)] = True
        return mask

    @property
    def overall_shown(self) -> bool:
        return self.overall is not None

    @property
    def respondents(self) -> int | None:
        """The wave's released respondent count (None while none may be shown)."""
        return None if self.overall is None else self.overall.respondents


@dataclass(frozen=True, eq=False)
class _Plan:
    """The releases asked for, in order: the whole wave, unit groups, then a selection."""

    names: list[str]
    masks: Mask  # releases × unit positions
    positions: list[int | None]  # unit position per release (None: whole wave, selection)
    comment_ok: Mask  # which releases the tree rule lets show comments


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
    masks = [np.ones(n, dtype=np.bool_)]
    for position in order:
        masks.append(data.subtree_mask(position))
    names = [WHOLE, *(f"unit:{tree.unit_ids[p]}" for p in order)]
    positions: list[int | None] = [None, *order]
    comment_ok = [data.respondents >= wave.comment_threshold, *(bool(talk[p]) for p in order)]
    if selection is not None:
        chosen = np.zeros(n, dtype=np.bool_)
        for unit_id in selection:
            chosen |= data.subtree_mask(data.position(unit_id))
        masks.append(chosen)
        names.append("selection")
        positions.append(None)
        comment_ok.append(False)
    return _Plan(names, np.array(masks, dtype=np.bool_), positions, np.array(comment_ok))


@dataclass(frozen=True, eq=False)
class _Atoms:
    """The wave's answers as atoms of the ledger snapshot."""

    snapshot: Snapshot
    of_response: npt.NDArray[np.intp]
    atoms: Atoms
    respondents: npt.NDArray[np.int64]

    def answered(
        self, data: WaveData, columns: npt.NDArray[np.intp]
    ) -> list[npt.NDArray[np.int64]]:
        """Per column, how many answers each atom holds.

        Counted from the gaps, which are few: raw answers suffice, since reverse
        keying leaves gaps where they are.
        """
        gaps = np.isnan(data.answers)
        with_gaps = np.flatnonzero(gaps.any(axis=1))
        local, cols = np.nonzero(gaps[with_gaps][:, columns])
        rows = with_gaps[local]
        n = self.snapshot.atoms
        gaps = np.bincount(self.of_response[rows] * len(columns) + cols, minlength=n * len(columns))
        missing = gaps.reshape(n, len(columns)) if n else np.zeros((0, len(columns)), np.int64)
        return [(self.respondents - missing[:, c]).astype(np.int64) for c in range(len(columns))]


def _atoms(snapshot: Snapshot, data: WaveData) -> _Atoms:
    unit_ids = np.array(data.tree.unit_ids, dtype=np.int64)[data.positions]
    grown, of_response = snapshot.with_answers(unit_ids, data.batches)
    index = {unit_id: p for p, unit_id in enumerate(data.tree.unit_ids)}
    group = np.array([index.get(int(g), -1) for g in grown.groups], dtype=np.intp)
    # An atom whose unit is gone belongs to no group: no release can contain it.
    n = len(data.tree.unit_ids)
    group = np.where(group < 0, n, group)
    respondents = np.bincount(of_response, minlength=grown.atoms).astype(np.int64)
    return _Atoms(grown, of_response, Atoms(group=group), respondents)


def _pad(masks: Mask) -> Mask:
    """Masks with one more, never released group for atoms whose unit is gone."""
    return np.hstack([masks, np.zeros((masks.shape[0], 1), dtype=np.bool_)])


def _admit_tracks(
    a: _Atoms,
    labels: npt.NDArray[np.int64],
    counts: list[npt.NDArray[np.int64]],
    tracks: list[int],
    candidates: Mask,
    k: int,
) -> Mask:
    """Admit ``candidates`` in each of ``tracks``; tracks alike in labels and counts are
    decided once (usually most items: everyone who answered one answered the others)."""
    admitted = np.zeros((len(tracks), candidates.shape[0]), dtype=np.bool_)
    decided: dict[tuple[bytes, bytes], tuple[Mask, npt.NDArray[np.int64]]] = {}
    for row, (t, count) in enumerate(zip(tracks, counts, strict=True)):
        key = (labels[t].tobytes(), count.tobytes())
        if key not in decided:
            result = admit(
                labels=labels[t], counts=count, atoms=a.atoms, candidates=candidates, k=k
            )
            decided[key] = (result.admitted, result.labels)
        admitted[row], labels[t] = decided[key]
    return admitted


def _decide(
    wave: Wave, selection: set[int] | None, today: date
) -> Callable[[Snapshot, WaveData], Decision[Guard]]:
    def decide(snapshot: Snapshot, data: WaveData) -> Decision[Guard]:
        plan = _plan(wave, data, selection)
        a = _atoms(snapshot, data)
        labels = a.snapshot.labels.copy()
        masks = _pad(plan.masks)
        per_track = np.zeros((len(a.snapshot.tracks), len(plan.names)), dtype=np.bool_)
        per_track[0] = _admit_tracks(a, labels, [a.respondents], [0], masks, wave.threshold)[0]
        now = np.flatnonzero(per_track[0])
        talk = now[plan.comment_ok[now]]
        said = _admit_tracks(a, labels, [a.respondents], [1], masks[talk], wave.comment_threshold)
        per_track[1, talk[said[0]]] = True
        columns = np.concatenate([data.layout.agree, data.layout.recommend]).astype(np.intp)
        counts = a.answered(data, columns)
        items = _admit_tracks(
            a, labels, counts, list(range(2, 2 + len(columns))), masks[now], wave.threshold
        )
        per_track[2:, now] = items
        refined = Snapshot(
            a.snapshot.tracks,
            a.snapshot.batch,
            a.snapshot.groups,
            a.snapshot.batches,
            labels,
            a.snapshot.versions,
        )
        return _guard(wave, data, plan, a, per_track, refined, today)

    return decide


def _guard(
    wave: Wave,
    data: WaveData,
    plan: _Plan,
    a: _Atoms,
    per_track: Mask,
    refined: Snapshot,
    today: date,
) -> Decision[Guard]:
    n_items = len(data.layout.agree_items)
    unit_ids = np.array(data.tree.unit_ids, dtype=np.int64)
    sizes = plan.masks.astype(np.int64) @ data.direct_counts
    batches = frozenset(int(b) for b in np.unique(a.snapshot.batches))
    versions: list[Version] = []
    shown: list[Shown | None] = []
    waiting = 0
    for r, name in enumerate(plan.names):
        recorded = name != "selection"
        if per_track[0, r] and sizes[r] == 0:
            shown.append(None)  # an empty group shows nothing (0 and 1 … k−1 look alike)
            continue
        if per_track[0, r]:
            groups = frozenset(int(u) for u in unit_ids[plan.masks[r]])
            comments = (groups, batches) if per_track[1, r] else None
            if recorded:
                tracks = tuple(int(t) for t in np.flatnonzero(per_track[:, r]))
                versions.append(Version(name, groups, batches, int(sizes[r]), tracks, today))
                if comments is None:
                    comments = _last_comments(refined, name)
                else:
                    versions.append(
                        Version(f"comments:{name}", groups, batches, int(sizes[r]), (1,), today)
                    )
            in_release = plan.masks[r]
            shown.append(
                _shown(
                    partial(np.take, in_release, data.positions),
                    int(sizes[r]),
                    per_track[:, r],
                    n_items,
                    comments,
                )
            )
            continue
        last = refined.versions.get(name) if recorded else None
        if last is None:
            shown.append(None)
            continue
        waiting += 1
        covered = last.covers(a.snapshot.groups, a.snapshot.batches)
        flags = np.zeros(per_track.shape[0], dtype=np.bool_)
        flags[list(last.tracks)] = True
        comments = (last.groups, last.batches) if flags[1] else _last_comments(refined, name)
        shown.append(
            _shown(
                partial(np.take, covered, a.of_response),
                last.respondents,
                flags,
                n_items,
                comments,
                as_of=last.released_on,
            )
        )
    groups_shown = {p: s for p, s in zip(plan.positions, shown, strict=True) if p is not None and s}
    selection = Selection(shown[-1]) if plan.names[-1] == "selection" else None
    guard = Guard(
        k=wave.threshold,
        comment_k=wave.comment_threshold,
        overall=shown[0],
        groups=groups_shown,
        data=data,
        selection=selection,
        hidden_waiting=waiting,
        positions=len(data.tree.unit_ids),
    )
    return Decision(guard, refined, versions)


def _last_comments(snapshot: Snapshot, name: str) -> tuple[frozenset[int], frozenset[int]] | None:
    found = snapshot.versions.get(f"comments:{name}")
    return None if found is None else (found.groups, found.batches)


def _shown(
    select: Callable[[], Mask],
    respondents: int,
    flags: Mask,
    n_items: int,
    comments: tuple[frozenset[int], frozenset[int]] | None,
    *,
    as_of: date | None = None,
) -> Shown:
    return Shown(
        select=select,
        respondents=respondents,
        items=flags[2 : 2 + n_items].copy(),
        recommend=bool(flags[2 + n_items :].all()) if flags.size > 2 + n_items else False,
        comments=comments,
        as_of=as_of,
    )


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
        decide=_decide(wave, selection, timezone.localdate()),
    )
