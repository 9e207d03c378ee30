"""The release ledger: the one rule that decides whether a figure may leave the server.

Pure numpy, no Django. Every figure, comment or count computed from a set of
responses is a *release* of that set. The ledger remembers, per *track* (what is
counted: respondents, the answers to one item, comments), a partition of the
responses: two responses share a part when every release so far contained both
or neither. A new release is admitted only if, after refining the partition
with it, no part holds 1 … k−1 responses (counted per track, in distinct people
where one person can answer more than once).

Guarantee (per track): every linear combination of the admitted releases is
constant on each part, so the total of any set that can be recovered from
admitted figures is a union of parts, and therefore empty or of at least ``k``.
That covers sums of shown groups, reloads while a wave fills, units moved
between two views and items that fewer people answered, because all of them
are releases of sets of responses, however those sets were defined.

Responses are handled as *atoms*: responses that no release can tell apart
(same reporting group, same batch of arrival). Callers give counts per atom and
releases as masks over groups; the work is proportional to atoms, not answers.
Atoms that no release ever contained carry the label ``-1``: nothing shown rests
on them, so their size is not a risk and not checked.
"""

import secrets
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

type Labels = npt.NDArray[np.int64]
type Counts = npt.NDArray[np.int64]
type Mask = npt.NDArray[np.bool_]
type Indices = npt.NDArray[np.intp]

UNRELEASED = -1
_HASH = np.uint64


@dataclass(frozen=True, slots=True)
class Atoms:
    """Which group each atom belongs to, and who is in it when people are counted.

    ``group`` holds, per atom, the position of its group in the masks given to
    :func:`admit`. ``people`` (optional) pairs atom positions with person numbers,
    one pair per person and atom, for tracks that count distinct people.
    """

    group: Indices
    people: tuple[Indices, npt.NDArray[np.int64]] | None = None

    def __len__(self) -> int:
        return int(self.group.shape[0])


@dataclass(frozen=True, slots=True)
class Admission:
    """Which candidate releases were admitted, and the track's refined labels."""

    admitted: Mask
    labels: Labels
    changed: bool  # whether the partition was refined, so the ledger must be written


def _random(size: int) -> npt.NDArray[np.uint64]:
    seed = secrets.randbits(128)
    return np.random.default_rng(seed).integers(1, 2**63, size=size, dtype=np.uint64) * _HASH(2) + 1


def _part_sizes(
    parts: Indices, n_parts: int, *, counts: Counts, atoms: Atoms, rows: Mask
) -> Counts:
    """Size of every part: summed counts, or distinct people when ``atoms.people`` is set."""
    if atoms.people is None:
        sizes: Counts = np.bincount(parts, weights=counts[rows], minlength=n_parts).astype(np.int64)
        return sizes
    where = np.full(len(atoms), -1, dtype=np.int64)
    where[rows] = parts
    pair_atoms, persons = atoms.people
    part_of_pair = where[pair_atoms]
    keep = part_of_pair >= 0
    keys = np.unique(np.stack([part_of_pair[keep], persons[keep]]), axis=1)
    distinct: Counts = np.bincount(keys[0], minlength=n_parts).astype(np.int64)
    return distinct


def _partition(
    labels: Labels, signature: npt.NDArray[np.uint64], covered: Mask
) -> tuple[Mask, Indices, int]:
    """Refine ``labels`` by the releases summed up in ``signature`` (per atom).

    Returns which atoms are released (in some part), their part numbers and how
    many parts there are. Part numbers follow random hashes, so they say nothing
    about the order in which responses arrived.
    """
    rows = (labels >= 0) | covered
    label_hash = _random(int(labels.max(initial=-1)) + 2)[labels[rows] + 1]
    combined = label_hash * _HASH(0x9E3779B97F4A7C15) + signature[rows]
    _, parts = np.unique(combined, return_inverse=True)
    parts = parts.astype(np.intp).ravel()
    return rows, parts, int(parts.max(initial=-1)) + 1


def _violates(
    labels: Labels,
    signature: npt.NDArray[np.uint64],
    covered: Mask,
    *,
    counts: Counts,
    atoms: Atoms,
    k: int,
) -> bool:
    rows, parts, n_parts = _partition(labels, signature, covered)
    sizes = _part_sizes(parts, n_parts, counts=counts, atoms=atoms, rows=rows)
    return bool(((sizes > 0) & (sizes < k)).any())


