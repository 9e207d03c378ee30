"""Care given meets care felt: follow-up answers set against the care actions logged.

Every figure goes through the organisation's release ledger (scope ``care-felt``,
``releases.store``), counted in distinct recipients: a leader's score, a leader's
circle, a circle across the leaders shown, and their comments. So a figure
changes only when at least ``k`` new different people have answered since it
was last shown: logging one more care action and reloading shows the figure
as it was, never the one new answer. Before the ledger is asked, the tree rule
of ``insights.anonymity`` (leaders above their circles, in distinct people)
leaves out groups that are too small or would give a small sibling away.
Comments are listed alphabetically: no order, no time, never one by one.
"""

import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
import numpy.typing as npt
from django.db.models import Count
from django.utils.translation import gettext as _

from genuinecare.insights.anonymity import comment_mask, shown_mask, validate_k
from genuinecare.insights.ledger import Atoms, admit_within
from genuinecare.insights.scoring import FAVOURABLE_FROM, to_score
from genuinecare.insights.tree import GroupTree
from genuinecare.people.models import Organisation, Person
from genuinecare.practice.access import leaders_visible_to
from genuinecare.practice.enums import Circle
from genuinecare.practice.models import CareAction, FollowUp
from genuinecare.releases.store import Decision, Scope, Snapshot, release

CIRCLES = [str(value) for value in Circle.values]
SLOTS = 8  # cell id = leader id × SLOTS + circle position: stable across views
ANSWERS, COMMENTS = "answers", "comments"

type Mask = npt.NDArray[np.bool_]


def care_felt_scope(organisation_id: int) -> Scope:
    """The ledger of one organisation's follow-up answers."""
    return Scope(organisation_id, "care-felt")


@dataclass(frozen=True, slots=True)
class Felt:
    """Follow-up answers of one group: shown only when ``shown``."""

    answered: int  # answers in the version shown (0 while hidden)
    shown: bool
    score: float | None  # 0 to 100
    favourable: float | None  # % answering 4 or 5
    held: bool = False  # some newer answers wait until enough different people answered


HIDDEN = Felt(0, False, None, None)


@dataclass(frozen=True, slots=True)
class CommentGroup:
    """The comments of one group that reached the comment threshold, alphabetically."""

    label: str
    comments: list[str]


@dataclass(slots=True)
class GenuineRow:
    leader: Person
    logged: int
    asked: int
    felt: Felt
    circles: list[tuple[str, str, Felt]]
    comments_allowed: bool = False
    comments: list[CommentGroup] = field(default_factory=list)


@dataclass(frozen=True, eq=False)
class _Answers:
    """Answered follow-ups of the leaders shown, one entry per answer."""

    cells: npt.NDArray[np.int64]
    people: npt.NDArray[np.int64]
    scores: npt.NDArray[np.int64]
    batches: npt.NDArray[np.int64]
    comments: list[str]


def _load(ids: list[int]) -> _Answers:
    rows = list(
        FollowUp.objects.filter(action__leader_id__in=ids, answered_on__isnull=False).values_list(
            "action__leader_id", "circle", "stakeholder_id", "score", "batch", "comment"
        )
    )
    position = {circle: n for n, circle in enumerate(CIRCLES)}
    return _Answers(
        cells=np.array([r[0] * SLOTS + position[r[1]] for r in rows], dtype=np.int64),
        people=np.array([r[2] for r in rows], dtype=np.int64),
        scores=np.array([r[3] or 0 for r in rows], dtype=np.int64),
        batches=np.array([r[4] for r in rows], dtype=np.int64),
        comments=[r[5] for r in rows],
    )


@dataclass(frozen=True, eq=False)
class _Plan:
    """The releases asked for: leaders, their circles, circles across leaders."""

    names: list[str]
    masks: Mask  # releases × cells (leader position × circle position)
    score_ok: Mask  # allowed by the tree rule for scores
    comment_ok: Mask  # ... and for comments


def _distinct(cells: npt.NDArray[np.intp], people: npt.NDArray[np.int64], n: int) -> np.ndarray:
    if cells.size == 0:
        return np.zeros(n, dtype=np.int64)
    pairs = np.unique(np.stack([cells.astype(np.int64), people]), axis=1)
    return np.bincount(pairs[0], minlength=n).astype(np.int64)


