"""What an admin does with the changes the safety valve holds: apply them all, or discard."""

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone

from genuinecare.people.audit import Event, record
from genuinecare.people.models import Person
from genuinecare.provisioning.enums import ChangeState
from genuinecare.provisioning.models import SyncChange
from genuinecare.provisioning.sync import Problem, write


def held_changes(membership: Person) -> QuerySet[SyncChange]:
    """The changes waiting in the admin's organisation, oldest first."""
    return SyncChange.objects.filter(
        organisation=membership.organisation, state=ChangeState.HELD
    ).select_related("person")


def apply_held(*, confirmed_by: Person, request: HttpRequest | None = None) -> tuple[int, int]:
    """Apply every held change in the order it came; ``(applied, failed)``.

    A change that no longer fits (its manager left since, its address was taken) is marked
    failed with the reason, and the others are applied all the same.
    """
    applied = failed = 0
    organisation = confirmed_by.organisation
    with transaction.atomic():
        for change in held_changes(confirmed_by).select_for_update(of=("self",)):
            try:
                with transaction.atomic():
                    write(
                        organisation=organisation,
                        person=Person.objects.get(pk=change.person_id),
                        payload=change.payload,
                        deleted=change.deleted,
                        confirming=change,
                    )
                applied += 1
            except Problem as problem:
                change.state, change.detail = ChangeState.FAILED, problem.detail[:500]
                failed += 1
            change.resolved_at, change.resolved_by = timezone.now(), confirmed_by
            change.save(update_fields=["state", "detail", "resolved_at", "resolved_by"])
        record(
            Event.SYNC_CONFIRMED,
            organisation=organisation,
            actor=confirmed_by,
            detail=f"scim applied={applied} failed={failed}",
            request=request,
        )
    return applied, failed


def discard_held(*, discarded_by: Person, request: HttpRequest | None = None) -> int:
    """Drop every held change; the people stay as they are. Returns how many."""
    with transaction.atomic():
        count = held_changes(discarded_by).update(
            state=ChangeState.DISCARDED, resolved_at=timezone.now(), resolved_by=discarded_by
        )
        record(
            Event.SYNC_DISCARDED,
            organisation=discarded_by.organisation,
            actor=discarded_by,
            detail=f"scim discarded={count}",
            request=request,
        )
    return count