def refine(labels: Labels, *, atoms: Atoms, groups: Mask) -> Labels:
    """The labels after releasing every row of ``groups`` (a mask over groups).

    Atoms outside every release so far keep ``-1``. Admission is not checked here;
    use :func:`admit`.
    """
    signature, covered = _signature(groups, atoms)
    rows, parts, _ = _partition(labels, signature, covered)
    refined = np.full(labels.shape, UNRELEASED, dtype=np.int64)
    refined[rows] = parts
    return refined


def _signature(groups: Mask, atoms: Atoms) -> tuple[npt.NDArray[np.uint64], Mask]:
    weights = _random(groups.shape[0])
    per_group = (groups.astype(np.uint64) * weights[:, np.newaxis]).sum(axis=0, dtype=np.uint64)
    covered_groups = groups.any(axis=0)
    return per_group[atoms.group], covered_groups[atoms.group]


def admit(
    *,
    labels: Labels,
    counts: npt.ArrayLike,
    atoms: Atoms,
    candidates: Mask,
    k: int,
) -> Admission:
    """Admit as many of ``candidates`` (releases × groups) as the rule allows, in their order.

    Guarantee: after refining ``labels`` with every admitted release, no part of
    the track holds 1 … ``k``−1 (counted as ``counts`` per atom, or in distinct
    people when ``atoms.people`` is set). Candidates are tried in the order given
    (put the most important, usually the largest, first); one that cannot be
    admitted is skipped and the later ones are still tried, so the admitted set
    is maximal for that order. Re-releasing a set already in the ledger never
    refines it and is always admitted.
    """
    if k < 1:
        raise ValueError(f"k must be positive, got {k}")
    size = np.asarray(counts, dtype=np.int64)
    if size.shape != labels.shape or atoms.group.shape != labels.shape:
        raise ValueError("labels, counts and atoms must describe the same atoms")
    m = candidates.shape[0]
    admitted = np.zeros(m, dtype=np.bool_)
    if m == 0:
        return Admission(admitted, labels.copy(), changed=False)
    if atoms.people is None:
        admitted = _one_by_one(labels, size, atoms, candidates, k)
    else:
        admitted = _by_prefixes(labels, size, atoms, candidates, k)
    refined = refine(labels, atoms=atoms, groups=candidates[admitted])
    if same_partition(labels, refined):
        return Admission(admitted, labels.copy(), changed=False)
    return Admission(admitted, refined, changed=True)


def _by_prefixes(labels: Labels, size: Counts, atoms: Atoms, candidates: Mask, k: int) -> Mask:
    """Admission by longest admissible prefixes: works for any way of counting a part."""
    m = candidates.shape[0]
    admitted = np.zeros(m, dtype=np.bool_)
    weights = _random(m)
    contribution = candidates.astype(np.uint64) * weights[:, np.newaxis]
    base = np.zeros(candidates.shape[1], dtype=np.uint64)
    base_cover = np.zeros(candidates.shape[1], dtype=np.bool_)
    remaining = np.arange(m)

    def violates(prefix: int) -> bool:
        chosen = remaining[:prefix]
        per_group = base + contribution[chosen].sum(axis=0, dtype=np.uint64)
        cover = base_cover | candidates[chosen].any(axis=0)
        return _violates(
            labels, per_group[atoms.group], cover[atoms.group], counts=size, atoms=atoms, k=k
        )

    while remaining.size:
        if not violates(remaining.size):
            accepted = remaining
            remaining = remaining[:0]
        else:
            # The longest admissible prefix: refinement only splits parts, so once a
            # prefix violates the rule every longer one does too.
            low, high = 0, remaining.size  # low admissible, high not
            while high - low > 1:
                middle = (low + high) // 2
                if violates(middle):
                    high = middle
                else:
                    low = middle
            accepted, remaining = remaining[:low], remaining[high:]
        admitted[accepted] = True
        base = base + contribution[accepted].sum(axis=0, dtype=np.uint64)
        base_cover = base_cover | candidates[accepted].any(axis=0)
    return admitted


def _all_at_once(labels: Labels, size: Counts, atoms: Atoms, candidates: Mask, k: int) -> bool:
    """Whether every candidate can be released together (the common case, checked first)."""
    covered = candidates.any(axis=0)[atoms.group]
    signature = _signature(candidates, atoms)[0]
    return not _violates(labels, signature, covered, counts=size, atoms=atoms, k=k)


