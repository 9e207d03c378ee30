"""A person's data on request: export what is stored about them, erase it, retire notes.

The export holds the person's own data and nothing that is another person's (see
``export_person``); it is handed to the person, never to an admin
(``privacy_requests.request_access``). Erasure keeps the organisation's counts (an action
still happened) but removes everything that says who or what: names, addresses, private
notes, commitments, follow-up comments.
"""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, Q

from genuinecare.people import audit
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
ERASED_DOMAIN = "erased.invalid"
PERSON_FIELDS = ("name", "email", "function", "role", "language")  # exported as stored


def _about_them(action: CareAction) -> dict[str, Any]:
    """A care action with the person: the note and commitments only if it was with them alone."""
    alone = action.others == 0  # type: ignore[attr-defined]
    commitments = [
        {"text": c.text, "due_on": c.due_on.isoformat(), "done": c.done_at is not None}
        for c in action.commitments.all()
    ]
    return {
        "kind": action.kind.code,
        "leader": action.leader.email,
        "happened_at": action.happened_at.isoformat(),
        "others_present": action.others,  # type: ignore[attr-defined]
        "note": action.note if alone else None,
        "commitments": commitments if alone else None,
    }


def _logged_by_them(action: CareAction) -> dict[str, Any]:
    """A care action the person logged, without what it says about the people it was with."""
    return {
        "kind": action.kind.code,
        "happened_at": action.happened_at.isoformat(),
        "stakeholders": action.stakeholder_count,  # type: ignore[attr-defined]
        "commitments": [
            {"due_on": c.due_on.isoformat(), "done": c.done_at is not None}
            for c in action.commitments.all()
        ],
        "follow_ups_asked": action.asked,  # type: ignore[attr-defined]
    }


def export_person(*, person: Person) -> dict[str, Any]:
    """What the practice loop stores about ``person``, as JSON-ready data, for them alone.

    Guarantees that nothing in it is another person's: care actions with the person carry
    the leader's note and commitments only when the person was the action's only
    stakeholder; care actions the person logged carry kind, date, how many stakeholders,
    their commitments' due dates and how many follow-ups were asked, never a note, a
    commitment's text, whom it was with, or anybody's answer. The person's own follow-up
    answers are theirs and included.
    """
    stakeholder = Stakeholder.objects.filter(person=person).first()
    about: Iterable[CareAction] = []
    follow_ups: list[FollowUp] = []
    if stakeholder is not None:
        # Counted before the filter, so the count sees every stakeholder of the action.
        about = (
            CareAction.objects.annotate(others=Count("stakeholders", distinct=True) - 1)
            .filter(stakeholders=stakeholder)
            .select_related("kind", "leader")
            .prefetch_related("commitments")
            .order_by("happened_at", "pk")
        )
        follow_ups = list(
            FollowUp.objects.filter(stakeholder=stakeholder)
            .select_related("action__leader")
            .order_by("pk")
        )
    by = (
        CareAction.objects.filter(leader=person)
        .annotate(
            stakeholder_count=Count("stakeholders", distinct=True),
            asked=Count("follow_ups", distinct=True),
        )
        .select_related("kind")
        .prefetch_related("commitments")
        .order_by("happened_at", "pk")
    )
    return {
        "person": {
            **{name: getattr(person, name) for name in PERSON_FIELDS},
            "unit": person.unit.name if person.unit else None,
            "manager": person.manager.email if person.manager else None,
        },
        "care_actions_about_them": [_about_them(a) for a in about],
        "care_actions_they_logged": [_logged_by_them(a) for a in by],
        "follow_ups_they_answered": [
            {
                "leader": f.action.leader.email,
                "conversation_on": f.action.happened_at.date().isoformat(),
                "answered_on": f.answered_on.isoformat(),
                "score": f.score,
                "comment": f.comment,
            }
            for f in follow_ups
            if f.answered_on is not None
        ],
        "follow_ups_waiting_for_them": sum(1 for f in follow_ups if f.answered_on is None),
        "snoozes": [
            {"item": s.item, "until": s.until.isoformat()}
            for s in Snooze.objects.filter(leader=person).order_by("until", "item")
        ],
        "accounts_they_follow": list(
            AccountFollow.objects.filter(leader=person, following=True)
            .order_by("stakeholder__name")
            .values_list("stakeholder__name", flat=True)
        ),
        "calendar_meetings_proposed": ProposedAction.objects.filter(leader=person).count(),
    }


@transaction.atomic
def erase_person(*, person: Person, now: dt.datetime) -> None:
    """Remove everything that identifies ``person``; counts of care actions stay.

    Notes and commitments of actions about them or logged by them are blanked, their
    follow-up comments and addresses removed, their own snoozes, proposals, follows and
    sign-in link deleted, the person archived under a placeholder name and address, and
    their e-mail address blanked in the audit log (``people.audit.forget``).
    Erasing again changes nothing: an earlier archive date is kept.
    """
    stakeholder = Stakeholder.objects.filter(person=person).first()
    touched = Q(leader=person)
    if stakeholder is not None:
        touched |= Q(stakeholders=stakeholder)
        # Unanswered links die with the person; answered ones keep only the score.
        FollowUp.objects.filter(stakeholder=stakeholder, answered_on__isnull=True).delete()
        FollowUp.objects.filter(stakeholder=stakeholder).update(email="", comment="")
        stakeholder.name = ERASED
        stakeholder.archived_at = stakeholder.archived_at or now
        stakeholder.save(update_fields=["name", "archived_at"])
    actions = CareAction.objects.filter(touched).values_list("pk", flat=True)
    CareAction.objects.filter(pk__in=list(actions)).update(note="")
    Commitment.objects.filter(action_id__in=list(actions)).update(text=ERASED)
    Snooze.objects.filter(leader=person).delete()
    ProposedAction.objects.filter(leader=person).delete()
    AccountFollow.objects.filter(leader=person).delete()
    person.name = ERASED
    person.email = f"erased-{person.pk}@{ERASED_DOMAIN}"
    person.user = None
    person.archived_at = person.archived_at or now
    person.save(update_fields=["name", "email", "user", "archived_at"])
    audit.forget(person=person)


def is_erased(person: Person) -> bool:
    """Whether ``person`` was erased (their address is the placeholder erasure gives)."""
    return person.email == f"erased-{person.pk}@{ERASED_DOMAIN}"


def purge_old_notes(*, now: dt.datetime) -> int:
    """Blank private notes older than each organisation's retention; returns how many."""
    return sum(
        CareAction.objects.filter(
            organisation_id=settings.organisation_id,
            happened_at__lt=now - dt.timedelta(days=settings.note_retention_days or 0),
        )
        .exclude(note="")
        .update(note="")
        for settings in PracticeSettings.objects.filter(note_retention_days__isnull=False)
    )
