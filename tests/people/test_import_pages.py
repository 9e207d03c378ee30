"""The shared upload, preview and apply pages, once for every import (here: accounts)."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from genuinecare.people.imports.uploads import MAX_UPLOAD_BYTES
from genuinecare.people.models import Upload
from genuinecare.practice.models import Stakeholder
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

GOOD = "name;type;contact_email\nAcme Retail;customer;buyer@acme.com\nParts AG;supplier;\n"
BAD = "name;type\nAcme Retail;customer\nBroken;friend\nacme retail;customer\n"


def upload(client: Client, content: bytes, name: str = "accounts.csv") -> str:
    response = client.post(
        reverse("practice:account-import", kwargs={"org": "acme"}),
        {"file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 302
    return str(response["Location"])


def messages_of(client: Client, url: str) -> list[str]:
    response = client.post(url, follow=True)
    return [str(message) for message in response.context["messages"]]


def test_preview_shows_counts_and_changes_before_anything_is_written(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    page = client.get(upload(client, GOOD.encode())).content.decode()
    counts = dict(re.findall(r'data-count="(\w+)">(\d+)<', page))
    assert counts == {"created": "2", "updated": "0", "unchanged": "0", "accounts": "2"}
    assert re.findall(r"<tr><td class=\"num\">(\d)</td><td>([^<]+)</td>", page) == [
        ("2", "Acme Retail"),
        ("3", "Parts AG"),
    ]
    assert "Import now" in page
    assert not Stakeholder.objects.filter(person__isnull=True).exists()


def test_problems_are_listed_by_row_and_column_and_block_applying(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    preview_url = upload(client, BAD.encode())
    page = client.get(preview_url).content.decode()
    errors = re.findall(r'<tr><td class="num">(\d+)</td><td>(\w*)</td><td>([^<]+)</td>', page)
    assert errors == [
        ("3", "type", "“friend” is not a type. Use customer, supplier, partner or other."),
        ("4", "account", "acme retail is already in row 2. Keep only one of these rows."),
    ]
    assert "Import now" not in page
    assert messages_of(client, preview_url + "apply/") == [
        "The file has errors; nothing was imported. Fix them first."
    ]
    assert not Stakeholder.objects.filter(person__isnull=True).exists()
    assert Upload.objects.get().applied_at is None


def test_a_double_submit_imports_once_and_says_so(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    preview_url = upload(client, GOOD.encode())
    assert messages_of(client, preview_url + "apply/") == [
        "Accounts and contacts imported: 2 rows created, 0 updated, 0 unchanged."
    ]
    assert messages_of(client, preview_url + "apply/") == [
        "This file was already imported; nothing was changed."
    ]
    assert Stakeholder.objects.filter(person__isnull=True).count() == 2
    page = client.get(preview_url).content.decode()
    assert dict(re.findall(r'data-count="(\w+)">(\d+)<', page)) == {
        "created": "2",
        "updated": "0",
        "unchanged": "0",
        "accounts": "2",
    }
    assert "This file was already imported on" in page and "Import now" not in page


def test_the_same_file_again_is_all_unchanged(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    client.post(upload(client, GOOD.encode()) + "apply/")
    second = upload(client, GOOD.encode())
    page = client.get(second).content.decode()
    assert dict(re.findall(r'data-count="(\w+)">(\d+)<', page))["unchanged"] == "2"
    assert messages_of(client, second + "apply/") == [
        "Accounts and contacts imported: 0 rows created, 0 updated, 2 unchanged."
    ]


def test_unreadable_or_too_large_files_stay_on_the_form(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    url = reverse("people:import", kwargs={"org": "acme"})
    for content, problem in (
        (b"name;type\n\x81\x8d;customer\n", "The file is not readable text."),
        (b"x" * (MAX_UPLOAD_BYTES + 1), "The file is larger than 20 MB."),
    ):
        response = client.post(url, {"file": SimpleUploadedFile("a.csv", content)})
        assert response.status_code == 200
        assert problem in response.content.decode()
    assert not Upload.objects.exists()


def test_an_upload_is_only_found_by_its_own_import(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    accounts = upload(client, GOOD.encode())
    pk = Upload.objects.get().pk
    for name in ("people:import-preview",):
        assert client.get(reverse(name, kwargs={"org": "acme", "pk": pk})).status_code == 404
    assert (
        client.post(reverse("people:import-apply", kwargs={"org": "acme", "pk": pk})).status_code
        == 404
    )
    assert client.get(accounts).status_code == 200
    assert Upload.objects.get().applied_at is None


@pytest.mark.parametrize(
    ("url_name", "header", "row"),
    [
        ("practice:account-import", "name;type", "Account {};customer"),
        ("people:import", "name;email;unit", "Person {0};p{0}@acme.test;Acme/New {0}"),
        (
            "practice:account-import",
            "account;type;contact;email",
            "Client {0};customer;Contact {0};c{0}@client.test",
        ),
    ],
)
def test_a_preview_takes_as_many_queries_for_three_rows_as_for_one(
    cast: Cast, url_name: str, header: str, row: str
) -> None:
    client = cast.client_for(cast.admin)
    counts = []
    for size in (1, 3):
        content = "\n".join([header, *(row.format(i) for i in range(size))]) + "\n"
        data = {"file": SimpleUploadedFile("rows.csv", content.encode()), "kind": "customer"}
        location = client.post(reverse(url_name, kwargs={"org": "acme"}), data)["Location"]
        with CaptureQueriesContext(connection) as queries:
            page = client.get(location).content.decode()
        assert f'data-count="created">{size}<' in page
        counts.append(len(queries))
    assert counts[0] == counts[1]
