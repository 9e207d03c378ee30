"""The people list shows admins each person's sign-in status, as their page does."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from genuinecare.identity.actions import invite, revoke
from genuinecare.people.models import Person
from tests.conftest import Cast
from tests.factories import PersonFactory

PEOPLE = reverse("people:people", kwargs={"org": "acme"})


def _statuses(cast: Cast, person: Person) -> dict[str, str]:
    page = cast.client_for(person).get(PEOPLE)
    assert page.status_code == 200
    columns = page.context["columns"]
    if not columns:
        return {}
    assert [column.name for column in columns] == ["sign-in"]
    return {p.email: dict(cells)["sign-in"] for p, cells in page.context["rows"]}


def test_admins_see_who_is_invited_expired_revoked_active_or_not_invited(cast: Cast) -> None:
    now = timezone.now()
    invited = PersonFactory(organisation=cast.organisation, email="invited@acme.test")
    expired = PersonFactory(organisation=cast.organisation, email="expired@acme.test")
    revoked = PersonFactory(organisation=cast.organisation, email="revoked@acme.test")
    PersonFactory(organisation=cast.organisation, email="nobody@acme.test")
    invite(person=invited, invited_by=cast.admin)
    invite(person=expired, invited_by=cast.admin, now=now - dt.timedelta(days=30))
    invite(person=revoked, invited_by=cast.admin)
    revoke(person=revoked, revoked_by=cast.admin)
    assert cast.admin.user is not None
    cast.admin.user.last_login = now
    cast.admin.user.save(update_fields=["last_login"])
    statuses = _statuses(cast, cast.admin)
    assert {email: statuses[email] for email in statuses if email != "it@acme.test"} == {
        "admin@acme.test": "Active",
        "leader@acme.test": "Active, never signed in",
        "member@acme.test": "Active, never signed in",
        "invited@acme.test": "Invited",
        "expired@acme.test": "Invitation expired",
        "revoked@acme.test": "Invitation revoked",
        "nobody@acme.test": "Not invited",
    }
    html = cast.client_for(cast.admin).get(PEOPLE, {"q": "expired"}, headers={"HX-Request": "true"})
    assert '<td data-column="sign-in">Invitation expired</td>' in html.content.decode()


def test_leaders_do_not_see_the_column(cast: Cast) -> None:
    assert _statuses(cast, cast.leader) == {}
    assert 'data-column="sign-in"' not in cast.client_for(cast.leader).get(PEOPLE).content.decode()


def test_the_column_costs_the_same_queries_however_many_are_invited(cast: Cast) -> None:
    def queries() -> int:
        client = cast.client_for(cast.admin)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(PEOPLE).status_code == 200
        return len(captured)

    first = PersonFactory(organisation=cast.organisation)
    invite(person=first, invited_by=cast.admin)
    before = queries()
    for _ in range(3):
        invite(person=PersonFactory(organisation=cast.organisation), invited_by=cast.admin)
    assert queries() == before
