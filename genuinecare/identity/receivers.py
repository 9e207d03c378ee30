"""Activation's step in the people import: invite everyone in the file, when asked."""

from typing import Any

from django.dispatch import receiver

from genuinecare.identity.actions import invite_many
from genuinecare.identity.enums import Reason
from genuinecare.people.import_apply import PlannedPerson
from genuinecare.people.importing import INVITE, PeopleImporter
from genuinecare.people.imports.plan import ImportPlan, imported
from genuinecare.people.models import Person


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
