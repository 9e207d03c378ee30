"""The standard item "I believe action will be taken on this survey" (care, version 2)."""

import pytest

from genuinecare.catalog.enums import Scale
from genuinecare.catalog.registry import current_version, shipped
from genuinecare.surveys.enums import Audience
from tests.conftest import Cast
from tests.factories import make_wave

EN = "I believe action will be taken on this survey."
DE = "Ich glaube, dass auf Grundlage dieser Befragung etwas unternommen wird."


def test_the_action_item_is_in_the_current_care_version_in_both_languages() -> None:
    care = shipped()["care"]
    assert care.version == 2
    (item,) = [i for i in care.items if i.others_text and i.others_text.get("en") == EN]
    assert item.id == "heard_e4" and item.dimension == "heard"
    assert item.others_text is not None and item.others_text.get("de") == DE
    assert item.scale == Scale.AGREE5 and not item.reverse and item.audience == "employees"
    assert item in care.scored_items()


@pytest.mark.django_db
def test_employee_and_team_waves_ask_it_and_its_version_is_stored(cast: Cast) -> None:
    version = current_version(shipped()["care"])
    assert version.version == 2
    assert any(i["id"] == "heard_e4" for i in version.content["items"])
    for audience, leader in ((Audience.EMPLOYEES, None), (Audience.TEAM, cast.leader)):
        wave = make_wave(cast.admin, audience=audience, leader=leader)
        assert ["care", "heard_e4"] in wave.item_keys
        assert wave.catalog_version == version
    customers = make_wave(cast.admin, audience=Audience.CUSTOMERS)
    assert ["care", "heard_e4"] not in customers.item_keys
