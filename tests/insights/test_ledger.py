"""The release ledger's rule, by hand and under attack.

Hand-computed cases first (k = 3 unless stated): sums of shown groups, reloads
while a wave fills, the order of releases, re-releases and distinct people.

Then an attacker on the pure layer: random trees of groups (with units moved
between rounds), answers arriving over several rounds (new atoms, a new batch
after every round that refined the ledger, as ``releases.store`` does), item
non-response as smaller per-track counts, and random candidate releases
(subtrees, arbitrary unions, the whole). Whatever was admitted is then solved
as a system of linear equations over the atoms: no set of atoms holding 1 … k−1
(in that track) may have a total that follows from the admitted figures.
"""

import functools
import itertools
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genuinecare.insights.ledger import (
    UNRELEASED,
    Atoms,
    admit,
    extend,
    refine,
    same_partition,
)
from genuinecare.insights.tree import GroupTree

K = 3


def subtree_masks(parents: list[int], roots: list[int]) -> np.ndarray:
    """For each position in ``roots``, which positions lie in its subtree."""
    tree = GroupTree.build(
        unit_ids=list(range(len(parents))), parent_ids=[None if p < 0 else p for p in parents]
    )
    return np.array([tree.subtree_mask(root) for root in roots], dtype=np.bool_)


def atoms(*groups: int, people: tuple[list[int], list[int]] | None = None) -> Atoms:
    pairs = None
    if people is not None:
        pairs = (np.array(people[0], dtype=np.intp), np.array(people[1], dtype=np.int64))
    return Atoms(group=np.array(groups, dtype=np.intp), people=pairs)


def fresh(n: int) -> npt.NDArray[np.int64]:
    return np.full(n, UNRELEASED, dtype=np.int64)


def releases(*rows: str) -> npt.NDArray[np.bool_]:
    """Masks over groups written as strings of the groups they hold: "AC" over A, B, C."""
    letters = "ABCDEFGH"
    width = max(letters.index(c) for row in rows for c in row) + 1
    return np.array([[letters[g] in row for g in range(width)] for row in rows], dtype=np.bool_)


def parts(labels: npt.NDArray[np.int64], counts: list[int]) -> list[int]:
    """Sizes of the released parts, sorted (unreleased atoms left out)."""
    sizes: dict[int, int] = {}
    for label, count in zip(labels.tolist(), counts, strict=True):
        if label >= 0:
            sizes[label] = sizes.get(label, 0) + count
    return sorted(sizes.values())


# Sums of shown groups


def test_a_sum_of_shown_groups_that_holds_a_hidden_one_is_refused() -> None:
    # A = 4, B = 1 (hidden), C = 4: A and C are shown; A+B+C − A − C would be B alone.
    counts = [4, 1, 4]
    result = admit(
        labels=fresh(3),
        counts=counts,
        atoms=atoms(0, 1, 2),
        candidates=releases("A", "C", "ABC"),
        k=K,
    )
    assert result.admitted.tolist() == [True, True, False]
    assert parts(result.labels, counts) == [4, 4]
    assert result.labels[1] == UNRELEASED  # B is in nothing shown
    # Asked again later, on its own, the sum is still refused; A+C (a union of parts) is not.
    later = admit(
        labels=result.labels,
        counts=counts,
        atoms=atoms(0, 1, 2),
        candidates=releases("ABC", "AC"),
        k=K,
    )
    assert later.admitted.tolist() == [False, True]
    assert not later.changed


def test_the_order_decides_what_is_kept_and_larger_first_keeps_the_whole() -> None:
    counts = [4, 1, 4]
    small_first = admit(
        labels=fresh(3),
        counts=counts,
        atoms=atoms(0, 1, 2),
        candidates=releases("A", "C", "ABC"),
        k=K,
    )
    large_first = admit(
        labels=fresh(3),
        counts=counts,
        atoms=atoms(0, 1, 2),
        candidates=releases("ABC", "A", "C"),
        k=K,
    )
    assert small_first.admitted.tolist() == [True, True, False]
    # The whole (9) and A (4) leave B+C (5) together; C would split it into 1 and 4.
    assert large_first.admitted.tolist() == [True, True, False]
    assert parts(large_first.labels, counts) == [4, 5]


