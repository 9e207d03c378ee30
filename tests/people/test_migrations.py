"""Uploads kept before the shared import flow survive the move into one table."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from genuinecare.people.models import Upload

BEFORE = [("people", "0001_initial"), ("surveys", "0001_waves_invitations_responses")]
AFTER = [
    ("people", "0002_uploads_for_every_import"),
    ("surveys", "0002_contact_imports_become_uploads"),
]
EARLIER = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_people_and_contact_imports_become_uploads_with_their_data() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organisation = old.get_model("people", "Organisation").objects.create(name="Acme", slug="acme")
    old.get_model("people", "PeopleImport").objects.create(
        organisation=organisation, file_name="people.csv", content="name,email\n"
    )
    contacts = old.get_model("surveys", "ContactImport").objects.create(
        organisation=organisation,
        kind="supplier",
        file_name="suppliers.csv",
        content="name,email\nAda,ada@x.test\n",
        applied_at=EARLIER,
        summary={"created": 1, "updated": 0, "unchanged": 0},
    )
    old.get_model("surveys", "ContactImport").objects.filter(pk=contacts.pk).update(
        created_at=EARLIER
    )

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    rows = Upload.objects.order_by("pk").values_list(
        "organisation__slug", "kind", "variant", "file_name", "applied_at", "summary"
    )
    assert list(rows) == [
        ("acme", "people", "", "people.csv", None, {}),
        (
            "acme",
            "contacts",
            "supplier",
            "suppliers.csv",
            EARLIER,
            {"created": 1, "updated": 0, "unchanged": 0},
        ),
    ]
    moved = Upload.objects.get(kind="contacts")
    assert (moved.content, moved.created_at) == ("name,email\nAda,ada@x.test\n", EARLIER)
    assert "surveys_contactimport" not in connection.introspection.table_names()
