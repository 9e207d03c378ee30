"""Whole numbers and ids from a request, read strictly: ASCII digits in a bounded range.

``str.isdigit()`` says yes to "²", "①" and "٣"; ``int()`` then fails on the first two
(a 500) and reads the third as 3. So nothing reads a number from a query string, a
form post or a cell with ``isdigit``/``int`` directly; it goes through here.

In a view (``data`` is ``request.GET``, ``request.POST`` or any mapping of strings)::

    unit_id = id_param(request.GET, "unit")            # int | None (absent or empty)
    chosen = id_list_param(request.GET, "select")      # list[int], may be empty
    page = int_param(request.GET, "page", default=1, minimum=1, maximum=500)  # int

- ``int_param(data, name, *, default=None, minimum=0, maximum=MAX_INT)`` — the
  parameter as an ``int``; ``default`` when it is absent or empty (so with an
  ``int`` default the result is always an ``int``).
- ``id_param(data, name)`` — a primary key, 1 to ``MAX_ID``; None when absent or empty.
- ``id_list_param(data, name, *, most=MAX_IDS)`` — every value of a repeated
  parameter as primary keys, in the order sent, repeats and empty values dropped.

A value that is there but is not ASCII digits within the range (a sign, blanks, a
superscript, Arabic-Indic digits, too many digits) raises ``BadParameter``. It is
Django's ``BadRequest``: the visitor gets a 400 page in the site's layout
(``templates/400.html``, rendered by ``genuinecare.lib.views.bad_request``) whose
translated message names the parameter, what was sent and what to send instead —
never a 500. A parameter sent twice counts by its last value, like ``QueryDict.get``.

Where a bad number needs its own answer rather than the 400 page (an answer form,
a form field, a CSV cell), use the pure check: ``parse_int(raw, *, minimum=0,
maximum=MAX_INT)`` returns the ``int``, or None when ``raw`` is not one.

Replacing the old patterns (a bad value then stops being silently ignored)::

    int(v) if v and v.isdigit() else None
        -> id_param(request.GET, "unit")
    {int(u) for u in request.GET.getlist("select") if u.isdigit()}
        -> set(id_list_param(request.GET, "select"))
    int(p) if p.isdigit() and 1 <= int(p) <= n else 1
        -> parse_int(p, minimum=1, maximum=n) or 1
"""

from collections.abc import Mapping
from typing import Any, overload

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

MAX_INT = 2**31 - 1  # fits every integer column on SQLite and PostgreSQL
MAX_ID = 2**63 - 1  # the largest BigAutoField primary key
MAX_IDS = 1000  # most ids one parameter may list
MAX_DIGITS = 32  # longer is refused before int() reads it
SHOWN = 20  # characters of a refused value echoed back


class BadParameter(BadRequest):
    """A request parameter that is not what the page expects; ``str()`` is a translated
    message saying which parameter, what was sent and what to send instead."""

    def __init__(self, message: str, *, name: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def parse_int(raw: str, *, minimum: int = 0, maximum: int = MAX_INT) -> int | None:
    """``raw`` as an int if it is only ASCII digits 0-9 and lies in minimum..maximum, else None.

    No sign, no blanks, no other digits: "²", "①", "٣", " 5", "+5" and "5.0" are all None.
    """
    if len(raw) > MAX_DIGITS or not (raw.isascii() and raw.isdigit()):
        return None
    value = int(raw)
    return value if minimum <= value <= maximum else None


def _last(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value)


def _refuse_int(name: str, raw: str, *, minimum: int, maximum: int) -> BadParameter:
    message = _(
        "“%(name)s” must be a whole number from %(minimum)d to %(maximum)d, written with "
        "the digits 0 to 9, but it was “%(value)s”. Correct the address, or go back and "
        "try again."
    ) % {"name": name, "minimum": minimum, "maximum": maximum, "value": raw[:SHOWN]}
    return BadParameter(message, name=name)


def _refuse_id(name: str, raw: str) -> BadParameter:
    message = _(
        "“%(name)s” must name an entry by its number, written with the digits 0 to 9, "
        "but it was “%(value)s”. Go back and open the page from its link again."
    ) % {"name": name, "value": raw[:SHOWN]}
    return BadParameter(message, name=name)


@overload
def int_param(
    data: Mapping[str, Any], name: str, *, default: int, minimum: int = ..., maximum: int = ...
) -> int: ...


@overload
def int_param(
    data: Mapping[str, Any],
    name: str,
    *,
    default: None = None,
    minimum: int = ...,
    maximum: int = ...,
) -> int | None: ...


def int_param(
    data: Mapping[str, Any],
    name: str,
    *,
    default: int | None = None,
    minimum: int = 0,
    maximum: int = MAX_INT,
) -> int | None:
    """The parameter as an int in minimum..maximum; ``default`` if absent or empty.

    Raises ``BadParameter`` (a 400) for anything else.
    """
    raw = _last(data, name)
    if raw == "":
        return default
    value = parse_int(raw, minimum=minimum, maximum=maximum)
    if value is None:
        raise _refuse_int(name, raw, minimum=minimum, maximum=maximum)
    return value


def id_param(data: Mapping[str, Any], name: str) -> int | None:
    """The parameter as a primary key (1 to ``MAX_ID``); None if absent or empty.

    Raises ``BadParameter`` (a 400) for anything else. Whether the id names
    something the user may see is the access helpers' business, not this one's.
    """
    raw = _last(data, name)
    if raw == "":
        return None
    value = parse_int(raw, minimum=1, maximum=MAX_ID)
    if value is None:
        raise _refuse_id(name, raw)
    return value


def id_list_param(data: Mapping[str, Any], name: str, *, most: int = MAX_IDS) -> list[int]:
    """Every value of the repeated parameter as primary keys, in the order sent.

    Repeats and empty values are dropped; an absent parameter is an empty list.
    One bad value, or more than ``most`` ids, raises ``BadParameter`` (a 400) for
    the whole parameter.
    """
    getlist = getattr(data, "getlist", None)
    values = getlist(name) if getlist else [data.get(name)]
    ids: dict[int, None] = {}
    for value in values:
        raw = "" if value is None else str(value)
        if raw == "":
            continue
        parsed = parse_int(raw, minimum=1, maximum=MAX_ID)
        if parsed is None:
            raise _refuse_id(name, raw)
        ids[parsed] = None
    if len(ids) > most:
        message = _("“%(name)s” lists more than %(most)d entries. Choose fewer and try again.") % {
            "name": name,
            "most": most,
        }
        raise BadParameter(message, name=name)
    return list(ids)
