"""Care given meets care felt: one-question follow-ups to the recipients of care actions.

A follow-up is confidential, never anonymous to the system (it belongs to an action), so it
is only ever shown aggregated above the organisation's anonymity threshold: per leader, per
leader and circle, and per circle, with complementary suppression so no hidden group can be
derived by subtracting shown ones.
"""

import datetime as dt
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from genuinecare.insights.anonymity import GroupTree, shown_mask, validate_k
from genuinecare.lib.tokens import hash_token, new_token
from genuinecare.outbox.actions import enqueue_template
from genuinecare.people.models import Organisation, Person
from genuinecare.practice.due import circle_on_map
from genuinecare.practice.enums import Circle
from genuinecare.practice.models import CareAction, FollowUp


def request_follow_ups(*, action: CareAction) -> int:
    """Queue one follow-up e-mail per stakeholder with an address; asking twice asks once.

    Returns how many follow-ups exist for the action afterwards.
    """
    leader = action.leader
    with transaction.atomic():
        asked = set(action.follow_ups.values_list("stakeholder_id", flat=True))
        for stakeholder in action.stakeholders.select_related("person"):
            if stakeholder.pk in asked or not stakeholder.contact_email:
                continue
            token, token_hash = new_token()
            follow_up = FollowUp.objects.create(
                action=action,
                stakeholder=stakeholder,
                circle=circle_on_map(stakeholder, leader),
                email=stakeholder.contact_email,
                language=stakeholder.contact_language or "en",
                token_hash=token_hash,
            )
            with override(follow_up.language):
                day = date_format(action.happened_at.date(), "DATE_FORMAT")
            enqueue_template(
                template="practice/email/follow_up",
                context={
                    "leader": leader.name,
                    "day": day,
                    "link": settings.SITE_URL + reverse("follow-up", kwargs={"token": token}),
                },
                language=follow_up.language,
                to=follow_up.email,
                kind="practice.follow_up",
                organisation=action.organisation,
                dedupe_key=f"practice-follow-up-{follow_up.pk}",
                scrub_after_send=True,
            )
        return action.follow_ups.count()


def find_follow_up(*, token: str) -> FollowUp | None:
    return (
        FollowUp.objects.filter(token_hash=hash_token(token))
        .select_related("action__leader")
        .first()
    )


def answer_follow_up(*, token: str, score: int, comment: str, today: dt.date) -> FollowUp:
    """Record the one answer a follow-up link allows; a second answer is refused."""
    if score not in range(1, 6):
        raise ValidationError(_("Choose a value from 1 to 5."))
    with transaction.atomic():
        found = FollowUp.objects.select_for_update().filter(token_hash=hash_token(token)).first()
        if found is None:
            raise ValidationError(_("This link is not valid. Use the link from your e-mail."))
        if found.answered_on is not None:
            raise ValidationError(_("This question was already answered. Thank you!"))
        found.answered_on = today
        found.score = score
        found.comment = comment.strip()[:2000]
        found.save(update_fields=["answered_on", "score", "comment"])
    return found


@dataclass(frozen=True, slots=True)
class Felt:
    """Follow-up answers of one group: shown only when ``shown``."""

    answered: int
    shown: bool
    score: float | None  # 0 to 100
    favourable: float | None  # % answering 4 or 5


@dataclass(slots=True)
class GenuineRow:
    leader: Person
    logged: int
    asked: int
    felt: Felt
    circles: list[tuple[str, str, Felt]]


def _felt(n: int, total: int, favourable: int, shown: bool) -> Felt:
    if not shown or n == 0:
        return Felt(n, False, None, None)
    return Felt(n, True, round((total / n - 1) / 4 * 100, 1), round(favourable / n * 100, 1))


def genuineness(
    *, organisation: Organisation, leaders: list[Person]
) -> tuple[list[GenuineRow], list[tuple[str, str, Felt]]]:
    """Care logged against care felt, per leader, per leader and circle, and per circle."""
    k = validate_k(organisation.anonymity_threshold)
    ids = [leader.pk for leader in leaders]
    circles = [(str(value), str(label)) for value, label in Circle.choices]
    logged = dict(
        CareAction.objects.filter(leader_id__in=ids)
        .values("leader_id")
        .annotate(n=Count("pk"))
        .values_list("leader_id", "n")
    )
    cells: dict[tuple[int, str], tuple[int, int, int, int]] = {}
    rows = (
        FollowUp.objects.filter(action__leader_id__in=ids)
        .values("action__leader_id", "circle")
        .annotate(
            asked=Count("pk"),
            n=Count("pk", filter=Q(answered_on__isnull=False)),
            total=Sum("score"),
            fav=Count("pk", filter=Q(score__gte=4)),
        )
    )
    for row in rows:
        key = (row["action__leader_id"], row["circle"])
        cells[key] = (row["asked"], row["n"], row["total"] or 0, row["fav"])
    # Tree: one node per leader, one child per (leader, circle); suppression over the lot.
    unit_ids: list[int] = []
    parents: list[int | None] = []
    counts: list[int] = []
    for li, leader_id in enumerate(ids):
        unit_ids.append(li)
        parents.append(None)
        counts.append(0)
        for ci, (circle, _label) in enumerate(circles):
            unit_ids.append(len(ids) + li * len(circles) + ci)
            parents.append(li)
            counts.append(cells.get((leader_id, circle), (0, 0, 0, 0))[1])
    tree = GroupTree.build(unit_ids=unit_ids, parent_ids=parents)
    position = {unit_id: i for i, unit_id in enumerate(unit_ids)}
    mask = shown_mask(tree=tree, direct_counts=np.asarray(counts, dtype=np.int64), k=k)
    result = []
    for li, leader in enumerate(leaders):
        mine = [cells.get((leader.pk, c), (0, 0, 0, 0)) for c, _label in circles]
        total = tuple(sum(values) for values in zip(*mine, strict=True))
        per_circle = []
        for ci, (circle, label) in enumerate(circles):
            asked, n, score_sum, fav = mine[ci]
            shown = bool(mask[position[len(ids) + li * len(circles) + ci]])
            if asked:
                per_circle.append((circle, str(label), _felt(n, score_sum, fav, shown)))
        felt = _felt(total[1], total[2], total[3], bool(mask[position[li]]))
        result.append(GenuineRow(leader, logged.get(leader.pk, 0), total[0], felt, per_circle))
    return result, _circle_totals(ids, circles, cells, mask, position, k)


def _circle_totals(
    ids: list[int],
    circles: list[tuple[str, str]],
    cells: dict[tuple[int, str], tuple[int, int, int, int]],
    mask: npt.NDArray[np.bool_],
    position: dict[int, int],
    k: int,
) -> list[tuple[str, str, Felt]]:
    """Per circle over all leaders; shown only when none of its cells is hidden.

    A circle total over hidden cells would give them away by subtraction from the shown
    leader totals, so any hidden answer in the circle hides the total too.
    """
    totals = []
    for ci, (circle, label) in enumerate(circles):
        n = total = fav = hidden = 0
        for li, leader_id in enumerate(ids):
            _asked, cn, cs, cf = cells.get((leader_id, circle), (0, 0, 0, 0))
            n, total, fav = n + cn, total + cs, fav + cf
            if not mask[position[len(ids) + li * len(circles) + ci]]:
                hidden += cn
        shown = n >= k and hidden == 0
        totals.append((circle, str(label), _felt(n, total, fav, shown)))
    return totals
