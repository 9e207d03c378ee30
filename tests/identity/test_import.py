"""The people import's option: everyone in the file who cannot sign in gets an activation e-mail."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from genuinecare.identity.enums import Reason
from genuinecare.identity.models import Activation
from genuinecare.outbox.models import Message
from tests.conftest import Cast

from .helpers import activation_mails

pytestmark = pytest.mark.django_db

FILE = (
    "name;email;unit;language\n"
    "Nora Neu;nora@acme.test;Acme / IT;de\n"
    "Otto Alt;otto@acme.test;Acme / IT;en\n"
    "Member Again;member@acme.test;;en\n"
)


def _import(cast: Cast, *, invite: bool) -> list[str]:
    client = cast.client_for(cast.admin)
    data: dict[str, object] = {"file": SimpleUploadedFile("people.csv", FILE.encode())}
    if invite:
        data["invite"] = "on"
    response = client.post(reverse("people:import", kwargs={"org": "acme"}), data)
    preview = client.get(response["Location"])
    if invite:
        assert "with an activation e-mail to everyone who cannot sign in yet" in preview.text
    applied = client.post(response["Location"] + "apply/", follow=True)
    return [str(message) for message in applied.context["messages"]]


def test_the_import_option_invites_everyone_in_the_file_who_cannot_sign_in(cast: Cast) -> None:
    messages = _import(cast, invite=True)
    assert messages == [
        "Import finished: 2 created, 1 updated, 0 unchanged, 0 units created, "
        "2 activation e-mails sent."
    ]
    [nora] = activation_mails("nora@acme.test")
    assert nora.subject == "Anmeldung bei Genuine Care für Acme"
    assert "Sie sind eingeladen, sich bei Genuine Care für Acme anzumelden." in nora.body
    assert activation_mails("otto@acme.test")[0].subject == "Sign in to Genuine Care at Acme"
    assert activation_mails("member@acme.test") == []  # signs in already
    assert set(Activation.objects.values_list("reason", flat=True)) == {Reason.IMPORT}


def test_without_the_option_nobody_is_invited(cast: Cast) -> None:
    assert _import(cast, invite=False) == [
        "Import finished: 2 created, 1 updated, 0 unchanged, 0 units created, "
        "0 activation e-mails sent."
    ]
    assert not Message.objects.filter(kind="identity.activation").exists()


def test_the_import_command_invites_with_its_option(
    cast: Cast, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "people.csv"
    path.write_text(FILE, encoding="utf-8")
    call_command("import_people", str(path), organisation="acme", invite=True)
    assert "2 invited" in capsys.readouterr().out
    assert (
        Activation.objects.filter(person__email__in=["nora@acme.test", "otto@acme.test"]).count()
        == 2
    )
    call_command("import_people", str(path), organisation="acme", invite=True)
    assert "0 invited" in capsys.readouterr().out  # their links still work: no second e-mail
    assert Activation.objects.count() == 2
