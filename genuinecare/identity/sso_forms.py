"""The admin's single sign-on form and the sign-in page's "which organisation?" question."""

from django import forms
from django.utils.translation import gettext_lazy as _

from genuinecare.identity.enums import SsoRequirement


class SingleSignOnForm(forms.Form):
    issuer = forms.CharField(
        label=_("Issuer URL"),
        max_length=500,
        help_text=_("As your provider shows it, e.g. https://login.example.org/realms/staff."),
    )
    client_id = forms.CharField(label=_("Client ID"), max_length=255)
    secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    domains = forms.CharField(
        label=_("Your organisation's e-mail domains"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Separated by commas or lines, e.g. example.org, example.de."),
    )
    create_people = forms.BooleanField(
        label=_("Create people on their first sign-in when their address is at these domains"),
        required=False,
    )
    requirement = forms.ChoiceField(
        label=_("Single sign-on is"),
        choices=SsoRequirement.choices,
        initial=SsoRequirement.OPTIONAL,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: object, secret_set: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["secret"].help_text = (
            _("A secret is set and never shown again. Enter a new one only to replace it.")
            if secret_set
            else _("Shown once by your provider; stored encrypted and never shown again.")
        )


class FindOrganisationForm(forms.Form):
    organisation = forms.CharField(
        label=_("Your organisation's short name or your work e-mail address"), max_length=254
    )
