import datetime as dt
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from genuinecare.practice.models import CareAction, Commitment
from tests.conftest import Cast
from tests.factories import account

pytestmark = pytest.mark.django_db


def test_log_care_from_the_command_line(cast: Cast) -> None:
    account(cast.organisation, "Acme Retail")
    call_command(
        "log_care",
        "--org",
        "acme",
        "--leader",
        "Leader@acme.test",
        "--kind",
        "customer_visit",
        "--with",
        "acme retail",
        "--with",
        "member@acme.test",
        "--happened",
        "2026-11-02",
        "--note",
        "Wants EDI",
        "--commitment",
        "send the offer@2026-11-09",
    )
    action = CareAction.objects.get()
    assert (action.source, action.note, action.happened_at.date()) == (
        "cli",
        "Wants EDI",
        dt.date(2026, 11, 2),
    )
    assert sorted(action.stakeholders.values_list("name", flat=True)) == sorted(
        ["Acme Retail", cast.member.name]
    )
    assert list(Commitment.objects.values_list("text", "due_on")) == [
        ("send the offer", dt.date(2026, 11, 9))
    ]


def test_log_care_says_what_is_wrong(cast: Cast) -> None:
    with pytest.raises(CommandError, match="is neither on the leader's care map nor an account"):
        call_command(
            "log_care",
            "--org",
            "acme",
            "--leader",
            "leader@acme.test",
            "--kind",
            "one_on_one",
            "--with",
            "Nobody",
        )
    with pytest.raises(CommandError, match="Unknown kind 'hug'"):
        call_command(
            "log_care",
            "--org",
            "acme",
            "--leader",
            "leader@acme.test",
            "--kind",
            "hug",
            "--with",
            "Nobody",
        )
    assert not CareAction.objects.exists()


def _run(*args: str) -> tuple[str, str]:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_accounts", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_accounts_lists_every_problem_and_imports_nothing(
    cast: Cast, tmp_path: Path
) -> None:
    from io import StringIO

    from genuinecare.practice.models import Stakeholder

    bad = tmp_path / "accounts.csv"
    bad.write_text(
        "name,type,contact_email\nNordwind,customer,buyer@nordwind.example\n"
        "Parts AG,vendor,\nSonnenkorn,customer,not-an-address\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError, match=r"2 problem\(s\) found; nothing was imported\."):
        call_command("import_accounts", str(bad), organisation="acme", stderr=err)
    assert err.getvalue().splitlines() == [
        "row 3, column type: “vendor” is not a type. Use customer, supplier, partner or other.",
        "row 4, column email: “not-an-address” is not an e-mail address. "
        "Write it like name@example.org.",
    ]
    assert not Stakeholder.objects.exists()


def test_import_accounts_dry_run_counts_then_applies_once(cast: Cast, tmp_path: Path) -> None:
    from genuinecare.people.accounts import Account
    from genuinecare.practice.models import Stakeholder

    rows = "".join(f"Customer {n},customer,c{n}.example\n" for n in range(1500))
    good = tmp_path / "accounts.csv"
    good.write_text(f"name,type,email_domains\nParts AG,supplier,\n{rows}", encoding="utf-8")
    out, _err = _run(str(good), "--organisation", "acme", "--dry-run")
    assert out == "Would import: 1501 created, 0 updated, 0 unchanged, 1501 accounts.\n"
    assert not Stakeholder.objects.exists()
    out, _err = _run(str(good), "-o", "acme")
    assert out == "Imported: 1501 created, 0 updated, 0 unchanged, 1501 accounts.\n"
    assert Stakeholder.objects.filter(organisation=cast.organisation).count() == 1501
    assert Account.objects.get(name="Customer 7").email_domains == "c7.example"
    good.write_text("name,type,email_domains\nparts ag,supplier,parts.example\n", encoding="utf-8")
    out, _err = _run(str(good), "-o", "acme")
    assert out == "Imported: 0 created, 1 updated, 0 unchanged, 1 accounts.\n"
    assert Account.objects.get(name="Parts AG").email_domains == "parts.example"


def test_import_accounts_needs_a_readable_file_and_a_known_organisation(
    cast: Cast, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="Name the organisation with --organisation"):
        call_command("import_accounts", str(tmp_path / "missing.csv"))
    with pytest.raises(CommandError, match=r"Cannot read .*missing\.csv"):
        call_command("import_accounts", str(tmp_path / "missing.csv"), organisation="acme")
