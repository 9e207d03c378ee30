import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from genuinecare.practice.models import CareAction, Commitment
from tests.conftest import Cast
from tests.practice.factories import account

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
