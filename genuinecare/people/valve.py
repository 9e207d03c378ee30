"""The safety valve of every sync (the people import and SCIM provisioning).

A sync that would deactivate more than 40 % of an organisation's active people, or change
more than 5 % of their e-mail addresses, is held until an admin confirms it: a wrong
filter in an HR system or an identity provider should not lock half the company out.
A change of fewer than ``MINIMUM`` people is never held, so a small organisation can still
fix one address without asking itself.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DEACTIVATE_SHARE = 0.40
EMAIL_SHARE = 0.05
MINIMUM = 5


@dataclass(frozen=True, slots=True)
class LargeChange:
    """What a sync would do to ``active`` people: ``deactivations`` and ``email_changes``."""

    active: int
    deactivations: int
    email_changes: int

    @property
    def deactivates_too_many(self) -> bool:
        return _over(self.deactivations, self.active, DEACTIVATE_SHARE)

    @property
    def changes_too_many_emails(self) -> bool:
        return _over(self.email_changes, self.active, EMAIL_SHARE)

    @property
    def held(self) -> bool:
        """True if an admin must confirm the change before it is applied."""
        return self.deactivates_too_many or self.changes_too_many_emails

    @property
    def detail(self) -> str:
        """The audit log's plain fact, e.g. "deactivations=12 email_changes=0 active=20"."""
        return (
            f"deactivations={self.deactivations} email_changes={self.email_changes} "
            f"active={self.active}"
        )

    def describe(self) -> str:
        """The sentence an admin confirms, e.g. "deactivate 12 of 20 people"."""
        parts = []
        if self.deactivates_too_many:
            parts.append(
                ngettext(
                    "deactivate %(count)d of %(active)d active person",
                    "deactivate %(count)d of %(active)d active people",
                    self.active,
                )
                % {"count": self.deactivations, "active": self.active}
            )
        if self.changes_too_many_emails:
            parts.append(
                ngettext(
                    "change the e-mail address of %(count)d of %(active)d active person",
                    "change the e-mail addresses of %(count)d of %(active)d active people",
                    self.active,
                )
                % {"count": self.email_changes, "active": self.active}
            )
        return _(" and ").join(parts)


def _over(count: int, active: int, share: float) -> bool:
    return count >= MINIMUM and count > share * max(active, 0)
