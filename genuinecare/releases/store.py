"""Loading, locking and writing the release ledger; the rule itself is ``insights.ledger``.

Two entry points:

* :func:`batch_for_answer`, called in the transaction that stores an answer
  (a survey response, a follow-up): the batch the answer joins;
* :func:`release`, called by everything that shows figures: it reads the
  ledger, loads the answers, lets the caller decide what may be shown, and
  writes what changed.

Most views refine nothing (the same sets are shown again) and write nothing.
When a view would refine the ledger or show answers of the open batch, it is
decided again under an exclusive lock: on PostgreSQL an advisory lock that
every answer takes in shared mode, on SQLite the database's write lock. So no
answer can join a batch after that batch has been counted, and two viewers
releasing at the same moment are decided one after the other.
"""

import io
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt
from django.db import IntegrityError, connection, transaction

from genuinecare.insights.ledger import Labels, extend, same_partition
from genuinecare.releases.models import Ledger, new_batch


@dataclass(frozen=True, slots=True)
class Scope:
    """One ledger: an organisation and what in it (``"wave:12"``, ``"care-felt"``)."""

    organisation_id: int
    name: str

    @property
    def lock_key(self) -> tuple[int, int]:
        """The pair of numbers that names this ledger's advisory lock in the database."""
        return self.organisation_id, zlib.crc32(self.name.encode()) - 2**31


