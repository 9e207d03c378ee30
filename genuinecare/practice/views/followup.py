"""The recipient's side: one question behind a single-use link, no sign-in."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache

from genuinecare.lib.i18n import supported_language
from genuinecare.practice.due import zone
from genuinecare.practice.followups import answer_follow_up, find_follow_up
from genuinecare.practice.forms import FollowUpAnswerForm


@never_cache
def follow_up_view(request: HttpRequest, token: str) -> HttpResponse:
    follow_up = find_follow_up(token=token)
    if follow_up is None:
        return render(request, "practice/follow_up.html", {"invalid": True}, status=404)
    language = request.GET.get("lang") or follow_up.language
    translation.activate(supported_language(language))
    form = FollowUpAnswerForm(request.POST or None)
    done = follow_up.answered_on is not None
    if request.method == "POST" and not done and form.is_valid():
        try:
            answer_follow_up(
                token=token,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                today=timezone.localdate(timezone=zone()),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = True
    context = {
        "form": form,
        "done": done,
        "day": follow_up.action.happened_at,
        "leader": follow_up.action.leader.name,
    }
    return render(request, "practice/follow_up.html", context)
