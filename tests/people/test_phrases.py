"""Shared wording reads the same wherever it is raised, in the reader's language."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from genuinecare.people import actions
from genuinecare.practice.actions import check_account
from genuinecare.practice.enums import StakeholderType
from tests.conftest import Cast
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _message(call: Callable[[], object]) -> str:
    with pytest.raises(ValidationError) as refused:
        call()
    [message] = refused.value.messages
    return message


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "“ab@” is not an e-mail address. Write it like name@example.org."),
        ("de", "„ab@“ ist keine E-Mail-Adresse. Schreiben Sie sie in der Form name@example.org."),
    ],
)
def test_a_bad_address_is_explained_alike_for_a_person_and_an_account(
    language: str, expected: str
) -> None:
    with translation.override(language):
        person = _message(lambda: actions.clean_person_email("ab@"))
        account = _message(
            lambda: check_account(
                type=StakeholderType.CUSTOMER,
                name="Acme",
                circle="",
                email_domains="",
                contact_email="ab@",
            )
        )
    assert person == account == expected


def test_a_unit_with_people_names_how_many_must_move(cast: Cast) -> None:
    PersonFactory(organisation=cast.organisation, unit=cast.sales_dach)
    with translation.override("de"):
        message = _message(lambda: actions.archive_unit(unit=cast.sales_dach))
    assert message == "Verschieben Sie zuerst die 2 Personen dieser Einheit in eine andere Einheit."
