"""The only way practice views reach practice objects.

Each helper takes the requesting membership and raises 404 outside its organisation and
role. Care actions, notes, commitments, snoozes and calendar proposals belong to one
leader: nobody else, not even an admin, reaches them here.
"""

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.practice.enums import ProposalStatus
from genuinecare.practice.models import (
    CadenceRule,
    CareAction,
    CareKind,
    Commitment,
    Initiative,
    ProposedAction,
    Stakeholder,
    SupplierImpact,
)


def _leader(membership: Person) -> Person:
    if not membership.is_leader:
        raise Http404
    return membership


def reports_and_peers(leader: Person, *, via: str = "") -> Q:
    """The leader's direct reports and peers, never the leader, never an archived person.

    Peers are people with the same manager. A filter on people, or with
    ``via="person__"`` on what points to a person (stakeholders).
    """
    managers = [leader.pk] if leader.manager_id is None else [leader.pk, leader.manager_id]
    under_managers = Q(**{f"{via}manager_id__in": managers, f"{via}archived_at__isnull": True})
    return under_managers & ~Q(**{f"{via}pk": leader.pk})


def stakeholders_visible_to(membership: Person) -> QuerySet[Stakeholder]:
    """Accounts and parties of the organisation; people only as direct reports or peers."""
    leader = _leader(membership)
    found = Stakeholder.objects.filter(organisation_id=leader.organisation_id)
    if leader.is_admin:
        return found
    return found.filter(Q(person__isnull=True) | reports_and_peers(leader, via="person__"))


def get_stakeholder(membership: Person, pk: int) -> Stakeholder:
    """A stakeholder the leader may see (``stakeholders_visible_to``), or 404."""
    return get_object_or_404(stakeholders_visible_to(membership).select_related("person"), pk=pk)


def accounts_visible_to(membership: Person) -> QuerySet[Stakeholder]:
    """The organisation's accounts and parties (every leader may follow any of them)."""
    return Stakeholder.objects.filter(
        organisation_id=_leader(membership).organisation_id, person__isnull=True
    )


def get_account(membership: Person, pk: int) -> Stakeholder:
    """An account or party of the leader's organisation, or 404."""
    return get_object_or_404(accounts_visible_to(membership), pk=pk)


def own_actions(membership: Person) -> QuerySet[CareAction]:
    """The care actions the leader logged; nobody else's, not even for an admin."""
    return CareAction.objects.filter(leader=_leader(membership))


def get_own_action(membership: Person, pk: int) -> CareAction:
    """One of the leader's own care actions, or 404 (for an admin too)."""
    return get_object_or_404(own_actions(membership).select_related("kind"), pk=pk)


def get_own_commitment(membership: Person, pk: int) -> Commitment:
    """One of the leader's own commitments, or 404."""
    return get_object_or_404(Commitment.objects.filter(leader=_leader(membership)), pk=pk)


def get_own_proposal(membership: Person, pk: int) -> ProposedAction:
    """One of the leader's own calendar proposals, or 404."""
    proposals = ProposedAction.objects.filter(leader=_leader(membership))
    return get_object_or_404(proposals.select_related("stakeholder", "kind"), pk=pk)


def kinds_visible_to(membership: Person) -> QuerySet[CareKind]:
    """The kinds of care of the leader's organisation, inactive ones included."""
    return CareKind.objects.filter(organisation_id=_leader(membership).organisation_id)


def initiatives_visible_to(membership: Person) -> QuerySet[Initiative]:
    """The initiatives of the leader's organisation."""
    return Initiative.objects.filter(organisation_id=_leader(membership).organisation_id)


def get_initiative(membership: Person, pk: int) -> Initiative:
    """An initiative of the leader's organisation, or 404."""
    return get_object_or_404(initiatives_visible_to(membership).select_related("sponsor"), pk=pk)


def impacts_visible_to(membership: Person) -> QuerySet[SupplierImpact]:
    """The supplier impacts recorded in the leader's organisation."""
    return SupplierImpact.objects.filter(organisation_id=_leader(membership).organisation_id)


def get_impact(membership: Person, pk: int) -> SupplierImpact:
    """A supplier impact of the leader's organisation, or 404."""
    impacts = impacts_visible_to(membership).select_related("supplier", "owner")
    return get_object_or_404(impacts, pk=pk)


def leaders_visible_to(membership: Person) -> QuerySet[Person]:
    """The active leaders and admins of the leader's organisation (who may own or sponsor)."""
    return Person.objects.filter(
        organisation_id=_leader(membership).organisation_id,
        archived_at__isnull=True,
        role__in=[Role.LEADER, Role.ADMIN],
    )


def cadence_rules_visible_to(membership: Person) -> QuerySet[CadenceRule]:
    """The organisation's cadence overrides; for its admins only."""
    if not membership.is_admin:
        raise Http404
    return CadenceRule.objects.filter(organisation_id=membership.organisation_id)


def own_open_proposals(membership: Person) -> QuerySet[ProposedAction]:
    """The leader's calendar meetings still waiting to be confirmed or dismissed."""
    return ProposedAction.objects.filter(leader=_leader(membership), status=ProposalStatus.PROPOSED)
