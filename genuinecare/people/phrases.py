"""Wording that several verbs and imports share, written once.

Each phrase is lazy, so it is translated into the language of the request that
shows it; fill a placeholder with ``%`` when it is raised.
"""

from django.utils.translation import gettext_lazy as _

NOT_AN_EMAIL = _("“%(email)s” is not an e-mail address. Write it like name@example.org.")

# When a form names something outside the user's organisation (a tampered form,
# or something archived since the page was loaded).
CHOOSE_UNIT = _("Choose a unit that is active in this organisation.")
CHOOSE_UNITS = _("Choose units that are active in this organisation.")
CHOOSE_PARENT_UNIT = _("Choose a parent unit that is active in this organisation.")
CHOOSE_MANAGER = _("Choose a manager from this organisation.")

# An address is unique within an organisation (the people form, the import's writer, SCIM).
EMAIL_TAKEN = _("%(email)s already belongs to someone in this organisation.")
