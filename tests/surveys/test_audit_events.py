"""Threshold changes and raw response exports in the audit log, through the real pages."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from genuinecare.people.audit import AuditEvent, Event
from genuinecare.people.models import Person
from genuinecare.surveys.enums import Mode
from genuinecare.surveys.models import Wave
from tests.conftest import Cast, ClientResponse, streamed
from tests.factories import make_wave


def _create(cast: Cast, person: Person, **fields: str) -> ClientResponse:
    now = timezone.localtime()
    form = {
        "title": "Our team",
        "audience": "team",
        "leader": str(cast.leader.pk),
        "catalog": "care",
        "languages": ["en"],
        "mode": "anonymous",
        "opens_at": (now + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        "closes_at": (now + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M"),
        "reminder_days": "",
        **fields,
    }
    url = reverse("surveys:wave-create", kwargs={"org": "acme"})
    return cast.client_for(person).post(url, form)


def _entries(event: Event) -> list[tuple[str, str]]:
    return list(
        AuditEvent.objects.filter(event=event).order_by("pk").values_list("actor_label", "detail")
    )


def test_an_admins_wave_with_other_thresholds_is_recorded_old_to_new(cast: Cast) -> None:
    assert _create(cast, cast.admin, threshold="3", comment_threshold="12").status_code == 302
    assert _entries(Event.THRESHOLD_CHANGED) == [
        ("admin@acme.test", "anonymity 5 → 3, comments 10 → 12 · Our team")
    ]


def test_a_wave_with_the_organisations_thresholds_records_nothing(cast: Cast) -> None:
    assert _create(cast, cast.leader).status_code == 302
    assert _create(cast, cast.admin, threshold="5", comment_threshold="10").status_code == 302
    assert Wave.objects.count() == 2
    assert _entries(Event.THRESHOLD_CHANGED) == []


def test_a_refused_wave_records_nothing(cast: Cast) -> None:
    assert _create(cast, cast.admin, threshold="2", comment_threshold="10").status_code == 200
    assert not AuditEvent.objects.exists()


def _export(wave: Wave, kind: str, fmt: str) -> str:
    kwargs = {"org": "acme", "pk": wave.pk, "kind": kind, "fmt": fmt}
    return reverse("surveys:export", kwargs=kwargs)


def test_a_raw_export_is_recorded_and_an_aggregated_one_is_not(cast: Cast) -> None:
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL, threshold=5, comment_threshold=10)
    client = cast.client_for(cast.admin)
    streamed(client.get(_export(wave, "aggregated", "csv")))
    assert _entries(Event.RESPONSES_EXPORTED) == []
    streamed(client.get(_export(wave, "raw", "csv")))
    assert client.get(_export(wave, "raw", "xlsx")).status_code == 200
    assert _entries(Event.RESPONSES_EXPORTED) == [
        ("admin@acme.test", "CSV · Spring pulse"),
        ("admin@acme.test", "XLSX · Spring pulse"),
    ]


def test_a_refused_raw_export_records_nothing(cast: Cast) -> None:
    wave = make_wave(cast.admin, mode=Mode.CONFIDENTIAL, threshold=5, comment_threshold=10)
    anonymous = make_wave(cast.admin, threshold=5, comment_threshold=10)
    assert cast.client_for(cast.leader).get(_export(wave, "raw", "csv")).status_code == 404
    assert cast.client_for(cast.admin).get(_export(anonymous, "raw", "csv")).status_code == 404
    assert _entries(Event.RESPONSES_EXPORTED) == []
