import codecs
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from genuinecare.people.models import Organisation, Person, Unit
from genuinecare.practice.cadences.defaults import KINDS
from genuinecare.practice.models import CareKind, PracticeSettings
from tests.conftest import Cast


def test_care_help_lists_the_projects_commands() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "genuinecare.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    for command in ("serve", "demo", "import-people", "worker", "catalog", "messages"):
        assert f"\n  {command} " in result.stdout
    assert "care migrate" in result.stdout


@pytest.mark.django_db
def test_demo_loads_once_and_twice_changes_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo")
    counts = (Organisation.objects.count(), Unit.objects.count(), Person.objects.count())
    assert counts[0] == 1 and 110 <= counts[2] <= 130
    functions = set(Person.objects.filter(role="leader").values_list("function", flat=True))
    assert {"ceo", "cio", "cmo", "coo", "chro", "general_counsel", "sales"} <= functions
    call_command("demo")
    assert (Organisation.objects.count(), Unit.objects.count(), Person.objects.count()) == counts
    output = capsys.readouterr().out
    assert "admin@lindenhof.example / care-demo-2026" in output
    assert "already holds organisations; the demo was not loaded" in output


@pytest.mark.django_db
def test_import_people_command_reports_rows_and_imports_nothing_on_error(
    cast: Cast, tmp_path: Path
) -> None:
    bad = tmp_path / "people.csv"
    bad.write_text("name,email\nAnn,ann@acme.test\nBo,bo-at-acme\n", encoding="utf-8")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_people", str(bad), organisation="acme")
    assert not Person.objects.filter(email="ann@acme.test").exists()
    bad.write_text("name,email\nAnn,ann@acme.test\nBo,bo@acme.test\n", encoding="utf-8")
    call_command("import_people", str(bad), organisation="acme")
    assert (
        Person.objects.filter(
            organisation=cast.organisation, email__in=["ann@acme.test", "bo@acme.test"]
        ).count()
        == 2
    )


@pytest.mark.django_db
def test_import_people_command_reads_excel_unicode_text(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "name\temail\tunit\r\nKöhler, Jörg\tjoerg@acme.test\tAcme/IT\r\n"
    unicode_text = tmp_path / "people.txt"
    unicode_text.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    call_command("import_people", str(unicode_text), organisation="acme", dry_run=True)
    assert "Would import: 1 created, 0 updated, 0 unchanged, 0 units created." in (
        capsys.readouterr().out
    )
    call_command("import_people", str(unicode_text), organisation="acme")
    joerg = Person.objects.get(organisation=cast.organisation, email="joerg@acme.test")
    assert (joerg.name, joerg.unit) == ("Köhler, Jörg", cast.it)


@pytest.mark.django_db
def test_import_people_needs_a_known_organisation(cast: Cast, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="No organisation has the short name 'nope'"):
        call_command("import_people", str(tmp_path / "x.csv"), organisation="nope")


@pytest.mark.django_db
def test_create_organisation_with_its_first_admin(capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "create_organisation", "Müller & Söhne", admin=" Ada@Example.org ", admin_name="Ada"
    )
    organisation = Organisation.objects.get(slug="muller-sohne")
    admin = Person.objects.get(organisation=organisation)
    assert (admin.email, admin.role, admin.name) == ("ada@example.org", "admin", "Ada")
    assert admin.user is not None and not admin.user.has_usable_password()
    assert "/o/muller-sohne/" in capsys.readouterr().out
    with pytest.raises(CommandError, match="The short name “muller-sohne” is taken"):
        call_command("create_organisation", "Müller & Söhne", admin="x@example.org")
    with pytest.raises(CommandError, match="is not an e-mail address"):
        call_command("create_organisation", "Other", admin="nobody")
    assert Organisation.objects.count() == 1
    assert PracticeSettings.objects.count() == 1


@pytest.mark.django_db
def test_create_organisation_has_its_kinds_of_care_at_once() -> None:
    call_command("create_organisation", "Müller & Söhne", admin="ada@example.org")
    organisation = Organisation.objects.get(slug="muller-sohne")
    assert PracticeSettings.objects.filter(organisation=organisation).count() == 1
    codes = list(
        CareKind.objects.filter(organisation=organisation)
        .order_by("position")
        .values_list("code", flat=True)
    )
    assert codes == [kind.code for kind in KINDS]