def _one_by_one(labels: Labels, size: Counts, atoms: Atoms, candidates: Mask, k: int) -> Mask:
    """Admission one candidate at a time, touching only the parts each one splits.

    Parts are kept as sizes by key (a random hash of the releases containing them);
    a candidate is checked against the parts its atoms lie in, so the work grows
    with the atoms of the candidates, not with candidates × atoms. Counts add up
    over atoms here (no distinct people).
    """
    m, n_groups = candidates.shape
    admitted = np.zeros(m, dtype=np.bool_)
    if _all_at_once(labels, size, atoms, candidates, k):
        admitted[:] = True
        return admitted
    order = np.argsort(atoms.group, kind="stable")
    starts = np.searchsorted(atoms.group[order], np.arange(n_groups + 1))
    label_hash = _random(int(labels.max(initial=-1)) + 2)
    unreleased = int(label_hash[0])
    current = label_hash[labels + 1]
    keys, where = np.unique(current, return_inverse=True)
    sums = np.bincount(where.ravel(), weights=size, minlength=keys.size).astype(np.int64)
    part_size: dict[int, int] = dict(zip(keys.tolist(), sums.tolist(), strict=True))
    weights = _random(m)
    for j in range(m):
        chosen = np.flatnonzero(candidates[j])
        pieces = [order[starts[g] : starts[g + 1]] for g in chosen.tolist()]
        idx = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.intp)
        if idx.size == 0:
            admitted[j] = True  # an empty release splits nothing
            continue
        touched, inverse = np.unique(current[idx], return_inverse=True)
        inside = np.bincount(inverse.ravel(), weights=size[idx], minlength=touched.size)
        inside = inside.astype(np.int64)
        totals = np.array([part_size[key] for key in touched.tolist()], dtype=np.int64)
        outside = totals - inside
        checked_outside = touched != np.uint64(unreleased)
        too_small = ((inside > 0) & (inside < k)) | (
            checked_outside & (outside > 0) & (outside < k)
        )
        if too_small.any():
            continue
        admitted[j] = True
        moved = touched + weights[j]
        current[idx] = moved[inverse.ravel()]
        for key, new, kept, gone in zip(
            touched.tolist(), moved.tolist(), outside.tolist(), inside.tolist(), strict=True
        ):
            part_size[key] = int(kept)  # atoms that count 0 may stay behind
            part_size[new] = int(gone)
    return admitted


@dataclass(frozen=True, slots=True)
class Within:
    """What of each candidate was released: all its atoms, some of them, or none."""

    kept: list[Indices | None]  # per candidate: None for all of its atoms, else those kept
    labels: Labels


def admit_within(
    *,
    labels: Labels,
    counts: npt.ArrayLike,
    atoms: Atoms,
    candidates: Mask,
    k: int,
) -> Within:
    """Release of each candidate (releases × groups) as much as the rule allows, in order.

    Like :func:`admit`, but a candidate that cannot be released whole is released
    without the atoms of the parts it would split too finely (they are *held
    back*), instead of not at all. So a group whose new answers were shown as
    part of a larger group in a piece too small to stand alone keeps moving with
    its later answers: only that piece is left out of its figure. Guarantee: after
    refining ``labels`` with every kept set, no part holds 1 … ``k``−1.
    """
    if k < 1:
        raise ValueError(f"k must be positive, got {k}")
    size = np.asarray(counts, dtype=np.int64)
    if size.shape != labels.shape or atoms.group.shape != labels.shape:
        raise ValueError("labels, counts and atoms must describe the same atoms")
    m, n_groups = candidates.shape
    if m == 0:
        return Within([], labels.copy())
    if _all_at_once(labels, size, atoms, candidates, k):
        return Within([None] * m, refine(labels, atoms=atoms, groups=candidates))
    order = np.argsort(atoms.group, kind="stable")
    starts = np.searchsorted(atoms.group[order], np.arange(n_groups + 1))
    state = _Parts(labels, size, atoms)
    kept: list[Indices | None] = []
    for j in range(m):
        pieces = [order[starts[g] : starts[g + 1]] for g in np.flatnonzero(candidates[j]).tolist()]
        idx = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.intp)
        chosen = state.release_within(idx, k)
        kept.append(None if chosen.size == idx.size else chosen)
    return Within(kept, state.labels())


