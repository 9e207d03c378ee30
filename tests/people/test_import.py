import codecs
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from genuinecare.people.importing import PeopleImporter
from genuinecare.people.imports.plan import ImportRefused
from genuinecare.people.models import Person, Unit, Upload
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

HEADER = "name,email,unit,manager_email,function,language\n"


def importer(cast: Cast) -> PeopleImporter:
    return PeopleImporter(organisation=cast.organisation)


def errors_of(cast: Cast, text: str) -> list[tuple[int, str, str]]:
    plan = importer(cast).plan(text)
    return [(e.row, e.column, e.message) for e in plan.errors]


def test_good_file_creates_people_units_and_managers(cast: Cast) -> None:
    text = HEADER + (
        "Greta Boss,greta@acme.test,Acme/Sales/Nordics,,CMO,de\n"
        "Zoë Müller,zoe@acme.test,  Acme/Sales /  Nordics / Key   Accounts ,"
        "greta@acme.test,Vertrieb,Deutsch\n"
    )
    summary = importer(cast).apply(text)
    assert summary == {"created": 2, "updated": 0, "unchanged": 0, "units_created": 2}
    zoe = Person.objects.get(email="zoe@acme.test")
    assert zoe.name == "Zoë Müller"
    assert (zoe.unit.name, zoe.unit.parent.name, zoe.unit.parent.parent) == (
        "Key Accounts",
        "Nordics",
        cast.sales,
    )
    assert (zoe.manager.email, zoe.function, zoe.language) == ("greta@acme.test", "sales", "de")
    assert zoe.user is not None and not zoe.user.has_usable_password()


def test_a_returning_leader_whose_unit_was_archived_is_moved_back(cast: Cast) -> None:
    from genuinecare.people import actions

    actions.archive_person(person=cast.member)
    actions.archive_unit(unit=cast.sales_dach)
    text = HEADER + f"Back Again,{cast.member.email},Acme/Sales,,,en\n"
    assert importer(cast).apply(text) == {
        "created": 0,
        "updated": 1,
        "unchanged": 0,
        "units_created": 0,
    }
    cast.member.refresh_from_db()
    assert (cast.member.unit, cast.member.archived_at) == (cast.sales, None)


def test_reimport_is_idempotent_and_updates_by_email(cast: Cast) -> None:
    text = HEADER + "Ann Lee,ann@acme.test,IT,,CIO,en\nBo Kim,bo@acme.test,IT,ann@acme.test,,en\n"
    importer(cast).apply(text)
    again = importer(cast).apply(text)
    assert again == {"created": 0, "updated": 0, "unchanged": 2, "units_created": 0}
    changed = text.replace("Bo Kim,bo@acme.test,IT", "Bo Kim-Berg,BO@acme.test,Acme/Sales")
    assert importer(cast).apply(changed)["updated"] == 1
    bo = Person.objects.get(organisation=cast.organisation, email="bo@acme.test")
    assert (bo.name, bo.unit) == ("Bo Kim-Berg", cast.sales)
    assert Person.objects.filter(email="bo@acme.test").count() == 1


def test_duplicate_email_in_file_names_both_rows(cast: Cast) -> None:
    text = HEADER + "A,a@acme.test,,,,\nB,A@ACME.TEST,,,,\n"
    assert errors_of(cast, text) == [
        (3, "email", "a@acme.test is already in row 2. Keep only one of these rows.")
    ]


def test_unknown_manager_is_reported_with_row_and_column(cast: Cast) -> None:
    text = HEADER + "A,a@acme.test,,ghost@acme.test,,\n"
    [(row, column, message)] = errors_of(cast, text)
    assert (row, column) == (2, "manager_email")
    assert "ghost@acme.test" in message and "Add that person or correct the address" in message


