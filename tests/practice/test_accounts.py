"""Whose care a leader owns: following accounts, the map, the register of all accounts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from genuinecare.people.models import Person
from genuinecare.practice.cadences.due import map_stakeholders
from genuinecare.practice.following import leaders_by_account, on_some_map, set_following
from genuinecare.practice.models import AccountFollow, CareAction, Stakeholder
from tests.conftest import Cast
from tests.factories import PersonFactory, account, kind, log, person_stakeholder

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)
ACCOUNTS = "/o/acme/practice/accounts/"


def _on_map(leader: Person) -> list[str]:
    return sorted(s.name for s in map_stakeholders(leader) if s.person_id is None)


def test_the_map_shows_followed_accounts_and_those_cared_for(cast: Cast) -> None:
    followed = account(cast.organisation, "Followed AG", follower=cast.leader)
    cared = account(cast.organisation, "Visited GmbH")
    account(cast.organisation, "Somebody Else's KG", follower=cast.admin)
    log(cast.leader, "customer_visit", [cared], NOW)
    assert _on_map(cast.leader) == ["Followed AG", "Visited GmbH"]
    assert _on_map(cast.admin) == ["Somebody Else's KG"]
    # Unfollowing takes an account off even after care was logged with it ...
    set_following(leader=cast.leader, account=cared, following=False)
    set_following(leader=cast.leader, account=followed, following=False)
    assert _on_map(cast.leader) == []
    # ... until the leader logs care with it again.
    log(cast.leader, "customer_visit", [cared], NOW + dt.timedelta(days=1))
    assert _on_map(cast.leader) == ["Visited GmbH"]
    set_following(leader=cast.leader, account=followed, following=True)
    set_following(leader=cast.leader, account=followed, following=True)
    assert _on_map(cast.leader) == ["Followed AG", "Visited GmbH"]
    assert AccountFollow.objects.filter(leader=cast.leader).count() == 1


def test_people_are_not_followed_and_other_organisations_not_at_all(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    with pytest.raises(ValidationError) as person:
        set_following(leader=cast.leader, account=member, following=True)
    assert "direct reports and peers" in person.value.messages[0]
    foreign = account(cast.outsider.organisation, "Globex Customer")
    with pytest.raises(ValidationError) as other:
        set_following(leader=cast.leader, account=foreign, following=True)
    assert other.value.messages == ["Choose an account of this organisation."]
    with pytest.raises(ValidationError):
        set_following(leader=cast.member, account=account(cast.organisation, "X"), following=True)


def test_a_leader_follows_and_unfollows_from_the_list_and_the_account_page(cast: Cast) -> None:
    nordwind = account(cast.organisation, "Nordwind Handel AG", email_domains="nordwind.example")
    account(cast.organisation, "Parts AG", type="supplier")
    client = cast.client_for(cast.leader)
    listed = client.get(ACCOUNTS).content.decode()
    assert listed.count('data-account="') == 2
    assert "On the care map of" not in listed  # the admin's column
    back = ACCOUNTS + "?type=customer"
    response = client.post(
        f"/o/acme/practice/stakeholders/{nordwind.pk}/follow/", {"following": "1", "next": back}
    )
    assert response["Location"] == back
    assert _on_map(cast.leader) == ["Nordwind Handel AG"]
    filtered = client.get(back).content.decode()
    assert filtered.count('data-account="') == 1
    assert "On your map: you follow it" in filtered
    page = client.get(nordwind.get_absolute_url()).content.decode()
    assert "On your map: you follow it" in page
    response = client.post(
        f"/o/acme/practice/stakeholders/{nordwind.pk}/follow/",
        {"following": "0", "next": "https://evil.example/"},
    )
    assert response["Location"] == nordwind.get_absolute_url()
    assert _on_map(cast.leader) == []
    assert "Not on your map" in client.get(nordwind.get_absolute_url()).content.decode()
    member = person_stakeholder(cast.leader, cast.member)
    follow_person = f"/o/acme/practice/stakeholders/{member.pk}/follow/"
    assert client.post(follow_person, {"following": "1"}).status_code == 404


def test_care_logged_from_an_unfollowed_account_page_puts_it_on_the_map(cast: Cast) -> None:
    nordwind = account(cast.organisation, "Nordwind Handel AG")
    client = cast.client_for(cast.leader)
    page = client.get(nordwind.get_absolute_url()).content.decode()
    assert f'<option value="{nordwind.pk}" selected>Nordwind Handel AG</option>' in page
    visit = kind(cast.organisation, "customer_visit")
    client.post(
        "/o/acme/practice/log/",
        {
            "kind": visit.pk,
            "stakeholders": [nordwind.pk],
            "happened_at": "2026-11-18T10:00",
            "submission": "once",
        },
    )
    assert list(CareAction.objects.values_list("stakeholders__name", flat=True)) == [
        "Nordwind Handel AG"
    ]
    assert _on_map(cast.leader) == ["Nordwind Handel AG"]


def test_an_account_added_by_hand_is_on_its_adders_map_only(cast: Cast) -> None:
    client = cast.client_for(cast.leader)
    client.post(
        "/o/acme/practice/stakeholders/new/",
        {"type": "customer", "name": "Sonnenkorn", "contact_language": "de"},
    )
    assert _on_map(cast.leader) == ["Sonnenkorn"]
    assert _on_map(cast.admin) == []


def test_the_admin_register_says_whose_map_each_account_is_on(cast: Cast) -> None:
    shared = account(cast.organisation, "Shared AG", follower=cast.leader)
    set_following(leader=cast.admin, account=shared, following=True)
    cared = account(cast.organisation, "Cared KG")
    log(cast.leader, "customer_visit", [cared], NOW)
    dropped = account(cast.organisation, "Dropped GmbH")
    log(cast.leader, "customer_visit", [dropped], NOW)
    set_following(leader=cast.leader, account=dropped, following=False)
    account(cast.organisation, "Lonely Ltd")
    gone = PersonFactory(organisation=cast.organisation, role="leader", archived_at=NOW)
    account(cast.organisation, "Orphan SE", follower=gone)
    owners = leaders_by_account(list(Stakeholder.objects.filter(person__isnull=True)))
    names = {
        s.name: sorted(p.email for p in owners.get(s.pk, [])) for s in Stakeholder.objects.all()
    }
    assert names == {
        "Shared AG": ["admin@acme.test", "leader@acme.test"],
        "Cared KG": ["leader@acme.test"],
        "Dropped GmbH": [],
        "Lonely Ltd": [],
        "Orphan SE": [],
    }
    nobody = Stakeholder.objects.exclude(on_some_map()).order_by("name")
    assert list(nobody.values_list("name", flat=True)) == [
        "Dropped GmbH",
        "Lonely Ltd",
        "Orphan SE",
    ]
    register = cast.client_for(cast.admin).get(ACCOUNTS).content.decode()
    assert "3 accounts are on nobody's care map." in register
    only_nobody = cast.client_for(cast.admin).get(ACCOUNTS + "?nobody=1").content.decode()
    assert only_nobody.count('data-account="') == 3
    assert (
        cast.client_for(cast.leader)
        .get(ACCOUNTS + "?nobody=1")
        .content.decode()
        .count('data-account="')
        == 5
    )  # the filter is the admin's


def _queries(client: Client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["leader", "admin"])
def test_the_register_needs_the_same_queries_for_one_or_many_accounts(cast: Cast, who: str) -> None:
    client = cast.client_for(getattr(cast, who))
    first = account(cast.organisation, "Customer 0", follower=cast.leader)
    log(cast.leader, "customer_visit", [first], NOW)
    one = _queries(client, ACCOUNTS)
    for n in range(1, 30):
        made = account(cast.organisation, f"Customer {n}", follower=cast.leader if n % 2 else None)
        if n % 3 == 0:
            log(cast.admin, "customer_visit", [made], NOW)
    assert _queries(client, ACCOUNTS) == one
