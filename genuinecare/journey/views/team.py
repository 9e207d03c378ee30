"""The journey's team pages: the team window, co-creation and "you said, we did".

The team (everyone in the journey's unit and below, the leader left out) reaches the
team page of the journey and "you said, we did"; the leader sees both as the team sees
them and decides on the journey page. Everyone else gets 404.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.insights.cocreation import co_creation
from genuinecare.journey.access import (
    accepted_focuses,
    get_own,
    get_own_journey,
    get_team_journey,
    get_window_proposal,
    in_team,
    journey_steps,
    own_journeys,
    shared_steps,
    team_journeys,
    team_windows,
    voted_in,
    window_proposals,
)
from genuinecare.journey.enums import FocusSource, ProposalState, StepStatus
from genuinecare.journey.forms_team import DeclineForm, ProposalForm, WindowForm
from genuinecare.journey.models import Focus, Journey, Proposal, Step, TeamWindow
from genuinecare.journey.team import (
    accept_proposal,
    close_window,
    decline_proposal,
    is_open,
    open_window,
    person_key,
    propose,
    set_shared,
    toggle_vote,
)
from genuinecare.journey.views.focus import MEASURES
from genuinecare.lib.views import saved
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


def evidence(focus: Focus) -> dict[str, Any]:
    """What the team page shows of a focus area's frozen evidence: never a new figure.

    The team sees the figure of its own felt care only. A blind spot's gap is the leader's
    self-assessment set against the team's view, and the self-assessment is the leader's
    own (as in the Mirror): the team sees that it is a focus, not by how much.
    """
    snapshot = focus.snapshot
    own = focus.source == FocusSource.FELT
    return {
        "figure": snapshot.get("figure") if own else None,
        "measure": MEASURES.get(str(snapshot.get("measure")), "") if own else "",
        "size": snapshot.get("group_size"),
        "wave": snapshot.get("wave_name"),
        "date": snapshot.get("date"),
    }


def _windows(journey: Journey, membership: Person, *, member: bool) -> list[dict[str, Any]]:
    """The journey's windows with their proposals; for a member, theirs and their votes."""
    now = timezone.now()
    shown = []
    for window in team_windows(journey):
        key = person_key(window=window, person=membership) if member else ""
        proposals = list(window_proposals(window))
        shown.append(
            {
                "window": window,
                "open": is_open(window, now=now),
                "proposals": proposals,
                "voted": voted_in(window, key) if member else set(),
                "mine": {p.pk for p in proposals if member and p.author_key == key},
            }
        )
    return shown


def _current(windows: list[dict[str, Any]]) -> TeamWindow | None:
    return next((shown["window"] for shown in windows if shown["open"]), None)


def _team_page_url(journey: Journey) -> str:
    return reverse("journey:team-page", kwargs={"org": journey.organisation.slug, "pk": journey.pk})


def _refused(request: HttpRequest, refused: ValidationError) -> HttpResponse:
    return render(request, "400.html", {"problem": " ".join(refused.messages)}, status=400)


def _back_to(journey: Journey) -> HttpResponseRedirect:
    return redirect(f"{journey.get_absolute_url()}#team")


@organisation_view()
def said(request: HttpRequest, membership: Person) -> HttpResponse:
    """ "You said, we did": the steps the leaders of one's team shared, per journey."""
    journeys = list(team_journeys(membership))
    if membership.is_leader:
        journeys += list(own_journeys(membership))
    blocks = []
    for journey in journeys:
        windows = list(team_windows(journey))
        blocks.append(
            {
                "journey": journey,
                "own": journey.leader_id == membership.pk,
                "steps": list(shared_steps(journey)),
                "window": windows[0] if windows else None,
                "open": bool(windows) and is_open(windows[0]),
            }
        )
    return render(request, "journey/team_said.html", {"blocks": blocks})


