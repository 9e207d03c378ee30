"""The audit log's table: what ``record`` writes, that nothing changes it, and retention."""

import datetime as dt

import pytest
from django.db import transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from pytest_django.fixtures import Settings

from genuinecare.people import actions, audit
from genuinecare.people.audit import AuditEvent, Event
from genuinecare.people.audit_log import GROUPS, MAX_DETAIL, events_in, group_of
from genuinecare.people.enums import Role
from genuinecare.people.models import Person
from genuinecare.site.management.commands.worker import run_periodic
from tests.conftest import Cast
from tests.factories import PersonFactory


def _entries(cast: Cast) -> list[tuple[str, str, str, str]]:
    return list(
        AuditEvent.objects.filter(organisation=cast.organisation)
        .order_by("pk")
        .values_list("event", "actor_label", "subject_label", "detail")
    )


def test_an_entry_keeps_who_did_what_to_whom_and_from_where(cast: Cast) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    entry = audit.record(
        Event.ROLE_CHANGED,
        organisation=cast.organisation,
        actor=cast.admin,
        subject=cast.member,
        detail="  member   →\nleader ",
        request=request,
    )
    entry.refresh_from_db()
    assert (entry.actor_id, entry.actor_label) == (cast.admin.pk, "admin@acme.test")
    assert (entry.subject_id, entry.subject_label) == (cast.member.pk, "member@acme.test")
    assert (entry.detail, entry.ip_address) == ("member → leader", "203.0.113.9")
    assert entry.happened_at.tzinfo is not None
    assert str(entry.label) == "Role changed"


def test_a_long_detail_is_cut_and_a_bad_address_is_left_out(cast: Cast) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="not-an-address")
    entry = audit.record(
        Event.SCIM_SYNC, organisation=cast.organisation, detail="x" * 500, request=request
    )
    entry.refresh_from_db()
    assert (len(entry.detail), entry.ip_address, entry.actor_label) == (MAX_DETAIL, None, "")


def test_the_label_outlives_the_person(cast: Cast) -> None:
    leaver = PersonFactory(organisation=cast.organisation, email="gone@acme.test")
    audit.record(Event.PERSON_DEACTIVATED, organisation=cast.organisation, subject=leaver)
    leaver.delete()
    entry = AuditEvent.objects.get(event=Event.PERSON_DEACTIVATED)
    assert (entry.subject_id, entry.subject_label) == (None, "gone@acme.test")


def test_an_action_rolled_back_leaves_no_entry(cast: Cast) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.archive_person(person=cast.member, by=cast.admin)
        raise RuntimeError("the surrounding work failed")
    cast.member.refresh_from_db()
    assert cast.member.archived_at is None
    assert not AuditEvent.objects.exists()


def test_nothing_changes_a_stored_entry(cast: Cast) -> None:
    entry = audit.record(Event.SIGNED_IN, organisation=cast.organisation, actor=cast.member)
    entry.detail = "edited"
    with pytest.raises(ValueError, match="never changed"):
        entry.save()
    with pytest.raises(ValueError, match="never changed"):
        entry.save(update_fields=["detail"])
    fresh = AuditEvent(organisation=cast.organisation, event=Event.SIGNED_IN.value)
    fresh.pk = entry.pk
    with pytest.raises(ValueError, match="never changed"):
        fresh.save()
    assert AuditEvent.objects.get(pk=entry.pk).detail == ""


def test_the_log_offers_no_page_that_edits_or_deletes(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    entry = audit.record(Event.SIGNED_IN, organisation=cast.organisation, actor=cast.member)
    for name in ("people:audit", "people:audit-csv"):
        url = reverse(name, kwargs={"org": "acme"})
        attempts = (client.post(url, {"detail": "edited"}), client.delete(url), client.put(url))
        assert [attempt.status_code for attempt in attempts] == [405, 405, 405]
    assert AuditEvent.objects.get(pk=entry.pk).detail == ""
    assert AuditEvent.objects.count() == 1


def test_a_sign_in_event_is_recorded_in_every_organisation_of_the_user(cast: Cast) -> None:
    consultant = cast.admin.user
    assert consultant is not None
    elsewhere = Person.objects.create(
        organisation=cast.outsider.organisation,
        name="Consultant",
        email="admin@acme.test",
        user=consultant,
    )
    audit.record_for_user(Event.PASSWORD_CHANGED, user=consultant)
    assert set(AuditEvent.objects.values_list("organisation_id", "actor_id", "subject_id")) == {
        (cast.organisation.pk, cast.admin.pk, cast.admin.pk),
        (elsewhere.organisation_id, elsewhere.pk, elsewhere.pk),
    }


def test_a_new_role_and_a_deactivation_are_recorded_by_the_admins_pages(cast: Cast) -> None:
    client = cast.client_for(cast.admin)
    edit = reverse("people:person-edit", kwargs={"org": "acme", "pk": cast.member.pk})
    page = client.post(
        edit,
        {
            "name": cast.member.name,
            "email": cast.member.email,
            "unit": cast.sales_dach.pk,
            "manager": cast.leader.pk,
            "function": cast.member.function,
            "role": Role.LEADER,
            "language": "en",
        },
    )
    assert page.status_code == 302
    archive = reverse("people:person-archive", kwargs={"org": "acme", "pk": cast.member.pk})
    assert client.post(archive).status_code == 302
    assert _entries(cast) == [
        (Event.ROLE_CHANGED, "admin@acme.test", "member@acme.test", "member → leader"),
        (Event.PERSON_DEACTIVATED, "admin@acme.test", "member@acme.test", ""),
    ]


def test_saving_a_person_without_a_new_role_records_nothing(cast: Cast) -> None:
    actions.update_person(
        person=cast.member,
        name="Renamed",
        unit=cast.sales_dach,
        manager=cast.leader,
        function=cast.member.function,
        role=cast.member.role,
        language="de",
        by=cast.admin,
    )
    assert not AuditEvent.objects.exists()


def _at(cast: Cast, person: Person, when: dt.datetime) -> AuditEvent:
    return AuditEvent.objects.create(
        organisation=person.organisation, event=Event.SIGNED_IN.value, happened_at=when
    )


def test_the_worker_deletes_entries_past_retention_in_every_organisation(
    cast: Cast, settings: Settings
) -> None:
    settings.AUDIT_RETENTION_DAYS = 30
    now = timezone.now()
    old_here = _at(cast, cast.admin, now - dt.timedelta(days=31))
    old_there = _at(cast, cast.outsider, now - dt.timedelta(days=400))
    kept = [
        _at(cast, cast.admin, now - dt.timedelta(days=29)),
        _at(cast, cast.outsider, now - dt.timedelta(days=30) + dt.timedelta(minutes=1)),
        _at(cast, cast.admin, now),
    ]
    run_periodic(now=now)
    remaining = set(AuditEvent.objects.values_list("pk", flat=True))
    assert remaining == {entry.pk for entry in kept}
    assert old_here.pk not in remaining and old_there.pk not in remaining


def test_the_default_retention_is_more_than_a_year(settings: Settings) -> None:
    assert settings.AUDIT_RETENTION_DAYS >= 366


def test_every_event_belongs_to_a_filter_group() -> None:
    assert {group_of(value) for value in Event.values} == set(GROUPS)
    assert sorted(v for g in GROUPS for v in events_in(g)) == sorted(Event.values)
