from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from genuinecare.surveys.contacts import ContactImporter
from genuinecare.surveys.models import Contact
from tests.conftest import Cast

GOOD = (
    "name;email;company;unit;language\n"
    "Ada Lovelace;ada@client.test;Client AG;Acme/Sales;de\n"
    "Bob;bob@client.test;Client AG;;en\n"
)


def test_bad_rows_are_reported_with_row_and_column(cast: Cast) -> None:
    text = "name,email,unit,language\nAda,not-mail,Acme/Nowhere,fr\n,b@x.test,,\n"
    plan = ContactImporter(organisation=cast.organisation, variant="customer").plan(text)
    assert [(e.row, e.column) for e in plan.errors] == [
        (2, "email"),
        (2, "language"),
        (2, "unit"),
        (3, "name"),
    ]


def test_import_previews_then_applies_all_or_nothing_and_idempotently(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    upload = SimpleUploadedFile("contacts.csv", GOOD.encode("utf-8"))
    response = client.post(
        reverse("surveys:contacts", kwargs={"org": "acme"}), {"kind": "customer", "file": upload}
    )
    preview = client.get(response["Location"])
    assert 'data-count="created">2<' in preview.content.decode()
    assert Contact.objects.count() == 0
    apply_url = response["Location"] + "apply/"
    client.post(apply_url)
    client.post(apply_url)
    ada = Contact.objects.get(email="ada@client.test")
    assert (ada.account, ada.unit, ada.language, Contact.objects.count()) == (
        "Client AG",
        cast.sales,
        "de",
        2,
    )
    again = ContactImporter(organisation=cast.organisation, variant="customer").plan(GOOD)
    assert again.summary == {"created": 0, "updated": 0, "unchanged": 2}


def test_outsider_cannot_see_an_import(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    upload = SimpleUploadedFile("contacts.csv", GOOD.encode("utf-8"))
    location = client.post(
        reverse("surveys:contacts", kwargs={"org": "acme"}), {"kind": "customer", "file": upload}
    )["Location"]
    outsider = cast.client_for(cast.outsider)
    assert outsider.get(location).status_code == 404
    assert outsider.post(location + "apply/").status_code == 404
    assert Contact.objects.count() == 0


def test_customer_and_supplier_contacts_are_matched_separately(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    url = reverse("surveys:contacts", kwargs={"org": "acme"})
    for kind in ("customer", "supplier"):
        upload = SimpleUploadedFile("contacts.csv", GOOD.encode("utf-8"))
        location = client.post(url, {"kind": kind, "file": upload})["Location"]
        preview = client.get(location).content.decode()
        label = "Customer contact" if kind == "customer" else "Supplier contact"
        assert f"contacts.csv · {label}" in preview
        assert 'data-count="created">2<' in preview
        client.post(location + "apply/")
    assert sorted(
        Contact.objects.filter(email="ada@client.test").values_list("kind", flat=True)
    ) == [
        "customer",
        "supplier",
    ]
    moved = GOOD.replace("Acme/Sales", "Acme/IT")
    plan = ContactImporter(organisation=cast.organisation, variant="supplier").plan(moved)
    assert plan.summary == {"created": 0, "updated": 1, "unchanged": 1}
    assert [(c.row, c.email, c.unit_id) for c in plan.changes] == [
        (2, "ada@client.test", cast.it.pk)
    ]


def test_a_unit_with_a_slash_in_its_name_is_written_with_a_doubled_slash(cast: Cast) -> None:
    from genuinecare.people.actions import create_unit

    research = create_unit(organisation=cast.organisation, name="R/D", parent=cast.it)
    text = "name,email,unit\nAda,ada@client.test,Acme/IT/R//D\nBo,bo@client.test,Acme/IT/R/D\n"
    plan = ContactImporter(organisation=cast.organisation, variant="customer").plan(text)
    assert [p.unit_id for p in plan.rows] == [research.pk]
    assert [(e.row, e.column) for e in plan.errors] == [(3, "unit")]
