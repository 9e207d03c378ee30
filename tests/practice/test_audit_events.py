"""Personal data exports and erasures in the audit log, through the real verbs and pages."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from genuinecare.people import audit
from genuinecare.people.audit import AuditEvent, Event
from genuinecare.practice.privacy_requests import request_access, request_erasure
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def _exports() -> list[tuple[str | None, str, str]]:
    return list(
        AuditEvent.objects.filter(event=Event.PERSONAL_DATA_EXPORTED)
        .order_by("pk")
        .values_list("actor_label", "subject_label", "detail")
    )


def test_an_export_is_recorded_when_its_link_is_sent_and_when_it_is_downloaded(
    cast: Cast,
) -> None:
    found = request_access(
        person=cast.member, requested_by=cast.admin, reason="Asked by e-mail", now=timezone.now()
    )
    assert _exports() == [("admin@acme.test", "member@acme.test", "link sent")]
    assert found.message is not None
    link = next(word for word in found.message.body.split() if "/my-data/" in word)
    url = reverse("my-data", kwargs={"token": link.rstrip("/").rsplit("/", 1)[-1]})
    client = Client()
    assert client.post(url).status_code == 200
    assert client.post(url).status_code != 500  # the used link hands out nothing more
    assert _exports()[1:] == [("", "member@acme.test", "downloaded through the e-mailed link")]


def test_a_refused_export_request_leaves_no_entry(cast: Cast) -> None:
    with pytest.raises(Exception, match="reason"):
        request_access(person=cast.member, requested_by=cast.admin, reason=" ", now=timezone.now())
    assert not AuditEvent.objects.exists()


def test_an_erasure_blanks_the_persons_address_in_the_log_but_keeps_the_events(
    cast: Cast,
) -> None:
    audit.record(Event.SIGNED_IN, organisation=cast.organisation, actor=cast.member)
    audit.record(
        Event.ROLE_CHANGED, organisation=cast.organisation, actor=cast.admin, subject=cast.member
    )
    request_erasure(
        person=cast.member,
        requested_by=cast.admin,
        reason="Left, asked to be forgotten",
        confirm="member@acme.test",
        now=timezone.now(),
    )
    labels = list(AuditEvent.objects.order_by("pk").values_list("actor_label", "subject_label"))
    assert labels == [(audit.FORGOTTEN, ""), ("admin@acme.test", audit.FORGOTTEN)]
    assert not AuditEvent.objects.filter(actor_label__contains="member@").exists()
