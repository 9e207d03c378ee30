"""The only way views reach the waves of the pulse loop (uploads: ``people.access``).

Admins see every wave of their organisation. Leaders see the waves they
created, the waves their own team answers about them and every employee,
customer or supplier wave, with results limited to their subtree. Members see none. Anything else
is 404, exactly like an outsider.
"""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from genuinecare.people.access import visible_unit_ids
from genuinecare.people.models import Person, Unit
from genuinecare.surveys.enums import Audience
from genuinecare.surveys.models import Wave


def waves_visible_to(membership: Person) -> QuerySet[Wave]:
    """The waves the person may open: all for admins, none for members.

    A leader opens every wave except other leaders' team mirrors.
    """
    waves = Wave.objects.filter(organisation_id=membership.organisation_id)
    if membership.is_admin:
        return waves
    if not membership.is_leader:
        return waves.none()
    return waves.filter(
        ~Q(audience=Audience.TEAM) | Q(leader=membership) | Q(created_by=membership)
    )


def get_wave(membership: Person, pk: int) -> Wave:
    """A wave the person may open (``waves_visible_to``), or 404."""
    return get_object_or_404(waves_visible_to(membership).select_related("organisation"), pk=pk)


def get_managed_wave(membership: Person, pk: int) -> Wave:
    """A wave the person may change (admins; leaders for waves they created)."""
    waves = waves_visible_to(membership)
    if not membership.is_admin:
        waves = waves.filter(created_by=membership)
    return get_object_or_404(waves.select_related("organisation"), pk=pk)


def result_scope(membership: Person, wave: Wave) -> set[int] | None:
    """Units whose rows the person sees in the wave's results; None means all.

    A leader sees their own subtree; in their own team's mirror, the whole wave.
    """
    if membership.is_admin or (wave.audience == Audience.TEAM and wave.leader_id == membership.pk):
        return None
    return visible_unit_ids(membership) or set()


def known_unit_ids(membership: Person, unit_ids: set[int]) -> set[int]:
    """Those of ``unit_ids`` that are units of the person's organisation, archived ones too."""
    units = Unit.objects.filter(organisation_id=membership.organisation_id, pk__in=unit_ids)
    return set(units.values_list("pk", flat=True))
