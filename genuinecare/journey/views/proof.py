"""The journey's proof: the team's answer page (a single-use link) and the page's section.

The answer page is public (no sign-in): the link's token is all it knows. Every state
of a link has a clear page (unknown, already answered, closed); bad answers get a 400
with what to fix, and nothing is stored.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern
from django.utils import timezone
from django.views.decorators.cache import never_cache

from genuinecare.catalog.questionnaire_page import activate_respondent_language
from genuinecare.journey.models import Journey
from genuinecare.journey.proof import proof_section
from genuinecare.journey.pulses import (
    PulseItem,
    answer_pulse,
    find_invitation,
    is_open,
    items_of,
    subject_of,
)
from genuinecare.people.models import Person

ANSWER_TEMPLATE = "journey/proof_answer.html"


class PulseAnswerForm(forms.Form):
    """One choice per question of the pulse."""

    def __init__(self, items: tuple[PulseItem, ...], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for item in items:
            self.fields[item.id] = forms.TypedChoiceField(
                label=str(item.text),
                coerce=int,
                choices=[(value, str(label)) for value, label in item.choices],
                widget=forms.RadioSelect,
            )


@never_cache
def answer_view(request: HttpRequest, token: str) -> HttpResponse:
    """A team member's answer to a pulse, through the link of their e-mail."""
    invitation = find_invitation(token=token)
    if invitation is None:
        activate_respondent_language(request)
        return render(request, ANSWER_TEMPLATE, {"state": "unknown"}, status=404)
    person = invitation.person
    activate_respondent_language(request, default=person.language if person else None)
    pulse = invitation.pulse
    context: dict[str, Any] = {
        "pulse": pulse,
        "about": subject_of(pulse),
        "leader": pulse.journey.leader.name,
    }
    today = timezone.localdate()
    if invitation.answered:
        return render(request, ANSWER_TEMPLATE, {**context, "state": "used"})
    if not is_open(pulse, today):
        return render(request, ANSWER_TEMPLATE, {**context, "state": "closed"})
    posted = request.POST if request.method == "POST" else None
    form = PulseAnswerForm(items_of(pulse), posted)
    context.update(state="open", form=form)
    if request.method != "POST":
        return render(request, ANSWER_TEMPLATE, context)
    if form.is_valid():
        try:
            answer_pulse(token=token, values=form.cleaned_data, today=today)
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            return render(request, ANSWER_TEMPLATE, {**context, "state": "done"})
    return render(request, ANSWER_TEMPLATE, context, status=400)


# The answer page is public: it is in genuinecare/site/urls.py ("journey-pulse"). The
# leader records their own view of a promise on the roof's page (roof-expectation-rate).
urlpatterns: list[URLPattern] = []


def section(journey: Journey, membership: Person) -> dict[str, Any]:
    """What the journey page shows of this part."""
    return proof_section(journey)
