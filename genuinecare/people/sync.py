"""One person at a time, by the people import's rules: what SCIM provisioning writes through.

A sync names a person by the cells of an import row (name, e-mail, unit path, manager's
e-mail, function, language, role, status). ``sync_person`` reads them as the import reads a
row, checks them against the organisation as the import checks a file (known managers, no
loops, units created by path, one address per person) and writes them with the import's
writer, so a person provisioned by SCIM and one imported from a file obey the same rules.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from genuinecare.lib.csvfile import RowError
from genuinecare.people import phrases
from genuinecare.people.actions import archive_person, change_email
from genuinecare.people.import_apply import PlannedPerson
from genuinecare.people.importing import PeopleImporter, read_person
from genuinecare.people.imports import ImportPlan
from genuinecare.people.imports.plan import Cells
from genuinecare.people.models import Organisation, Person


def sync_person(*, organisation: Organisation, person: Person | None, cells: Cells) -> Person:
    """Create (``person`` None) or update one person from import-row ``cells``.

    Raises ``ValidationError`` with every problem, translated; its code is "unique" when the
    e-mail address belongs to someone else. Nothing is written then.
    """
    with transaction.atomic():
        errors: list[RowError] = []
        planned = read_person(1, cells, errors)
        if planned is None:
            raise ValidationError([error.message for error in errors])
        if person is None:
            if Person.objects.filter(organisation=organisation, email=planned.email).exists():
                raise ValidationError(phrases.EMAIL_TAKEN % {"email": planned.email}, code="unique")
        else:
            if person.organisation_id != organisation.pk:
                raise ValueError("a sync writes only people of its own organisation")
            change_email(person=person, email=planned.email)
        # A file skips a leaver Genuine Care never knew; a sync creates them deactivated.
        left_before_known = person is None and not planned.active
        planned.active = planned.active or left_before_known
        importer = PeopleImporter(organisation=organisation)
        plan: ImportPlan[PlannedPerson] = ImportPlan(rows=[planned])
        importer.match(plan)
        if plan.errors:
            raise ValidationError([error.message for error in plan.errors])
        importer.write(plan, lambda items: items)
        written = Person.objects.get(organisation=organisation, email=planned.email)
        return archive_person(person=written) if left_before_known else written
