"""Deployment checks of our own settings, run by ``care check --deploy``."""

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

EXAMPLE = "https://care.example.org"


@register(Tags.security, deploy=True)
def site_url_is_public_https(**kwargs: Any) -> list[CheckMessage]:
    """In production, SITE_URL is set to an https address with a host.

    Every link in every e-mail (survey invitations, reminders, password resets,
    follow-up questions) is SITE_URL plus a path, so a missing or plain-http
    address sends people to a dead or unprotected page.
    """
    if not settings.PRODUCTION:
        return []
    url = settings.SITE_URL
    if not url:
        return [
            Error(
                "SITE_URL is not set, so the links in e-mails (survey invitations, password "
                "resets, follow-up questions) would lead nowhere.",
                hint=f"Set SITE_URL to the public https address people open, e.g. {EXAMPLE}.",
                id="lib.E001",
            )
        ]
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        return [
            Error(
                f"SITE_URL is {url!r}, but in production every link in every e-mail must "
                "start with https:// and name the host.",
                hint=f"Set SITE_URL to the public https address people open, e.g. {EXAMPLE}.",
                id="lib.E002",
            )
        ]
    return []
