"""Logs never carry a single-use link.

A survey invitation, a follow-up, a journey pulse, a data export, an activation or a
password reset works for whoever holds its token; the database keeps only its hash, so
the logs must not keep the token either. ``redact`` blanks the token in any text (a path,
a request line, a referrer); ``RedactLinks`` applies it to Django's log records and
``RedactingAccessLogger`` to gunicorn's access log (``care serve``).

Nor does the access log say who answered a survey or a journey pulse when: a request to
an answer page (``/r/…``, ``/journey-pulse/…``), or one an answer page caused (its
referrer: styles, scripts), is logged without the client's address, user agent or any
header.
"""

import logging
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from gunicorn.glogging import Logger as GunicornLogger

REDACTED = "[link]"
_TOKEN_PATHS = re.compile(
    r"(?P<prefix>/(?:r|care-felt|journey-pulse|my-data|activate|accounts/password/reset/key)/)"
    r"(?!thanks/|done/|[^/\s?#\"']*-set-password/)[^/\s?#\"']+"
)


ANSWER_PAGES = ("/r/", "/journey-pulse/")  # anonymous answers: whose and when stay unknown
UNKNOWN = "-"
_IDENTIFYING = ("h", "a")  # address, user agent; headers and environ: "{…}i", "{…}o", "{…}e"


def redact(text: str) -> str:
    """``text`` with the token of every single-use link replaced by ``[link]``."""
    return _TOKEN_PATHS.sub(lambda match: match["prefix"] + REDACTED, text)


class RedactLinks(logging.Filter):
    """A logging filter that redacts links in the final message of every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def _from_answer_page(environ: Mapping[str, Any]) -> bool:
    referrer = urlsplit(str(environ.get("HTTP_REFERER", ""))).path
    return any(
        path.startswith(ANSWER_PAGES) for path in (str(environ.get("PATH_INFO", "")), referrer)
    )


def _identifies(atom: str) -> bool:
    return atom in _IDENTIFYING or atom.endswith(("}i", "}o", "}e"))


class RedactingAccessLogger(GunicornLogger):  # type: ignore[misc]
    """gunicorn's logger, with links redacted in every access-log field (path, referrer …).

    For answer pages, and what they load, the client stays unknown as well.
    """

    def atoms(self, resp: Any, req: Any, environ: Any, request_time: Any) -> dict[str, Any]:
        atoms = super().atoms(resp, req, environ, request_time)
        if _from_answer_page(environ):
            atoms = {key: UNKNOWN if _identifies(key) else value for key, value in atoms.items()}
        return {
            key: redact(value) if isinstance(value, str) else value for key, value in atoms.items()
        }
