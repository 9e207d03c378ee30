"""The admin's provisioning pages: SCIM tokens, and the changes the safety valve holds."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.provisioning.held import apply_held, discard_held, held_changes
from genuinecare.provisioning.models import ScimToken
from genuinecare.provisioning.tokens import create_token, revoke_token

admin_view = organisation_view(role=Role.ADMIN)


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("The system that will use it, e.g. “Entra ID” or “Okta”."),
    )


@admin_view
def tokens_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """The organisation's SCIM tokens; a new one is shown once, on the page that made it."""
    form = TokenForm(request.POST or None)
    secret = ""
    if request.method == "POST" and form.is_valid():
        try:
            made = create_token(
                created_by=membership, name=form.cleaned_data["name"], request=request
            )
        except ValidationError as error:
            form.add_error("name", error)
        else:
            secret = made.secret
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "scim_url": request.build_absolute_uri("/scim/v2/"),
        "tokens": ScimToken.objects.filter(organisation=membership.organisation),
        "held_count": held_changes(membership).count(),
    }
    response = render(request, "provisioning/tokens.html", context)
    response["Cache-Control"] = "no-store"  # the new token must not stay in a cache
    return response


@admin_view
@require_POST
def revoke_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    token = get_object_or_404(ScimToken, pk=pk, organisation=membership.organisation)
    if revoke_token(token=token, revoked_by=membership, request=request):
        messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token})
    else:
        messages.info(request, _("The token “%(name)s” was revoked already.") % {"name": token})
    return redirect("provisioning:tokens", org=membership.organisation.slug)


@admin_view
def held_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """What the identity provider asked for and the safety valve holds, person by person."""
    changes = list(held_changes(membership))
    active = Person.objects.filter(organisation=membership.organisation, archived_at__isnull=True)
    context = {
        "changes": changes,
        "active": active.count(),
        "deactivations": sum(1 for change in changes if change.deactivates),
        "email_changes": sum(1 for change in changes if change.changes_email),
    }
    return render(request, "provisioning/held.html", context)


@admin_view
@require_POST
def apply_view(request: HttpRequest, membership: Person) -> HttpResponse:
    applied, failed = apply_held(confirmed_by=membership, request=request)
    messages.success(
        request,
        ngettext("%(count)d held change applied.", "%(count)d held changes applied.", applied)
        % {"count": applied},
    )
    if failed:
        messages.error(
            request,
            ngettext(
                "%(count)d change could not be applied; the list says why.",
                "%(count)d changes could not be applied; the list says why.",
                failed,
            )
            % {"count": failed},
        )
    return redirect("provisioning:held", org=membership.organisation.slug)


@admin_view
@require_POST
def discard_view(request: HttpRequest, membership: Person) -> HttpResponse:
    count = discard_held(discarded_by=membership, request=request)
    messages.success(
        request,
        ngettext(
            "%(count)d held change discarded; nobody was changed.",
            "%(count)d held changes discarded; nobody was changed.",
            count,
        )
        % {"count": count},
    )
    return redirect("provisioning:held", org=membership.organisation.slug)
