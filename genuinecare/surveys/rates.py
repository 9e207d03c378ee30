"""Response rate per unit and the wave's e-mail status: counts only.

Answered counts are the respondents a group's figures rest on (``surveys.guard``),
so the rate moves in the same steps as results and sums of rows give nothing
away; on top of that ``insights.anonymity.participation_mask`` hides rates from
which anyone could tell that a particular person did or did not answer. E-mail
counts are per wave, never per person.
"""

from dataclasses import dataclass

import numpy as np
from django.db.models import Count

from genuinecare.insights.anonymity import participation_mask
from genuinecare.outbox.models import Message, Status
from genuinecare.surveys.guard import Guard, guard_for
from genuinecare.surveys.matrix import NO_UNIT
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
    answered: int | None  # None: hidden (too few answered, or too few not yet)
    rows: list[RateRow]
    held: bool = False  # the count waits for more answers

    @property
    def percent(self) -> float | None:
        if self.answered is None or not self.invited:
            return None
        return self.answered / self.invited * 100


def response_rates(wave: Wave, *, visible: set[int] | None, guard: Guard | None = None) -> Rates:
    """Invited and answered per unit group in tree order (a leader's ``visible`` units
    only), answered counts only where ``participation_mask`` lets them show."""
    guard = guard or guard_for(wave)
    tree = guard.data.tree
    invited = np.zeros(len(tree.unit_ids), dtype=np.int64)
    counts = Invitation.objects.filter(wave=wave).values_list("unit_id").annotate(n=Count("pk"))
    for unit_id, n in counts:
        invited[tree.position(unit_id or NO_UNIT)] = n
    invited_sub = tree.subtree_counts(invited)
    answered = np.zeros(len(tree.unit_ids), dtype=np.int64)
    current = np.zeros(len(tree.unit_ids), dtype=np.bool_)
    for position, shown in guard.groups.items():
        if shown.current:
            answered[position], current[position] = shown.respondents, True
    allowed = participation_mask(
        tree=tree, invited=invited_sub, answered=answered, shown=current, k=wave.threshold
    )
    rows = [
        RateRow(
            tree.unit_ids[position],
            tree.names[position],
            depth,
            int(invited_sub[position]),
            int(answered[position]) if allowed[position] else None,
        )
        for position, depth in tree.listed()
        if invited_sub[position] and (visible is None or tree.unit_ids[position] in visible)
    ]
    total = int(invited.sum())
    overall = guard.overall
    whole = None
    if overall is not None and total - overall.respondents >= wave.threshold:
        whole = overall.respondents
    return Rates(total, whole, rows, False if overall is None else overall.held)


@dataclass(frozen=True)
class ReminderStatus:
    """Reminders without their numbers: how many were sent on a reminder day is how many
    had not answered by then, a participation count outside the ledger's steps."""

    days: int  # reminder days sent
    pending: bool  # some are still waiting to be sent
    failed: bool  # some could not be delivered


@dataclass(frozen=True)
class MailStatus:
    invitations: dict[str, int]  # by status: invitations go to everyone, so counts are safe
    reminders: ReminderStatus


def mail_status(wave: Wave) -> MailStatus:
    """Invitation e-mails of the wave by status; reminders only as whether any wait or failed."""
    found: dict[str, dict[str, int]] = {"survey-invitation": {}, "survey-reminder": {}}
    messages = Message.objects.filter(dedupe_key__startswith=f"pulse:{wave.pk}:")
    for kind, status, count in messages.values_list("kind", "status").annotate(n=Count("pk")):
        found[kind][status] = count
    invitations = {value: found["survey-invitation"].get(value, 0) for value in Status.values}
    reminders = found["survey-reminder"]
    return MailStatus(
        invitations=invitations,
        reminders=ReminderStatus(
            days=wave.reminders_sent,
            pending=bool(reminders.get(Status.PENDING) or reminders.get(Status.SENDING)),
            failed=bool(reminders.get(Status.FAILED)),
        ),
    )
