"""“Forgot your password?” sends for every active account and tells nobody which exist."""

import re

import pytest
from django.core import mail
from django.test import Client

from genuinecare.identity import actions
from genuinecare.outbox.actions import drain
from genuinecare.outbox.models import Message
from tests.conftest import Cast
from tests.factories import PersonFactory

from .helpers import signs_in

pytestmark = pytest.mark.django_db


def _ask(email: str) -> tuple[int, str]:
    response = Client().post("/accounts/password/reset/", {"email": email}, follow=True)
    return response.status_code, response.redirect_chain[-1][0]


def test_every_active_account_gets_a_reset_link_in_its_language(cast: Cast) -> None:
    user = cast.member.user
    assert user is not None
    user.language = "de"
    user.save()
    assert _ask(" Member@Acme.test ") == (200, "/accounts/password/reset/done/")
    assert drain(worker="w")["sent"] == 1
    [message] = mail.outbox
    assert message.to == ["member@acme.test"]
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", str(message.body))
    assert link is not None
    client = Client()
    form = client.get(link[0][link[0].index("/accounts/") :], follow=True)
    new = "a-fresh-password-99"
    client.post(form.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert signs_in("member@acme.test", new)


def test_unknown_and_not_yet_activated_addresses_see_the_same_page_and_get_nothing(
    cast: Cast,
) -> None:
    invited = PersonFactory(organisation=cast.organisation, email="new@acme.test")
    actions.invite(person=invited, invited_by=cast.admin)
    before = Message.objects.count()
    known = _ask("member@acme.test")
    assert _ask("nobody@acme.test") == known
    assert _ask("new@acme.test") == known  # the activation e-mail is their way in
    assert Message.objects.filter(kind="password_reset").count() == 1
    assert Message.objects.count() == before + 1
