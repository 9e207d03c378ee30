"""The safety valve for SCIM, where changes come one request at a time.

Deactivations and changes of address applied in the last hour (``WINDOW``) are counted
against the organisation's active people (plus those deactivated within the hour, so the
base does not shrink as people leave). A request that would take either count over the
thresholds of ``people/valve.py`` is not applied: it is kept as a held ``SyncChange``, and
so is every later deactivation or change of address until an admin applies or discards
what waits. The client is told to try again later.
"""

from datetime import timedelta

from django.utils import timezone

from genuinecare.people.models import Organisation, Person
from genuinecare.people.valve import LargeChange
from genuinecare.provisioning.enums import ChangeState
from genuinecare.provisioning.models import SyncChange

WINDOW = timedelta(hours=1)


def pending(organisation: Organisation) -> bool:
    return SyncChange.objects.filter(organisation=organisation, state=ChangeState.HELD).exists()


def judge(
    organisation: Organisation, *, deactivates: bool, changes_email: bool
) -> LargeChange | None:
    """The large change this request would complete, or None if it may be applied."""
    applied = SyncChange.objects.filter(
        organisation=organisation,
        state=ChangeState.APPLIED,
        created_at__gte=timezone.now() - WINDOW,
    )
    left = applied.filter(deactivates=True).count()
    active = Person.objects.filter(organisation=organisation, archived_at__isnull=True).count()
    change = LargeChange(
        active=active + left,
        deactivations=left + int(deactivates),
        email_changes=applied.filter(changes_email=True).count() + int(changes_email),
    )
    if change.held or pending(organisation):
        return change
    return None
