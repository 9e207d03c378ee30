"""The plan's pages: the plan on the journey page, a step's page and its forms, the library."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from genuinecare.journey import library, plan
from genuinecare.journey.enums import StepStatus
from genuinecare.journey.models import CheckIn, Dependency, Journey, LibraryAction, Step
from genuinecare.people.enums import Role
from tests.conftest import Cast
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def url(name: str, pk: int | None = None) -> str:
    kwargs: dict[str, str | int] = {"org": "acme"}
    if pk is not None:
        kwargs["pk"] = pk
    return reverse(f"journey:{name}", kwargs=kwargs)


def step(journey: Journey, title: str, **kwargs: object) -> Step:
    return plan.add_step(journey=journey, leader=journey.leader, title=title, **kwargs)  # type: ignore[arg-type]


def in_german(cast: Cast, address: str) -> str:
    """The page as the leader sees it with German as their language."""
    user = cast.leader.user
    assert user is not None
    user.language = "de"
    user.save(update_fields=["language"])
    return cast.client_for(cast.leader).get(address).content.decode()


def test_the_journey_page_shows_the_plan(cast: Cast, journey: Journey) -> None:
    today = timezone.localdate()
    ask = step(journey, "Ask the team", lane="Listen", owners=[cast.member])
    act = step(journey, "Act on it", lane="Listen", due_on=today + dt.timedelta(days=30))
    step(journey, "Fix the tools", lane="Build", due_on=today - dt.timedelta(days=2))
    plan.add_dependency(step=act, waits_for=ask, leader=cast.leader)
    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert 'data-lane="Listen"' in page and 'data-lane="Build"' in page
    assert cast.member.name in page
    assert "blocked by" in page and page.count("data-blocked") == 1
    assert page.count("data-overdue>") == 1 and 'data-overdue-count="1"' in page
    can_start = page.split("data-can-start")[1].split("data-critical-path")[0]
    assert "Ask the team" in can_start and "Fix the tools" in can_start
    assert "Act on it" not in can_start
    critical = page.split("data-critical-path")[1].split("data-lane")[0]
    assert critical.index("Ask the team") < critical.index("Act on it")
    assert "about 31 days left" in critical  # 1 day for ask (no due date) + 30 for act
    assert "Fix the tools" not in critical


def test_an_empty_plan_invites_a_first_step(cast: Cast, journey: Journey) -> None:
    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert "No steps yet" in page
    assert url("step-add", journey.pk) in page and url("step-copy", journey.pk) in page


def test_adding_a_step_through_its_form(cast: Cast, journey: Journey) -> None:
    client = cast.client_for(cast.leader)
    form = client.get(url("step-add", journey.pk)).content.decode()
    assert cast.member.name in form and cast.colleague_elsewhere.name not in form
    assert 'value="care:heard"' in form and 'value="care:safe_roof"' not in form
    data = {
        "title": "Listening hour",
        "owners": [cast.member.pk],
        "due_on": "2027-01-15",
        "lane": "Listen",
        "dimensions": ["care:heard"],
        "health": "on_track",
    }
    response = client.post(url("step-add", journey.pk), data)
    made = Step.objects.get()
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    assert (made.title, made.lane, made.dimensions) == ("Listening hour", "Listen", ["care:heard"])
    assert list(made.owners.all()) == [cast.member]
    assert made.due_on == dt.date(2027, 1, 15)


def test_a_step_form_refuses_bad_input_and_stores_nothing(cast: Cast, journey: Journey) -> None:
    client = cast.client_for(cast.leader)
    refused = client.post(url("step-add", journey.pk), {"title": "", "health": "on_track"})
    assert refused.status_code == 400 and "This field is required" in refused.content.decode()
    outside = client.post(
        url("step-add", journey.pk),
        {"title": "Ask IT", "owners": [cast.colleague_elsewhere.pk], "health": "on_track"},
    )
    assert outside.status_code == 400
    assert not Step.objects.exists()


def test_editing_a_step_keeps_a_changed_status_as_a_check_in(cast: Cast, journey: Journey) -> None:
    made = step(journey, "Listening hour")
    client = cast.client_for(cast.leader)
    data = {"title": "Listening hours", "status": "in_progress", "health": "at_risk"}
    assert client.post(url("step-edit", made.pk), data).status_code == 302
    made.refresh_from_db()
    assert (made.title, made.status, made.health) == ("Listening hours", "in_progress", "at_risk")
    assert CheckIn.objects.get(step=made).health == "at_risk"


def test_the_step_page_checks_in_and_keeps_the_history(cast: Cast, journey: Journey) -> None:
    made = step(journey, "Listening hour", dimensions=["care:heard"], owners=[cast.member])
    client = cast.client_for(cast.leader)
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Heard" in page and cast.member.name in page and "No check-in yet" in page
    for status, note in (("in_progress", "Started on Monday"), ("done", "Everyone came")):
        data = {"form": "check_in", "status": status, "health": "on_track", "note": note}
        assert client.post(made.get_absolute_url(), data).status_code == 302
    page = client.get(made.get_absolute_url()).content.decode()
    assert page.count("data-check-in=") == 2
    assert page.index("Everyone came") < page.index("Started on Monday")  # newest first
    made.refresh_from_db()
    assert made.status == StepStatus.DONE and made.done_at is not None


def test_starting_a_blocked_step_is_refused_with_what_it_waits_for(
    cast: Cast, journey: Journey
) -> None:
    first = step(journey, "Ask the team")
    then = step(journey, "Act on it")
    client = cast.client_for(cast.leader)
    added = client.post(then.get_absolute_url(), {"form": "waits", "waits_for": first.pk})
    assert added.status_code == 302
    page = client.get(then.get_absolute_url()).content.decode()
    assert "This step is blocked" in page and "Ask the team" in page
    data = {"form": "check_in", "status": "in_progress", "health": "on_track"}
    refused = client.post(then.get_absolute_url(), data)
    assert refused.status_code == 400
    assert "“Act on it” waits for “Ask the team”: finish those first." in refused.content.decode()
    then.refresh_from_db()
    assert then.status == StepStatus.NOT_STARTED and not CheckIn.objects.exists()


def test_a_circle_is_refused_on_the_page_and_a_wait_can_be_removed(
    cast: Cast, journey: Journey
) -> None:
    first, then = step(journey, "Ask the team"), step(journey, "Act on it")
    dependency = plan.add_dependency(step=then, waits_for=first, leader=cast.leader)
    client = cast.client_for(cast.leader)
    refused = client.post(first.get_absolute_url(), {"form": "waits", "waits_for": then.pk})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "in a circle" in body and "“Ask the team” → “Act on it” → “Ask the team”" in body
    assert Dependency.objects.count() == 1
    removed = client.post(url("step-unwait", dependency.pk))
    assert removed.status_code == 302 and not Dependency.objects.exists()


def test_a_step_page_post_without_a_form_is_a_bad_request(cast: Cast, journey: Journey) -> None:
    made = step(journey, "Listening hour")
    response = cast.client_for(cast.leader).post(made.get_absolute_url(), {"form": "nothing"})
    assert response.status_code == 400 and b"data-problem" in response.content


def test_checklist_and_comments_on_the_page(cast: Cast, journey: Journey) -> None:
    made = step(journey, "Listening hour")
    client = cast.client_for(cast.leader)
    client.post(made.get_absolute_url(), {"form": "checklist", "text": "Book a room"})
    client.post(made.get_absolute_url(), {"form": "comment", "text": "Went well"})
    item = made.checklist.get()
    assert client.post(url("step-tick", item.pk), {"done": "1"}).status_code == 302
    item.refresh_from_db()
    assert item.done
    page = client.get(made.get_absolute_url()).content.decode()
    assert "Book a room" in page and "Went well" in page and 'class="done"' in page
    client.post(url("step-tick", item.pk), {"done": "0"})
    item.refresh_from_db()
    assert not item.done


def test_another_leader_and_the_admin_reach_no_step(cast: Cast, journey: Journey) -> None:
    made = step(journey, "Listening hour")
    other = PersonFactory(
        organisation=cast.organisation, unit=cast.sales, role=Role.LEADER, signs_in=True
    )
    for person in (other, cast.admin, cast.member):
        client = cast.client_for(person)
        assert client.get(made.get_absolute_url()).status_code == 404
        data = {"form": "check_in", "status": "done", "health": "on_track"}
        assert client.post(made.get_absolute_url(), data).status_code == 404
    made.refresh_from_db()
    assert made.status == StepStatus.NOT_STARTED


def test_the_library_lists_suggestions_by_felt_care_and_piece(cast: Cast, journey: Journey) -> None:
    client = cast.client_for(cast.leader)
    page = client.get(url("library")).content.decode()
    assert 'data-shelf="care:heard"' in page and 'data-shelf="purpose:purpose_clarity"' in page
    assert "Close every loop" in page
    assert "Piece 1" in page and "Piece 3" in page
    assert page.count('data-shelf="care:heard"') == 1  # felt care is not listed twice
    assert url("step-copy", journey.pk) in page
    assert "Schließen Sie jeden Kreis" in in_german(cast, url("library"))


def test_copying_a_suggestion_makes_a_step_with_its_dimension(cast: Cast, journey: Journey) -> None:
    client = cast.client_for(cast.leader)
    response = client.post(url("step-copy", journey.pk), {"suggestion": "care:heard:1"})
    made = Step.objects.get()
    assert response.status_code == 302 and response["Location"] == url("step-edit", made.pk)
    assert made.title.startswith("Close every loop") and made.dimensions == ["care:heard"]
    refused = client.post(url("step-copy", journey.pk), {"suggestion": "care:heard:99"})
    assert refused.status_code == 400 and Step.objects.count() == 1


def test_an_admin_adds_and_removes_the_organisations_own_action(
    cast: Cast, journey: Journey
) -> None:
    admin = cast.client_for(cast.admin)
    data = {"key": "care:valued", "title_en": "Thank-you Friday", "title_de": "Dankesfreitag"}
    assert admin.post(url("library-add"), data).status_code == 302
    own = LibraryAction.objects.get()
    assert (own.organisation, own.created_by) == (cast.organisation, cast.admin)
    leader = cast.client_for(cast.leader)
    shelf = leader.get(url("library")).content.decode().split('data-shelf="care:valued"')[1]
    assert "Thank-you Friday" in shelf.split("</section>")[0]
    assert "Dankesfreitag" in in_german(cast, url("library"))
    response = leader.post(url("step-copy", journey.pk), {"suggestion": f"own:{own.pk}"})
    assert response.status_code == 302
    assert Step.objects.get().dimensions == ["care:valued"]
    assert leader.post(url("library-add"), data).status_code == 404  # leaders do not add
    assert leader.post(url("library-remove", own.pk)).status_code == 404
    refused = admin.post(url("library-add"), {**data, "title_de": ""})
    assert refused.status_code == 400 and LibraryAction.objects.count() == 1
    assert admin.post(url("library-remove", own.pk)).status_code == 302
    assert not LibraryAction.objects.exists()
    assert Step.objects.get().title == "Dankesfreitag"  # in the leader's language, kept


def test_another_organisations_own_actions_stay_out_of_the_library(cast: Cast) -> None:
    globex_action = library.add_library_action(
        admin=cast.outsider, key="care:heard", title_en="Globex hour", title_de="Globex-Stunde"
    )
    page = cast.client_for(cast.leader).get(url("library")).content.decode()
    assert "Globex hour" not in page
    assert (
        cast.client_for(cast.admin).post(url("library-remove", globex_action.pk)).status_code == 404
    )
    assert LibraryAction.objects.filter(pk=globex_action.pk).exists()
