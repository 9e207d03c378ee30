"""Activation where the organisation signs its people in through its own provider: the
e-mail and the page offer its sign-in, a required one only that, and the first sign-in
through it spends the link."""

import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from genuinecare.identity import actions
from genuinecare.identity.enums import End, SignIn, SsoRequirement
from genuinecare.identity.models import Activation, SingleSignOn
from genuinecare.identity.status import can_sign_in, standing
from genuinecare.outbox.models import Message
from genuinecare.people.models import Person
from genuinecare.practice.tasks import run_due
from tests.conftest import Cast
from tests.factories import PersonFactory, person_stakeholder

from ..helpers import activation_mails, link_in, path_of, signs_in
from .conftest import set_up
from .provider import Provider
from .test_sign_in import events, sign_in, signed_in_as

pytestmark = pytest.mark.django_db

PASSWORD = "linden-tree-in-may-42"


@pytest.fixture(autouse=True)
def _audit(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="genuinecare.audit")


def _newcomer(cast: Cast, *, language: str = "en", role: str = "member") -> Person:
    person = PersonFactory(
        organisation=cast.organisation,
        unit=cast.it,
        role=role,
        name="Mia Neu",
        email="mia@acme.test",
        language=language,
    )
    actions.invite(person=person, invited_by=cast.admin)
    return Person.objects.select_related("user", "organisation").get(pk=person.pk)


def _path(email: str = "mia@acme.test") -> str:
    return path_of(link_in(activation_mails(email)[-1]))


def _post_password(client: Client, path: str) -> tuple[int, str]:
    response = client.post(path, {"new_password1": PASSWORD, "new_password2": PASSWORD})
    return response.status_code, response.text


def test_without_sso_the_mail_speaks_of_a_password_only(cast: Cast) -> None:
    _newcomer(cast)
    [mail] = activation_mails("mia@acme.test")
    assert "Open this link to choose your password" in mail.body
    assert "own sign-in" not in mail.body and "organisation”" not in mail.body


def test_with_optional_sso_the_mail_and_page_offer_both_ways(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider
) -> None:
    _newcomer(cast)
    [mail] = activation_mails("mia@acme.test")
    assert "sign in through Acme's own sign-in or to choose a password" in mail.body
    assert "or with mia@acme.test and your password" in mail.body
    page = Client().get(_path())
    assert page.status_code == 200
    assert 'action="/sso/acme/"' in page.text and "Sign in with Acme" in page.text
    assert 'name="new_password1"' in page.text
    assert f"form-action 'self' {idp.issuer}" in page["Content-Security-Policy"]
    assert _post_password(Client(), _path())[0] == 302  # a password still works
    assert signs_in("mia@acme.test", PASSWORD)


def test_the_german_mail_names_the_organisations_sign_in(
    cast: Cast, acme_sso: SingleSignOn
) -> None:
    _newcomer(cast, language="de")
    [mail] = activation_mails("mia@acme.test")
    assert "über die eigene Anmeldung von Acme anzumelden oder ein Passwort zu wählen" in (
        mail.body
    )
    assert "„Mit Ihrer Organisation anmelden“" in mail.body


