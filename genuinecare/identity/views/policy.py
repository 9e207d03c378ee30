"""The organisation's sign-in rules: who must sign in with a second factor (admins only)."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from genuinecare.identity.enums import TwoFactors
from genuinecare.identity.models import SignInPolicy
from genuinecare.people.access import organisation_view
from genuinecare.people.audit import Event, record
from genuinecare.people.enums import Role
from genuinecare.people.models import Person


class PolicyForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = SignInPolicy
        fields = ["require_mfa"]
        widgets = {"require_mfa": forms.RadioSelect}


@organisation_view(role=Role.ADMIN)
def policy_view(request: HttpRequest, membership: Person) -> HttpResponse:
    """Nobody, leaders and admins, or everyone: saved, audited, and in force on the next page."""
    organisation = membership.organisation
    policy = SignInPolicy.objects.filter(organisation=organisation).first() or SignInPolicy(
        organisation=organisation
    )
    before = TwoFactors(policy.require_mfa)
    form = PolicyForm(request.POST or None, instance=policy)
    if request.method == "POST" and form.is_valid():
        after = TwoFactors(form.cleaned_data["require_mfa"])
        if after != before:
            with transaction.atomic():
                form.save()
                record(
                    Event.MFA_REQUIREMENT_CHANGED,
                    organisation=organisation,
                    actor=membership,
                    detail=f"{before.value} → {after.value}",
                    request=request,
                )
            messages.success(request, _("The sign-in rules are saved."))
        return redirect("identity:policy", org=organisation.slug)
    return render(request, "identity/policy.html", {"form": form, "membership": membership})
