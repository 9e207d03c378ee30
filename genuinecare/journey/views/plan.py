"""The journey's plan pages: steps, their check-ins and what they wait for, and the library."""

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.journey import library, plan
from genuinecare.journey.access import (
    get_library_action,
    get_own,
    get_own_journey,
    library_actions,
    own_open_journeys,
)
from genuinecare.journey.forms_plan import (
    CheckInForm,
    ChecklistForm,
    CommentForm,
    LibraryActionForm,
    StepForm,
    WaitsForm,
)
from genuinecare.journey.models import ChecklistItem, Dependency, Journey, Step
from genuinecare.lib.views import page_language, saved
from genuinecare.people.access import organisation_view, people_visible_to
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


def _people(membership: Person) -> Any:
    return people_visible_to(membership).filter(archived_at__isnull=True).order_by("name")


def _status(form: forms.Form) -> int:
    return 400 if form.is_bound and form.errors else 200


def _step_verb_args(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "title": data["title"],
        "description": data["description"],
        "owners": list(data["owners"]),
        "due_on": data["due_on"],
        "lane": data["lane"],
        "dimensions": data["dimensions"],
        "health": data["health"],
    }


@organisation_view(role=Role.LEADER)
def step_add(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """A new step in the plan of one of the leader's journeys."""
    journey = get_own_journey(membership, pk)
    form = StepForm(request.POST or None, people=_people(membership), language=page_language())
    if request.method == "POST" and form.is_valid():
        args = _step_verb_args(form.cleaned_data)
        step = saved(form, lambda: plan.add_step(journey=journey, leader=membership, **args))
        if step is not None:
            messages.success(request, _("The step is in your plan."))
            return redirect(step)
    context = {"journey": journey, "form": form, "step": None}
    return render(request, "journey/plan_step_form.html", context, status=_status(form))


@organisation_view(role=Role.LEADER)
def step_edit(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """Change a step: what it is, who owns it, when it is due, its lane and dimensions."""
    step = get_own(Step, membership, pk)
    form = StepForm(
        request.POST or None, people=_people(membership), language=page_language(), step=step
    )
    if request.method == "POST" and form.is_valid():
        args = _step_verb_args(form.cleaned_data)
        status = form.cleaned_data["status"]
        edited = saved(
            form, lambda: plan.edit_step(step=step, leader=membership, status=status, **args)
        )
        if edited is not None:
            messages.success(request, _("The step is saved."))
            return redirect(step)
    context = {"journey": step.journey, "form": form, "step": step}
    return render(request, "journey/plan_step_form.html", context, status=_status(form))


STEP_FORMS = {
    "check_in": CheckInForm,
    "checklist": ChecklistForm,
    "comment": CommentForm,
    "waits": WaitsForm,
}


@organisation_view(role=Role.LEADER)
def step_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """A step with its check-ins, checklist, comments and what it waits for.

    Its forms post here, named by ``form``: a check-in, a checklist item, a comment, or
    a step it waits for.
    """
    step = get_own(Step, membership, pk)
    others = plan.others_of(step)
    bound = request.POST.get("form", "") if request.method == "POST" else ""
    data = request.POST if bound in STEP_FORMS else None
    check_in_form = CheckInForm(
        data if bound == "check_in" else None,
        initial={"status": step.status, "health": step.health},
    )
    checklist_form = ChecklistForm(data if bound == "checklist" else None)
    comment_form = CommentForm(data if bound == "comment" else None)
    waits_form = WaitsForm(data if bound == "waits" else None, others=others)
    chosen: forms.Form | None = {
        "check_in": check_in_form,
        "checklist": checklist_form,
        "comment": comment_form,
        "waits": waits_form,
    }.get(bound)
    if request.method == "POST" and chosen is None:
        return _bad(request, _("Choose what to add to the step."))
    if chosen is not None and chosen.is_valid():
        done = saved(chosen, lambda: _act(bound, step, membership, chosen.cleaned_data))
        if done is not None:
            messages.success(request, done)
            return redirect(step)
    context = {
        **plan.details_of(step),
        "journey": step.journey,
        "step": step,
        "dimensions": [library.dimension_title(k, page_language()) for k in step.dimensions],
        "check_in_form": check_in_form,
        "checklist_form": checklist_form,
        "comment_form": comment_form,
        "waits_form": waits_form if others else None,
    }
    status = 400 if chosen is not None and chosen.errors else 200
    return render(request, "journey/plan_step.html", context, status=status)


def _act(kind: str, step: Step, membership: Person, data: dict[str, Any]) -> str:
    """Run the verb of one of the step page's forms; what to tell the leader after it."""
    if kind == "check_in":
        plan.check_in(step=step, author=membership, **data)
        return _("Your check-in is recorded.")
    if kind == "checklist":
        plan.add_checklist_item(step=step, leader=membership, text=data["text"])
        return _("Added to the checklist.")
    if kind == "comment":
        plan.add_comment(step=step, author=membership, text=data["text"])
        return _("Your comment is added.")
    other = next((s for s in plan.others_of(step) if s.pk == data["waits_for"]), None)
    if other is None:
        raise ValidationError(_("Choose a step of this journey."))
    plan.add_dependency(step=step, waits_for=other, leader=membership)
    return _("The step now waits for “%(other)s”.") % {"other": other.title}


def _bad(request: HttpRequest, problem: str) -> HttpResponse:
    return render(request, "400.html", {"problem": problem}, status=400)


@organisation_view(role=Role.LEADER)
@require_POST
def step_tick(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """Tick a checklist item off (``done=1``) or untick it."""
    item = get_own(ChecklistItem, membership, pk, "step__journey")
    done = request.POST.get("done", "") == "1"
    try:
        plan.tick(item=item, leader=membership, done=done)
    except ValidationError as refused:
        return _bad(request, " ".join(refused.messages))
    return redirect(item.step)


@organisation_view(role=Role.LEADER)
@require_POST
def step_unwait(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """The step no longer waits for the other."""
    dependency = get_own(Dependency, membership, pk, "step__journey")
    step = dependency.step
    try:
        plan.remove_dependency(dependency=dependency, leader=membership)
    except ValidationError as refused:
        return _bad(request, " ".join(refused.messages))
    messages.success(request, _("The step no longer waits for that one."))
    return redirect(step)


def _library_page(
    request: HttpRequest,
    membership: Person,
    *,
    journey: Journey | None,
    error: str = "",
) -> HttpResponse:
    language = page_language()
    own = list(library_actions(membership))
    context = {
        "library": library.library_for(own, language=language),
        "journey": journey,
        "journeys": [] if journey else list(own_open_journeys(membership)),
        "error": error,
        "can_add": membership.is_admin,
    }
    return render(request, "journey/plan_library.html", context, status=400 if error else 200)


@organisation_view(role=Role.LEADER)
def library_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """The library of suggested actions, per felt-care dimension and BIG5 piece."""
    return _library_page(request, membership, journey=None)


@organisation_view(role=Role.LEADER)
def step_copy(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """The library for one journey: copying a suggestion makes it a step, to edit next."""
    journey = get_own_journey(membership, pk)
    if request.method == "POST":
        own = list(library_actions(membership))
        found = library.library_for(own, language=page_language()).suggestion(
            request.POST.get("suggestion", "")
        )
        try:
            step = library.copy_into_plan(journey=journey, leader=membership, suggestion=found)
        except ValidationError as refused:
            return _library_page(
                request, membership, journey=journey, error=" ".join(refused.messages)
            )
        messages.success(request, _("The suggestion is a step of your plan now: make it yours."))
        return redirect("journey:step-edit", org=membership.organisation.slug, pk=step.pk)
    return _library_page(request, membership, journey=journey)


@organisation_view(role=Role.ADMIN)
def library_add(request: HttpRequest, membership: Person) -> HttpResponse:
    """An admin adds one of the organisation's own suggested actions, in both languages."""
    form = LibraryActionForm(request.POST or None, language=page_language())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if saved(form, lambda: library.add_library_action(admin=membership, **data)):
            messages.success(request, _("The action is in your organisation's library."))
            return redirect("journey:library", org=membership.organisation.slug)
    return render(request, "journey/plan_library_add.html", {"form": form}, status=_status(form))


@organisation_view(role=Role.ADMIN)
@require_POST
def library_remove(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """An admin takes one of the organisation's own actions out of the library."""
    action = get_library_action(membership, pk)
    try:
        library.remove_library_action(admin=membership, action=action)
    except ValidationError as refused:
        return _bad(request, " ".join(refused.messages))
    messages.success(request, _("The action is no longer in the library."))
    return redirect("journey:library", org=membership.organisation.slug)


urlpatterns: list[URLPattern] = [
    path("<int:pk>/steps/add/", step_add, name="step-add"),
    path("<int:pk>/steps/library/", step_copy, name="step-copy"),
    path("steps/<int:pk>/", step_view, name="step"),
    path("steps/<int:pk>/edit/", step_edit, name="step-edit"),
    path("checklist/<int:pk>/tick/", step_tick, name="step-tick"),
    path("waits/<int:pk>/remove/", step_unwait, name="step-unwait"),
    path("library/", library_view, name="library"),
    path("library/add/", library_add, name="library-add"),
    path("library/<int:pk>/remove/", library_remove, name="library-remove"),
]


def section(journey: Journey, membership: Person) -> dict[str, Any]:
    """What the journey page shows of the plan: lanes, what can start now, the critical path."""
    return {"plan": plan.plan_of(journey), "journey": journey}
