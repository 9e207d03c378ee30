"""care create-organisation: the first admin's activation e-mail, and the same link printed."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

from genuinecare.identity.enums import Reason
from genuinecare.identity.models import Activation
from genuinecare.people.models import Organisation, Person
from tests.identity.helpers import activation_mails, link_in, path_of, signs_in

pytestmark = pytest.mark.django_db


def test_create_organisation_prints_a_working_one_time_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command(
        "create_organisation", "Müller & Söhne", admin=" Ada@Example.org ", admin_name="Ada"
    )
    out = capsys.readouterr().out
    organisation = Organisation.objects.get(slug="muller-sohne")
    admin = Person.objects.get(organisation=organisation)
    assert (admin.email, admin.role, admin.name) == ("ada@example.org", "admin", "Ada")
    assert "Organisation “Müller & Söhne” created at /o/muller-sohne/." in out
    [printed] = re.findall(r"http://\S+/activate/\S+/", out)
    [message] = activation_mails("ada@example.org")
    assert link_in(message) == printed
    assert message.subject == "Sign in to Genuine Care at Müller & Söhne"
    assert Activation.objects.get(person=admin).reason == Reason.SETUP
    client = Client()
    client.post(
        path_of(printed), {"new_password1": "a-good-pass-2026", "new_password2": "a-good-pass-2026"}
    )
    assert signs_in("ada@example.org", "a-good-pass-2026")
    assert "Your account is active already." in Client().get(path_of(printed)).text


def test_an_admin_who_signs_in_elsewhere_gets_no_link(
    capsys: pytest.CaptureFixture[str],
) -> None:
    call_command("create_organisation", "First", admin="ada@example.org")
    link = re.findall(r"http://\S+/activate/\S+/", capsys.readouterr().out)[0]
    Client().post(
        path_of(link), {"new_password1": "a-good-pass-2026", "new_password2": "a-good-pass-2026"}
    )
    call_command("create_organisation", "Second", admin="ada@example.org")
    out = capsys.readouterr().out
    assert "ada@example.org is its admin and signs in with their password." in out
    assert "/activate/" not in out
    assert len(activation_mails("ada@example.org")) == 1