def test_cyclic_manager_chain_is_refused(cast: Cast) -> None:
    text = HEADER + (
        "A,a@acme.test,,b@acme.test,,\nB,b@acme.test,,c@acme.test,,\nC,c@acme.test,,a@acme.test,,\n"
    )
    errors = errors_of(cast, text)
    assert [(row, column) for row, column, _ in errors] == [
        (2, "manager_email"),
        (3, "manager_email"),
        (4, "manager_email"),
    ]
    assert "loops" in errors[0][2]


def test_cycle_through_existing_person_is_refused(cast: Cast) -> None:
    """The leader (existing) manages the member; making the leader report to the member loops."""
    text = HEADER + f"Lead,{cast.leader.email},,{cast.member.email},,\n"
    assert [c for _, c, _ in errors_of(cast, text)] == ["manager_email"]


def test_bad_values_are_explained(cast: Cast) -> None:
    text = HEADER + ",not-an-email,,,Wizard,fr\n"
    errors = errors_of(cast, text)
    assert [(row, column) for row, column, _ in errors] == [
        (2, "email"),
        (2, "function"),
        (2, "language"),
        (2, "name"),
    ]
    assert "Write it like name@example.org" in errors[0][2]
    assert "Use one of:" in errors[1][2]


def test_missing_column_is_refused_as_a_whole(cast: Cast) -> None:
    [(row, _, message)] = errors_of(cast, "full name,unit\nA,B\n")
    assert row == 1 and "email" in message


def test_semicolon_and_windows_1252_exports_are_read(cast: Cast) -> None:
    from genuinecare.lib.csvfile import decode

    data = "name;email;unit\nJörg Köhler;joerg@acme.test;IT\n".encode("cp1252")
    plan = importer(cast).plan(decode(data))
    assert plan.errors == [] and plan.rows[0].name == "Jörg Köhler"


def test_one_bad_row_means_nothing_is_written(cast: Cast) -> None:
    text = HEADER + "Good,good@acme.test,New Unit,,,\nBad,bad,,,,\n"
    before = (Person.objects.count(), Unit.objects.count())
    with pytest.raises(ImportRefused) as refused:
        importer(cast).apply(text)
    assert [(e.row, e.column) for e in refused.value.errors] == [(3, "email")]
    assert (Person.objects.count(), Unit.objects.count()) == before


def test_large_file_imports_in_bounded_queries(cast: Cast) -> None:
    rows = [HEADER]
    for i in range(10_000):
        manager = f"p{i // 10}@big.test" if i >= 10 else ""
        rows.append(f"Person {i},p{i}@big.test,Division {i % 5}/Team {i % 50},{manager},,\n")
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        summary = importer(cast).apply("".join(rows))
    elapsed = time.perf_counter() - started
    print(f"10 000-row import: {elapsed:.1f} s, {len(queries)} queries")
    assert summary["created"] == 10_000 and summary["units_created"] == 55
    # Batches of 500: users, people and manager links each take about 20 queries.
    assert len(queries) < 150
    assert Person.objects.get(email="p123@big.test").manager.email == "p12@big.test"