def test_a_refused_release_does_not_stop_later_ones() -> None:
    counts = [4, 1, 4, 3]
    result = admit(
        labels=fresh(4),
        counts=counts,
        atoms=atoms(0, 1, 2, 3),
        candidates=releases("ABCD", "B", "AB", "D", "C"),
        k=K,
    )
    # B (1) alone, then A+B: fine (5, and C+D 7); D splits C+D into 4 and 3; C is then
    # a re-release of what is left.
    assert result.admitted.tolist() == [True, False, True, True, True]
    assert parts(result.labels, counts) == [3, 4, 5]


# Reloads while a wave fills


def test_a_reload_after_one_new_answer_is_refused_and_after_k_admitted() -> None:
    whole = releases("AB")
    first = admit(
        labels=fresh(2), counts=[4, 4], atoms=atoms(0, 1), candidates=releases("AB", "A", "B"), k=K
    )
    assert first.admitted.all() and first.changed
    # One more answer in A arrives: a new atom (A, next batch).
    grown = extend(first.labels, 1)
    one = admit(labels=grown, counts=[4, 4, 1], atoms=atoms(0, 1, 0), candidates=whole, k=K)
    assert not one.admitted.any() and not one.changed
    assert one.labels[2] == UNRELEASED
    # Nothing was refined, so the batch stays open: the next answers join the same atom.
    two = admit(labels=grown, counts=[4, 4, 2], atoms=atoms(0, 1, 0), candidates=whole, k=K)
    assert not two.admitted.any()
    three = admit(
        labels=grown,
        counts=[4, 4, 3],
        atoms=atoms(0, 1, 0),
        candidates=releases("AB", "A", "B"),
        k=K,
    )
    assert three.admitted.tolist() == [True, True, True] and three.changed
    assert parts(three.labels, [4, 4, 3]) == [3, 4, 4]


def test_new_answers_in_two_groups_can_move_the_whole_but_not_either_group() -> None:
    first = admit(
        labels=fresh(2), counts=[4, 4], atoms=atoms(0, 1), candidates=releases("AB", "A", "B"), k=K
    )
    grown = extend(first.labels, 2)
    counts = [4, 4, 2, 1]  # two new in A, one new in B: three new in all
    again = admit(
        labels=grown,
        counts=counts,
        atoms=atoms(0, 1, 0, 1),
        candidates=releases("AB", "A", "B"),
        k=K,
    )
    assert again.admitted.tolist() == [True, False, False]
    assert parts(again.labels, counts) == [3, 4, 4]


# Re-releases


def test_re_releasing_the_same_set_never_refines() -> None:
    counts = [4, 1, 4]
    candidates = releases("ABC", "A")
    first = admit(labels=fresh(3), counts=counts, atoms=atoms(0, 1, 2), candidates=candidates, k=K)
    again = admit(
        labels=first.labels, counts=counts, atoms=atoms(0, 1, 2), candidates=candidates, k=K
    )
    assert again.admitted.all()
    assert not again.changed
    assert same_partition(first.labels, again.labels)
    # A complement of what was shown is a union of parts too: nothing new.
    rest = admit(
        labels=first.labels, counts=counts, atoms=atoms(0, 1, 2), candidates=releases("BC"), k=K
    )
    assert rest.admitted.all() and not rest.changed


def test_an_empty_candidate_list_changes_nothing() -> None:
    labels = fresh(2)
    result = admit(
        labels=labels,
        counts=[1, 1],
        atoms=atoms(0, 1),
        candidates=np.zeros((0, 2), dtype=np.bool_),
        k=K,
    )
    assert result.admitted.shape == (0,) and not result.changed


# Distinct people


def test_five_answers_from_one_person_stay_hidden() -> None:
    # One follow-up track: five answers (five atoms of one group), all from person 7.
    one_person = atoms(0, 0, 0, 0, 0, people=([0, 1, 2, 3, 4], [7, 7, 7, 7, 7]))
    result = admit(labels=fresh(5), counts=[1] * 5, atoms=one_person, candidates=releases("A"), k=K)
    assert not result.admitted.any()
    # Counted as answers it would pass: the people are what counts.
    as_answers = admit(
        labels=fresh(5), counts=[1] * 5, atoms=atoms(0, 0, 0, 0, 0), candidates=releases("A"), k=K
    )
    assert as_answers.admitted.all()
    three = atoms(0, 0, 0, 0, 0, people=([0, 1, 2, 3, 4], [7, 7, 8, 8, 9]))
    assert admit(
        labels=fresh(5), counts=[1] * 5, atoms=three, candidates=releases("A"), k=K
    ).admitted.all()


