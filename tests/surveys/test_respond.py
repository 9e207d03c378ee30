"""The response pages refuse numbers that are not ASCII digits with a 400 that says why."""

import pytest
from django.test import Client
from django.urls import reverse

from genuinecare.surveys.models import Invitation, Response
from genuinecare.surveys.submission import questionnaire_of
from tests.conftest import Cast
from tests.factories import invite, make_wave, page_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("raw", ["²", "①", "٣"])
def test_an_answer_in_other_digits_is_refused_and_nothing_is_saved(
    cast: Cast, client: Client, raw: str
) -> None:
    wave = make_wave(cast.admin, languages=["en"])
    _invitation, token = invite(wave, unit=cast.it, email="d@x.test")
    save = reverse("respond-save", kwargs={"token": token})
    data = page_post(wave, 1, raw)

    plain = client.post(save, data)
    htmx = client.post(save, data, HTTP_HX_REQUEST="true")
    submit = client.post(reverse("respond-submit", kwargs={"token": token}), data)

    message = f"The answer “{raw}” to question “heard_e1” is not on its scale (1 to 5)."
    for response in (plain, htmx, submit):
        assert response.status_code == 400
        assert message in response.content.decode()
    assert 'name="page" value="1"' in plain.content.decode()  # the page stays where it was
    assert Invitation.objects.get(email="d@x.test").draft is None
    assert Response.objects.count() == 0


@pytest.mark.parametrize("raw", ["²", "①", "٣", "9" * 5000])
def test_a_page_number_in_other_digits_is_refused_on_the_first_page(
    cast: Cast, client: Client, raw: str
) -> None:
    wave = make_wave(cast.admin, languages=["en"])
    _invitation, token = invite(wave, unit=cast.it, email="p@x.test")
    data = {**page_post(wave, 2), "page": raw}

    response = client.post(reverse("respond-save", kwargs={"token": token}), data)

    page = response.content.decode()
    assert response.status_code == 400
    assert "This page does not exist. Reload the questionnaire." in page
    first = questionnaire_of(wave).pages[0].questions[0]
    assert first.item.others_text.en in page
    assert Invitation.objects.get(email="p@x.test").draft is None


def test_ascii_answers_are_still_saved(cast: Cast, client: Client) -> None:
    wave = make_wave(cast.admin, languages=["en"])
    _invitation, token = invite(wave, unit=cast.it, email="ok@x.test")

    response = client.post(reverse("respond-save", kwargs={"token": token}), page_post(wave, 1))

    assert response.status_code == 302 and response["Location"] == f"/r/{token}/1/"
    assert Invitation.objects.get(email="ok@x.test").draft is not None
