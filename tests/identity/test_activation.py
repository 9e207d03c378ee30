"""Activation end to end: invite, the e-mail, the link sets the password, sign-in, spent."""

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from genuinecare.identity import actions
from genuinecare.identity.enums import End, SignIn
from genuinecare.identity.models import Activation
from genuinecare.identity.status import standing
from genuinecare.lib.logs import redact
from genuinecare.lib.tokens import hash_token
from genuinecare.outbox.actions import drain
from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.factories import PersonFactory

from .helpers import activation_mails, link_in, path_of, signs_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "linden-tree-in-may-42"


@pytest.fixture
def newcomer(cast: Cast) -> Person:
    """A German-speaking leader added by the admin: an account, no password."""
    person = PersonFactory(
        organisation=cast.organisation,
        unit=cast.it,
        role="leader",
        name="Nora Neu",
        email="nora@acme.test",
        language="de",
    )
    actions.invite(person=person, invited_by=cast.admin)
    return Person.objects.select_related("user").get(pk=person.pk)


def _set_password(client: Client, path: str, password: str = NEW_PASSWORD) -> str:
    response = client.post(path, {"new_password1": password, "new_password2": password})
    return response.headers.get("Location", "") if response.status_code == 302 else ""


def test_the_invited_person_sets_a_password_signs_in_and_the_link_is_spent(
    cast: Cast, newcomer: Person
) -> None:
    [message] = activation_mails("nora@acme.test")
    assert message.subject == "Anmeldung bei Genuine Care für Acme"
    assert f"{cast.admin.name} lädt Sie ein, sich bei Genuine Care für Acme" in message.body
    assert "Guten Tag Nora Neu," in message.body
    path = path_of(link_in(message))
    client = Client()
    page = client.get(path)
    assert page.status_code == 200
    assert "Wählen Sie ein Passwort für nora@acme.test" in page.text
    assert standing(newcomer, now=timezone.now()).state == SignIn.INVITED  # GET wrote nothing
    assert _set_password(client, path) == "/accounts/login/"
    assert signs_in("Nora@acme.test ", NEW_PASSWORD)
    activation = Activation.objects.get(person=newcomer)
    assert activation.end == End.USED and activation.ended_at is not None
    again = Client().get(path)
    assert "Ihr Konto ist bereits aktiv." in again.text
    assert 'name="new_password1"' not in again.text
    assert _set_password(Client(), path, "another-password-77") == ""
    assert not signs_in("nora@acme.test", "another-password-77")


def test_the_message_is_queued_in_the_persons_language_and_blanked_once_sent(
    cast: Cast, newcomer: Person
) -> None:
    english = PersonFactory(organisation=cast.organisation, email="eve@acme.test", language="en")
    sent = actions.invite(person=english, invited_by=cast.admin)
    assert sent.link is not None
    [message] = activation_mails("eve@acme.test")
    assert message.subject == "Sign in to Genuine Care at Acme"
    assert sent.link in message.body and "it works once, until" in message.body
    token = sent.link.rstrip("/").rsplit("/", 1)[1]
    assert Activation.objects.get(person=english).token_hash == hash_token(token)
    assert drain(worker="w")["sent"] == 2
    assert [m.to for m in mail.outbox] == [["nora@acme.test"], ["eve@acme.test"]]
    message.refresh_from_db()
    assert message.body == ""  # the single-use link is not kept once sent


def test_a_weak_password_is_refused_with_the_rules_and_the_link_still_works(
    newcomer: Person,
) -> None:
    path = path_of(link_in(activation_mails("nora@acme.test")[0]))
    client = Client()
    response = client.post(path, {"new_password1": "nora", "new_password2": "nora"})
    assert response.status_code == 200
    assert "Dieses Passwort ist zu kurz" in response.text
    mismatch = client.post(path, {"new_password1": NEW_PASSWORD, "new_password2": "other-one-1"})
    assert "Die beiden Passwörter sind nicht identisch" in mismatch.text
    assert Activation.objects.get(person=newcomer).end == End.OPEN
    assert _set_password(client, path) == "/accounts/login/"


