"""The organisation admin's pages: kinds of care, cadences and retention."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Function, Role
from genuinecare.people.forms import set_choices, unit_choices
from genuinecare.people.models import Person
from genuinecare.practice import access, actions
from genuinecare.practice.cadences import actions as cadence_actions
from genuinecare.practice.forms import CadenceRuleForm, KindForm, RetentionForm

admin_view = organisation_view(role=Role.ADMIN)


@admin_view
def settings_view(request: HttpRequest, membership: Person) -> HttpResponse:
    organisation = membership.organisation
    if request.method == "POST":
        settings = actions.ensure_practice(organisation=organisation)
    else:
        settings = actions.practice_settings(organisation=organisation)
    kind_form = KindForm(request.POST if "kind" in request.POST else None, prefix="kind")
    rule_form = CadenceRuleForm(request.POST if "rule" in request.POST else None, prefix="rule")
    rule_form.fields["kind"].queryset = access.kinds_visible_to(membership)  # type: ignore[attr-defined]
    set_choices(
        rule_form,
        "function",
        [("", _("(every function)")), *((v, str(label)) for v, label in Function.choices)],
    )
    set_choices(rule_form, "unit", unit_choices(organisation, empty=_("(every unit)")))
    retention = RetentionForm(
        request.POST if "retention" in request.POST else None,
        initial={name: getattr(settings, name) for name in RetentionForm.base_fields},
    )
    done = False
    try:
        if kind_form.is_bound and kind_form.is_valid():
            cadence_actions.save_kind(organisation=organisation, **kind_form.cleaned_data)
            done = True
        elif rule_form.is_bound and rule_form.is_valid():
            data = dict(rule_form.cleaned_data)
            unit = int(data.pop("unit")) if data["unit"] else None
            cadence_actions.add_cadence_rule(organisation=organisation, unit_id=unit, **data)
            done = True
        elif retention.is_bound and retention.is_valid():
            cadence_actions.set_retention(settings=settings, **retention.cleaned_data)
            done = True
    except ValidationError as error:
        form = kind_form if kind_form.is_bound else rule_form if rule_form.is_bound else retention
        form.add_error(None, error)
    if done:
        messages.success(request, _("Settings saved."))
        return redirect("practice:settings", org=organisation.slug)
    context = {
        "kinds": access.kinds_visible_to(membership),
        "rules": access.cadence_rules_visible_to(membership).select_related("kind", "unit"),
        "kind_form": kind_form,
        "rule_form": rule_form,
        "retention": retention,
    }
    return render(request, "practice/settings.html", context)