def _codes(values: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The distinct values, sorted, and each value's position among them.

    Values in a small range (unit ids, positions) are counted instead of sorted,
    which keeps a million answers well under a tenth of a second.
    """
    low, high = int(values.min()), int(values.max())
    if high - low < 4 * values.size + 1024:
        present = np.bincount(values - low, minlength=high - low + 1) > 0
        distinct = np.flatnonzero(present)
        code = np.cumsum(present) - 1
        return distinct.astype(np.int64) + low, code[values - low].astype(np.int64)
    distinct, inverse = np.unique(values, return_inverse=True)
    return distinct.astype(np.int64), inverse.ravel().astype(np.int64)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The ledger as read: atoms (group, batch) and their labels per track."""

    tracks: tuple[str, ...]
    batch: int
    groups: npt.NDArray[np.int64]
    batches: npt.NDArray[np.int64]
    labels: Labels  # tracks × atoms

    @property
    def atoms(self) -> int:
        """How many atoms the ledger holds."""
        return int(self.groups.shape[0])

    def track(self, name: str) -> int:
        """The position of the named track; ValueError if the ledger has no such track."""
        return self.tracks.index(name)

    def with_answers(
        self, groups: npt.ArrayLike, batches: npt.ArrayLike
    ) -> tuple["Snapshot", npt.NDArray[np.intp]]:
        """Add the atoms of these answers (group and batch of each); the atom of each answer."""
        answer_groups = np.asarray(groups, dtype=np.int64)
        answer_batches = np.asarray(batches, dtype=np.int64)
        if answer_groups.size == 0:
            return self, np.zeros(0, dtype=np.intp)
        batch_values, batch_of = _codes(answer_batches)
        group_values, group_of = _codes(answer_groups)
        width = len(batch_values)
        keys, inverse = _codes(group_of * width + batch_of)
        pairs = np.stack([group_values[keys // width], batch_values[keys % width]])
        known = {
            (int(g), int(b)): n
            for n, (g, b) in enumerate(zip(self.groups, self.batches, strict=True))
        }
        new_groups: list[int] = []
        new_batches: list[int] = []
        positions: list[int] = []
        base = self.atoms
        for g, b in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
            position = known.get((g, b))
            if position is None:
                position = base + len(new_groups)
                new_groups.append(g)
                new_batches.append(b)
            positions.append(position)
        grown = replace(
            self,
            groups=np.concatenate([self.groups, np.array(new_groups, dtype=np.int64)]),
            batches=np.concatenate([self.batches, np.array(new_batches, dtype=np.int64)]),
            labels=np.stack([extend(row, len(new_groups)) for row in self.labels])
            if self.labels.size or new_groups
            else np.full((len(self.tracks), 0), -1, dtype=np.int64),
        )
        atom_of: npt.NDArray[np.intp] = np.array(positions, dtype=np.intp)[inverse.ravel()]
        return grown, atom_of


@dataclass(frozen=True, eq=False)
class Decision[R]:
    """What a caller decided on a snapshot: its result and the refined ledger."""

    result: R
    snapshot: Snapshot


def _encode(snapshot: Snapshot) -> bytes:
    order = np.lexsort((snapshot.batches, snapshot.groups))  # no order of first release
    table = np.vstack(
        [snapshot.groups[order], snapshot.batches[order], snapshot.labels[:, order]]
    ).astype(np.int64)
    buffer = io.BytesIO()
    np.save(buffer, table, allow_pickle=False)
    return zlib.compress(buffer.getvalue())


def _decode(raw: bytes, tracks: int) -> tuple[npt.NDArray[np.int64], ...]:
    if not raw:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.full((tracks, 0), -1, dtype=np.int64)
    table = np.load(io.BytesIO(zlib.decompress(bytes(raw))), allow_pickle=False)
    return table[0], table[1], table[2:]


def _ledger(scope: Scope, tracks: Iterable[str] = ()) -> Ledger:
    found = Ledger.objects.filter(organisation_id=scope.organisation_id, scope=scope.name).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return Ledger.objects.create(
                organisation_id=scope.organisation_id, scope=scope.name, tracks=list(tracks)
            )
    except IntegrityError:
        return Ledger.objects.get(organisation_id=scope.organisation_id, scope=scope.name)


def open_ledger(scope: Scope) -> None:
    """Set up the scope's ledger ahead of its first answer (answers then read one row)."""
    _ledger(scope)


def _lock(scope: Scope, *, shared: bool) -> None:
    if connection.vendor != "postgresql":
        return  # SQLite: immediate transactions already hold the one write lock
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {function}(%s, %s)", scope.lock_key)


def batch_for_answer(scope: Scope) -> int:
    """The batch a new answer joins. Call inside the transaction that stores the answer.

    Holds a shared lock until that transaction ends, so a release that counts the
    batch waits for the answer to be stored (or the answer waits for the next batch).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("batch_for_answer must run in the transaction that stores the answer")
    _lock(scope, shared=True)
    return int(_ledger(scope).batch)


def _snapshot(ledger: Ledger, tracks: tuple[str, ...]) -> Snapshot:
    if ledger.tracks and tuple(ledger.tracks) != tracks:
        raise ValueError(f"ledger {ledger} has tracks {ledger.tracks}, not {list(tracks)}")
    groups, batches, labels = _decode(bytes(ledger.state), len(tracks))
    return Snapshot(tracks, int(ledger.batch), groups, batches, labels)


def _refines(before: Snapshot, after: Snapshot) -> bool:
    grown = after.atoms - before.atoms
    for row in range(len(before.tracks)):
        if not same_partition(extend(before.labels[row], grown), after.labels[row]):
            return True
    return False


def release[D, R](
    scope: Scope,
    *,
    tracks: Iterable[str],
    load: Callable[[], D],
    decide: Callable[[Snapshot, D], Decision[R]],
    still: Callable[[D], bool] | None = None,
) -> R:
    """Show what ``decide`` admits on the ledger of ``scope``, and record it.

    ``load`` reads the answers (after the ledger has been read); ``decide`` must
    admit releases only through ``insights.ledger`` on the snapshot it is given,
    and return the refined snapshot. If the ledger is refined, ``decide`` runs
    again under the scope's exclusive lock on the answers as they are then:
    reloaded, unless ``still`` says the loaded ones are all there still (answers
    are never changed once stored, so a count can tell). So the result always
    matches the ledger that is written.
    """
    names = tuple(tracks)
    ledger = _ledger(scope, names)
    before = _snapshot(ledger, names)
    loaded = load()
    decision = decide(before, loaded)
    if not _refines(before, decision.snapshot):
        return decision.result
    with transaction.atomic():
        _lock(scope, shared=False)
        ledger = Ledger.objects.select_for_update().get(pk=ledger.pk)
        before = _snapshot(ledger, names)
        if still is None or not still(loaded):
            loaded = load()
        decision = decide(before, loaded)
        ledger.tracks = list(names)
        ledger.state = _encode(decision.snapshot)
        ledger.batch = new_batch()
        ledger.save(update_fields=["tracks", "state", "batch"])
    return decision.result