def test_an_expired_link_is_refused_with_a_clear_page(cast: Cast, newcomer: Person) -> None:
    path = path_of(link_in(activation_mails("nora@acme.test")[0]))
    Activation.objects.filter(person=newcomer).update(
        expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    page = Client().get(path)
    assert page.status_code == 200
    assert "Dieser Link ist am" in page.text and "abgelaufen" in page.text
    assert _set_password(Client(), path) == ""
    user = newcomer.user
    assert user is not None
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert standing(newcomer, now=timezone.now()).state == SignIn.EXPIRED


def test_a_revoked_link_is_refused(cast: Cast, newcomer: Person) -> None:
    path = path_of(link_in(activation_mails("nora@acme.test")[0]))
    assert actions.revoke(person=newcomer, revoked_by=cast.admin) is True
    assert actions.revoke(person=newcomer, revoked_by=cast.admin) is False
    page = Client().get(path)
    assert page.status_code == 200
    assert "Diese Einladung wurde zurückgezogen." in page.text
    assert _set_password(Client(), path) == ""
    assert standing(newcomer, now=timezone.now()).state == SignIn.REVOKED


def test_resending_kills_the_old_link_and_a_double_submit_sends_once(
    cast: Cast, newcomer: Person
) -> None:
    old = Activation.objects.get(person=newcomer)
    old_path = path_of(link_in(activation_mails("nora@acme.test")[0]))
    first = actions.resend(person=newcomer, replacing=old.pk, invited_by=cast.admin)
    twice = actions.resend(person=newcomer, replacing=old.pk, invited_by=cast.admin)
    assert first.link is not None and twice.link is None
    assert twice.activation == first.activation
    assert len(activation_mails("nora@acme.test")) == 2
    old.refresh_from_db()
    assert old.end == End.REPLACED
    page = Client().get(old_path)
    assert page.status_code == 200 and "neuere Aktivierungs-E-Mail" in page.text
    assert _set_password(Client(), path_of(first.link)) == "/accounts/login/"


def test_inviting_twice_sends_one_mail_and_an_active_account_is_not_invited(
    cast: Cast, newcomer: Person
) -> None:
    again = actions.invite(person=newcomer, invited_by=cast.admin)
    assert again.link is None and len(activation_mails("nora@acme.test")) == 1
    with pytest.raises(Exception, match="can sign in already"):
        actions.invite(person=cast.member, invited_by=cast.admin)
    with pytest.raises(Exception, match="Only an admin of this organisation"):
        actions.invite(person=newcomer, invited_by=cast.leader)
    with pytest.raises(Exception, match="Only an admin of this organisation"):
        actions.invite(person=newcomer, invited_by=cast.outsider)


def test_an_unknown_link_gets_a_kind_404_page() -> None:
    page = Client().get("/activate/not-a-real-token/")
    assert page.status_code == 404
    assert "This link is not known." in page.text


def test_a_person_who_left_cannot_use_their_link(cast: Cast, newcomer: Person) -> None:
    path = path_of(link_in(activation_mails("nora@acme.test")[0]))
    newcomer.archived_at = timezone.now()
    newcomer.save(update_fields=["archived_at"])
    page = Client().get(path)
    assert "Diese Einladung wurde zurückgezogen." in page.text
    assert 'name="new_password1"' not in page.text
    assert _set_password(Client(), path) == ""


def test_the_token_is_stored_nowhere_and_logs_blank_it(cast: Cast, newcomer: Person) -> None:
    from tests.security.test_links import _stored_text

    link = link_in(activation_mails("nora@acme.test")[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    drain(worker="w")  # the e-mail is sent and blanked
    assert token not in _stored_text()
    assert redact(f"GET {path_of(link)} HTTP/1.1") == "GET /activate/[link]/ HTTP/1.1"
