from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from genuinecare.catalog.registry import shipped
from genuinecare.lib.i18n import LANGUAGE_CODES
from genuinecare.lib.params import parse_int
from genuinecare.people.access import units_visible_to
from genuinecare.people.enums import Language, Role
from genuinecare.people.models import MIN_ANONYMITY_THRESHOLD, Person, Unit
from genuinecare.surveys.enums import Audience, Mode
from genuinecare.surveys.thresholds import inherited_thresholds


def catalog_choices() -> list[tuple[str, str]]:
    """The shipped catalogs a wave may ask, readiness and recommend catalogs left out."""
    return [
        (c.id, c.title.en) for c in shipped().values() if c.piece not in ("readiness", "recommend")
    ]


THRESHOLDS = ("threshold", "comment_threshold")


class WaveForm(forms.Form):
    """A new wave. A leader sees the organisation's thresholds and cannot change them.

    Their threshold fields are disabled (the browser sends nothing for them); a
    POST that carries other values anyway is refused, never silently corrected.
    ``create_wave`` enforces the same rule for every caller.
    """

    title = forms.CharField(label=_("Title"), max_length=200)
    audience = forms.ChoiceField(label=_("Who is asked"), choices=Audience.choices)
    leader = forms.ModelChoiceField(
        label=_("Leader (for a team's mirror)"), queryset=Person.objects.none(), required=False
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Units (empty: all employees)"), queryset=Unit.objects.none(), required=False
    )
    catalog = forms.ChoiceField(label=_("Catalog"), choices=())
    include_recommend = forms.BooleanField(
        label=_("Also ask for the likelihood to recommend"), required=False, initial=True
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=Language.choices,
        initial=list(LANGUAGE_CODES),
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices, initial=Mode.ANONYMOUS)
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    threshold = forms.IntegerField(
        label=_("Anonymity threshold"), min_value=MIN_ANONYMITY_THRESHOLD
    )
    comment_threshold = forms.IntegerField(
        label=_("Comment threshold"), min_value=MIN_ANONYMITY_THRESHOLD
    )
    reminder_days = forms.CharField(
        label=_("Reminders (days after opening, e.g. 3, 7)"), required=False
    )

    def __init__(self, *args: Any, membership: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        organisation = membership.organisation
        leaders = Person.objects.filter(
            organisation=organisation, role__in=[Role.ADMIN, Role.LEADER], archived_at__isnull=True
        )
        leader_field, units_field = self.fields["leader"], self.fields["units"]
        assert isinstance(leader_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        assert isinstance(units_field, forms.ModelMultipleChoiceField)  # noqa: S101
        leader_field.queryset = leaders if membership.is_admin else leaders.filter(pk=membership.pk)
        units_field.queryset = units_visible_to(membership).filter(archived_at__isnull=True)
        self.fields["catalog"].choices = catalog_choices()  # type: ignore[attr-defined]
        self.inherited = dict(
            zip(THRESHOLDS, inherited_thresholds(organisation=organisation), strict=True)
        )
        for name, value in self.inherited.items():
            self.fields[name].initial = value
        if membership.is_admin:
            comment_field = self.fields["comment_threshold"]
            comment_field.widget.attrs["min"] = max(
                organisation.comment_threshold, MIN_ANONYMITY_THRESHOLD
            )
            comment_field.help_text = _(
                "Not below the organisation's (%(min)d), nor below the anonymity threshold."
            ) % {"min": organisation.comment_threshold}
        else:
            for name in THRESHOLDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _(
                    "Your organisation's; only an admin can set another one."
                )
            own = (Audience.TEAM, Audience.EMPLOYEES)  # a leader asks their own people only
            self.fields["audience"].choices = [(a, a.label) for a in own]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not self.membership.is_admin and any(
            self.data.get(self.add_prefix(name), "") not in ("", str(value))
            for name, value in self.inherited.items()
        ):
            raise forms.ValidationError(
                _(
                    "Your waves use the organisation's thresholds: %(k)d people for results "
                    "and %(comments)d for comments. Only an admin can set other ones."
                )
                % {
                    "k": self.inherited["threshold"],
                    "comments": self.inherited["comment_threshold"],
                }
            )
        return cleaned

    def clean_reminder_days(self) -> list[int]:
        raw = self.cleaned_data["reminder_days"].replace(";", ",")
        parts = [p.strip() for p in raw.split(",") if p.strip()]
        days = [parse_int(p) for p in parts]
        if None in days:
            raise forms.ValidationError(_("Write whole numbers of days, separated by commas."))
        return [day for day in days if day is not None]


class MessagesForm(forms.Form):
    public_title_en = forms.CharField(
        label=_("Title respondents read (English)"), max_length=200, required=False
    )
    public_title_de = forms.CharField(
        label=_("Title respondents read (German)"), max_length=200, required=False
    )
    message_en = forms.CharField(label=_("Invitation text (English)"), widget=forms.Textarea)
    message_de = forms.CharField(label=_("Invitation text (German)"), widget=forms.Textarea)
