"""Cells that several imports read the same way."""

from django.core.exceptions import ValidationError

from genuinecare.lib.csvfile import RowError
from genuinecare.lib.imports.plan import Cells, Errors
from genuinecare.people.actions import clean_person_email


def name_and_email(row: int, cells: Cells, errors: Errors, *, no_name: str) -> tuple[str, str]:
    """The row's name (spaces tidied) and e-mail address (checked, lower case).

    A missing name gets ``no_name`` as its error, a bad address says how to
    write it; either comes back empty then.
    """
    name = " ".join(cells.get("name", "").split())
    if not name:
        errors.append(RowError(row, "name", no_name))
    try:
        email = clean_person_email(cells.get("email", ""))
    except ValidationError as invalid:
        errors.append(RowError(row, "email", invalid.messages[0]))
        email = ""
    return name, email