def test_a_part_with_enough_answers_but_too_few_people_is_refused() -> None:
    # A: three people; B: four answers from two people. A is fine, A+B then B alone is not.
    people = atoms(0, 1, people=([0, 0, 0, 1, 1, 1, 1], [1, 2, 3, 4, 4, 5, 5]))
    result = admit(
        labels=fresh(2), counts=[3, 4], atoms=people, candidates=releases("AB", "A"), k=K
    )
    assert result.admitted.tolist() == [True, False]


def test_one_person_in_two_parts_counts_in_each() -> None:
    # Person 1 answered in A and in B: A = {1, 2}, B = {1, 3}; each part has two people.
    people = atoms(0, 1, people=([0, 0, 1, 1], [1, 2, 1, 3]))
    result = admit(
        labels=fresh(2), counts=[2, 2], atoms=people, candidates=releases("AB", "A"), k=K
    )
    assert result.admitted.tolist() == [True, False]


# The helpers


def test_refine_subtree_masks_and_same_partition() -> None:
    masks = subtree_masks([-1, 0, 0, 1], [0, 1, 3])
    assert masks.tolist() == [
        [True, True, True, True],
        [False, True, False, True],
        [False, False, False, True],
    ]
    labels = refine(fresh(4), atoms=atoms(0, 1, 2, 3), groups=masks)
    assert len(set(labels.tolist())) == 3 and labels[0] == labels[2]
    assert same_partition(labels, np.array([5, 6, 5, 7]))
    assert not same_partition(labels, np.array([5, 5, 5, 7]))
    assert not same_partition(labels, np.array([5, 6, 5, UNRELEASED]))


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="k must be positive"):
        admit(labels=fresh(1), counts=[1], atoms=atoms(0), candidates=releases("A"), k=0)
    with pytest.raises(ValueError, match="same atoms"):
        admit(labels=fresh(2), counts=[1], atoms=atoms(0, 0), candidates=releases("A"), k=K)


# The attacker on the pure layer


@st.composite
def histories(draw: st.DrawFn) -> dict[str, object]:
    n = draw(st.integers(min_value=1, max_value=6))
    parents = [-1] + [draw(st.integers(min_value=0, max_value=g - 1)) for g in range(1, n)]
    k = draw(st.integers(min_value=2, max_value=5))
    items = draw(st.integers(min_value=0, max_value=2))
    rounds = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        arrivals = draw(st.lists(st.integers(0, 5), min_size=n, max_size=n))
        # Item non-response: of each group's new answers, how many answered each item.
        answered = [[draw(st.integers(0, a)) for a in arrivals] for _ in range(items)]
        move = None
        if n > 1 and draw(st.booleans()):
            move = (draw(st.integers(1, n - 1)), draw(st.integers(0, n - 1)))
        kinds = st.one_of(
            st.tuples(st.just("subtree"), st.integers(0, n - 1)),
            st.tuples(st.just("union"), st.sets(st.integers(0, n - 1), min_size=1)),
            st.just(("whole", None)),
        )
        asked = draw(st.lists(kinds, min_size=1, max_size=6))
        rounds.append({"arrivals": arrivals, "answered": answered, "move": move, "asked": asked})
    return {"parents": parents, "k": k, "items": items, "rounds": rounds}


def _descends(parents: list[int], node: int, ancestor: int) -> bool:
    while node >= 0:
        if node == ancestor:
            return True
        node = parents[node]
    return False


def _masks(asked: list[tuple[str, Any]], parents: list[int]) -> npt.NDArray[np.bool_]:
    n = len(parents)
    rows = []
    for kind, arg in asked:
        if kind == "subtree":
            rows.append(subtree_masks(parents, [arg])[0])
        elif kind == "union":
            rows.append(np.isin(np.arange(n), sorted(arg)))
        else:
            rows.append(np.ones(n, dtype=np.bool_))
    return np.array(rows, dtype=np.bool_)


