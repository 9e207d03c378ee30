"""The admin's side of activation: a person's sign-in status, invite, resend, revoke, bulk."""

from collections import Counter

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from genuinecare.identity import actions
from genuinecare.identity.access import get_invitee, invitees_visible_to
from genuinecare.identity.status import standing
from genuinecare.lib.params import id_list_param, id_param
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person

admin_view = organisation_view(role=Role.ADMIN)


@admin_view
def person_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    """The person's sign-in status and what the admin can do about it.

    The person page loads it into its "Sign-in" block; opened alone it is a page.
    """
    person = get_invitee(membership, pk)
    context = {"person": person, "standing": standing(person, now=timezone.now())}
    template = "identity/_person.html" if request.htmx else "identity/person.html"  # type: ignore[attr-defined]
    return render(request, template, context)


def _done(request: HttpRequest, person: Person, sent: actions.Invited) -> HttpResponse:
    if sent.link is not None:
        messages.success(
            request, _("An activation e-mail is on its way to %(email)s.") % {"email": person.email}
        )
    else:
        messages.info(
            request,
            _("%(name)s's link still works; no new e-mail was sent.") % {"name": person.name},
        )
    return redirect(person)


@admin_view
@require_POST
def invite_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    person = get_invitee(membership, pk)
    try:
        sent = actions.invite(person=person, invited_by=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(person)
    return _done(request, person, sent)


@admin_view
@require_POST
def resend_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    person = get_invitee(membership, pk)
    replacing = id_param(request.POST, "activation")
    try:
        sent = actions.resend(person=person, replacing=replacing, invited_by=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(person)
    return _done(request, person, sent)


@admin_view
@require_POST
def revoke_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    person = get_invitee(membership, pk)
    if actions.revoke(person=person, revoked_by=membership):
        messages.success(
            request, _("%(name)s's activation link no longer works.") % {"name": person.name}
        )
    else:
        messages.info(request, _("%(name)s had no open invitation.") % {"name": person.name})
    return redirect(person)


def _summary(counts: Counter[str]) -> str:
    n = counts["invited"]
    parts = [
        ngettext("%(count)d activation e-mail sent.", "%(count)d activation e-mails sent.", n)
        % {"count": n}
    ]
    if counts["waiting"]:
        n = counts["waiting"]
        parts.append(
            ngettext(
                "%(count)d person's link still works.", "%(count)d people's links still work.", n
            )
            % {"count": n}
        )
    if counts["active"]:
        n = counts["active"]
        parts.append(
            ngettext("%(count)d person signs in already.", "%(count)d people sign in already.", n)
            % {"count": n}
        )
    return " ".join(parts)


@admin_view
@require_POST
def invite_many_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """Invite the people ticked on the people list."""
    ids = id_list_param(request.POST, "person")
    slug = membership.organisation.slug
    if not ids:
        messages.error(request, _("Tick the people to invite first."))
        return redirect("people:people", org=slug)
    counts = actions.invite_many(
        people=invitees_visible_to(membership).filter(pk__in=ids), invited_by=membership
    )
    messages.success(request, _summary(counts))
    return redirect("people:people", org=slug)
