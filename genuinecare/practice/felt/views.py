"""The recipient's side: one question behind a single-use link, no sign-in."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from genuinecare.catalog.questionnaire_page import activate_respondent_language
from genuinecare.lib.views import saved
from genuinecare.practice.cadences.due import zone
from genuinecare.practice.felt.followups import answer_follow_up, find_follow_up
from genuinecare.practice.forms import FollowUpAnswerForm


@never_cache
def follow_up_view(request: HttpRequest, token: str) -> HttpResponse:
    follow_up = find_follow_up(token=token)
    if follow_up is None:
        return render(request, "practice/follow_up.html", {"invalid": True}, status=404)
    activate_respondent_language(request, default=follow_up.language)
    form = FollowUpAnswerForm(request.POST or None)
    done = follow_up.answered_on is not None
    if request.method == "POST" and not done and form.is_valid():
        today, data = timezone.localdate(timezone=zone()), form.cleaned_data
        done = saved(form, lambda: answer_follow_up(token=token, today=today, **data)) is not None
    context = {
        "form": form,
        "done": done,
        "day": follow_up.action.happened_at,
        "leader": follow_up.action.leader.name,
    }
    return render(request, "practice/follow_up.html", context)
