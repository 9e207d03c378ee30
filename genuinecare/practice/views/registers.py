"""The initiative register and the supplier impact register."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from genuinecare.lib.views import saved
from genuinecare.people.models import Person
from genuinecare.practice import access, actions, registers
from genuinecare.practice.cadences.due import zone
from genuinecare.practice.forms import ImpactStatusForm, InitiativeForm, SupplierImpactForm
from genuinecare.practice.views.care import leader_view


@leader_view
def initiatives_view(request: HttpRequest, membership: Person) -> HttpResponse:
    form = InitiativeForm(request.POST or None, leaders=access.leaders_visible_to(membership))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        initiative = saved(
            form, lambda: registers.save_initiative(organisation=membership.organisation, **data)
        )
        if initiative is not None:
            messages.success(request, _("Initiative saved."))
            return redirect(initiative)
    initiatives = access.initiatives_visible_to(membership).select_related("sponsor")
    return render(request, "practice/initiatives.html", {"initiatives": initiatives, "form": form})


@leader_view
def initiative_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    initiative = access.get_initiative(membership, pk)
    inquiry = (
        access.kinds_visible_to(membership)
        .filter(code="business_case_inquiry", active=True)
        .first()
    )
    if request.method == "POST" and inquiry is not None:
        actions.ensure_people_on_map(leader=membership)
        visible = access.stakeholders_visible_to(membership)
        target = (
            visible.filter(person=initiative.sponsor).first()
            or visible.filter(type="other", circle="organisation").first()
            or actions.add_account(
                organisation=membership.organisation,
                type="other",
                name=_("The organisation"),
                circle="organisation",
            )
        )
        actions.log_care(
            leader=membership,
            kind=inquiry,
            stakeholders=[target],
            happened_at=timezone.now(),
            note=request.POST.get("note", "")[:5000],
            initiative=initiative,
            idempotency_key=request.POST.get("submission", "")[:64],
        )
        messages.success(request, _("Business-case inquiry logged."))
        return redirect(initiative)
    asked = initiative.inquiries.count()
    context = {"initiative": initiative, "asked": asked, "can_inquire": inquiry is not None}
    return render(request, "practice/initiative.html", context)


@leader_view
def impacts_view(request: HttpRequest, membership: Person) -> HttpResponse:
    suppliers = access.stakeholders_visible_to(membership).filter(
        type="supplier", archived_at__isnull=True
    )
    form = SupplierImpactForm(request.POST or None, suppliers=suppliers)
    if request.method == "POST" and form.is_valid():
        today, data = timezone.localdate(timezone=zone()), form.cleaned_data
        impact = saved(
            form, lambda: registers.record_supplier_impact(owner=membership, today=today, **data)
        )
        if impact is not None:
            messages.success(request, _("Supplier impact recorded."))
            return redirect(impact)
    impacts = access.impacts_visible_to(membership).select_related("supplier", "owner")
    return render(request, "practice/impacts.html", {"impacts": impacts, "form": form})


@leader_view
def impact_view(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    impact = access.get_impact(membership, pk)
    owner = impact.owner_id == membership.pk
    form = ImpactStatusForm(
        request.POST or None, initial={"told_on": impact.told_on, "closed_on": impact.closed_on}
    )
    if request.method == "POST" and owner and form.is_valid():
        today, data = timezone.localdate(timezone=zone()), form.cleaned_data
        verb = registers.update_supplier_impact
        if saved(form, lambda: verb(impact=impact, today=today, **data)):
            messages.success(request, _("Supplier impact saved."))
            return redirect(impact)
    updates = impact.updates.order_by("-happened_at").values_list("happened_at", flat=True)
    update_kind = access.kinds_visible_to(membership).filter(code="supplier_update").first()
    context = {
        "impact": impact,
        "form": form,
        "owner": owner,
        "updates": list(updates),
        "update_kind": update_kind,
        "untold_days": (timezone.localdate(timezone=zone()) - impact.decided_on).days,
    }
    return render(request, "practice/impact.html", context)
