"""The outbox page: what was sent, what failed and what waits; a failed message sent again."""

from django.contrib import messages
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from genuinecare.outbox.access import get_message, messages_visible_to
from genuinecare.outbox.actions import retry_message
from genuinecare.outbox.models import Status
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person

RECENT = 100


@organisation_view(role=Role.ADMIN)
def outbox(request: HttpRequest, membership: Person) -> HttpResponse:
    """What was sent, what failed and what waits, for this organisation only."""
    mine = messages_visible_to(membership)
    counts = dict(mine.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    context = {
        "counts": [(label, counts.get(value, 0)) for value, label in Status.choices],
        "recent": mine.order_by("-created_at").only(
            "kind", "to_email", "subject", "status", "attempts", "last_error", "created_at"
        )[:RECENT],
    }
    return render(request, "outbox/outbox.html", context)


@organisation_view(role=Role.ADMIN)
@require_POST
def retry(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    message = get_message(membership, pk)
    retry_message(message=message)
    messages.success(request, _("The message is queued again."))
    return redirect("outbox:outbox", org=membership.organisation.slug)
