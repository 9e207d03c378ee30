from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from genuinecare.lib.views import saved
from genuinecare.people.access import organisation_view
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.surveys.access import (
    get_managed_wave,
    get_wave,
    result_scope,
    waves_visible_to,
)
from genuinecare.surveys.actions import close_wave, create_wave, open_wave, update_messages
from genuinecare.surveys.forms import MessagesForm, WaveForm
from genuinecare.surveys.rates import mail_status, response_rates


@organisation_view(role=Role.LEADER)
def wave_list(request: HttpRequest, membership: Person) -> HttpResponse:
    waves = (
        waves_visible_to(membership)
        .select_related("leader", "organisation")
        .order_by("-opens_at", "-pk")
    )
    return render(request, "surveys/wave_list.html", {"waves": waves})


@organisation_view(role=Role.LEADER)
def wave_create(request: HttpRequest, membership: Person) -> HttpResponse:
    form = WaveForm(request.POST or None, membership=membership)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        catalog_id, units = data.pop("catalog"), list(data.pop("units"))
        wave = saved(
            form,
            lambda: create_wave(created_by=membership, catalog_id=catalog_id, units=units, **data),
        )
        if wave is not None:
            messages.success(
                request, _("The wave is ready. Check the invitation text, then open it.")
            )
            return redirect(wave)
    return render(request, "surveys/wave_form.html", {"form": form})


@organisation_view(role=Role.LEADER)
def wave_detail(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    wave = get_wave(membership, pk)
    can_manage = membership.is_admin or wave.created_by_id == membership.pk
    context = {
        "wave": wave,
        "can_manage": can_manage,
        "rates": response_rates(wave, visible=result_scope(membership, wave)),
        "mail": mail_status(wave) if can_manage else None,
        "messages_form": MessagesForm(
            initial={name: getattr(wave, name) for name in MessagesForm.base_fields}
        ),
    }
    return render(request, "surveys/wave_detail.html", context)


@organisation_view(role=Role.LEADER)
@require_POST
def wave_messages(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    wave = get_managed_wave(membership, pk)
    form = MessagesForm(request.POST)
    if form.is_valid():
        try:
            update_messages(wave=wave, **form.cleaned_data)
        except ValidationError as invalid:
            messages.error(request, invalid.messages[0])
        else:
            messages.success(request, _("The invitation text is saved."))
    else:
        messages.error(request, _("Write the invitation text in both languages."))
    return redirect(wave)


@organisation_view(role=Role.LEADER)
@require_POST
def wave_open(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    wave = get_managed_wave(membership, pk)
    invited = open_wave(wave=wave)
    if invited:
        messages.success(
            request,
            ngettext(
                "%(count)d invitation is queued; the worker sends it.",
                "%(count)d invitations are queued; the worker sends them.",
                invited,
            )
            % {"count": invited},
        )
    else:
        messages.info(request, _("This wave is already open or closed; nobody new was invited."))
    return redirect(wave)


@organisation_view(role=Role.LEADER)
@require_POST
def wave_close(request: HttpRequest, membership: Person, pk: int) -> HttpResponse:
    wave = get_managed_wave(membership, pk)
    close_wave(wave=wave)
    messages.success(request, _("The wave is closed. Links no longer accept answers."))
    return redirect(wave)
