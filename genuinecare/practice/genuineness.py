"""Care given meets care felt: follow-up answers set against the care actions logged.

One tree of groups covers the page: each leader is a group, each of their circles a
subgroup. Scores go through ``shown_mask`` at the organisation's anonymity threshold
(counting distinct respondents, so five answers from one customer never show their
score), comments through ``comment_mask`` at its comment threshold (counting
distinct respondents, so ten answers from one customer never unlock their comments). Both
suppress complementary groups, so nothing hidden can be derived by subtracting shown ones.
Comments are listed alphabetically: no order, no time, never one by one.
"""

from collections import defaultdict
from dataclasses import astuple, dataclass, field

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from genuinecare.insights.anonymity import GroupTree, comment_mask, shown_mask, validate_k
from genuinecare.people.models import Organisation, Person
from genuinecare.practice.enums import Circle
from genuinecare.practice.models import CareAction, FollowUp


@dataclass(frozen=True, slots=True)
class Felt:
    """Follow-up answers of one group: shown only when ``shown``."""

    answered: int
    shown: bool
    score: float | None  # 0 to 100
    favourable: float | None  # % answering 4 or 5


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


@dataclass(frozen=True, slots=True)
class _Cell:
    """Follow-ups of one leader in one circle."""

    asked: int = 0
    answered: int = 0
    score_sum: int = 0
    favourable: int = 0
    respondents: int = 0


EMPTY = _Cell()
CIRCLES = [str(value) for value in Circle.values]


def _felt(cell: _Cell, shown: bool) -> Felt:
    n = cell.answered
    if not shown or n == 0:
        return Felt(n, False, None, None)
    score = round((cell.score_sum / n - 1) / 4 * 100, 1)
    return Felt(n, True, score, round(cell.favourable / n * 100, 1))


def _sum(cells: list[_Cell]) -> _Cell:
    return _Cell(*(sum(column) for column in zip(*(astuple(c) for c in cells), strict=True)))


class _Groups:
    """The tree of leaders and their circles, with positions for the anonymity guard."""

    def __init__(self, ids: list[int]) -> None:
        self.ids = ids
        unit_ids: list[int] = list(range(len(ids)))
        parents: list[int | None] = [None] * len(ids)
        for li in range(len(ids)):
            for ci in range(len(CIRCLES)):
                unit_ids.append(self.cell(li, ci))
                parents.append(li)
        self.tree = GroupTree.build(unit_ids=unit_ids, parent_ids=parents)

    def cell(self, li: int, ci: int) -> int:
        return len(self.ids) + li * len(CIRCLES) + ci

    def direct(self, cells: dict[tuple[int, str], _Cell], attribute: str) -> npt.NDArray[np.int64]:
        counts = np.zeros(len(self.tree.unit_ids), dtype=np.int64)
        for li, leader_id in enumerate(self.ids):
            for ci, circle in enumerate(CIRCLES):
                counts[self.cell(li, ci)] = getattr(
                    cells.get((leader_id, circle), EMPTY), attribute
                )
        return counts


def _cells(ids: list[int]) -> dict[tuple[int, str], _Cell]:
    answered = Q(answered_on__isnull=False)
    rows = (
        FollowUp.objects.filter(action__leader_id__in=ids)
        .values("action__leader_id", "circle")
        .annotate(
            asked=Count("pk"),
            n=Count("pk", filter=answered),
            total=Sum("score"),
            fav=Count("pk", filter=Q(score__gte=4)),
            people=Count("stakeholder", filter=answered, distinct=True),
        )
    )
    return {
        (row["action__leader_id"], row["circle"]): _Cell(
            row["asked"], row["n"], row["total"] or 0, row["fav"], row["people"]
        )
        for row in rows
    }


