"""The forms of the safe roof: they parse input; the verbs in ``journey.roof`` decide."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from genuinecare.journey import roof
from genuinecare.journey.enums import Outcome, PromiseRating, Treatment
from genuinecare.journey.models import Experiment, Focus, Journey, Step
from genuinecare.people.models import Person

type Label = Any  # a string or a lazily translated one

LEVELS = [(level, str(level)) for level in range(1, 6)]


class DateInput(forms.DateInput):
    input_type = "date"


def text(label: Label, *, help_text: Label = "", required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def level(label: Label, help_text: Label = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, choices=LEVELS, coerce=int, initial=3, help_text=help_text
    )


class ExperimentForm(forms.Form):
    hypothesis = text(
        _("Hypothesis"), help_text=_("What you believe will happen if the team tries this.")
    )
    watch = text(_("What we watch"))
    success_signs = text(_("Signs of success (amplify)"))
    failure_signs = text(_("Signs of failure (dampen)"))
    starts_on = forms.DateField(label=_("Starts"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends"), widget=DateInput())
    cost = forms.CharField(
        label=_("Cost"),
        max_length=200,
        required=False,
        help_text=_("Time, money or attention it takes; keep it small enough to fail safely."),
    )
    focus = forms.ModelChoiceField(
        label=_("Focus area"), queryset=Focus.objects.none(), required=False
    )
    step = forms.ModelChoiceField(
        label=_("Step it informs"), queryset=Step.objects.none(), required=False
    )

    def __init__(self, *args: Any, journey: Journey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["focus"].queryset = roof.focus_choices(journey)  # type: ignore[attr-defined]
        self.fields["step"].queryset = roof.step_choices(journey)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The time box ends before it starts: choose a later end."))
        return data


class EndExperimentForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("How it ends"),
        choices=[(o.value, o.label) for o in Outcome if o != Outcome.OPEN],
        widget=forms.RadioSelect,
    )
    learnt = text(_("What we learnt"))


class ShieldingForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=DateInput())
    note = text(_("What pressure I kept off the team"))
    experiment = forms.ModelChoiceField(
        label=_("For the experiment"), queryset=Experiment.objects.none(), required=False
    )

    def __init__(self, *args: Any, journey: Journey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["experiment"].queryset = roof.experiment_choices(journey)  # type: ignore[attr-defined]


class OwnerField(forms.TypedChoiceField):
    """One of the given people, by id; the verb checks again that they may own it."""

    def __init__(self, people: list[Person], **kwargs: Any) -> None:
        by_pk = {person.pk: person for person in people}
        super().__init__(
            choices=[("", "—"), *((p.pk, p.name) for p in people)],
            coerce=lambda value: by_pk[int(value)],
            empty_value=None,
            **kwargs,
        )


class RiskForm(forms.Form):
    cause = text(_("Cause"), help_text=_("What could set it off."))
    event = text(_("Event"), help_text=_("What could happen."))
    consequence = text(
        _("Consequence"), help_text=_("What it would do to the team or the results.")
    )
    likelihood = level(_("Likelihood (1–5)"), _("1 rare, 5 almost certain."))
    impact = level(_("Impact (1–5)"), _("1 minor, 5 severe."))
    treatment = forms.ChoiceField(label=_("Treatment"), choices=Treatment.choices)
    treatment_note = text(_("How"), required=False)
    residual_likelihood = level(_("Residual likelihood (1–5)"), _("After the treatment."))
    residual_impact = level(_("Residual impact (1–5)"), _("After the treatment."))
    review_on = forms.DateField(label=_("Review on"), widget=DateInput())

    def __init__(self, *args: Any, journey: Journey, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"] = OwnerField(
            roof.owner_choices(journey), label=_("Owner"), required=False
        )
        self.order_fields(
            ["cause", "event", "consequence", "likelihood", "impact", "owner", "treatment"]
        )


class ResultForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    measure = forms.CharField(
        label=_("Unit of measure"),
        max_length=40,
        required=False,
        help_text=_("For example %, €, days or tickets."),
    )
    target = forms.DecimalField(label=_("Target"), max_digits=14, decimal_places=2)
    higher_is_better = forms.BooleanField(label=_("Higher is better"), required=False)


class ReadingForm(forms.Form):
    on = forms.DateField(label=_("On"), widget=DateInput())
    value = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=2)


class ExpectationForm(forms.Form):
    what = text(_("What I promise"))
    due_on = forms.DateField(label=_("By when"), widget=DateInput())
    noticed_by = text(_("How the team will notice"))


class RateExpectationForm(forms.Form):
    view = forms.ChoiceField(
        label=_("My own view"), choices=PromiseRating.choices, widget=forms.RadioSelect
    )
