"""The care map: statuses from cadences, overrides, snoozes, the cap, and constant queries."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from genuinecare.people.enums import Function, Role
from genuinecare.people.models import Person, Unit
from genuinecare.practice import actions
from genuinecare.practice.cadences.cadence import Status
from genuinecare.practice.cadences.due import care_map
from genuinecare.practice.models import CadenceRule, Stakeholder
from tests.conftest import Cast
from tests.factories import PersonFactory, account, kind, log, person_stakeholder

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def item(mapped: Any, key_start: str) -> list[Any]:
    return [i for i in mapped.items if i.key.startswith(key_start)]


def test_back_dated_career_conversation_counts_from_when_it_happened(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    log(cast.leader, "career_conversation", [member], NOW - dt.timedelta(days=100))
    mapped = care_map(leader=cast.leader, now=NOW)
    (entry,) = [e for e in mapped.entries if e.stakeholder == member]
    assert entry.circle == "individual"
    assert [(i.status, i.days_overdue, i.due_on) for i in entry.items] == [
        (Status.OVERDUE, 10, dt.date(2026, 11, 10))
    ]
    log(cast.leader, "career_conversation", [member], NOW - dt.timedelta(days=80))
    entry = next(
        e for e in care_map(leader=cast.leader, now=NOW).entries if e.stakeholder == member
    )
    assert entry.status == Status.DUE_SOON


def test_each_entry_shows_its_newest_action_whatever_the_kind(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    customer = account(cast.organisation, "Acme Retail")
    log(cast.leader, "one_on_one", [member], NOW - dt.timedelta(days=3))
    log(cast.leader, "career_conversation", [member], NOW - dt.timedelta(days=40))
    log(cast.leader, "recognition", [member], NOW - dt.timedelta(days=9))
    log(cast.leader, "customer_visit", [customer], NOW - dt.timedelta(days=5))
    entries = {e.stakeholder: e for e in care_map(leader=cast.leader, now=NOW).entries}
    assert (entries[member].last_kind.code, entries[member].last_happened) == (
        "one_on_one",
        NOW - dt.timedelta(days=3),
    )
    assert (entries[customer].last_kind.code, entries[customer].last_happened) == (
        "customer_visit",
        NOW - dt.timedelta(days=5),
    )


def test_customer_contact_per_leader_in_rolling_year(cast: Cast) -> None:
    customer = account(cast.organisation, "Acme Retail")
    (contact,) = item(care_map(leader=cast.leader, now=NOW), "l-")
    assert contact.status == Status.NEVER
    log(cast.leader, "service_shadowing", [customer], NOW - dt.timedelta(days=364))
    (contact,) = item(care_map(leader=cast.leader, now=NOW), "l-")
    assert (contact.status, contact.due_on) == (Status.ON_TRACK, dt.date(2026, 11, 20))
    (contact,) = item(care_map(leader=cast.leader, now=NOW + dt.timedelta(days=2)), "l-")
    assert (contact.status, contact.days_overdue) == (Status.OVERDUE, 2)


def test_unit_override_beats_function_override_and_can_switch_off(cast: Cast) -> None:
    visit = kind(cast.organisation, "customer_visit")
    common = {
        "organisation": cast.organisation,
        "kind": visit,
        "circle": "customer",
        "target": "leader",
        "mode": "count",
        "period_days": 90,
    }
    CadenceRule.objects.create(function=Function.SALES, count=4, **common)
    CadenceRule.objects.create(unit=cast.sales, count=2, **common)
    customer = account(cast.organisation, "Acme Retail")
    log(cast.leader, "customer_visit", [customer], NOW - dt.timedelta(days=10))
    (contact,) = item(care_map(leader=cast.leader, now=NOW), "l-")
    assert contact.status == Status.NEVER  # 1 of the 2 the unit asks for
    log(cast.leader, "customer_visit", [customer], NOW - dt.timedelta(days=5))
    (contact,) = item(care_map(leader=cast.leader, now=NOW), "l-")
    assert contact.status == Status.ON_TRACK
    CadenceRule.objects.create(
        unit=cast.sales, count=1, active=False, **{**common, "period_days": 1}
    )
    CadenceRule.objects.filter(count=2).delete()
    assert item(care_map(leader=cast.leader, now=NOW), "l-") == []


def _contact_status(leader: Person, visits: int) -> Status | None:
    """The customer-contact status of a leader who made ``visits`` visits in 90 days."""
    customer = Stakeholder.objects.filter(name="Acme Retail").first() or account(
        leader.organisation, "Acme Retail"
    )
    made = leader.care_actions.count()
    for n in range(made, visits):
        log(leader, "customer_visit", [customer], NOW - dt.timedelta(days=n + 1))
    found = item(care_map(leader=leader, now=NOW), "l-")
    return found[0].status if found else None


def _visits_per_quarter(cast: Cast, count: int, **where: object) -> CadenceRule:
    """An override asking for ``count`` customer visits per 90 days, for ``where``."""
    return CadenceRule.objects.create(
        organisation=cast.organisation,
        kind=kind(cast.organisation, "customer_visit"),
        circle="customer",
        target="leader",
        mode="count",
        period_days=90,
        count=count,
        **where,
    )


def _cio_in(cast: Cast, unit: Unit | None) -> Person:
    return PersonFactory(
        organisation=cast.organisation, unit=unit, role=Role.LEADER, function=Function.CIO
    )


def test_a_unit_override_covers_its_subtree_and_the_nearest_one_wins(cast: Cast) -> None:
    # Acme (root) > Sales > DACH, and Acme > IT.
    _visits_per_quarter(cast, 5)
    _visits_per_quarter(cast, 6, function=Function.CIO)
    _visits_per_quarter(cast, 4, unit=cast.root)
    sales_rule = _visits_per_quarter(cast, 3, unit=cast.sales)
    in_dach, in_it, no_unit = (_cio_in(cast, unit) for unit in (cast.sales_dach, cast.it, None))
    # DACH inherits Sales (3), the nearest override up the tree, over the root's 4 and CIO's 6.
    assert _contact_status(in_dach, 3) == Status.ON_TRACK
    # IT has no override of its own: the root's 4 beats the function's 6.
    assert _contact_status(in_it, 3) == Status.NEVER
    assert _contact_status(in_it, 4) == Status.ON_TRACK
    # Without a unit the function's rule applies, then the organisation-wide one.
    assert _contact_status(no_unit, 5) == Status.NEVER
    assert _contact_status(no_unit, 6) == Status.ON_TRACK
    sales_rule.delete()
    assert _contact_status(in_dach, 3) == Status.NEVER  # now the root's 4
    _visits_per_quarter(cast, 1, unit=cast.sales, active=False)
    assert _contact_status(in_dach, 3) is None  # switched off for the Sales subtree
    assert _contact_status(in_it, 4) == Status.ON_TRACK
    assert _contact_status(cast.leader, 0) is None  # the Sales unit itself


def test_a_function_rule_on_a_unit_beats_the_unit_rule_but_not_a_nearer_unit(cast: Cast) -> None:
    _visits_per_quarter(cast, 2, unit=cast.root, function=Function.CIO)
    _visits_per_quarter(cast, 4, unit=cast.root)
    in_dach = _cio_in(cast, cast.sales_dach)
    assert _contact_status(in_dach, 2) == Status.ON_TRACK  # root + CIO beats root alone
    _visits_per_quarter(cast, 3, unit=cast.sales)
    assert _contact_status(in_dach, 2) == Status.NEVER  # Sales is nearer than the root


def test_commitments_become_items_and_leave_when_kept(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    action = log(
        cast.leader,
        "one_on_one",
        [member],
        NOW - dt.timedelta(days=10),
        commitments=[("Send the training budget", NOW.date() - dt.timedelta(days=3))],
    )
    (late,) = item(care_map(leader=cast.leader, now=NOW), "c")
    assert (late.title, late.status, late.days_overdue) == (
        "Send the training budget",
        Status.OVERDUE,
        3,
    )
    actions.complete_commitment(commitment=action.commitments.get())
    assert item(care_map(leader=cast.leader, now=NOW), "c") == []


def test_snooze_hides_a_nudge_until_the_day_and_the_cap_holds(cast: Cast) -> None:
    actions.ensure_practice(organisation=cast.organisation)
    for n in range(9):
        PersonFactory(organisation=cast.organisation, manager=cast.leader, email=f"r{n}@acme.test")
    actions.ensure_people_on_map(leader=cast.leader)
    mapped = care_map(leader=cast.leader, now=NOW)
    shown, more = mapped.nudges(cap=7)
    assert (len(shown), more) == (7, 4)  # 10 reports never met + the customer contact
    actions.snooze_item(
        leader=cast.leader, item=shown[0].key, until=dt.date(2026, 11, 27), today=NOW.date()
    )
    shown_after, more_after = care_map(leader=cast.leader, now=NOW).nudges(cap=7)
    assert shown[0].key not in [i.key for i in shown_after]
    assert more_after == 3
    later = care_map(leader=cast.leader, now=NOW + dt.timedelta(days=8)).nudges(cap=20)[0]
    assert shown[0].key in [i.key for i in later]


def test_peers_are_in_the_team_circle(cast: Cast) -> None:
    head = PersonFactory(organisation=cast.organisation, role=Role.LEADER)
    cast.leader.manager = head
    cast.leader.save()
    peer = PersonFactory(organisation=cast.organisation, manager=head, name="Pia Peer")
    actions.ensure_people_on_map(leader=cast.leader)
    circles = {e.stakeholder.name: e.circle for e in care_map(leader=cast.leader, now=NOW).entries}
    assert circles[peer.name] == "team"
    assert circles[cast.member.name] == "individual"


def _queries(cast: Cast) -> int:
    with CaptureQueriesContext(connection) as captured:
        care_map(leader=cast.leader, now=NOW)
    return len(captured)


def test_care_map_needs_the_same_queries_for_one_or_many_stakeholders(cast: Cast) -> None:
    member = person_stakeholder(cast.leader, cast.member)
    log(cast.leader, "career_conversation", [member], NOW - dt.timedelta(days=3))
    one = _queries(cast)
    for n in range(30):
        report = PersonFactory(
            organisation=cast.organisation, manager=cast.leader, email=f"m{n}@acme.test"
        )
        stakeholder = person_stakeholder(cast.leader, report)
        log(cast.leader, "career_conversation", [stakeholder], NOW - dt.timedelta(days=n * 5))
        if n % 2:
            account(cast.organisation, f"Customer {n}", follower=cast.leader)
        else:
            customer = account(cast.organisation, f"Customer {n}")
            log(cast.leader, "customer_visit", [customer], NOW - dt.timedelta(days=n))
        account(cast.organisation, f"Not followed {n}")  # on nobody's map
    many = _queries(cast)
    assert (one, many) == (one, one)
    assert len(care_map(leader=cast.leader, now=NOW).entries) == 61


def test_map_page_queries_do_not_grow_with_stakeholders(cast: Cast) -> None:
    client = cast.client_for(cast.leader)
    url = f"/o/{cast.organisation.slug}/practice/"
    actions.set_up_practice_everywhere()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(20):
        PersonFactory(organisation=cast.organisation, manager=cast.leader, email=f"q{n}@acme.test")
        account(cast.organisation, f"Client {n}", follower=cast.leader)
    actions.set_up_practice_everywhere()
    with CaptureQueriesContext(connection) as lots:
        page = client.get(url).content.decode()
    assert len(lots) == len(few)
    assert "Client 19" in page and "q19@acme.test" not in page


def _writes(captured: CaptureQueriesContext) -> list[str]:
    sql = [q["sql"].upper() for q in captured]
    return [s for s in sql if s.startswith(("INSERT", "UPDATE", "DELETE"))]


def test_the_map_and_the_log_page_write_nothing_even_before_practice_is_set_up(
    cast: Cast,
) -> None:
    from genuinecare.practice.models import CareKind, PracticeSettings

    org = cast.organisation.slug
    leader, admin = cast.client_for(cast.leader), cast.client_for(cast.admin)
    visits = [
        (leader, f"/o/{org}/practice/"),
        (leader, f"/o/{org}/practice/log/?stakeholder=1"),
        (admin, f"/o/{org}/practice/settings/"),
    ]
    with CaptureQueriesContext(connection) as captured:
        statuses = [client.get(url).status_code for client, url in visits]
    assert statuses == [200, 200, 200]
    assert _writes(captured) == []
    counts = [model.objects.count() for model in (CareKind, PracticeSettings, Stakeholder)]
    assert counts == [0, 0, 0]


def test_the_worker_sets_up_practice_once_and_then_only_reads(cast: Cast) -> None:
    from genuinecare.practice.models import CareKind, Stakeholder

    written = actions.set_up_practice_everywhere()
    kinds = CareKind.objects.filter(organisation=cast.organisation).count()
    mapped = {s.person_id for s in Stakeholder.objects.filter(organisation=cast.organisation)}
    assert (kinds, cast.member.pk in mapped, cast.leader.pk in mapped) == (9, True, False)
    assert written == Stakeholder.objects.count() + 2  # both organisations were seeded
    with CaptureQueriesContext(connection) as again:
        assert actions.set_up_practice_everywhere() == 0
    assert (len(again), _writes(again)) == (2, [])
    client = cast.client_for(cast.leader)
    url = f"/o/{cast.organisation.slug}/practice/"
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    assert _writes(captured) == []
    assert cast.member.name in page
