"""The forms of the plan: a step, a check-in, a checklist item, a comment, what a step
waits for, and the library's own actions. They only parse; the verbs in ``plan.py`` and
``library.py`` decide."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from genuinecare.journey.enums import Health, StepStatus
from genuinecare.journey.library import dimension_title, felt_dimensions, library_keys
from genuinecare.journey.models import Step
from genuinecare.people.models import Person


class DateInput(forms.DateInput):
    input_type = "date"


def felt_choices(language: str, keep: list[str] | None = None) -> list[tuple[str, str]]:
    """The felt-care dimensions, plus any other dimension a step already names."""
    choices = [(key, d.title.get(language)) for key, d in felt_dimensions()]
    known = {key for key, _label in choices}
    choices.extend((key, dimension_title(key, language)) for key in keep or [] if key not in known)
    return choices


class StepForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    owners = forms.ModelMultipleChoiceField(
        label=_("Owners"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    due_on = forms.DateField(label=_("Due"), required=False, widget=DateInput())
    lane = forms.CharField(
        label=_("Lane"),
        max_length=80,
        required=False,
        help_text=_(
            "Steps in different lanes run side by side; to make one step follow another, "
            "let it wait for it."
        ),
    )
    dimensions = forms.MultipleChoiceField(
        label=_("Felt-care dimensions it should move"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    health = forms.ChoiceField(label=_("Health"), choices=Health.choices)

    def __init__(
        self,
        *args: Any,
        people: QuerySet[Person],
        language: str,
        step: Step | None = None,
        **kwargs: Any,
    ) -> None:
        if step is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": step.title,
                    "description": step.description,
                    "owners": list(step.owners.all()),
                    "due_on": step.due_on,
                    "lane": step.lane,
                    "dimensions": step.dimensions,
                    "status": step.status,
                    "health": step.health,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["owners"].queryset = people  # type: ignore[attr-defined]
        self.fields["dimensions"].choices = felt_choices(  # type: ignore[attr-defined]
            language, list(step.dimensions) if step else []
        )
        if step is None:
            del self.fields["status"]


class CheckInForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=StepStatus.choices)
    health = forms.ChoiceField(label=_("Health"), choices=Health.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChecklistForm(forms.Form):
    text = forms.CharField(label=_("To do"), max_length=300)


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class WaitsForm(forms.Form):
    waits_for = forms.TypedChoiceField(label=_("Waits for"), coerce=int)

    def __init__(self, *args: Any, others: list[Step], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["waits_for"].choices = [  # type: ignore[attr-defined]
            (step.pk, step.title) for step in others
        ]


class LibraryActionForm(forms.Form):
    key = forms.ChoiceField(label=_("Dimension"))
    title_en = forms.CharField(label=_("Title (English)"), max_length=300)
    title_de = forms.CharField(label=_("Title (German)"), max_length=300)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [  # type: ignore[attr-defined]
            (key, dimension.title.get(language)) for key, dimension in library_keys()
        ]
