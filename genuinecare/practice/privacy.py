"""A person's data on request: export everything stored about them, erase it, retire notes.

Erasure keeps the organisation's counts (an action still happened) but removes everything
that says who or what: names, addresses, private notes, commitments, follow-up comments.
"""

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from genuinecare.people.models import Person
from genuinecare.practice.models import (
    AccountFollow,
    CareAction,
    Commitment,
    FollowUp,
    PracticeSettings,
    ProposedAction,
    Snooze,
    Stakeholder,
)

ERASED = "—"


def _action(action: CareAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "kind": action.kind.code,
        "leader": action.leader.email,
        "happened_at": action.happened_at.isoformat(),
        "note": action.note,
        "commitments": [
            {"text": c.text, "due_on": c.due_on.isoformat(), "done": c.done_at is not None}
            for c in action.commitments.all()
        ],
    }


def export_person(*, person: Person) -> dict[str, Any]:
    """Everything the practice loop stores about ``person``, as JSON-ready data."""
    stakeholder = Stakeholder.objects.filter(person=person).first()
    about = (
        CareAction.objects.filter(stakeholders=stakeholder)
        .select_related("kind", "leader")
        .prefetch_related("commitments")
        if stakeholder
        else CareAction.objects.none()
    )
    by = CareAction.objects.filter(leader=person).select_related("kind", "leader")
    follow_ups = FollowUp.objects.filter(stakeholder=stakeholder) if stakeholder else []
    return {
        "person": {
            "name": person.name,
            "email": person.email,
            "function": person.function,
            "role": person.role,
            "language": person.language,
            "unit": person.unit.name if person.unit else None,
            "manager": person.manager.email if person.manager else None,
        },
        "care_actions_about_them": [_action(a) for a in about],
        "care_actions_they_logged": [_action(a) for a in by.prefetch_related("commitments")],
        "follow_ups_they_answered": [
            {"answered_on": f.answered_on.isoformat(), "score": f.score, "comment": f.comment}
            for f in follow_ups
            if f.answered_on is not None
        ],
        "snoozes": list(Snooze.objects.filter(leader=person).values("item", "until")),
        "accounts_they_follow": list(
            AccountFollow.objects.filter(leader=person, following=True)
            .order_by("stakeholder__name")
            .values_list("stakeholder__name", flat=True)
        ),
    }


@transaction.atomic
def erase_person(*, person: Person, now: dt.datetime) -> None:
    """Remove everything that identifies ``person``; counts of care actions stay.

    Notes and commitments of actions about them or logged by them are blanked, their
    follow-up comments and addresses removed, their own snoozes, proposals, follows and
    sign-in link deleted, and the person archived under a placeholder name and address.
    """
    stakeholder = Stakeholder.objects.filter(person=person).first()
    touched = Q(leader=person)
    if stakeholder is not None:
        touched |= Q(stakeholders=stakeholder)
        # Unanswered links die with the person; answered ones keep only the score.
        FollowUp.objects.filter(stakeholder=stakeholder, answered_on__isnull=True).delete()
        FollowUp.objects.filter(stakeholder=stakeholder).update(email="", comment="")
        stakeholder.name = ERASED
        stakeholder.contact_email = ""
        stakeholder.archived_at = now
        stakeholder.save(update_fields=["name", "contact_email", "archived_at"])
    actions = CareAction.objects.filter(touched).values_list("pk", flat=True)
    CareAction.objects.filter(pk__in=list(actions)).update(note="")
    Commitment.objects.filter(action_id__in=list(actions)).update(text=ERASED)
    Snooze.objects.filter(leader=person).delete()
    ProposedAction.objects.filter(leader=person).delete()
    AccountFollow.objects.filter(leader=person).delete()
    person.name = ERASED
    person.email = f"erased-{person.pk}@erased.invalid"
    person.user = None
    person.archived_at = now
    person.save(update_fields=["name", "email", "user", "archived_at"])


def purge_old_notes(*, now: dt.datetime) -> int:
    """Blank private notes older than each organisation's retention; returns how many."""
    removed = 0
    for settings in PracticeSettings.objects.filter(note_retention_days__isnull=False):
        cutoff = now - dt.timedelta(days=settings.note_retention_days or 0)
        removed += (
            CareAction.objects.filter(
                organisation_id=settings.organisation_id, happened_at__lt=cutoff
            )
            .exclude(note="")
            .update(note="")
        )
    return removed