def _plan(
    ids: list[int], cell_of: npt.NDArray[np.intp], answers: _Answers, k: int, comment_k: int
) -> _Plan:
    n_cells = len(ids) * len(CIRCLES)
    per_cell = _distinct(cell_of[cell_of < n_cells], answers.people[cell_of < n_cells], n_cells)
    unit_ids = list(range(len(ids))) + [len(ids) + c for c in range(n_cells)]
    parents: list[int | None] = [None] * len(ids) + [c // len(CIRCLES) for c in range(n_cells)]
    tree = GroupTree.build(unit_ids=unit_ids, parent_ids=parents)
    direct = np.concatenate([np.zeros(len(ids), dtype=np.int64), per_cell])
    scores_ok = shown_mask(tree=tree, direct_counts=direct, k=k)
    comments_ok = comment_mask(tree=tree, direct_counts=direct, threshold=comment_k)
    cells = np.arange(n_cells)
    names = [f"leader:{leader_id}" for leader_id in ids]
    names += [f"cell:{leader_id}:{circle}" for leader_id in ids for circle in CIRCLES]
    names += [_circle_name(circle, ids) for circle in CIRCLES]
    masks = np.vstack(
        [
            cells // len(CIRCLES) == np.arange(len(ids))[:, np.newaxis],  # a leader's circles
            np.eye(n_cells, dtype=np.bool_),  # one circle of one leader
            cells % len(CIRCLES) == np.arange(len(CIRCLES))[:, np.newaxis],  # across leaders
        ]
    )
    # Across leaders the ledger alone decides scores (a sum over leaders); no comments.
    score_ok = np.concatenate([scores_ok, np.ones(len(CIRCLES), dtype=np.bool_)])
    comment_ok = np.concatenate([comments_ok, np.zeros(len(CIRCLES), dtype=np.bool_)])
    return _Plan(names, masks, score_ok, comment_ok)


def _circle_name(circle: str, ids: list[int]) -> str:
    """The release of one circle across the leaders shown (named by who they are)."""
    return f"circle:{circle}:{zlib.crc32(','.join(map(str, ids)).encode())}"


def _ordered(rows: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Candidate rows, the largest (in distinct people) first: they matter most."""
    return rows[np.lexsort((rows, -sizes[rows]))]


def _decide(
    ids: list[int], k: int, comment_k: int
) -> Callable[[Snapshot, _Answers], Decision["_Result"]]:
    def decide(snapshot: Snapshot, answers: _Answers) -> Decision[_Result]:
        grown, atom_of = snapshot.with_answers(answers.cells, answers.batches)
        index = {leader_id: li for li, leader_id in enumerate(ids)}
        n_cells = len(ids) * len(CIRCLES)

        def position(cell: int) -> int:
            li = index.get(cell // SLOTS)
            return n_cells if li is None else li * len(CIRCLES) + cell % SLOTS

        atom_cell = np.array([position(int(c)) for c in grown.groups], dtype=np.intp)
        cell_of = atom_cell[atom_of] if atom_of.size else np.zeros(0, dtype=np.intp)
        plan = _plan(ids, cell_of, answers, k, comment_k)
        pairs = np.unique(np.stack([atom_of.astype(np.int64), answers.people]), axis=1)
        atoms = Atoms(group=atom_cell, people=(pairs[0].astype(np.intp), pairs[1]))
        masks = np.hstack([plan.masks, np.zeros((plan.masks.shape[0], 1), dtype=np.bool_)])
        member_atoms = masks[:, atom_cell] if grown.atoms else np.zeros((len(plan.names), 0), bool)
        sizes = np.array(
            [
                len(set(answers.people[m[atom_of]].tolist())) if atom_of.size else 0
                for m in member_atoms
            ]
        )
        labels = grown.labels.copy()
        shown: dict[str, tuple[Mask, bool]] = {}
        for track, prefix, allowed, threshold in (
            (0, "", plan.score_ok, k),
            (1, "comments:", plan.comment_ok, comment_k),
        ):
            rows = _ordered(np.flatnonzero(allowed & (sizes > 0)), sizes)
            within = admit_within(
                labels=labels[track],
                counts=np.zeros(grown.atoms, dtype=np.int64),
                atoms=atoms,
                candidates=masks[rows],
                k=threshold,
            )
            labels[track] = within.labels
            for row, r in enumerate(rows.tolist()):
                kept = within.kept[row]
                if kept is None:
                    chosen = member_atoms[r]
                else:
                    chosen = np.zeros(grown.atoms, dtype=np.bool_)
                    chosen[kept] = True
                answers_shown = chosen[atom_of] if atom_of.size else np.zeros(0, bool)
                if answers_shown.any():
                    shown[prefix + plan.names[r]] = (answers_shown, kept is not None)
        refined = replace(grown, labels=labels)
        return Decision(_Result(plan.names, shown, answers), refined)

    return decide


@dataclass(frozen=True, eq=False)
class _Result:
    names: list[str]
    shown: dict[str, tuple[Mask, bool]]  # name → answers shown, and whether some wait
    answers: _Answers

    def felt(self, name: str) -> Felt:
        found = self.shown.get(name)
        if found is None:
            return HIDDEN
        chosen, held = found
        scores = self.answers.scores[chosen]
        if scores.size == 0:
            return HIDDEN
        score = round(to_score(float(scores.mean())), 1)
        favourable = round(float((scores >= FAVOURABLE_FROM).mean()) * 100, 1)
        return Felt(int(scores.size), True, score, favourable, held)

    def comments(self, name: str) -> Mask | None:
        found = self.shown.get(f"comments:{name}")
        return None if found is None else found[0]


def genuineness(
    *, organisation: Organisation, leaders: list[Person]
) -> tuple[list[GenuineRow], list[tuple[str, str, Felt]]]:
    """Care logged against care felt, per leader, per leader and circle, and per circle.

    Guarantees: every score and comment shown is a release admitted by the
    organisation's care-felt ledger, in distinct recipients, at the anonymity
    threshold (scores) and the comment threshold (comments); what the ledger
    does not admit is held back from the figures until enough others arrive.
    """
    k = validate_k(organisation.anonymity_threshold)
    comment_k = comment_threshold(organisation)
    ids = [leader.pk for leader in leaders]
    logged = dict(
        CareAction.objects.filter(leader_id__in=ids)
        .values("leader_id")
        .annotate(n=Count("pk"))
        .values_list("leader_id", "n")
    )
    asked: dict[tuple[int, str], int] = {
        (row["action__leader_id"], row["circle"]): row["n"]
        for row in FollowUp.objects.filter(action__leader_id__in=ids)
        .values("action__leader_id", "circle")
        .annotate(n=Count("pk"))
    }
    result = release(
        care_felt_scope(organisation.pk),
        tracks=[ANSWERS, COMMENTS],
        load=lambda: _load(ids),
        decide=_decide(ids, k, comment_k),
    )
    labels = dict(Circle.choices)
    rows = []
    for leader in leaders:
        circles = [
            (circle, str(labels[circle]), result.felt(f"cell:{leader.pk}:{circle}"))
            for circle in CIRCLES
            if asked.get((leader.pk, circle))
        ]
        row = GenuineRow(
            leader,
            logged.get(leader.pk, 0),
            sum(asked.get((leader.pk, circle), 0) for circle in CIRCLES),
            result.felt(f"leader:{leader.pk}"),
            circles,
        )
        row.comments = _comment_groups(result, leader.pk)
        row.comments_allowed = result.comments(f"leader:{leader.pk}") is not None or any(
            result.comments(f"cell:{leader.pk}:{circle}") is not None for circle in CIRCLES
        )
        rows.append(row)
    totals = [
        (circle, str(labels[circle]), result.felt(_circle_name(circle, ids))) for circle in CIRCLES
    ]
    return rows, totals


def _texts(result: _Result, chosen: Mask) -> list[str]:
    return sorted(
        (
            text
            for text, keep in zip(result.answers.comments, chosen.tolist(), strict=True)
            if keep and text
        ),
        key=str.casefold,
    )


def _comment_groups(result: _Result, leader_id: int) -> list[CommentGroup]:
    """Comments per circle that may show them; the rest together when the leader's may.

    The rest is the leader's released comments minus the circles shown: a difference
    of released sets, so the ledger keeps it at zero or at least the threshold.
    """
    labels = dict(Circle.choices)
    groups: list[CommentGroup] = []
    covered = np.zeros(len(result.answers.comments), dtype=np.bool_)
    for circle in CIRCLES:
        chosen = result.comments(f"cell:{leader_id}:{circle}")
        if chosen is None:
            continue
        covered |= chosen
        texts = _texts(result, chosen)
        if texts:
            groups.append(CommentGroup(str(labels[circle]), texts))
    whole = result.comments(f"leader:{leader_id}")
    if whole is not None:
        rest = _texts(result, whole & ~covered)
        if rest:
            label = _("Other circles") if covered.any() else _("All circles")
            groups.append(CommentGroup(label, rest))
    return groups


def comment_threshold(organisation: Organisation) -> int:
    """How many distinct recipients a group needs before its comments are shown."""
    return max(organisation.comment_threshold, validate_k(organisation.anonymity_threshold))


@dataclass(frozen=True, slots=True)
class GenuinenessView:
    """What one member may see of care given against care felt."""

    rows: list[GenuineRow]
    circles: list[tuple[str, str, Felt]]
    threshold: int
    comment_threshold: int


def genuineness_for(membership: Person) -> GenuinenessView:
    """Admins see every leader's row, a leader only their own; the circle totals are the
    organisation's either way (released over all its leaders, so every viewer reads the
    same figures)."""
    organisation = membership.organisation
    leaders = list(leaders_visible_to(membership).order_by("name"))
    rows, circles = genuineness(organisation=organisation, leaders=leaders)
    if not membership.is_admin:
        rows = [row for row in rows if row.leader.pk == membership.pk]
    return GenuinenessView(
        rows, circles, organisation.anonymity_threshold, comment_threshold(organisation)
    )
