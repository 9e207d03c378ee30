"""The safe roof's pages: experiments, shielding, risks, business results and expectations.

Every page is the leader's own (404 for anyone else, admins included); each parses one
form and calls one verb of ``journey.roof``, then goes back to the journey page.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.journey import promises, risks, roof
from genuinecare.journey.access import get_own, get_own_journey
from genuinecare.journey.forms_roof import (
    EndExperimentForm,
    ExpectationForm,
    ExperimentForm,
    RateExpectationForm,
    ReadingForm,
    ResultForm,
    RiskForm,
    ShieldingForm,
)
from genuinecare.journey.models import BusinessResult, Expectation, Experiment, Journey, Risk
from genuinecare.lib.views import saved
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person

leader_view = organisation_view(role=Role.LEADER)


def section(journey: Journey, membership: Person) -> dict[str, Any]:
    """What the journey page shows of the safe roof."""
    return {"roof": roof.roof_of(journey, today=timezone.localdate()), "journey": journey}


def _back(journey: Journey) -> HttpResponse:
    return redirect(f"{journey.get_absolute_url()}#roof")


def _form_page(
    request: HttpRequest,
    *,
    journey: Journey,
    form: forms.Form,
    verb: Callable[[], object],
    title: str,
    done: str,
    **context: Any,
) -> HttpResponse:
    """Show ``form``; on a valid POST call ``verb`` and go back, else say what to fix (400)."""
    if request.method == "POST" and form.is_valid() and saved(form, verb) is not None:
        messages.success(request, done)
        return _back(journey)
    context.update({"journey": journey, "form": form, "title": title})
    status = 400 if request.method == "POST" else 200
    return render(request, "journey/roof_form.html", context, status=status)


# Experiments ---------------------------------------------------------------------------


@leader_view
def experiment_add(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    journey = get_own_journey(membership, pk)
    form = ExperimentForm(request.POST or None, journey=journey)
    return _form_page(
        request,
        journey=journey,
        form=form,
        verb=lambda: roof.add_experiment(journey=journey, **form.cleaned_data),
        title=_("A safe-to-fail experiment"),
        lead=_(
            "Small enough to fail safely, watched closely: amplify what works, dampen what "
            "does not. Several may run side by side for one focus area."
        ),
        done=_("Experiment added."),
    )


@leader_view
def experiment_edit(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    experiment = get_own(Experiment, membership, pk)
    journey = experiment.journey
    initial = {
        name: getattr(experiment, name)
        for name in (
            "hypothesis",
            "watch",
            "success_signs",
            "failure_signs",
            "starts_on",
            "ends_on",
            "cost",
            "focus",
            "step",
        )
    }
    form = ExperimentForm(request.POST or None, journey=journey, initial=initial)
    return _form_page(
        request,
        journey=journey,
        form=form,
        verb=lambda: roof.edit_experiment(experiment=experiment, **form.cleaned_data),
        title=_("Change the experiment"),
        done=_("Experiment saved."),
    )


@leader_view
def experiment_end(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    experiment = get_own(Experiment, membership, pk)
    form = EndExperimentForm(request.POST or None)
    return _form_page(
        request,
        journey=experiment.journey,
        form=form,
        verb=lambda: roof.end_experiment(experiment=experiment, **form.cleaned_data),
        title=_("End the experiment"),
        lead=experiment.hypothesis,
        done=_("Experiment ended."),
    )


# Shielding -----------------------------------------------------------------------------


@leader_view
def shielding_add(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    journey = get_own_journey(membership, pk)
    form = ShieldingForm(
        request.POST or None, journey=journey, initial={"on": timezone.localdate()}
    )
    return _form_page(
        request,
        journey=journey,
        form=form,
        verb=lambda: roof.log_shielding(journey=journey, **form.cleaned_data),
        title=_("Log shielding"),
        lead=_(
            "What pressure did you keep off the team so that they could try things? Only "
            "you see this log; it stands beside the unit's business results."
        ),
        done=_("Shielding logged."),
    )


# Risks ---------------------------------------------------------------------------------

RISK_FIELDS = (
    "cause",
    "event",
    "consequence",
    "likelihood",
    "impact",
    "owner",
    "treatment",
    "treatment_note",
    "residual_likelihood",
    "residual_impact",
    "review_on",
)


@leader_view
def risk_add(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    journey = get_own_journey(membership, pk)
    form = RiskForm(request.POST or None, journey=journey, initial={"owner": membership.pk})
    return _form_page(
        request,
        journey=journey,
        form=form,
        verb=lambda: risks.add_risk(journey=journey, **form.cleaned_data),
        title=_("A risk or pitfall"),
        lead=_(
            "Cause → event → consequence, scored likelihood × impact before and after you treat it."
        ),
        done=_("Risk added to the register."),
    )


@leader_view
def risk_edit(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    risk = get_own(Risk, membership, pk)
    initial = {name: getattr(risk, name) for name in RISK_FIELDS}
    initial["owner"] = risk.owner_id
    form = RiskForm(request.POST or None, journey=risk.journey, initial=initial)
    lead = (
        _("Named in your readiness reflection: complete it with its cause and consequence.")
        if risk.from_readiness and not (risk.cause and risk.consequence)
        else ""
    )
    return _form_page(
        request,
        journey=risk.journey,
        form=form,
        verb=lambda: risks.edit_risk(risk=risk, **form.cleaned_data),
        title=_("Review the risk"),
        lead=lead,
        done=_("Risk saved."),
    )


# Business results ----------------------------------------------------------------------


@leader_view
def result_add(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    journey = get_own_journey(membership, pk)
    form = ResultForm(request.POST or None, initial={"higher_is_better": True})
    return _form_page(
        request,
        journey=journey,
        form=form,
        verb=lambda: risks.add_result(journey=journey, **form.cleaned_data),
        title=_("A business result"),
        lead=_(
            "A figure the unit is measured by, with its target: shielding the team never "
            "means losing sight of the results."
        ),
        done=_("Business result added."),
    )


@leader_view
def result_edit(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    result = get_own(BusinessResult, membership, pk)
    initial = {
        "name": result.name,
        "measure": result.measure,
        "target": result.target,
        "higher_is_better": result.higher_is_better,
    }
    form = ResultForm(request.POST or None, initial=initial)
    return _form_page(
        request,
        journey=result.journey,
        form=form,
        verb=lambda: risks.edit_result(result=result, **form.cleaned_data),
        title=_("Change the business result"),
        done=_("Business result saved."),
    )


@leader_view
def reading_add(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    result = get_own(BusinessResult, membership, pk)
    form = ReadingForm(request.POST or None, initial={"on": timezone.localdate()})
    return _form_page(
        request,
        journey=result.journey,
        form=form,
        verb=lambda: risks.add_reading(result=result, **form.cleaned_data),
        title=_("A reading of %(name)s") % {"name": result.name},
        done=_("Reading added."),
        result=result,
    )


# Expectations --------------------------------------------------------------------------


@leader_view
def expectation_add(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    journey = get_own_journey(membership, pk)
    form = ExpectationForm(request.POST or None)
    return _form_page(
        request,
        journey=journey,
        form=form,
        verb=lambda: promises.add_expectation(journey=journey, **form.cleaned_data),
        title=_("A promise to your team"),
        lead=_("Promise only what you can keep: what, by when, and how the team will notice."),
        done=_("Expectation added."),
        realism=promises.realism_of(journey, today=timezone.localdate(), adding=1),
    )


@leader_view
def expectation_rate(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    expectation = get_own(Expectation, membership, pk)
    form = RateExpectationForm(request.POST or None, initial={"view": expectation.leader_view})
    return _form_page(
        request,
        journey=expectation.journey,
        form=form,
        verb=lambda: promises.rate_expectation(expectation=expectation, **form.cleaned_data),
        title=_("Your own view of the promise"),
        lead=expectation.what,
        done=_("Your view is recorded."),
    )


urlpatterns: list[URLPattern] = [
    path("<int:pk>/roof/experiments/add/", experiment_add, name="roof-experiment-add"),
    path("roof/experiments/<int:pk>/edit/", experiment_edit, name="roof-experiment-edit"),
    path("roof/experiments/<int:pk>/end/", experiment_end, name="roof-experiment-end"),
    path("<int:pk>/roof/shielding/add/", shielding_add, name="roof-shielding-add"),
    path("<int:pk>/roof/risks/add/", risk_add, name="roof-risk-add"),
    path("roof/risks/<int:pk>/edit/", risk_edit, name="roof-risk-edit"),
    path("<int:pk>/roof/results/add/", result_add, name="roof-result-add"),
    path("roof/results/<int:pk>/edit/", result_edit, name="roof-result-edit"),
    path("roof/results/<int:pk>/readings/add/", reading_add, name="roof-reading-add"),
    path("<int:pk>/roof/expectations/add/", expectation_add, name="roof-expectation-add"),
    path("roof/expectations/<int:pk>/rate/", expectation_rate, name="roof-expectation-rate"),
]
