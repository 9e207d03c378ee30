"""The care log reads the ids it is given strictly: ASCII digits, or a 400 saying what to fix."""

import pytest

from genuinecare.practice.models import CareAction
from tests.conftest import Cast
from tests.factories import account, kind, person_stakeholder

pytestmark = pytest.mark.django_db

LOG = "/o/acme/practice/log/"


def _refusal(name: str, raw: str) -> str:
    return (
        f"“{name}” must name an entry by its number, written with the digits 0 to 9, "
        f"but it was “{raw}”. Go back and open the page from its link again."
    )


@pytest.mark.parametrize("raw", ["²", "①", "٣", "0", "9" * 40])
@pytest.mark.parametrize("name", ["stakeholder", "kind"])
def test_a_preselection_in_other_digits_is_a_400_that_says_what_to_fix(
    cast: Cast, name: str, raw: str
) -> None:
    response = cast.client_for(cast.leader).get(LOG, {name: raw})

    page = response.content.decode()
    assert response.status_code == 400
    assert f"<p data-problem>{_refusal(name, raw[:20])}</p>" in page
    assert "<h1>This request cannot be read</h1>" in page


def test_the_400_page_speaks_the_leaders_language(cast: Cast) -> None:
    cast.leader.user.language = "de"
    cast.leader.user.save()

    response = cast.client_for(cast.leader).get(LOG, {"kind": "²"})

    page = response.content.decode()
    assert response.status_code == 400
    assert "<h1>Diese Anfrage kann nicht gelesen werden</h1>" in page
    assert "„kind“ muss einen Eintrag mit seiner Nummer" in page


def test_a_posted_stakeholder_in_other_digits_logs_nothing(cast: Cast) -> None:
    visit = kind(cast.organisation, "one_on_one")
    member = person_stakeholder(cast.leader, cast.member)
    data = {
        "kind": visit.pk,
        "stakeholders": [member.pk, "²"],
        "happened_at": "2026-11-18T10:00",
        "submission": "bad-digits",
    }

    response = cast.client_for(cast.leader).post(LOG, data)

    assert response.status_code == 400
    assert _refusal("stakeholders", "²") in response.content.decode()
    assert CareAction.objects.count() == 0


def test_ascii_ids_still_preselect_and_log(cast: Cast) -> None:
    visit = kind(cast.organisation, "customer_visit")
    nordwind = account(cast.organisation, "Nordwind Handel AG")
    client = cast.client_for(cast.leader)

    page = client.get(LOG, {"stakeholder": nordwind.pk, "kind": visit.pk}).content.decode()

    assert f'<option value="{nordwind.pk}" selected>Nordwind Handel AG</option>' in page
    assert f'<option value="{visit.pk}" selected>' in page
    logged = client.post(
        LOG,
        {
            "kind": visit.pk,
            "stakeholders": [nordwind.pk],
            "happened_at": "2026-11-18T10:00",
            "submission": "good-digits",
        },
    )
    assert logged.status_code == 302
    assert list(CareAction.objects.values_list("kind__code", "stakeholders__name")) == [
        ("customer_visit", "Nordwind Handel AG")
    ]