@dataclass
class Track:
    """One track as the attacker sees it: the atom sets of every admitted release."""

    labels: npt.NDArray[np.int64]
    counts: list[int] = field(default_factory=list)
    shown: list[npt.NDArray[np.bool_]] = field(default_factory=list)  # over atoms then known

    def matrix(self, atoms: int) -> npt.NDArray[np.float64]:
        rows = [np.concatenate([r, np.zeros(atoms - r.size, dtype=np.bool_)]) for r in self.shown]
        return np.array(rows, dtype=np.float64).reshape(len(rows), atoms)


def _classes(matrix: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """Atoms that every row treats alike share a class; atoms in no row get -1."""
    if matrix.shape[0] == 0:
        return np.full(matrix.shape[1], -1, dtype=np.int64)
    _, inverse = np.unique(matrix.T, axis=0, return_inverse=True)
    classes = inverse.ravel().astype(np.int64)
    classes[~matrix.any(axis=0)] = -1
    return classes


def _null_space(matrix: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], int]:
    columns = matrix.shape[1]
    if matrix.shape[0] == 0:
        return np.eye(columns), 0
    _, singular, vt = np.linalg.svd(matrix, full_matrices=True)
    rank = int((singular > 1e-9).sum())
    return vt[rank:].T, rank


@functools.cache
def _all_subsets(m: int) -> npt.NDArray[np.bool_]:
    return np.array(list(itertools.product([False, True], repeat=m)), dtype=np.bool_)


def recoverable_small_sets(
    matrix: npt.NDArray[np.float64], counts: npt.NDArray[np.int64], k: int, rng: np.random.Generator
) -> list[npt.NDArray[np.bool_]]:
    """Sets of atoms holding 1 … k−1 whose total the rows determine (their indicator is in
    the row space: rank of [M; s] equals rank of M)."""
    m = matrix.shape[1]
    if m <= 12:
        subsets = _all_subsets(m)
    else:
        classes = _classes(matrix)
        labels = sorted(set(classes.tolist()) - {-1})
        if len(labels) <= 12:
            picks = _all_subsets(len(labels))
        else:
            picks = rng.random((4096, len(labels))) < 0.5
        unions = (
            picks[:, np.searchsorted(labels, np.maximum(classes, 0))] & (classes >= 0)
            if labels
            else np.zeros((0, m), dtype=np.bool_)
        )
        singles = np.eye(m, dtype=np.bool_)
        sampled = rng.random((4096, m)) < rng.random((4096, 1))
        subsets = np.vstack([unions, singles, sampled])
    totals = subsets.astype(np.int64) @ counts
    small = np.unique(subsets[(totals >= 1) & (totals < k)], axis=0)
    if small.shape[0] == 0:
        return []
    null, rank = _null_space(matrix)
    residual = np.abs(small.astype(np.float64) @ null).max(axis=1, initial=0.0)
    found = []
    for s in small[residual < 1e-7]:
        # Confirm by the plain rank test before calling it a leak.
        if np.linalg.matrix_rank(np.vstack([matrix, s.astype(np.float64)]), tol=1e-9) == rank:
            found.append(s)
    return found


def _classes_would_be_small(
    shown: list[npt.NDArray[np.bool_]],
    extra: npt.NDArray[np.bool_],
    counts: npt.NDArray[np.int64],
    k: int,
) -> bool:
    """Whether adding ``extra`` to ``shown`` leaves a class of 1 … k−1 (the reason to refuse)."""
    m = counts.size
    rows = [np.concatenate([r, np.zeros(m - r.size, dtype=np.bool_)]) for r in [*shown, extra]]
    classes = _classes(np.array(rows, dtype=np.float64))
    sizes = (
        np.bincount(classes[classes >= 0], weights=counts[classes >= 0])
        if (classes >= 0).any()
        else np.zeros(0)
    )
    return bool(((sizes > 0) & (sizes < k)).any())


def _same_classes(labels: npt.NDArray[np.int64], classes: npt.NDArray[np.int64]) -> bool:
    if not np.array_equal(labels < 0, classes < 0):
        return False
    released = labels >= 0
    pairs = set(zip(labels[released].tolist(), classes[released].tolist(), strict=True))
    return len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})