class _Parts:
    """The parts of one track while releases are added, by random key.

    With ``atoms.people`` the size of a part is its number of distinct people and
    is counted afresh; otherwise sizes add up over atoms and are kept by key.
    """

    def __init__(self, labels: Labels, size: Counts, atoms: Atoms) -> None:
        label_hash = _random(int(labels.max(initial=-1)) + 2)
        self.unreleased = np.uint64(label_hash[0])
        self.current = label_hash[labels + 1]
        self.size, self.atoms = size, atoms
        self.sizes: dict[int, int] = {}
        if atoms.people is None:
            keys, where = np.unique(self.current, return_inverse=True)
            sums = np.bincount(where.ravel(), weights=size, minlength=keys.size)
            self.sizes = dict(zip(keys.tolist(), sums.astype(np.int64).tolist(), strict=True))

    def _people(self, keys: npt.NDArray[np.uint64]) -> dict[int, int]:
        pair_atoms, persons = self.atoms.people  # type: ignore[misc]
        keyed = np.stack([self.current[pair_atoms], persons.astype(np.uint64)])
        distinct = np.unique(keyed, axis=1)[0]
        found, counted = np.unique(distinct, return_counts=True)
        table = dict(zip(found.tolist(), counted.tolist(), strict=True))
        return {int(key): int(table.get(int(key), 0)) for key in keys.tolist()}

    def _pieces(self, idx: Indices, weight: np.uint64) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per touched part: its key, the size inside ``idx`` and outside it."""
        touched, inverse = np.unique(self.current[idx], return_inverse=True)
        if self.atoms.people is None:
            inside = np.bincount(inverse.ravel(), weights=self.size[idx], minlength=touched.size)
            totals = np.array([self.sizes[key] for key in touched.tolist()], dtype=np.int64)
            return touched, inside.astype(np.int64), totals - inside.astype(np.int64)
        before = self._people(touched)
        saved = self.current[idx].copy()
        self.current[idx] = saved + weight
        inside_keys = touched + weight
        after_inside, after_outside = self._people(inside_keys), self._people(touched)
        self.current[idx] = saved
        del before
        inside = np.array([after_inside[int(key)] for key in inside_keys.tolist()], np.int64)
        outside = np.array([after_outside[int(key)] for key in touched.tolist()], np.int64)
        return touched, inside, outside

    def release_within(self, idx: Indices, k: int) -> Indices:
        """Release ``idx`` without the atoms of parts it would split too finely."""
        weight = _random(1)[0]
        for _ in range(3):  # distinct people may need a second look once pieces are gone
            if idx.size == 0:
                return idx
            touched, inside, outside = self._pieces(idx, weight)
            checked = touched != self.unreleased
            bad = ((inside > 0) & (inside < k)) | (checked & (outside > 0) & (outside < k))
            if not bad.any():
                break
            idx = idx[~np.isin(self.current[idx], touched[bad])]
        else:
            return np.zeros(0, dtype=np.intp)
        if idx.size == 0:
            return idx
        touched, inverse = np.unique(self.current[idx], return_inverse=True)
        moved = touched + weight
        if self.atoms.people is None:
            inside = np.bincount(inverse.ravel(), weights=self.size[idx], minlength=touched.size)
            for key, new, gone in zip(
                touched.tolist(), moved.tolist(), inside.tolist(), strict=True
            ):
                self.sizes[key] -= int(gone)
                self.sizes[new] = int(gone)
        self.current[idx] = moved[inverse.ravel()]
        return idx

    def labels(self) -> Labels:
        rows = self.current != self.unreleased
        refined = np.full(self.current.shape, UNRELEASED, dtype=np.int64)
        if rows.any():
            refined[rows] = np.unique(self.current[rows], return_inverse=True)[1].ravel()
        return refined


def same_partition(before: Labels, after: Labels) -> bool:
    """Whether two labellings describe the same partition (part numbers aside)."""
    if before.shape != after.shape:
        return False
    if np.array_equal(before, after):
        return True
    if not np.array_equal(before < 0, after < 0):
        return False
    rows = before >= 0
    if not rows.any():
        return True
    first, second = before[rows], after[rows]
    pairs = np.unique(first * (int(second.max()) + 1) + second).size
    return bool(pairs == np.unique(first).size == np.unique(second).size)


def extend(labels: Labels, new: int) -> Labels:
    """Labels for ``new`` atoms added at the end, never released so far."""
    return np.concatenate([labels, np.full(new, UNRELEASED, dtype=np.int64)])
