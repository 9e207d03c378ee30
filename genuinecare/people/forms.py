from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from genuinecare.people.access import unit_tree
from genuinecare.people.audit_log import GROUPS, MAX_LABEL
from genuinecare.people.enums import Function, Language, Role
from genuinecare.people.importing import INVITE
from genuinecare.people.models import Organisation, Person


def unit_choices(organisation: Organisation, *, empty: str) -> list[tuple[str, str]]:
    """Active units as indented choices, in tree order."""
    tree = unit_tree(organisation.pk)
    return [("", empty)] + [
        (str(unit_id), "— " * tree.depth(unit_id) + tree.nodes[unit_id].name)
        for unit_id in tree.ordered()
    ]


def set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    """Give the form's choice field ``name`` these choices."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)  # noqa: S101 - a programming error, not input
    field.choices = choices


class MoveUnitForm(forms.Form):
    parent = forms.ChoiceField(label=_("New parent unit"), required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "parent", unit_choices(organisation, empty=str(_("(top level)"))))


class UnitForm(MoveUnitForm):
    """A new unit: its name and where it goes (the top level, or below a unit)."""

    field_order = ("name", "parent")
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ChoiceField(label=_("Parent unit"), required=False)


class RenameUnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)


class PersonForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    manager = forms.ChoiceField(label=_("Manager"), required=False)
    function = forms.ChoiceField(label=_("Function"), choices=Function.choices)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "unit", unit_choices(organisation, empty=str(_("(no unit)"))))
        managers = Person.objects.filter(organisation=organisation, archived_at__isnull=True)
        people = managers.values_list("pk", "name", "email")
        set_choices(
            self,
            "manager",
            [("", str(_("(no manager)"))), *((str(pk), f"{n} <{e}>") for pk, n, e in people)],
        )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, email, unit (a path like Sales/DACH/Key Accounts; write a "
            "slash that belongs to a unit's name twice, as in R//D), manager_email, "
            "function, language, and optionally role."
        ),
    )
    invite = forms.BooleanField(
        label=_("Invite everyone in the file to sign in"),
        help_text=_(
            "Each person who cannot sign in yet gets an activation e-mail with a link to set "
            "their password. People who only answer surveys need no account."
        ),
        required=False,
    )

    def clean_invite(self) -> str:
        return INVITE if self.cleaned_data["invite"] else ""


class DateInput(forms.DateInput):
    input_type = "date"


BAD_DATE = _("Enter the date as year-month-day, for example 2026-03-31.")


class AuditFilterForm(forms.Form):
    """The audit page's filters (a GET form): a group of events, a person, a date range."""

    group = forms.ChoiceField(
        label=_("Events"),
        required=False,
        error_messages={"invalid_choice": _("Choose a kind of event from the list.")},
    )
    who = forms.CharField(
        label=_("Person"),
        required=False,
        max_length=MAX_LABEL,
        help_text=_("Part of the e-mail address of who acted or whom it concerned."),
    )
    start = forms.DateField(
        label=_("From"), required=False, widget=DateInput(), error_messages={"invalid": BAD_DATE}
    )
    end = forms.DateField(
        label=_("Until"), required=False, widget=DateInput(), error_messages={"invalid": BAD_DATE}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(
            self, "group", [("", str(_("All events"))), *((k, str(v)) for k, v in GROUPS.items())]
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            raise forms.ValidationError(
                _("The start date is after the end date. Swap them or choose another range.")
            )
        return data
