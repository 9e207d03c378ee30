"""The mirror over HTTP: who sees what, saving as you go, submitting once, tampered forms."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from genuinecare.catalog.questionnaire import MISSING
from genuinecare.catalog.registry import current_version, shipped
from genuinecare.mirror import actions
from genuinecare.mirror.models import Assessment, AssessmentPart
from genuinecare.people.actions import set_language
from genuinecare.people.enums import Role
from tests.conftest import Cast
from tests.factories import PersonFactory
from tests.mirror.conftest import complete, keyed, page_data, start

pytestmark = pytest.mark.django_db

ORG = "acme"


def url(name: str, **kwargs: object) -> str:
    return reverse(f"mirror:{name}", kwargs={"org": ORG, **kwargs})


def vector(assessment: Assessment) -> bytes:
    return bytes(AssessmentPart.objects.get(assessment=assessment).answers)


def every_view(pk: int) -> list[tuple[str, str]]:
    return [
        ("get", url("index")),
        ("get", url("start")),
        ("post", url("start")),
        ("get", url("shared")),
        ("get", url("catalogs")),
        ("get", url("report", pk=pk)),
        ("get", url("report-pdf", pk=pk)),
        ("post", url("share", pk=pk)),
        ("get", url("resume", pk=pk)),
        ("get", url("page", pk=pk, page=1)),
        ("post", url("save", pk=pk)),
        ("post", url("submit", pk=pk)),
        ("post", url("discard", pk=pk)),
    ]


def test_outsider_and_member_get_404_on_every_mirror_view(cast: Cast) -> None:
    assessment = complete(cast.leader)
    for person in (cast.outsider, cast.member):
        client = cast.client_for(person)
        for method, address in every_view(assessment.pk):
            response = getattr(client, method)(address)
            assert response.status_code == 404, (person.email, method, address)


def test_anonymous_visitors_are_sent_to_sign_in(cast: Cast) -> None:
    response = Client().get(url("index"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_another_leaders_attempt_is_404(cast: Cast) -> None:
    other = PersonFactory(
        organisation=cast.organisation, role=Role.LEADER, unit=cast.it, signs_in=True
    )
    draft = start(cast.leader)
    done = complete(other)
    client = cast.client_for(cast.leader)
    for pk in (done.pk,):
        for method, address in every_view(pk)[5:]:
            assert getattr(client, method)(address).status_code == 404, address
    # the admin, too, while nothing is shared: not even a draft
    admin = cast.client_for(cast.admin)
    for method, address in every_view(draft.pk)[5:]:
        assert getattr(admin, method)(address).status_code == 404, address


def test_admin_sees_only_shared_attempts_and_never_open_answers(cast: Cast) -> None:
    def answer(item: object) -> int | str | None:
        if getattr(item, "scale", "") == "open":
            return "My private doubt."
        return keyed(4)(item)  # type: ignore[arg-type]

    shared = complete(cast.leader, ("care", "readiness"), answer)
    private = complete(
        PersonFactory(organisation=cast.organisation, role=Role.LEADER, signs_in=True)
    )
    leader = cast.client_for(cast.leader)
    response = leader.post(url("share", pk=shared.pk), {"shared": "yes"})
    assert response.status_code == 302
    admin = cast.client_for(cast.admin)

    listing = admin.get(url("shared")).content.decode()
    assert url("report", pk=shared.pk) in listing
    assert url("report", pk=private.pk) not in listing
    report = admin.get(url("report", pk=shared.pk))
    assert report.status_code == 200
    assert "Sprouting" in report.content.decode()
    assert "My private doubt." not in report.content.decode()
    assert "My private doubt." in leader.get(url("report", pk=shared.pk)).content.decode()
    assert admin.get(url("report", pk=private.pk)).status_code == 404
    # the admin reads; only the leader answers, submits and shares
    for method, address in every_view(shared.pk)[7:]:
        assert getattr(admin, method)(address).status_code == 404, address

    leader.post(url("share", pk=shared.pk), {"shared": "no"})
    assert admin.get(url("report", pk=shared.pk)).status_code == 404


def test_a_draft_cannot_be_shared(cast: Cast) -> None:
    draft = start(cast.leader)
    client = cast.client_for(cast.leader)

    client.post(url("share", pk=draft.pk), {"shared": "yes"})

    draft.refresh_from_db()
    assert draft.shared_at is None


def test_start_save_as_you_go_resume_and_submit(cast: Cast) -> None:
    client = cast.client_for(cast.leader)
    page = client.get(url("start"))
    assert page.status_code == 200
    response = client.post(url("start"), {"catalogs": ["care"]})
    assessment = Assessment.objects.get(person=cast.leader)
    assert response["Location"] == url("resume", pk=assessment.pk)
    assert client.get(response["Location"])["Location"] == url("page", pk=assessment.pk, page=1)
    questionnaire = actions.questionnaire_of(assessment)

    first = client.get(url("page", pk=assessment.pk, page=1)).content.decode()
    assert "The people in my team feel heard when they speak to me." in first
    assert "Page 1 of 15" in first
    assert f'hx-post="{url("save", pk=assessment.pk)}"' in first

    # autosave of a single answer (htmx), as when a radio button changes
    data = {"page": "1", "version": questionnaire.pages[0].part.key, "q-heard_e1": "4"}
    saved = client.post(url("save", pk=assessment.pk), data, headers={"HX-Request": "true"})
    assert saved.status_code == 200
    assert "Saved." in saved.content.decode()
    assert "1 of 66 answered" in saved.content.decode()
    assert vector(assessment)[0] == 4
    assert set(vector(assessment)[1:]) == {MISSING}

    # "closing the tab": coming back resumes on the first page with an open question
    assert client.get(url("resume", pk=assessment.pk))["Location"].endswith("/answer/1/")
    assert 'value="4" checked' in client.get(url("page", pk=assessment.pk, page=1)).content.decode()

    # plain "Save and continue" saves the whole page and moves on
    full = {**page_data(questionnaire, 1, keyed(4)), "go": "next"}
    response = client.post(url("save", pk=assessment.pk), full)
    assert response["Location"] == url("page", pk=assessment.pk, page=2)
    assert client.get(url("resume", pk=assessment.pk))["Location"].endswith("/answer/2/")

    # submitting with pages left open keeps the answers and says where
    last = page_data(questionnaire, 15, keyed(4))
    response = client.post(url("submit", pk=assessment.pk), last, follow=True)
    assert "Still open: page 2, 3, 4" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.submitted_at is None
    assert vector(assessment)[-1] == 4  # the posted last page was kept

    for number in range(2, 15):
        client.post(url("save", pk=assessment.pk), page_data(questionnaire, number, keyed(4)))
    response = client.post(url("submit", pk=assessment.pk), last)
    assert response["Location"] == url("report", pk=assessment.pk)
    assessment.refresh_from_db()
    assert assessment.submitted_at is not None
    report = client.get(url("report", pk=assessment.pk)).content.decode()
    assert "Soil stage" in report and "Sprouting" in report


def test_a_second_submission_changes_nothing_and_says_so(cast: Cast) -> None:
    assessment = complete(cast.leader)
    submitted_at, before = assessment.submitted_at, vector(assessment)
    questionnaire = actions.questionnaire_of(assessment)
    client = cast.client_for(cast.leader)

    data = page_data(questionnaire, 15, keyed(1))
    response = client.post(url("submit", pk=assessment.pk), data, follow=True)

    assert "was submitted on" in response.content.decode()
    assert "can no longer change" in response.content.decode()
    assessment.refresh_from_db()
    assert (assessment.submitted_at, vector(assessment)) == (submitted_at, before)
    autosave = client.post(url("save", pk=assessment.pk), data, headers={"HX-Request": "true"})
    assert autosave.status_code == 400
    assert "can no longer change" in autosave.content.decode()
    assert vector(assessment) == before


@pytest.mark.parametrize(
    ("tamper", "message"),
    [
        ({"q-no_such_item": "3"}, "“no_such_item” is not a question on this page"),
        ({"q-heard_e2": "3"}, "“heard_e2” is not a question on this page"),  # page 2's item
        ({"q-cared_for_e1": "6"}, "is not on its scale (1 to 5)"),
        ({"q-cared_for_e1": "abc"}, "is not on its scale (1 to 5)"),
        ({"q-cared_for_e1": ["3", "4"]}, "was sent twice"),
        ({"page": "99"}, "This page does not exist"),
        ({"version": "wrong"}, "different version of the questionnaire"),
        # digits str.isdigit() accepts but int() does not (or reads as another number)
        ({"q-cared_for_e1": "²"}, "The answer “²” to question “cared_for_e1” is not on its"),
        ({"q-cared_for_e1": "٣"}, "The answer “٣” to question “cared_for_e1” is not on its"),
        ({"page": "²"}, "This page does not exist"),
        ({"page": "①"}, "This page does not exist"),
    ],
)
def test_tampered_forms_are_refused_and_change_nothing(
    cast: Cast, tamper: dict[str, object], message: str
) -> None:
    assessment = start(cast.leader)
    questionnaire = actions.questionnaire_of(assessment)
    before = vector(assessment)
    client = cast.client_for(cast.leader)
    data = {**page_data(questionnaire, 2, keyed(4)), **tamper}

    plain = client.post(url("save", pk=assessment.pk), data)
    htmx = client.post(url("save", pk=assessment.pk), data, headers={"HX-Request": "true"})
    submit = client.post(url("submit", pk=assessment.pk), data)

    for response in (plain, htmx, submit):
        assert response.status_code == 400
        assert message in response.content.decode()
    assert vector(assessment) == before


def test_answers_for_a_catalog_version_the_attempt_did_not_start_with(cast: Cast) -> None:
    assessment = start(cast.leader)
    other = current_version(shipped()["purpose"])
    data = {
        **page_data(actions.questionnaire_of(assessment), 1, keyed(4)),
        "version": str(other.pk),
    }

    response = cast.client_for(cast.leader).post(url("save", pk=assessment.pk), data)

    assert response.status_code == 400
    assert "different version of the questionnaire" in response.content.decode()
    assert set(vector(assessment)) == {MISSING}


def test_one_draft_at_a_time_start_resumes_it(cast: Cast) -> None:
    draft = start(cast.leader)
    client = cast.client_for(cast.leader)

    response = client.post(url("start"), {"catalogs": ["care"]})

    assert response["Location"] == url("resume", pk=draft.pk)
    assert Assessment.objects.filter(person=cast.leader).count() == 1


def test_start_needs_a_catalog(cast: Cast) -> None:
    response = cast.client_for(cast.leader).post(url("start"), {})

    assert response.status_code == 200
    assert "Choose at least one catalog." in response.content.decode()
    assert not Assessment.objects.exists()


def test_language_switch_on_the_page_without_changing_the_account(cast: Cast) -> None:
    assessment = start(cast.leader)
    client = cast.client_for(cast.leader)

    page = client.get(url("page", pk=assessment.pk, page=1) + "?lang=de").content.decode()

    assert "Die Menschen in meinem Team fühlen sich gehört" in page
    assert "Trifft nicht zu" in page
    assert 'name="lang" value="de"' in page
    cast.leader.user.refresh_from_db()
    assert cast.leader.user.language == "en"
    data = {
        **page_data(actions.questionnaire_of(assessment), 1, keyed(4)),
        "go": "next",
        "lang": "de",
    }
    response = client.post(url("save", pk=assessment.pk), data)
    assert response["Location"] == url("page", pk=assessment.pk, page=2) + "?lang=de"


def test_pdf_has_the_same_content_and_the_soil_stage(cast: Cast) -> None:
    assessment = complete(cast.leader, ("care", "purpose"))
    client = cast.client_for(cast.leader)

    response = client.get(url("report-pdf", pk=assessment.pk))

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="self-assessment-')
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Soil stage: Sprouting" in text
    assert "Three first steps" in text
    assert "Scores per puzzle piece" in text


def test_index_shows_attempts_and_the_trend(cast: Cast) -> None:
    complete(cast.leader, answer=keyed(2))
    complete(cast.leader, answer=keyed(4))

    page = cast.client_for(cast.leader).get(url("index")).content.decode()

    assert "Your trend" in page
    assert page.count(">Report<") == 2
    assert "data:image/svg+xml;base64," in page


@pytest.mark.parametrize("count", [1, 3])
def test_shared_list_needs_the_same_queries_for_1_and_3_attempts(
    cast: Cast, count: int, django_assert_num_queries: object
) -> None:
    for _ in range(count):
        leader = PersonFactory(organisation=cast.organisation, role=Role.LEADER, signs_in=True)
        actions.set_sharing(assessment=complete(leader), shared=True)
    client = cast.client_for(cast.admin)

    # One of them reads the organisation's sign-in rules (single sign-on, second factor).
    with django_assert_num_queries(5):  # type: ignore[operator]
        response = client.get(url("shared"))

    assert response.content.decode().count(">Report<") == count


@pytest.mark.parametrize("count", [2, 4])
def test_index_needs_the_same_queries_for_2_and_4_attempts(
    cast: Cast, count: int, django_assert_num_queries: object
) -> None:
    for _ in range(count):
        complete(cast.leader)
    client = cast.client_for(cast.leader)
    client.get(url("index"))  # the first request stores the catalog snapshots' cache

    # One of them reads the organisation's sign-in rules (single sign-on, second factor).
    with django_assert_num_queries(6):  # type: ignore[operator]
        response = client.get(url("index"))

    assert response.content.decode().count(">Report<") == count


def test_a_draft_is_discarded_only_after_confirming(cast: Cast) -> None:
    draft = start(cast.leader)
    questionnaire = actions.questionnaire_of(draft)
    actions.save_page(
        assessment=draft, questionnaire=questionnaire, data=page_data(questionnaire, 1, keyed(4))
    )
    client = cast.client_for(cast.leader)
    discard = url("discard", pk=draft.pk)
    index = client.get(url("index")).content.decode()
    page = client.get(url("page", pk=draft.pk, page=1)).content.decode()
    for html in (index, page):
        assert html.count(f'action="{discard}"') == 1 and ">Discard draft<" in html

    # the button (and a plain GET) asks first and deletes nothing
    for asked in (client.post(discard), client.get(discard)):
        html = asked.content.decode()
        assert asked.status_code == 200 and "Discard the self-assessment?" in html
        assert 'name="confirm" value="yes"' in html
    assert Assessment.objects.filter(pk=draft.pk).exists()

    response = client.post(discard, {"confirm": "yes"}, follow=True)
    assert response.redirect_chain == [(url("index"), 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Your unsubmitted self-assessment is discarded."
    ]
    assert not Assessment.objects.filter(pk=draft.pk).exists()
    assert AssessmentPart.objects.filter(assessment_id=draft.pk).count() == 0
    assert ">Start a self-assessment<" in response.content.decode()


def test_the_success_message_is_translated(cast: Cast) -> None:
    draft = start(cast.leader)
    assert cast.leader.user is not None
    set_language(user=cast.leader.user, language="de")
    client = cast.client_for(cast.leader)
    confirm = client.get(url("discard", pk=draft.pk)).content.decode()
    assert "Selbsteinschätzung verwerfen?" in confirm
    response = client.post(url("discard", pk=draft.pk), {"confirm": "yes"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Ihre nicht abgesendete Selbsteinschätzung wurde verworfen."
    ]


def test_a_submitted_attempt_cannot_be_discarded(cast: Cast) -> None:
    done = complete(cast.leader)
    answers = vector(done)
    client = cast.client_for(cast.leader)
    assert ">Discard draft<" not in client.get(url("index")).content.decode()
    for response in (
        client.post(url("discard", pk=done.pk), {"confirm": "yes"}),
        client.get(url("discard", pk=done.pk)),
    ):
        assert response.status_code == 404
    done.refresh_from_db()
    assert done.is_submitted and vector(done) == answers


def test_discard_refuses_an_attempt_submitted_meanwhile(cast: Cast) -> None:
    done = complete(cast.leader)
    with pytest.raises(ValidationError, match="cannot be discarded"):
        actions.discard_draft(assessment=done)
    assert Assessment.objects.filter(pk=done.pk, submitted_at__isnull=False).count() == 1
    assert AssessmentPart.objects.filter(assessment=done).count() == 1


def test_nobody_else_discards_a_leaders_draft(cast: Cast) -> None:
    draft = start(cast.leader)
    other = PersonFactory(
        organisation=cast.organisation, role=Role.LEADER, unit=cast.it, signs_in=True
    )
    for person in (other, cast.admin, cast.member, cast.outsider):
        client = cast.client_for(person)
        assert client.post(url("discard", pk=draft.pk), {"confirm": "yes"}).status_code == 404
        assert client.get(url("discard", pk=draft.pk)).status_code == 404
    assert Assessment.objects.filter(pk=draft.pk, submitted_at__isnull=True).count() == 1
