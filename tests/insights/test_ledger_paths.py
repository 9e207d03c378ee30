"""The ledger's two admission paths take the same decisions."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from genuinecare.insights.ledger import Atoms, _by_prefixes, _one_by_one, admit

Case = tuple[np.ndarray, np.ndarray, Atoms, np.ndarray, int]


@st.composite
def cases(draw: st.DrawFn) -> Case:
    n_groups = draw(st.integers(1, 6))
    n_atoms = draw(st.integers(1, 14))
    group = np.array(
        draw(st.lists(st.integers(0, n_groups - 1), min_size=n_atoms, max_size=n_atoms))
    )
    counts = np.array(draw(st.lists(st.integers(0, 6), min_size=n_atoms, max_size=n_atoms)))
    atoms = Atoms(group=group.astype(np.intp))
    history = np.array(
        draw(st.lists(st.lists(st.booleans(), min_size=n_groups, max_size=n_groups), max_size=3)),
        dtype=np.bool_,
    ).reshape(-1, n_groups)
    k = draw(st.integers(2, 5))
    # a ledger only ever holds what admission let through
    labels = admit(
        labels=np.full(n_atoms, -1, dtype=np.int64),
        counts=counts,
        atoms=atoms,
        candidates=history,
        k=k,
    ).labels
    candidates = np.array(
        draw(
            st.lists(
                st.lists(st.booleans(), min_size=n_groups, max_size=n_groups),
                min_size=1,
                max_size=6,
            )
        ),
        dtype=np.bool_,
    )
    return labels, counts.astype(np.int64), atoms, candidates, k


@settings(max_examples=400, deadline=None)
@given(cases())
def test_one_by_one_admits_exactly_what_the_prefix_search_admits(case: Case) -> None:
    labels, counts, atoms, candidates, k = case
    assert (
        _one_by_one(labels, counts, atoms, candidates, k).tolist()
        == _by_prefixes(labels, counts, atoms, candidates, k).tolist()
    )


def _parts_after(labels: np.ndarray, sets: list[set[int]]) -> list[np.ndarray]:
    """The parts (as atom index arrays) after releasing each atom set, by signature."""
    signature = [tuple([int(labels[a])] + [int(a in s) for s in sets]) for a in range(len(labels))]
    groups: dict[tuple[int, ...], list[int]] = {}
    for atom, key in enumerate(signature):
        released = key[0] >= 0 or any(key[1:])
        if released:
            groups.setdefault(key, []).append(atom)
    return [np.array(v) for v in groups.values()]


@settings(max_examples=400, deadline=None)
@given(cases())
def test_what_is_kept_of_each_candidate_never_leaves_a_small_part(case: Case) -> None:
    from genuinecare.insights.ledger import admit_within

    labels, counts, atoms, candidates, k = case
    within = admit_within(labels=labels, counts=counts, atoms=atoms, candidates=candidates, k=k)
    sets = []
    for j, kept in enumerate(within.kept):
        full = np.flatnonzero(candidates[j][atoms.group])
        chosen = full if kept is None else kept
        assert set(chosen.tolist()) <= set(full.tolist())
        sets.append({int(a) for a in chosen})
    for part in _parts_after(labels, sets):
        total = int(counts[part].sum())
        assert total == 0 or total >= k
    # a candidate the rule admits whole is kept whole
    whole = _one_by_one(labels, counts, atoms, candidates, k)
    assert [kept is None for kept in within.kept][
        : int(np.argmin(whole)) if not whole.all() else None
    ] == [True] * (int(np.argmin(whole)) if not whole.all() else len(within.kept))
