"""The admin's two privacy forms: hand a person their data, erase it. Both need a reason."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from genuinecare.practice.privacy_requests import MAX_REASON


class PrivacyRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("How and when the person asked, e.g. “E-mail to HR of 3 March”."),
        error_messages={
            "required": _("Give the reason for this request, e.g. how and when the person asked.")
        },
    )
    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)


class ErasureForm(PrivacyRequestForm):
    confirm = forms.CharField(
        label=_("Type the person's e-mail address to confirm"),
        max_length=254,
        error_messages={"required": _("Type the person's e-mail address exactly to confirm.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
