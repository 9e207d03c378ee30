from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from genuinecare.people.models import Person
from genuinecare.practice import access
from genuinecare.practice.calendar import confirm_proposal, dismiss_proposal, import_calendar
from genuinecare.practice.forms import UploadForm
from genuinecare.practice.views.care import leader_view


def _summary(meetings: int, proposed: int, known: int) -> str:
    """What an import found, each count with its own plural."""
    return _("%(meetings)s: %(proposed)s, %(known)s.") % {
        "meetings": ngettext("%(count)d meeting read", "%(count)d meetings read", meetings)
        % {"count": meetings},
        "proposed": ngettext("%(count)d new proposal", "%(count)d new proposals", proposed)
        % {"count": proposed},
        "known": ngettext("%(count)d already known", "%(count)d already known", known)
        % {"count": known},
    }


@leader_view
def calendar_view(request: HttpRequest, membership: Person) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = import_calendar(
                leader=membership, data=form.cleaned_data["file"].read(), now=timezone.now()
            )
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _summary(result.meetings, result.proposed, result.known))
            return redirect("practice:calendar", org=membership.organisation.slug)
    proposals = access.own_open_proposals(membership).select_related("stakeholder", "kind")
    return render(request, "practice/calendar.html", {"form": form, "proposals": proposals})


@leader_view
@require_POST
def proposal_view(request: HttpRequest, membership: Person, pk: int, decision: str) -> HttpResponse:
    proposal = access.get_own_proposal(membership, pk)
    if decision == "confirm":
        try:
            confirm_proposal(proposal=proposal)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("Confirmed: %(meeting)s.") % {"meeting": proposal.summary})
    else:
        dismiss_proposal(proposal=proposal)
        messages.info(request, _("Dismissed: %(meeting)s.") % {"meeting": proposal.summary})
    return redirect("practice:calendar", org=membership.organisation.slug)
