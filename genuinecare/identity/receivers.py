"""Activation's step in the people import (invite everyone in the file, when asked), and the
note of a sign-in through an organisation's provider."""

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from genuinecare.identity.actions import invite_many
from genuinecare.identity.enums import Reason
from genuinecare.identity.sso_adapter import record_sign_in
from genuinecare.people.import_apply import PlannedPerson
from genuinecare.people.importing import INVITE, PeopleImporter
from genuinecare.people.imports.plan import ImportPlan, imported
from genuinecare.people.models import Person, User


@receiver(imported, sender=PeopleImporter)
def invite_imported_people(
    sender: type[PeopleImporter],
    *,
    importer: PeopleImporter,
    plan: ImportPlan[PlannedPerson],
    **kwargs: Any,
) -> dict[str, int]:
    """With the import's invite option, everyone in the file who cannot sign in yet gets an
    activation e-mail, in the import's transaction; returns ``{"invited": count}``."""
    if importer.variant != INVITE:
        return {}
    people = Person.objects.filter(
        organisation=importer.organisation,
        email__in=[planned.email for planned in plan.rows],
        archived_at__isnull=True,
    ).select_related("organisation", "user")
    counts = invite_many(people=people.order_by("pk"), invited_by=None, reason=Reason.IMPORT)
    return {"invited": counts["invited"]}


@receiver(user_logged_in)
def note_single_sign_on(sender: type, *, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """A sign-in through an organisation's provider: the session's note and the audit record."""
    if request is not None:
        record_sign_in(request, user)