def test_with_required_sso_only_its_sign_in_is_offered_and_a_password_refused(
    cast: Cast, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    set_up(cast.admin, idp.issuer, requirement=SsoRequirement.EVERYONE)
    mia = _newcomer(cast)
    [mail] = activation_mails("mia@acme.test")
    assert "Acme signs you in through its own sign-in" in mail.body
    assert "password" not in mail.body
    client = Client()
    page = client.get(_path())
    assert page.status_code == 200
    assert 'action="/sso/acme/"' in page.text
    assert 'name="new_password1"' not in page.text
    status, text = _post_password(client, _path())
    assert status == 400
    assert "Acme asks you to sign in through its own sign-in, so no password was set." in text
    mia.user.refresh_from_db()
    assert not mia.user.has_usable_password()
    assert Activation.objects.get(person=mia).end == End.OPEN
    assert "activation.activated" not in [event for event, _ in events(caplog)]
    assert not signs_in("mia@acme.test", PASSWORD)
    token = _path().split("/")[2]
    with pytest.raises(ValidationError, match="no password was set"):
        actions.activate(token=token, password=PASSWORD)


def test_leaders_only_requirement_leaves_members_both_ways(cast: Cast, idp: Provider) -> None:
    set_up(cast.admin, idp.issuer, requirement=SsoRequirement.LEADERS)
    _newcomer(cast, role="member")
    assert 'name="new_password1"' in Client().get(_path()).text


def test_someone_invited_before_sso_was_set_up_finds_it_on_the_page(
    cast: Cast, idp: Provider
) -> None:
    mia = _newcomer(cast, role="leader")
    [mail] = activation_mails("mia@acme.test")
    assert "own sign-in" not in mail.body  # the e-mail knew nothing of it
    set_up(cast.admin, idp.issuer, requirement=SsoRequirement.LEADERS)
    page = Client().get(_path())
    assert 'action="/sso/acme/"' in page.text and 'name="new_password1"' not in page.text
    assert _post_password(Client(), _path())[0] == 400
    assert Activation.objects.get(person=mia).end == End.OPEN


def test_the_first_sign_in_through_the_provider_spends_the_link(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    mia = _newcomer(cast)
    path = _path()
    assert standing(mia, now=timezone.now()).state == SignIn.INVITED
    sub = idp.user("mia-1", email="mia@acme.test", email_verified=True)
    client = Client()
    assert sign_in(client, idp, sub)[0].status_code == 302
    assert signed_in_as(client) == mia.user_id
    activation = Activation.objects.get(person=mia)
    assert activation.end == End.USED and activation.ended_at is not None
    mia.user.refresh_from_db()
    assert standing(mia, now=timezone.now()).state == SignIn.ACTIVE
    found = events(caplog)
    assert found.count(("activation.activated", "sso")) == 1
    assert found.count(("sign_in.succeeded", "sso")) == 1
    page = Client().get(path)
    assert "This link was used already: your account is active." in page.text
    assert 'name="new_password1"' not in page.text
    assert _post_password(Client(), path)[0] == 200  # the spent link sets nothing
    mia.user.refresh_from_db()
    assert not mia.user.has_usable_password()
    # Signing in again is a sign-in, not another activation.
    assert sign_in(Client(), idp, sub)[0].status_code == 302
    found = events(caplog)
    assert found.count(("activation.activated", "sso")) == 1
    assert found.count(("sign_in.succeeded", "sso")) == 2


def test_a_sign_in_without_an_open_link_records_no_activation(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider, caplog: pytest.LogCaptureFixture
) -> None:
    sub = idp.user("lee-2", email="leader@acme.test", email_verified=True)
    assert sign_in(Client(), idp, sub)[0].status_code == 302
    assert ("activation.activated", "sso") not in events(caplog)


MONDAY = dt.datetime(2026, 11, 16, 7, 0, tzinfo=dt.UTC)


def _digests_to(email: str) -> int:
    return Message.objects.filter(kind="practice.digest", to_email=email).count()


def test_a_leader_gets_the_activation_mail_until_the_first_sign_in_through_the_provider(
    cast: Cast, acme_sso: SingleSignOn, idp: Provider
) -> None:
    """The digest's gate: who never signed in gets one activation e-mail that offers the
    organisation's sign-in; their first sign-in through it opens the digest."""
    made = PersonFactory(
        organisation=cast.organisation, unit=cast.it, role="leader", email="lea@acme.test"
    )
    person_stakeholder(made, PersonFactory(organisation=cast.organisation, manager=made))
    run_due(now=MONDAY)
    [mail] = activation_mails("lea@acme.test")
    assert "sign in through Acme's own sign-in" in mail.body
    assert _digests_to("lea@acme.test") == 0
    sub = idp.user("lea-1", email="lea@acme.test", email_verified=True)
    assert sign_in(Client(), idp, sub)[0].status_code == 302
    leader = Person.objects.select_related("user", "organisation").get(pk=made.pk)
    assert can_sign_in(leader)
    assert Activation.objects.get(person=leader).end == End.USED
    run_due(now=MONDAY + dt.timedelta(days=7))
    assert _digests_to("lea@acme.test") == 1
    assert len(activation_mails("lea@acme.test")) == 1
