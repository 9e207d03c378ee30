import datetime as dt
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from genuinecare.people.enums import AccountType, Language
from genuinecare.people.models import Person
from genuinecare.practice.enums import CadenceMode, CadenceTarget, Circle
from genuinecare.practice.models import CareKind, Stakeholder

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class DateInput(forms.DateInput):
    input_type = "date"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class LogCareForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind of care"), queryset=CareKind.objects.none())
    stakeholders = forms.ModelMultipleChoiceField(
        label=_("With whom"), queryset=Stakeholder.objects.none()
    )
    happened_at = forms.DateTimeField(
        label=_("When it happened"),
        widget=DateTimeInput(),
        help_text=_("Back-date it if it happened earlier."),
    )
    note = forms.CharField(
        label=_("Private note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only you see this note here. If the care action is with one person alone, "
            "that person receives it when they ask for a copy of their data."
        ),
    )
    commitment_1 = forms.CharField(label=_("Commitment made"), required=False, max_length=300)
    due_1 = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    commitment_2 = forms.CharField(label=_("Another commitment"), required=False, max_length=300)
    due_2 = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    ask_follow_up = forms.BooleanField(
        label=_("Ask the recipient whether they felt heard (one question by e-mail)"),
        required=False,
    )
    submission = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, kinds: Any, stakeholders: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission", uuid.uuid4().hex)
        kwargs["initial"].setdefault(
            "happened_at", timezone.localtime().replace(second=0, microsecond=0)
        )
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = kinds  # type: ignore[attr-defined]
        self.fields["stakeholders"].queryset = stakeholders  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for number in (1, 2):
            text, due = data.get(f"commitment_{number}"), data.get(f"due_{number}")
            if text and not due:
                self.add_error(f"due_{number}", _("Give the commitment a due date."))
            if due and not text:
                self.add_error(f"commitment_{number}", _("Say what you committed to."))
        return data

    def commitments(self) -> list[tuple[str, dt.date]]:
        data = self.cleaned_data
        return [
            (data[f"commitment_{n}"], data[f"due_{n}"])
            for n in (1, 2)
            if data.get(f"commitment_{n}") and data.get(f"due_{n}")
        ]


class AccountForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"), choices=AccountType.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    segment = forms.CharField(
        label=_("Segment"),
        max_length=100,
        required=False,
        help_text=_("Pulse results of customers and suppliers are grouped by segment."),
    )
    circle = forms.ChoiceField(
        label=_("Circle of care"),
        choices=Circle.choices,
        required=False,
        help_text=_("Customers and suppliers go to their own circle."),
    )
    email_domains = forms.CharField(
        label=_("E-mail domains"),
        required=False,
        help_text=_("Separated by spaces, e.g. acme.com acme.de; used by the calendar import."),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_language = forms.ChoiceField(label=_("Contact's language"), choices=Language.choices)


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it up."))
        return upload


class SnoozeForm(forms.Form):
    item = forms.CharField(max_length=80)
    until = forms.DateField(label=_("Snooze until"), widget=DateInput())


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    sponsor = forms.ModelChoiceField(
        label=_("Sponsor"), queryset=Person.objects.none(), required=False
    )
    business_case = forms.CharField(
        label=_("Business case"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    end_customer_impact = forms.CharField(
        label=_("Expected impact on end customers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    affects_end_customers = forms.BooleanField(label=_("Affects end customers"), required=False)
    affects_internal_users = forms.BooleanField(label=_("Affects internal users"), required=False)
    affects_suppliers = forms.BooleanField(label=_("Affects suppliers"), required=False)

    def __init__(self, *args: Any, leaders: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sponsor"].queryset = leaders  # type: ignore[attr-defined]


class SupplierImpactForm(forms.Form):
    supplier = forms.ModelChoiceField(label=_("Supplier"), queryset=Stakeholder.objects.none())
    decision = forms.CharField(label=_("Decision"), max_length=300)
    revenue_effect = forms.DecimalField(
        label=_("Expected revenue effect per year (EUR)"), max_digits=14, decimal_places=2
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput())
    told_on = forms.DateField(label=_("Supplier first told on"), required=False, widget=DateInput())

    def __init__(self, *args: Any, suppliers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supplier"].queryset = suppliers  # type: ignore[attr-defined]


class ImpactStatusForm(forms.Form):
    told_on = forms.DateField(label=_("Supplier first told on"), required=False, widget=DateInput())
    closed_on = forms.DateField(label=_("Closed on"), required=False, widget=DateInput())


class CadenceRuleForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind of care"), queryset=CareKind.objects.none())
    circle = forms.ChoiceField(label=_("Circle of care"), choices=Circle.choices)
    target = forms.ChoiceField(label=_("Counts for"), choices=CadenceTarget.choices)
    function = forms.ChoiceField(label=_("Only for leaders with function"), required=False)
    unit = forms.ChoiceField(
        label=_("Only for unit"),
        required=False,
        help_text=_("Applies to the unit and every unit below it."),
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=CadenceMode.choices)
    ideal_days = forms.IntegerField(label=_("Ideal interval (days)"), required=False, min_value=1)
    max_days = forms.IntegerField(label=_("Maximum interval (days)"), required=False, min_value=1)
    count = forms.IntegerField(label=_("Count"), required=False, min_value=1)
    period_days = forms.IntegerField(label=_("Period (days)"), required=False, min_value=1)
    active = forms.BooleanField(
        label=_("Active (untick to switch this cadence off)"), required=False, initial=True
    )


class KindForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    name_en = forms.CharField(label=_("Name (English)"), max_length=100)
    name_de = forms.CharField(label=_("Name (German)"), max_length=100)
    circle = forms.ChoiceField(label=_("Usual circle"), choices=Circle.choices)
    customer_contact = forms.BooleanField(label=_("Counts as customer contact"), required=False)
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class RetentionForm(forms.Form):
    note_retention_days = forms.IntegerField(
        label=_("Keep private notes for (days)"),
        required=False,
        min_value=30,
        help_text=_("Empty keeps notes until they are deleted. At least 30 days."),
    )
    nudge_cap = forms.IntegerField(
        label=_("Most nudges per list and digest"), min_value=1, max_value=50
    )


class FollowUpAnswerForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("I felt heard"),
        coerce=int,
        choices=[
            (1, _("1: strongly disagree")),
            (2, _("2: disagree")),
            (3, _("3: neither agree nor disagree")),
            (4, _("4: agree")),
            (5, _("5: strongly agree")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you want to add (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