@settings(max_examples=150, deadline=None)
@given(history=histories(), seed=st.integers(0, 2**32 - 1))
def test_no_small_set_of_answers_can_be_solved_from_admitted_releases(
    history: dict[str, object], seed: int
) -> None:
    parents: list[int] = list(history["parents"])  # type: ignore[call-overload]
    k: int = history["k"]  # type: ignore[assignment]
    n_tracks = 1 + int(history["items"])  # type: ignore[call-overload]
    rng = np.random.default_rng(seed)
    groups: list[int] = []  # group of each atom
    counts: list[list[int]] = [[] for _ in range(n_tracks)]  # per track, per atom
    tracks = [Track(labels=fresh(0)) for _ in range(n_tracks)]
    open_batch: dict[int, int] = {}  # group -> atom of the batch still open (never released)
    for round_ in history["rounds"]:  # type: ignore[attr-defined]
        if round_["move"] is not None:
            unit, parent = round_["move"]
            if not _descends(parents, parent, unit):
                parents[unit] = parent
        for g, arriving in enumerate(round_["arrivals"]):
            if not arriving:
                continue
            got = [arriving, *(answered[g] for answered in round_["answered"])]
            if g in open_batch:  # the batch is still open: the answers join its atom
                atom = open_batch[g]
                assert all(t.labels[atom] == UNRELEASED for t in tracks)
                for t in range(n_tracks):
                    counts[t][atom] += got[t]
            else:
                open_batch[g] = len(groups)
                groups.append(g)
                for t in range(n_tracks):
                    counts[t].append(got[t])
                    tracks[t].labels = extend(tracks[t].labels, 1)
        if not groups:
            continue
        candidates = _masks(round_["asked"], parents)
        atom_groups = Atoms(group=np.array(groups, dtype=np.intp))
        in_release = candidates[:, atom_groups.group]  # releases × atoms
        refined_any = False
        offered = np.arange(candidates.shape[0])
        for t, track in enumerate(tracks):
            size = np.array(counts[t], dtype=np.int64)
            result = admit(
                labels=track.labels,
                counts=size,
                atoms=atom_groups,
                candidates=candidates[offered],
                k=k,
            )
            for position, r in enumerate(offered):
                if result.admitted[position]:
                    track.shown.append(in_release[r])
                else:
                    # Refused only when it would really leave a small part behind.
                    assert _classes_would_be_small(track.shown, in_release[r], size, k), (t, r)
            assert _same_classes(result.labels, _classes(track.matrix(len(groups))))
            assert result.changed == (not _same_classes(track.labels, result.labels))
            refined_any |= result.changed
            track.labels = result.labels
            if t == 0:  # items show only with the group's respondents, as in the guard
                offered = offered[result.admitted]
        if refined_any:
            open_batch.clear()  # a refinement draws a new batch for later answers
    for t, track in enumerate(tracks):
        size = np.array(counts[t], dtype=np.int64)
        matrix = track.matrix(len(groups))
        classes = _classes(matrix)
        for c in set(classes.tolist()) - {-1}:
            assert not 0 < size[classes == c].sum() < k, (t, c)
        leaks = recoverable_small_sets(matrix, size, k, rng)
        assert not leaks, f"track {t}: the total of atoms {np.flatnonzero(leaks[0])} is solvable"


def test_the_attacker_finds_what_an_unguarded_release_would_give_away() -> None:
    # The solver itself: A+B+C, A and C shown without the ledger give B away.
    matrix = np.array([[1, 1, 1], [1, 0, 0], [0, 0, 1]], dtype=np.float64)
    leaks = recoverable_small_sets(matrix, np.array([4, 1, 4]), K, np.random.default_rng(0))
    assert [s.tolist() for s in leaks] == [[False, True, False]]
    # So does a reload: the whole before and after one more answer.
    reload = np.array([[1, 0], [1, 1]], dtype=np.float64)
    assert recoverable_small_sets(reload, np.array([5, 1]), K, np.random.default_rng(0))
    # Past twelve atoms it works on classes and samples, and still finds it.
    wide = np.zeros((3, 14))
    wide[0, :] = 1
    wide[1, :6] = 1
    wide[2, 7:] = 1
    found = recoverable_small_sets(wide, np.array([1] * 14), K, np.random.default_rng(0))
    assert [np.flatnonzero(s).tolist() for s in found] == [[6]]
