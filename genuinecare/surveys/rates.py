"""Live response rate per unit and the wave's e-mail status: counts only.

The answered counts pass through the same anonymity guard as results, so a
small unit's rate never tells who has answered; e-mail counts are per wave,
never per person.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q

from genuinecare.insights.anonymity import shown_mask
from genuinecare.outbox.models import Message, Status
from genuinecare.surveys.matrix import NO_UNIT, load_tree
from genuinecare.surveys.models import Invitation, Wave


@dataclass(frozen=True)
class RateRow:
    unit_id: int
    name: str
    depth: int
    invited: int
    answered: int | None  # None: hidden by the guard


@dataclass(frozen=True)
class Rates:
    invited: int
    answered: int
    rows: list[RateRow]

    @property
    def percent(self) -> float | None:
        return self.answered / self.invited * 100 if self.invited else None


def response_rates(wave: Wave, *, visible: set[int] | None) -> Rates:
    tree, names = load_tree(wave.organisation_id)
    counts = (
        Invitation.objects.filter(wave=wave)
        .values("unit_id")
        .annotate(invited=Count("pk"), answered=Count("pk", filter=Q(used_on__isnull=False)))
    )
    index = {unit_id: n for n, unit_id in enumerate(tree.unit_ids)}
    invited = np.zeros(len(index), dtype=np.int64)
    answered = np.zeros(len(index), dtype=np.int64)
    for row in counts:
        position = index[row["unit_id"] or NO_UNIT]
        invited[position], answered[position] = row["invited"], row["answered"]
    shown = shown_mask(tree=tree, direct_counts=answered, k=wave.threshold)
    invited_sub, answered_sub = tree.subtree_counts(invited), tree.subtree_counts(answered)
    rows, stack = [], [(i, 0) for i, p in enumerate(tree.parents) if p < 0][::-1]
    while stack:
        position, depth = stack.pop()
        unit_id = tree.unit_ids[position]
        in_scope = visible is None or unit_id in visible
        if invited_sub[position] and in_scope:
            rows.append(
                RateRow(
                    unit_id,
                    names[unit_id],
                    depth,
                    int(invited_sub[position]),
                    int(answered_sub[position]) if shown[position] else None,
                )
            )
        stack.extend((c, depth + 1) for c in reversed(tree.children[position]))
    return Rates(int(invited.sum()), int(answered.sum()), rows)


def mail_status(wave: Wave) -> dict[str, dict[str, int]]:
    """Invitation and reminder e-mails of the wave by status (pending, sent, failed)."""
    names = {"survey-invitation": "invitations", "survey-reminder": "reminders"}
    found: dict[str, dict[str, int]] = {name: {} for name in names.values()}
    messages = Message.objects.filter(dedupe_key__startswith=f"pulse:{wave.pk}:")
    for kind, status, count in messages.values_list("kind", "status").annotate(n=Count("pk")):
        found[names[kind]][status] = count
    return {
        name: {value: statuses.get(value, 0) for value in Status.values}
        for name, statuses in found.items()
    }
