"""The ledger's storage: concurrent releases, batches, and what the stored rows reveal."""

import threading
from collections.abc import Callable

import numpy as np
import pytest
from django.db import connections, transaction

from genuinecare.insights.ledger import Atoms, admit
from genuinecare.releases.models import Ledger
from genuinecare.releases.store import Decision, Scope, Snapshot, batch_for_answer, release
from tests.factories import OrganisationFactory

TRACKS = ("respondents",)
# Three groups of 3, 2 and 4 answers; k = 3. Once the whole is shown, A + B and B + C are
# each fine alone, but not both: together with the whole they give B (2) away.
ANSWERS = {"groups": [0, 0, 0, 1, 1, 2, 2, 2, 2], "batches": [7] * 9}
WHOLE, A_AND_B, B_AND_C = [True, True, True], [True, True, False], [False, True, True]


def _decide(
    candidates: list[list[bool]],
) -> Callable[[Snapshot, dict[str, list[int]]], Decision[list[bool]]]:
    def decide(snapshot: Snapshot, answers: dict[str, list[int]]) -> Decision[list[bool]]:
        grown, atom_of = snapshot.with_answers(answers["groups"], answers["batches"])
        counts = np.bincount(atom_of, minlength=grown.atoms).astype(np.int64)
        result = admit(
            labels=grown.labels[0],
            counts=counts,
            atoms=Atoms(group=grown.groups.astype(np.intp)),
            candidates=np.array(candidates, dtype=np.bool_),
            k=3,
        )
        refined = Snapshot(
            grown.tracks, grown.batch, grown.groups, grown.batches, result.labels[np.newaxis]
        )
        return Decision(result.admitted.tolist(), refined)

    return decide


@pytest.mark.django_db(transaction=True)
def test_a_batch_is_only_read_in_the_transaction_that_stores_the_answer() -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        batch_for_answer(Scope(OrganisationFactory().pk, "test"))


@pytest.mark.django_db(transaction=True)
def test_two_viewers_at_once_cannot_together_pass_what_neither_could_alone() -> None:
    scope = Scope(OrganisationFactory().pk, "test")
    release(scope, tracks=TRACKS, load=lambda: ANSWERS, decide=_decide([WHOLE]))
    barrier = threading.Barrier(2)
    outcome: dict[str, list[bool]] = {}

    def view(name: str, candidate: list[bool]) -> None:
        first = [True]

        def load() -> dict[str, list[int]]:
            if first.pop() if first else False:
                barrier.wait(timeout=10)  # both have read the ledger before either writes
            return ANSWERS

        try:
            outcome[name] = release(scope, tracks=TRACKS, load=load, decide=_decide([candidate]))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=view, args=("a", A_AND_B)),
        threading.Thread(target=view, args=("bc", B_AND_C)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted([outcome["a"], outcome["bc"]]) == [[False], [True]]


@pytest.mark.django_db
def test_every_refining_release_starts_a_new_batch_and_answers_join_the_current_one() -> None:
    scope = Scope(OrganisationFactory().pk, "test")
    with transaction.atomic():
        first = batch_for_answer(scope)
    release(scope, tracks=TRACKS, load=lambda: ANSWERS, decide=_decide([WHOLE]))
    with transaction.atomic():
        second = batch_for_answer(scope)
    assert first != second
    # the same release again refines nothing: no write, the batch stays
    release(scope, tracks=TRACKS, load=lambda: ANSWERS, decide=_decide([WHOLE]))
    with transaction.atomic():
        assert batch_for_answer(scope) == second


@pytest.mark.django_db
def test_the_stored_ledger_orders_nothing_in_time() -> None:
    organisation = OrganisationFactory()
    scope = Scope(organisation.pk, "test")
    answers = {"groups": [1, 1, 1, 1, 1, 1], "batches": [900, 900, 900, 5, 5, 5]}

    def decide(snapshot: Snapshot, loaded: dict[str, list[int]]) -> Decision[None]:
        grown, atom_of = snapshot.with_answers(loaded["groups"], loaded["batches"])
        counts = np.bincount(atom_of, minlength=grown.atoms).astype(np.int64)
        result = admit(
            labels=grown.labels[0],
            counts=counts,
            atoms=Atoms(group=np.zeros(grown.atoms, dtype=np.intp)),
            candidates=np.ones((1, 1), dtype=np.bool_),
            k=3,
        )
        refined = Snapshot(
            grown.tracks, grown.batch, grown.groups, grown.batches, result.labels[np.newaxis]
        )
        return Decision(None, refined)

    release(scope, tracks=TRACKS, load=lambda: answers, decide=decide)
    stored = Ledger.objects.get(organisation=organisation, scope="test")
    from genuinecare.releases.store import _decode

    groups, batches, labels = _decode(bytes(stored.state), 1)
    # atoms are stored sorted by (group, batch), not in the order they were first shown
    assert (groups.tolist(), batches.tolist()) == ([1, 1], [5, 900])
    assert labels.shape == (1, 2)
    # what is stored is part numbers per atom: no answers, no dates, no times
    assert {f.name for f in Ledger._meta.get_fields()} == {
        "id",
        "organisation",
        "scope",
        "batch",
        "tracks",
        "state",
    }