def genuineness(
    *, organisation: Organisation, leaders: list[Person]
) -> tuple[list[GenuineRow], list[tuple[str, str, Felt]]]:
    """Care logged against care felt, per leader, per leader and circle, and per circle.

    Guarantees: no score of a group below the anonymity threshold and no comment of a
    group below the comment threshold is returned, nor one that subtraction would reveal.
    """
    k = validate_k(organisation.anonymity_threshold)
    comment_k = max(organisation.comment_threshold, k)
    ids = [leader.pk for leader in leaders]
    labels = dict(Circle.choices)
    logged = dict(
        CareAction.objects.filter(leader_id__in=ids)
        .values("leader_id")
        .annotate(n=Count("pk"))
        .values_list("leader_id", "n")
    )
    cells = _cells(ids)
    groups = _Groups(ids)
    shown = shown_mask(tree=groups.tree, direct_counts=groups.direct(cells, "respondents"), k=k)
    talk = comment_mask(
        tree=groups.tree, direct_counts=groups.direct(cells, "respondents"), threshold=comment_k
    )
    texts = _comments(ids) if talk.any() else {}
    result = []
    for li, leader in enumerate(leaders):
        mine = [cells.get((leader.pk, circle), EMPTY) for circle in CIRCLES]
        per_circle = [
            (circle, str(labels[circle]), _felt(mine[ci], bool(shown[groups.cell(li, ci)])))
            for ci, circle in enumerate(CIRCLES)
            if mine[ci].asked
        ]
        total = _sum(mine)
        row = GenuineRow(
            leader, logged.get(leader.pk, 0), total.asked, _felt(total, bool(shown[li])), per_circle
        )
        circle_talk = [bool(talk[groups.cell(li, ci)]) for ci in range(len(CIRCLES))]
        row.comments_allowed = bool(talk[li]) or any(circle_talk)
        row.comments = _comment_groups(texts, leader.pk, circle_talk, bool(talk[li]))
        result.append(row)
    return result, _circle_totals(groups, cells, shown, k)


def _comments(ids: list[int]) -> dict[tuple[int, str], list[str]]:
    found: dict[tuple[int, str], list[str]] = defaultdict(list)
    rows = (
        FollowUp.objects.filter(action__leader_id__in=ids, answered_on__isnull=False)
        .exclude(comment="")
        .values_list("action__leader_id", "circle", "comment")
    )
    for leader_id, circle, text in rows:
        found[(leader_id, circle)].append(text)
    return found


def _comment_groups(
    texts: dict[tuple[int, str], list[str]],
    leader_id: int,
    circle_talk: list[bool],
    leader_talk: bool,
) -> list[CommentGroup]:
    """Comments per circle that may show them; the rest together when the leader's group may.

    The rest is exactly the leader's group minus its shown circles, which the guard keeps
    at zero or at least the comment threshold.
    """
    labels = dict(Circle.choices)
    groups, rest = [], []
    for circle, allowed in zip(CIRCLES, circle_talk, strict=True):
        found = texts.get((leader_id, circle), [])
        if allowed and found:
            groups.append(CommentGroup(str(labels[circle]), sorted(found, key=str.casefold)))
        elif not allowed:
            rest += found
    if leader_talk and rest:
        label = _("Other circles") if any(circle_talk) else _("All circles")
        groups.append(CommentGroup(label, sorted(rest, key=str.casefold)))
    return groups


def _circle_totals(
    groups: _Groups,
    cells: dict[tuple[int, str], _Cell],
    shown: npt.NDArray[np.bool_],
    k: int,
) -> list[tuple[str, str, Felt]]:
    """Per circle over all leaders; shown only when none of its cells is hidden.

    A circle total over hidden cells would give them away by subtraction from the shown
    leader totals, so any hidden answer in the circle hides the total too.
    """
    labels = dict(Circle.choices)
    totals = []
    for ci, circle in enumerate(CIRCLES):
        column = [cells.get((leader_id, circle), EMPTY) for leader_id in groups.ids]
        hidden = sum(
            cell.answered for li, cell in enumerate(column) if not shown[groups.cell(li, ci)]
        )
        total = _sum(column)
        visible = total.answered >= k and hidden == 0
        totals.append((circle, str(labels[circle]), _felt(total, visible)))
    return totals
