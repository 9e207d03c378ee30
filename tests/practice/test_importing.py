"""Importing accounts: row and column errors, all or nothing, and re-import without changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from genuinecare.people.imports.plan import ImportRefused
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


def test_a_changed_account_is_updated_not_duplicated(cast: Cast) -> None:
    import_accounts(cast, GOOD)
    changed = GOOD.replace("acme.com, acme.de;buyer@acme.com", "acme.com;sales@acme.com")
    plan = AccountImporter(organisation=cast.organisation).plan(changed)
    assert [(p.row, p.name, p.action) for p in plan.changes] == [(2, "Acme Retail", "update")]
    assert import_accounts(cast, changed) == {"created": 0, "updated": 1, "unchanged": 1}
    acme = Stakeholder.objects.get(name="Acme Retail")
    assert (acme.email_domains, acme.contact_email) == ("acme.com", "sales@acme.com")
    assert Stakeholder.objects.filter(person__isnull=True).count() == 2


def test_a_leader_previews_and_imports_through_the_pages(cast: Cast) -> None:
    client = cast.client_for(cast.leader)
    response = client.post(
        reverse("practice:account-import", kwargs={"org": "acme"}),
        {"file": SimpleUploadedFile("accounts.csv", GOOD.encode())},
    )
    preview = client.get(response["Location"]).content.decode()
    assert (
        "<td>Acme Retail</td><td>Customer account</td><td>buyer@acme.com</td><td>new</td>"
        in preview
    )
    assert 'aria-label="Care in practice"' in preview
    assert not Stakeholder.objects.exists()
    applied = client.post(response["Location"] + "apply/")
    assert applied["Location"] == reverse("practice:accounts", kwargs={"org": "acme"})
    assert set(Stakeholder.objects.values_list("name", flat=True)) == {"Acme Retail", "Parts AG"}
