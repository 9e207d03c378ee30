"""The people import's status column and its safety valve, on the web and the command line."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _staff(cast: Cast, total: int) -> list[Person]:
    """``total`` active people in Acme, the cast's four among them."""
    PersonFactory.create_batch(total - 4, organisation=cast.organisation)
    people = list(Person.objects.filter(organisation=cast.organisation).order_by("pk"))
    assert len(people) == total
    return people


def _file(people: list[Person], leaving: int) -> str:
    """Everyone with their status; the last ``leaving`` (never the admin) have left."""
    rows = ["name;email;status"]
    for index, person in enumerate(people):
        status = "left" if index >= len(people) - leaving else "active"
        rows.append(f"{person.name};{person.email};{status}")
    return "\n".join(rows) + "\n"


def _active(cast: Cast) -> int:
    return Person.objects.filter(organisation=cast.organisation, archived_at__isnull=True).count()


def test_the_status_column_deactivates_leavers_and_brings_them_back(cast: Cast) -> None:
    from genuinecare.people.importing import PeopleImporter

    importer = PeopleImporter(organisation=cast.organisation)
    text = f"name;email;status\n{cast.leader.name};leader@acme.test;Ausgetreten\n"
    assert importer.apply(text)["updated"] == 1
    cast.leader.refresh_from_db()
    cast.member.refresh_from_db()
    assert cast.leader.archived_at is not None
    assert cast.member.manager is None  # the leaver's reports move up
    assert importer.apply(text)["unchanged"] == 1
    back = f"name;email;status\n{cast.leader.name};leader@acme.test;active\n"
    assert importer.apply(back)["updated"] == 1
    cast.leader.refresh_from_db()
    assert cast.leader.archived_at is None
    # A leaver Genuine Care never knew is skipped, and a bad status is explained.
    never = "name;email;status\nGhost;ghost@acme.test;left\n"
    assert importer.apply(never)["unchanged"] == 1
    assert not Person.objects.filter(email="ghost@acme.test").exists()
    plan = importer.plan("name;email;status\nX;x@acme.test;maybe\n")
    assert [(e.column, "maybe" in e.message) for e in plan.errors] == [("status", True)]


def test_up_to_40_percent_is_applied_without_a_second_confirmation(cast: Cast) -> None:
    people = _staff(cast, 20)
    client = cast.client_for(cast.admin)
    response = client.post(
        reverse("people:import", kwargs={"org": "acme"}),
        {"file": SimpleUploadedFile("p.csv", _file(people, 8).encode())},
    )
    preview = client.get(response["Location"]).content.decode()
    assert "data-valve" not in preview
    client.post(response["Location"] + "apply/")
    assert _active(cast) == 12


def test_more_than_40_percent_needs_the_tick_on_the_web(cast: Cast) -> None:
    people = _staff(cast, 20)
    client = cast.client_for(cast.admin)
    stored = client.post(
        reverse("people:import", kwargs={"org": "acme"}),
        {"file": SimpleUploadedFile("p.csv", _file(people, 9).encode())},
    )
    preview_url = stored["Location"]
    preview = client.get(preview_url).content.decode()
    assert "data-valve" in preview
    assert "deactivate 9 of 20 active people" in preview
    assert re.search(r'name="confirm_large_change" value="yes" required', preview)
    apply_url = preview_url + "apply/"
    refused = client.post(apply_url, follow=True)
    assert "Nothing was imported" in str(next(iter(refused.context["messages"])))
    assert _active(cast) == 20
    client.post(apply_url, {"confirm_large_change": "yes"})
    assert _active(cast) == 11


def test_the_command_refuses_a_large_change_without_the_flag(cast: Cast, tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(_file(_staff(cast, 10), 5), encoding="utf-8")
    call_command("import_people", str(path), organisation="acme", dry_run=True)
    assert _active(cast) == 10
    with pytest.raises(CommandError, match="deactivate 5 of 10 active people"):
        call_command("import_people", str(path), organisation="acme")
    assert _active(cast) == 10
    call_command("import_people", str(path), organisation="acme", confirm_large_change=True)
    assert _active(cast) == 5