@organisation_view()
def team_page(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """The team page of a journey: evidence, shared steps, proposals; propose and vote."""
    journey = get_team_journey(membership, pk)
    member = in_team(journey, membership)
    form = ProposalForm()
    error = ""
    if request.method == "POST":
        windows = _windows(journey, membership, member=member)
        current = _current(windows)
        try:
            if not member:
                raise ValidationError(_("Only the team of this journey proposes and votes."))
            if "vote" in request.POST:
                number = request.POST["vote"]
                if not number.isdigit():
                    raise ValidationError(_("Choose a proposal to vote for."))
                proposal = get_window_proposal(journey, int(number))
                voted = toggle_vote(proposal=proposal, member=membership)
                messages.success(
                    request, _("Your vote counts.") if voted else _("Your vote is taken back.")
                )
                return redirect(_team_page_url(journey))
            if current is None:
                raise ValidationError(
                    _("No team window is open: proposals can be read, not added.")
                )
            form = ProposalForm(request.POST)
            if form.is_valid():
                data = form.cleaned_data
                window = current
                made = saved(
                    form,
                    lambda: propose(
                        window=window,
                        member=membership,
                        kind=data["kind"],
                        title=data["title"],
                        text=data["text"],
                        named=data["named"],
                    ),
                )
                if made is not None:
                    messages.success(request, _("Thank you: your proposal is in."))
                    return redirect(_team_page_url(journey))
        except ValidationError as refused:
            error = " ".join(refused.messages)
    windows = _windows(journey, membership, member=member)
    context = {
        "journey": journey,
        "member": member,
        "windows": windows,
        "current": _current(windows),
        "focuses": [(focus, evidence(focus)) for focus in accepted_focuses(journey)],
        "steps": list(shared_steps(journey)),
        "form": form,
        "error": error,
    }
    bad = bool(error) or form.is_bound
    return render(request, "journey/team_page.html", context, status=400 if bad else 200)


@organisation_view(role=Role.LEADER)
@require_POST
def open_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    journey = get_own_journey(membership, pk)
    form = WindowForm(request.POST)
    if not form.is_valid():
        problems = [message for errors in form.errors.values() for message in errors]
        return _refused(request, ValidationError(problems))
    try:
        window = open_window(journey=journey, leader=membership, days=form.cleaned_data["days"])
    except ValidationError as refused:
        return _refused(request, refused)
    messages.success(
        request,
        _("The team window is open until %(date)s.")
        % {"date": timezone.localtime(window.closes_at).date().isoformat()},
    )
    return _back_to(journey)


@organisation_view(role=Role.LEADER)
@require_POST
def close_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    window = get_own(TeamWindow, membership, pk)
    close_window(window=window, leader=membership)
    messages.success(request, _("The team window is closed."))
    return _back_to(window.journey)


@organisation_view(role=Role.LEADER)
@require_POST
def accept_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    proposal = get_own(Proposal, membership, pk, "window__journey")
    try:
        accept_proposal(proposal=proposal, leader=membership)
    except ValidationError as refused:
        return _refused(request, refused)
    messages.success(request, _("The proposal is a step of your plan now."))
    return _back_to(proposal.window.journey)


@organisation_view(role=Role.LEADER)
@require_POST
def decline_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    proposal = get_own(Proposal, membership, pk, "window__journey")
    form = DeclineForm(request.POST)
    if not form.is_valid():
        problems = [message for errors in form.errors.values() for message in errors]
        return _refused(request, ValidationError(problems))
    try:
        decline_proposal(proposal=proposal, leader=membership, reason=form.cleaned_data["reason"])
    except ValidationError as refused:
        return _refused(request, refused)
    messages.success(request, _("The proposal is declined; the team sees your reason."))
    return _back_to(proposal.window.journey)


@organisation_view(role=Role.LEADER)
@require_POST
def share_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """Share the step with the team, or take it back (a toggle)."""
    step = get_own(Step, membership, pk)
    step = set_shared(step=step, leader=membership, shared=step.shared_at is None)
    messages.success(
        request,
        _("The team sees this step now.")
        if step.shared_at
        else _("The step is no longer shared with the team."),
    )
    return _back_to(step.journey)


urlpatterns: list[URLPattern] = [
    path("team/", said, name="team-said"),
    path("<int:pk>/team/", team_page, name="team-page"),
    path("<int:pk>/team/open/", open_view, name="team-open"),
    path("team/window/<int:pk>/close/", close_view, name="team-close"),
    path("team/proposal/<int:pk>/accept/", accept_view, name="team-accept"),
    path("team/proposal/<int:pk>/decline/", decline_view, name="team-decline"),
    path("team/step/<int:pk>/share/", share_view, name="team-share"),
]


def section(journey: Journey, membership: Person) -> dict[str, Any]:
    """What the journey page shows of co-creation.

    The co-creation share, the team window, the proposals with their votes, and the
    steps to share with the team (a finished one not shared is flagged).
    """
    steps = list(journey_steps(journey).order_by("created_at", "pk"))
    windows = _windows(journey, membership, member=False)
    return {
        "journey": journey,
        "share": co_creation(
            (timezone.localtime(step.created_at).date(), step.origin) for step in steps
        ),
        "windows": windows,
        "current": _current(windows),
        "window_form": WindowForm(),
        "decline_form": DeclineForm(),
        "undecided": ProposalState.OPEN,
        "steps": steps,
        "unshared_done": [
            step for step in steps if step.status == StepStatus.DONE and step.shared_at is None
        ],
    }
