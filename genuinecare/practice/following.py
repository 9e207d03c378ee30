"""Whose care a leader owns: the accounts and parties on their care map.

People come onto a map through the organisation's tree (direct reports, peers). Accounts
and other parties come on when the leader follows them or has logged care with them.
Unfollowing takes an account off the map even after care was logged; logging care with
it again puts it back. Every check here is a SQL expression, so the map and the account
register stay one query however many accounts there are.
"""

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from genuinecare.people.models import Person
from genuinecare.practice import phrases
from genuinecare.practice.models import AccountFollow, CareAction, Stakeholder

Cared = CareAction.stakeholders.through


def _choice(leader: Person, *, following: bool) -> Exists:
    return Exists(
        AccountFollow.objects.filter(
            leader_id=leader.pk, stakeholder_id=OuterRef("pk"), following=following
        )
    )


def _cared(leader: Person) -> Exists:
    return Exists(
        Cared.objects.filter(careaction__leader_id=leader.pk, stakeholder_id=OuterRef("pk"))
    )


def on_map(leader: Person) -> Q:
    """Accounts on ``leader``'s map: followed, or cared for and not unfollowed."""
    return Q(_choice(leader, following=True)) | (
        Q(_cared(leader)) & ~Q(_choice(leader, following=False))
    )


def on_some_map() -> Q:
    """Accounts on at least one active leader's map."""
    followed = AccountFollow.objects.filter(
        stakeholder_id=OuterRef("pk"), following=True, leader__archived_at__isnull=True
    )
    opted_out = AccountFollow.objects.filter(
        stakeholder_id=OuterRef("stakeholder_id"),
        leader_id=OuterRef("careaction__leader_id"),
        following=False,
    )
    cared = Cared.objects.filter(
        stakeholder_id=OuterRef("pk"), careaction__leader__archived_at__isnull=True
    ).exclude(Exists(opted_out))
    return Q(Exists(followed)) | Q(Exists(cared))


def with_choice(accounts: QuerySet[Stakeholder], leader: Person) -> QuerySet[Stakeholder]:
    """``accounts`` annotated with ``followed``, ``unfollowed`` and ``cared`` for ``leader``."""
    return accounts.annotate(
        followed=_choice(leader, following=True),
        unfollowed=_choice(leader, following=False),
        cared=_cared(leader),
    )


def leaders_by_account(accounts: list[Stakeholder]) -> dict[int, list[Person]]:
    """For each account, the active leaders whose map it is on, by name (two queries)."""
    ids = [account.pk for account in accounts]
    choices = AccountFollow.objects.filter(stakeholder_id__in=ids).values_list(
        "stakeholder_id", "leader_id", "following"
    )
    chosen = {(s, leader): following for s, leader, following in choices}
    pairs = set(chosen)
    pairs |= set(
        Cared.objects.filter(stakeholder_id__in=ids)
        .values_list("stakeholder_id", "careaction__leader_id")
        .distinct()
    )
    owners = {pair for pair in pairs if chosen.get(pair, True)}
    people = Person.objects.filter(
        pk__in={leader for _s, leader in owners}, archived_at__isnull=True
    ).in_bulk()
    found: dict[int, list[Person]] = defaultdict(list)
    for account_id, leader_id in owners:
        if leader_id in people:
            found[account_id].append(people[leader_id])
    for leaders in found.values():
        leaders.sort(key=lambda person: person.name.casefold())
    return found


def set_following(*, leader: Person, account: Stakeholder, following: bool) -> AccountFollow:
    """Put an account or party on the leader's map (``following``) or take it off.

    People cannot be followed or unfollowed: the organisation's tree puts them on the map.
    Choosing twice keeps one choice, the last.
    """
    if not leader.is_leader:
        raise ValidationError(_("Only leaders keep a care map."))
    if account.person_id is not None:
        raise ValidationError(
            _(
                "People come onto your map as your direct reports and peers; "
                "only accounts and parties are followed."
            )
        )
    if account.organisation_id != leader.organisation_id:
        raise ValidationError(phrases.CHOOSE_ACCOUNT)
    with transaction.atomic():
        found, _created = AccountFollow.objects.update_or_create(
            leader=leader, stakeholder=account, defaults={"following": following}
        )
    return found


def back_on_map(*, leader: Person, stakeholders: Iterable[Stakeholder]) -> None:
    """Logging care with an account the leader had unfollowed puts it back on the map."""
    AccountFollow.objects.filter(
        leader=leader, stakeholder__in=[s.pk for s in stakeholders], following=False
    ).delete()
