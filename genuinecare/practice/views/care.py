"""The leader's own care: map, stakeholder page, logging, commitments and nudges."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from genuinecare.lib.params import id_list_param, id_param
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.practice import access, actions
from genuinecare.practice.cadences.due import care_map, map_stakeholders, zone
from genuinecare.practice.felt.followups import log_care_and_ask
from genuinecare.practice.forms import LogCareForm, SnoozeForm

leader_view = organisation_view(role=Role.LEADER)


@leader_view
def map_view(request: HttpRequest, membership: Person) -> HttpResponse:
    cap = actions.practice_settings(organisation=membership.organisation).nudge_cap
    mapped = care_map(leader=membership, now=timezone.now())
    nudges, more = mapped.nudges(cap=cap)
    context = {"care_map": mapped, "circles": mapped.by_circle(), "nudges": nudges, "more": more}
    return render(request, "practice/map.html", context)


@leader_view
@require_POST
def snooze_view(request: HttpRequest, membership: Person) -> HttpResponse:
    form = SnoozeForm(request.POST)
    today = timezone.localdate(timezone=zone())
    if form.is_valid():
        try:
            actions.snooze_item(leader=membership, today=today, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Snoozed. You will be reminded again after that day."))
    else:
        messages.error(request, _("Choose a day to snooze until."))
    return redirect("practice:map", org=membership.organisation.slug)


@leader_view
def stakeholder_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    stakeholder = access.get_stakeholder(membership, pk)
    if stakeholder.person_id is None:
        return redirect(stakeholder)  # an account's page is the account page
    history = (
        access.own_actions(membership)
        .filter(stakeholders=stakeholder)
        .select_related("kind")
        .prefetch_related("commitments")[:50]
    )
    form = log_form(membership, None, asked=[stakeholder.pk])
    context = {"stakeholder": stakeholder, "history": history, "form": form}
    return render(request, "practice/stakeholder.html", context)


def log_form(
    membership: Person, data: Any, *, asked: list[int], kind: int | None = None
) -> LogCareForm:
    """The log form offers the leader's map, plus any account asked for by the page or the
    submission (``asked``, preselected with ``kind`` on a fresh form): logging care with
    an account puts it on the map."""
    visible = {s.pk for s in map_stakeholders(membership)}
    stakeholders = access.stakeholders_visible_to(membership).filter(
        Q(pk__in=visible) | Q(pk__in=asked, person__isnull=True), archived_at__isnull=True
    )
    return LogCareForm(
        data,
        kinds=access.kinds_visible_to(membership).filter(active=True),
        stakeholders=stakeholders,
        initial={"stakeholders": asked, "kind": kind},
    )


@leader_view
def log_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """The log form; ``?stakeholder=<id>&kind=<id>`` preselect (a bad id is a 400)."""
    posted = request.POST or None
    if posted is not None:
        asked = id_list_param(posted, "stakeholders")
    else:
        stakeholder = id_param(request.GET, "stakeholder")
        asked = [stakeholder] if stakeholder is not None else []
    form = log_form(membership, posted, asked=asked, kind=id_param(request.GET, "kind"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            _action, sent = log_care_and_ask(
                leader=membership,
                kind=data["kind"],
                stakeholders=list(data["stakeholders"]),
                happened_at=data["happened_at"],
                note=data["note"],
                commitments=form.commitments(),
                idempotency_key=data["submission"],
                ask_follow_up=data["ask_follow_up"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if data["ask_follow_up"]:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d follow-up question sent.",
                        "%(count)d follow-up questions sent.",
                        sent,
                    )
                    % {"count": sent},
                )
            messages.success(request, _("Care action logged."))
            return redirect("practice:map", org=membership.organisation.slug)
    return render(request, "practice/log.html", {"form": form})


@leader_view
def action_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    action = access.get_own_action(membership, pk)
    context = {
        "action": action,
        "stakeholders": list(action.stakeholders.all()),
        "commitments": list(action.commitments.all()),
    }
    return render(request, "practice/action.html", context)


@leader_view
@require_POST
def commitment_done_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    commitment = access.get_own_commitment(membership, pk)
    actions.complete_commitment(commitment=commitment)
    messages.success(request, _("Commitment kept: “%(text)s”.") % {"text": commitment.text})
    return redirect("practice:map", org=membership.organisation.slug)
