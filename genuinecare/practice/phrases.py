"""Wording that several parts of the practice loop share, written once.

Each phrase is lazy, so it is translated into the language of the request that
shows it. Phrases about people and units are in ``people/phrases.py``.
"""

from django.utils.translation import gettext_lazy as _

# When a form names something outside the leader's organisation (a tampered
# form, or something switched off since the page was loaded).
CHOOSE_KIND = _("Choose a kind of care of this organisation.")
CHOOSE_ACTIVE_KIND = _("Choose an active kind of care of this organisation.")
CHOOSE_STAKEHOLDERS = _("Choose stakeholders of this organisation.")
CHOOSE_ACCOUNT = _("Choose an account of this organisation.")
CHOOSE_SUPPLIER_ACCOUNT = _("Choose a supplier account of this organisation.")
CHOOSE_SPONSOR = _("Choose a sponsor from this organisation.")
