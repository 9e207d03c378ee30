"""Importing accounts: row and column errors, all or nothing, and re-import without changes."""

import pytest

from genuinecare.lib.imports.plan import ImportRefused
from genuinecare.practice.importing import AccountImporter
from genuinecare.practice.models import Stakeholder
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def import_accounts(cast: Cast, text: str) -> dict[str, int]:
    return AccountImporter(organisation=cast.organisation).apply(text)


GOOD = (
    "Name;Typ;email_domains;contact_email\n"
    "Acme Retail;Kunde;acme.com, acme.de;buyer@acme.com\n"
    "Parts AG;supplier;parts.example;\n"
)


def test_import_is_all_or_nothing_with_row_and_column(cast: Cast) -> None:
    bad = GOOD + "Broken;partner;;\nNo Domain;customer;not a domain;\nMail;customer;x.com;nope\n"
    with pytest.raises(ImportRefused) as refused:
        import_accounts(cast, bad)
    assert [(e.row, e.column) for e in refused.value.errors] == [
        (4, "type"),
        (5, "email_domains"),
        (6, "contact_email"),
    ]
    assert (
        refused.value.errors[0].message
        == "“partner” is not a type. Use customer, supplier or other."
    )
    assert not Stakeholder.objects.exists()


def test_same_file_twice_changes_nothing(cast: Cast) -> None:
    assert import_accounts(cast, GOOD) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert import_accounts(cast, GOOD) == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
    }
    acme = Stakeholder.objects.get(name="Acme Retail")
    assert (acme.type, acme.circle, acme.email_domains) == (
        "customer",
        "customer",
        "acme.com acme.de",
    )


def test_duplicate_rows_and_missing_columns_are_named(cast: Cast) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_accounts(cast, GOOD + "acme retail;customer;;\n")
    assert [(e.row, e.column) for e in refused.value.errors] == [(4, "name")]
    with pytest.raises(ImportRefused) as header:
        import_accounts(cast, "name\nAcme\n")
    assert header.value.errors[0].row == 1
