"""The forms of the team window: opening one, proposing, declining."""

from django import forms
from django.utils.translation import gettext_lazy as _

from genuinecare.journey.enums import ProposalKind
from genuinecare.journey.team import DEFAULT_DAYS, MAX_DAYS, MAX_REASON, MAX_TEXT, MIN_DAYS


class WindowForm(forms.Form):
    days = forms.IntegerField(
        label=_("Open for (days)"),
        min_value=MIN_DAYS,
        max_value=MAX_DAYS,
        required=False,
        initial=DEFAULT_DAYS,
    )


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What do you propose?"),
        choices=ProposalKind.choices,
        initial=ProposalKind.STEP,
        widget=forms.RadioSelect,
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("What and why"), max_length=MAX_TEXT, required=False, widget=forms.Textarea
    )
    named = forms.BooleanField(
        label=_("Show my name with this proposal"),
        required=False,
        help_text=_("Leave it unticked to propose anonymously: then nobody can tell it was you."),
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not (the team sees this)"),
        max_length=MAX_REASON,
        required=False,
        widget=forms.Textarea,
    )
