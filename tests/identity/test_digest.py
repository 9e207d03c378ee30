"""No digest links to a page its reader cannot open: a leader who cannot sign in gets one
activation e-mail instead of the first digest, and nothing the weeks after."""

import datetime as dt

import pytest

from genuinecare.identity import actions
from genuinecare.identity.enums import Reason
from genuinecare.identity.models import Activation
from genuinecare.outbox.models import Message
from genuinecare.people.models import Person
from genuinecare.practice.models import Digest
from genuinecare.practice.tasks import run_due
from tests.conftest import Cast
from tests.factories import PersonFactory, person_stakeholder

from .helpers import activation_mails, link_in, path_of

pytestmark = pytest.mark.django_db

MONDAY = dt.datetime(2026, 11, 16, 7, 0, tzinfo=dt.UTC)
WEEK = dt.timedelta(days=7)


def _digests_to(email: str) -> int:
    return Message.objects.filter(kind="practice.digest", to_email=email).count()


@pytest.fixture
def imported_leader(cast: Cast) -> Person:
    """A leader brought in by the import, with someone to care for: their digest is due."""
    leader = PersonFactory(
        organisation=cast.organisation,
        unit=cast.it,
        role="leader",
        email="lea@acme.test",
        language="de",
    )
    report = PersonFactory(organisation=cast.organisation, unit=cast.it, manager=leader)
    person_stakeholder(leader, report)
    return leader


def test_a_leader_who_cannot_sign_in_gets_one_activation_mail_not_the_digest(
    cast: Cast, imported_leader: Person
) -> None:
    person_stakeholder(cast.leader, cast.member)
    run_due(now=MONDAY)
    assert _digests_to("lea@acme.test") == 0
    [mail] = activation_mails("lea@acme.test")
    assert mail.subject == "Anmeldung bei Genuine Care für Acme"
    assert Activation.objects.get(person=imported_leader).reason == Reason.DIGEST
    assert _digests_to("leader@acme.test") == 1  # who signs in gets the digest as before
    for week in (1, 2, 3):
        run_due(now=MONDAY + week * WEEK)
    assert len(activation_mails("lea@acme.test")) == 1  # once, not every week
    assert _digests_to("lea@acme.test") == 0
    assert Digest.objects.filter(leader=imported_leader).count() == 4  # each week recorded
    password = "lindenhof-2026-care"
    token = path_of(link_in(mail)).split("/")[2]
    actions.activate(token=token, password=password, now=MONDAY + dt.timedelta(days=1))
    run_due(now=MONDAY + 4 * WEEK)
    assert _digests_to("lea@acme.test") == 1  # activated: the digest from now on


def test_a_leader_invited_before_or_revoked_gets_neither(
    cast: Cast, imported_leader: Person
) -> None:
    actions.invite(person=imported_leader, invited_by=cast.admin)
    actions.revoke(person=imported_leader, revoked_by=cast.admin)
    run_due(now=MONDAY)
    assert _digests_to("lea@acme.test") == 0
    assert len(activation_mails("lea@acme.test")) == 1  # the admin's, nothing more


def test_members_get_no_activation_mail_from_the_digest(cast: Cast) -> None:
    PersonFactory(organisation=cast.organisation, email="mo@acme.test")
    run_due(now=MONDAY)
    assert activation_mails("mo@acme.test") == []
