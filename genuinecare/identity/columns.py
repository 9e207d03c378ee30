"""The people list's "Sign-in" column for admins: each person's status, as on their page."""

from collections.abc import Sequence
from typing import Any

from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.identity.status import standings
from genuinecare.people.columns import Column, person_list_columns
from genuinecare.people.models import Person


@receiver(person_list_columns, sender=Person)
def sign_in_column(
    sender: type[Person], *, membership: Person, people: Sequence[Person], **kwargs: Any
) -> Column | None:
    """Not invited, invited, expired, revoked, active or never signed in; admins only."""
    if not membership.is_admin:
        return None
    found = standings(people, now=timezone.now())
    cells = {pk: str(standing.state.label) for pk, standing in found.items()}
    return Column(name="sign-in", header=_("Sign-in"), cells=cells)
