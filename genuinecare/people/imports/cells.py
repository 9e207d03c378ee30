"""Cells that several imports read the same way."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from genuinecare.lib.csvfile import RowError
from genuinecare.people.actions import clean_person_email
from genuinecare.people.imports.plan import Cells, Errors

MAX_NAME = 200  # the longest name a person, contact or unit may have


def name_and_email(row: int, cells: Cells, errors: Errors, *, no_name: str) -> tuple[str, str]:
    """The row's name (spaces tidied, at most ``MAX_NAME`` characters) and e-mail
    address (checked, lower case).

    A missing name gets ``no_name`` as its error, a too long one says how long
    it may be, a bad address says how to write it; the value comes back empty then.
    """
    name = " ".join(cells.get("name", "").split())
    if not name:
        errors.append(RowError(row, "name", no_name))
    elif len(name) > MAX_NAME:
        message = _("Shorten the name to %(max)d characters or fewer.") % {"max": MAX_NAME}
        errors.append(RowError(row, "name", message))
        name = ""
    try:
        email = clean_person_email(cells.get("email", ""))
    except ValidationError as invalid:
        errors.append(RowError(row, "email", invalid.messages[0]))
        email = ""
    return name, email