def test_preview_then_apply_through_the_pages(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = cast.client_for(cast.admin)
    upload = SimpleUploadedFile("people.csv", (HEADER + "Ann,ann@acme.test,Acme/IT,,,\n").encode())
    response = client.post(reverse("people:import", kwargs={"org": "acme"}), {"file": upload})
    preview_url = response["Location"]
    preview = client.get(preview_url).content.decode()
    assert 'data-count="created">1<' in preview
    assert not Person.objects.filter(email="ann@acme.test").exists()
    client.post(preview_url + "apply/")
    assert Person.objects.get(email="ann@acme.test").unit == cast.it
    # Applying the same upload twice does nothing more.
    client.post(preview_url + "apply/")
    assert Person.objects.filter(email="ann@acme.test").count() == 1


def test_outsider_cannot_open_someone_elses_import(cast: Cast) -> None:
    record = Upload.objects.create(
        organisation=cast.organisation, kind="people", file_name="x.csv", content=HEADER
    )
    client = cast.client_for(cast.outsider)
    for slug in ("acme", "globex"):
        url = reverse("people:import-preview", kwargs={"org": slug, "pk": record.pk})
        assert client.get(url).status_code == 404


EXCEL_UNICODE_TEXT = codecs.BOM_UTF16_LE + (
    "name\temail\tunit\tmanager_email\tfunction\tlanguage\r\n"
    "Köhler, Jörg\tjoerg@acme.test\tAcme/IT\t\tCIO\tDeutsch\r\n"
    "Łucja Nowak\tlucja@acme.test\tAcme/IT/Service Desk\tjoerg@acme.test\t\ten\r\n"
).encode("utf-16-le")


def test_excel_unicode_text_is_previewed_and_applied(cast: Cast) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = cast.client_for(cast.admin)
    upload = SimpleUploadedFile("people.txt", EXCEL_UNICODE_TEXT)
    response = client.post(reverse("people:import", kwargs={"org": "acme"}), {"file": upload})
    preview_url = response["Location"]
    preview = client.get(preview_url).content.decode()
    assert 'data-count="created">2<' in preview
    assert 'data-count="units_created">1<' in preview
    assert "<td>Köhler, Jörg</td>" in preview and "<td>Łucja Nowak</td>" in preview
    assert "row-errors" not in preview
    client.post(preview_url + "apply/")
    lucja = Person.objects.get(email="lucja@acme.test")
    assert (lucja.name, lucja.unit.name, lucja.unit.parent, lucja.manager.name) == (
        "Łucja Nowak",
        "Service Desk",
        cast.it,
        "Köhler, Jörg",
    )
    assert Person.objects.get(email="joerg@acme.test").language == "de"


def test_a_doubled_slash_keeps_a_unit_name_with_a_slash_in_one_level(cast: Cast) -> None:
    text = HEADER + (
        "Rita,rita@acme.test,Acme/R//D,,,\n"
        "Sam,sam@acme.test, Acme / Sales//Marketing / Events ,,,\n"
    )
    plan = importer(cast).plan(text)
    # The preview writes each path as pages and files do: a slash in a name doubled.
    assert [p.unit for p in plan.rows] == ["Acme / R//D", "Acme / Sales//Marketing / Events"]
    assert importer(cast).apply(text) == {
        "created": 2,
        "updated": 0,
        "unchanged": 0,
        "units_created": 3,
    }
    rita, sam = (Person.objects.get(email=f"{n}@acme.test") for n in ("rita", "sam"))
    assert (rita.unit.name, rita.unit.parent) == ("R/D", cast.root)
    assert (sam.unit.name, sam.unit.parent.name, sam.unit.parent.parent) == (
        "Events",
        "Sales/Marketing",
        cast.root,
    )
    top_level = Unit.objects.filter(organisation=cast.organisation, parent=None)
    assert list(top_level.values_list("name", flat=True)) == ["Acme"]
    assert not Unit.objects.filter(name__in=["R", "D", "Marketing"]).exists()
    assert importer(cast).apply(text) == {
        "created": 0,
        "updated": 0,
        "unchanged": 2,
        "units_created": 0,
    }


def test_an_existing_unit_with_a_slash_is_found_by_its_doubled_slash(cast: Cast) -> None:
    from genuinecare.people import actions

    research = actions.create_unit(organisation=cast.organisation, name="R/D", parent=cast.it)
    text = HEADER + f"Back Again,{cast.member.email},acme/it/r//d,,,en\n"
    assert importer(cast).apply(text)["units_created"] == 0
    cast.member.refresh_from_db()
    assert cast.member.unit == research
    assert importer(cast).plan(text).summary["unchanged"] == 1


CFO_REJECTED = HEADER + (
    "Carla Finanz,cfo@acme.test,Acme/Finance,,CFO,de\n"
    "Dana Kasse,dana@acme.test,Acme/Finance,cfo@acme.test,,de\n"
    "Emil Buch,emil@acme.test,Acme/Finance,dana@acme.test,,de\n"
    "Fritz Bilanz,fritz@acme.test,Acme/Finance, CFO@acme.test ,,de\n"
)
ONLY_THE_CFO = [
    (
        2,
        "function",
        "“CFO” is not known. Use one of: CEO, CIO, CMO, COO, CHRO, General Counsel, Sales, Other.",
    )
]


def test_rows_that_depend_on_a_refused_row_report_nothing_of_their_own(cast: Cast) -> None:
    """Only the CFO's row is wrong (there is no function "CFO"); the rows of those who
    report to the CFO, directly or not, say nothing until it is fixed."""
    assert errors_of(cast, CFO_REJECTED) == ONLY_THE_CFO
    before = (Person.objects.count(), Unit.objects.count())
    with pytest.raises(ImportRefused) as refused:
        importer(cast).apply(CFO_REJECTED)
    assert [(e.row, e.column, e.message) for e in refused.value.errors] == ONLY_THE_CFO
    assert (Person.objects.count(), Unit.objects.count()) == before
    fixed = CFO_REJECTED.replace(",CFO,", ",Other,")
    assert importer(cast).apply(fixed)["created"] == 4
    assert Person.objects.get(email="fritz@acme.test").manager.email == "cfo@acme.test"


def test_a_refused_row_still_leaves_other_rows_errors_reported(cast: Cast) -> None:
    text = CFO_REJECTED + "Gina,gina@acme.test,,ghost@acme.test,,xx\n"
    assert [(row, column) for row, column, _ in errors_of(cast, text)] == [
        (2, "function"),
        (6, "language"),
    ]
    text = CFO_REJECTED + "Hans,hans@acme.test,,ghost@acme.test,,\n"
    assert [(row, column) for row, column, _ in errors_of(cast, text)] == [
        (2, "function"),
        (6, "manager_email"),
    ]


def test_a_refused_existing_person_breaks_no_chain_of_managers(cast: Cast) -> None:
    """The member exists with the leader as manager; the member's row is refused, so a
    chain through the member is not judged on the manager about to change."""
    text = HEADER + (
        f"Lead,{cast.leader.email},,{cast.member.email},,\nMember,{cast.member.email},,,Wizard,\n"
    )
    assert [(row, column) for row, column, _ in errors_of(cast, text)] == [(3, "function")]


def test_names_longer_than_the_database_holds_are_refused_in_the_preview(cast: Cast) -> None:
    """PostgreSQL would refuse them only while applying, after the preview said all is well."""
    text = (
        HEADER
        + ("A" * 201 + ",a@acme.test,Acme,,,\n")
        + ("B,b@acme.test,Acme/" + "U" * 201 + ",,,\n")
    )
    assert errors_of(cast, text) == [
        (2, "name", "Shorten the name to 200 characters or fewer."),
        (3, "unit", "Shorten the unit name “" + "U" * 40 + "…” to 200 characters or fewer."),
    ]
    fits = HEADER + ("A" * 200 + ",a@acme.test,Acme/" + "U" * 200 + ",,,\n")
    assert importer(cast).apply(fits)["created"] == 1
    assert Person.objects.get(email="a@acme.test").unit.name == "U" * 200


def test_the_language_column_takes_codes_and_names_in_either_language(cast: Cast) -> None:
    text = HEADER + (
        "Anna,anna@acme.test,,,,GERMAN\n"
        "Ben,ben@acme.test,,,,Englisch\n"
        "Cleo,cleo@acme.test,,,, DE \n"
        "Dora,dora@acme.test,,,,\n"
    )
    importer(cast).apply(text)
    languages = dict(
        Person.objects.filter(email__endswith="@acme.test").values_list("name", "language")
    )
    assert [languages[name] for name in ("Anna", "Ben", "Cleo", "Dora")] == ["de", "en", "de", "en"]
