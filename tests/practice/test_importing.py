"""The one account import: accounts with their contacts, all or nothing, row and column
errors, and re-import without changes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from genuinecare.people.accounts import Account, Contact
from genuinecare.people.imports.plan import ImportRefused
from genuinecare.practice.importing import AccountImporter
from genuinecare.practice.models import Stakeholder
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def import_accounts(cast: Cast, text: str) -> dict[str, int]:
    return AccountImporter(organisation=cast.organisation).apply(text)


GOOD = (
    "Name;Typ;Segment;email_domains;Sprache;Kontakt;E-Mail\n"
    "Acme Retail;Kunde;Retail;acme.com, acme.de;de;Ada Buyer;Buyer@acme.com\n"
    "Acme Retail;customer;;;;Bob Seller;bob@acme.com\n"
    "Parts AG;supplier;Packaging;parts.example;en;;\n"
)


def _contacts() -> list[tuple[str, str, str, str]]:
    rows = Contact.objects.order_by("email").values_list(
        "account__name", "name", "email", "language"
    )
    return list(rows)


def test_import_is_all_or_nothing_with_row_and_column(cast: Cast) -> None:
    bad = GOOD + (
        "Broken;friend;;;;;\n"
        "No Domain;customer;;not a domain;;;\n"
        "Mail;customer;;x.com;;Eve;nope\n"
        "Lang;customer;;;fr;;\n"
    )
    with pytest.raises(ImportRefused) as refused:
        import_accounts(cast, bad)
    assert [(e.row, e.column) for e in refused.value.errors] == [
        (5, "type"),
        (6, "email_domains"),
        (7, "email"),
        (8, "language"),
    ]
    assert refused.value.errors[0].message == (
        "“friend” is not a type. Use customer, supplier, partner or other."
    )
    assert refused.value.errors[3].message == "Write the language as en or de."
    assert not Account.objects.exists()
    assert not Stakeholder.objects.exists()


def test_accounts_contacts_and_stakeholders_are_made_and_a_second_run_changes_nothing(
    cast: Cast,
) -> None:
    assert import_accounts(cast, GOOD) == {
        "created": 3,
        "updated": 0,
        "unchanged": 0,
        "accounts": 2,
    }
    acme = Account.objects.get(name="Acme Retail")
    assert (acme.type, acme.segment, acme.email_domains, acme.language) == (
        "customer",
        "Retail",
        "acme.com acme.de",
        "de",
    )
    # the second row of Acme Retail takes the first row's details
    assert _contacts() == [
        ("Acme Retail", "Bob Seller", "bob@acme.com", "de"),
        ("Acme Retail", "Ada Buyer", "buyer@acme.com", "de"),
    ]
    stakeholders = Stakeholder.objects.order_by("name").values_list(
        "name", "type", "circle", "account__name"
    )
    assert list(stakeholders) == [
        ("Acme Retail", "customer", "customer", "Acme Retail"),
        ("Parts AG", "supplier", "supplier", "Parts AG"),
    ]
    assert import_accounts(cast, GOOD) == {
        "created": 0,
        "updated": 0,
        "unchanged": 3,
        "accounts": 2,
    }
    assert (Account.objects.count(), Contact.objects.count(), Stakeholder.objects.count()) == (
        2,
        2,
        2,
    )


def test_a_row_that_contradicts_its_accounts_first_row_is_refused(cast: Cast) -> None:
    clash = GOOD + "acme retail;customer;Wholesale;;;Cy;cy@acme.com\n"
    with pytest.raises(ImportRefused) as refused:
        import_accounts(cast, clash)
    [error] = refused.value.errors
    assert (error.row, error.column, error.message) == (
        5,
        "segment",
        "Row 2 gives acme retail “Retail” here. Give an account the same details in every "
        "row, or leave them empty after its first row.",
    )


def test_duplicate_rows_and_missing_columns_are_named(cast: Cast) -> None:
    with pytest.raises(ImportRefused) as refused:
        import_accounts(cast, GOOD + "acme retail;customer;;;;Ada;buyer@ACME.com\n")
    assert [(e.row, e.column) for e in refused.value.errors] == [(5, "account")]
    assert refused.value.errors[0].message == (
        "acme retail is already in row 2. Keep only one of these rows."
    )
    with pytest.raises(ImportRefused) as header:
        import_accounts(cast, "name\nAcme\n")
    assert header.value.errors[0].row == 1


def test_the_same_name_as_customer_and_supplier_is_two_accounts(cast: Cast) -> None:
    text = "account,type,email\nTwin GmbH,customer,a@twin.test\nTwin GmbH,supplier,a@twin.test\n"
    assert import_accounts(cast, text)["created"] == 2
    assert sorted(Account.objects.values_list("type", flat=True)) == ["customer", "supplier"]
    assert Contact.objects.filter(email="a@twin.test").count() == 2


def test_a_changed_account_and_contact_are_updated_not_duplicated(cast: Cast) -> None:
    import_accounts(cast, GOOD)
    changed = GOOD.replace("Retail;acme.com, acme.de;de;Ada Buyer", "Stores;acme.com;en;Ada B.")
    plan = AccountImporter(organisation=cast.organisation).plan(changed)
    assert [(p.row, p.account, p.action) for p in plan.changes] == [
        (2, "Acme Retail", "update"),
        (3, "Acme Retail", "update"),
    ]
    assert import_accounts(cast, changed) == {
        "created": 0,
        "updated": 2,
        "unchanged": 1,
        "accounts": 2,
    }
    acme = Account.objects.get(name="Acme Retail")
    assert (acme.segment, acme.email_domains, acme.language) == ("Stores", "acme.com", "en")
    assert _contacts()[1] == ("Acme Retail", "Ada B.", "buyer@acme.com", "en")
    assert Stakeholder.objects.filter(person__isnull=True).count() == 2


def test_an_admin_previews_and_imports_through_the_pages_and_a_leader_cannot(
    cast: Cast,
) -> None:
    url = reverse("practice:account-import", kwargs={"org": "acme"})
    leader = cast.client_for(cast.leader)
    assert leader.get(url).status_code == 404
    client = cast.client_for(cast.admin)
    response = client.post(url, {"file": SimpleUploadedFile("accounts.csv", GOOD.encode())})
    assert leader.get(response["Location"]).status_code == 404
    preview = client.get(response["Location"]).content.decode()
    assert (
        "<td>Acme Retail</td><td>Customer</td><td>Retail</td><td>Ada Buyer</td>"
        "<td>buyer@acme.com</td><td>new</td>" in preview
    )
    assert 'aria-label="Care in practice"' in preview
    assert not Account.objects.exists()
    applied = client.post(response["Location"] + "apply/")
    assert applied["Location"] == reverse("practice:accounts", kwargs={"org": "acme"})
    assert set(Stakeholder.objects.values_list("name", flat=True)) == {"Acme Retail", "Parts AG"}
    assert Contact.objects.count() == 2
