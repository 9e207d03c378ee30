"""The audit page and its CSV: admins of the organisation only, filtered alike."""

import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from genuinecare.people import audit
from genuinecare.people.audit import AuditEvent, Event
from genuinecare.people.views.audit import PAGE_SIZE
from tests.conftest import Cast, streamed

PAGE = reverse("people:audit", kwargs={"org": "acme"})
CSV = reverse("people:audit-csv", kwargs={"org": "acme"})


def _day(year: int, month: int, day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=timezone.get_current_timezone())


def _entry(cast: Cast, event: Event, when: dt.datetime, **fields: object) -> AuditEvent:
    return AuditEvent.objects.create(
        organisation=cast.organisation, event=event.value, happened_at=when, **fields
    )


def _shown(client: Client, url: str = PAGE, **filters: str) -> list[str]:
    page = client.get(url, filters)
    assert page.status_code == 200
    return [entry.detail for entry in page.context["page"]]


def _csv_details(client: Client, **filters: str) -> list[str]:
    response = client.get(CSV, filters)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(streamed(response).decode("utf-8-sig"))))
    assert rows[0][0] == "When"
    return [row[5] for row in rows[1:]]


@pytest.fixture
def history(cast: Cast) -> Cast:
    _entry(cast, Event.SIGNED_IN, _day(2026, 3, 1), actor_label="leader@acme.test", detail="a")
    _entry(
        cast,
        Event.ROLE_CHANGED,
        _day(2026, 3, 2),
        actor_label="admin@acme.test",
        subject_label="member@acme.test",
        detail="b",
    )
    _entry(cast, Event.MFA_ADDED, _day(2026, 3, 3), actor_label="member@acme.test", detail="c")
    _entry(cast, Event.RESPONSES_EXPORTED, _day(2026, 3, 4, 0), detail="d")
    _entry(cast, Event.PASSWORD_RESET, _day(2026, 3, 5, 23), detail="e")
    AuditEvent.objects.create(
        organisation=cast.outsider.organisation,
        event=Event.SIGNED_IN.value,
        happened_at=_day(2026, 3, 3),
        actor_label="outsider@globex.test",
        detail="globex",
    )
    return cast


def test_admins_read_their_organisations_log_newest_first(history: Cast) -> None:
    client = history.client_for(history.admin)
    assert _shown(client) == ["e", "d", "c", "b", "a"]
    html = client.get(PAGE).content.decode()
    assert "Role changed" in html and "globex" not in html
    assert (
        f'href="{PAGE}"'
        in client.get(reverse("people:dashboard", kwargs={"org": "acme"})).content.decode()
    )


def test_another_organisations_admin_sees_only_their_own(history: Cast) -> None:
    client = history.client_for(history.outsider)
    url = reverse("people:audit", kwargs={"org": "globex"})
    assert _shown(client, url) == ["globex"]
    assert client.get(PAGE).status_code == 404
    assert client.get(CSV).status_code == 404


@pytest.mark.parametrize("who", ["leader", "member", "outsider"])
def test_nobody_but_the_admins_reaches_the_log(history: Cast, who: str) -> None:
    client = history.client_for(getattr(history, who))
    for url in (PAGE, CSV):
        response = client.get(url)
        assert response.status_code == 404
        assert b"member@acme.test" not in response.content


def test_an_anonymous_visitor_is_sent_to_sign_in(history: Cast) -> None:
    for url in (PAGE, CSV):
        response = Client().get(url)
        assert response.status_code == 302 and "/login" in response["Location"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"group": "sign_in"}, ["a"]),
        ({"group": "accounts"}, ["e"]),
        ({"group": "roles"}, ["b"]),
        ({"group": "mfa"}, ["c"]),
        ({"group": "exports"}, ["d"]),
        ({"group": "thresholds"}, []),
        ({"who": "MEMBER@acme"}, ["c", "b"]),
        ({"start": "2026-03-02", "end": "2026-03-04"}, ["d", "c", "b"]),
        ({"start": "2026-03-05"}, ["e"]),
        ({"end": "2026-03-01"}, ["a"]),
        ({"who": "admin", "group": "roles", "end": "2026-03-02"}, ["b"]),
    ],
)
def test_filters_narrow_the_page_and_the_csv_alike(
    history: Cast, filters: dict[str, str], expected: list[str]
) -> None:
    client = history.client_for(history.admin)
    assert _shown(client, **filters) == expected
    assert _csv_details(client, **filters) == expected


@pytest.mark.parametrize(
    ("filters", "problem"),
    [
        ({"start": "2026-13-01"}, "Enter the date as year-month-day"),
        ({"end": "2026-02-30"}, "Enter the date as year-month-day"),
        ({"start": "2026-03-05", "end": "2026-03-01"}, "The start date is after the end date"),
        ({"group": "everything"}, "Choose a kind of event from the list"),
    ],
)
def test_a_bad_filter_gets_a_translated_error_not_a_500(
    history: Cast, filters: dict[str, str], problem: str
) -> None:
    client = history.client_for(history.admin)
    page = client.get(PAGE, filters)
    assert page.status_code == 400
    assert problem in page.content.decode()
    assert page.context["page"] is None
    download = client.get(CSV, filters)
    assert download.status_code == 400
    assert problem in download.content.decode()


def test_a_bad_date_is_explained_in_german(history: Cast) -> None:
    user = history.admin.user
    assert user is not None
    user.language = "de"
    user.save(update_fields=["language"])
    client = history.client_for(history.admin)
    page = client.get(PAGE, {"start": "gestern"})
    assert page.status_code == 400
    assert "Geben Sie das Datum als Jahr-Monat-Tag ein" in page.content.decode()


def test_the_log_is_paged_and_the_csv_holds_every_page(cast: Cast) -> None:
    for n in range(PAGE_SIZE + 3):
        _entry(cast, Event.SIGNED_IN, _day(2026, 1, 1) + dt.timedelta(minutes=n), detail=str(n))
    client = cast.client_for(cast.admin)
    first = _shown(client, group="sign_in")
    second = _shown(client, group="sign_in", page="2")
    assert first[0] == str(PAGE_SIZE + 2) and len(first) == PAGE_SIZE
    assert second == ["2", "1", "0"]
    html = client.get(PAGE, {"group": "sign_in"}).content.decode()
    assert "group=sign_in&amp;page=2" in html
    assert len(_csv_details(client, group="sign_in", page="2")) == PAGE_SIZE + 3


def test_the_csv_neutralises_cells_a_spreadsheet_would_run(cast: Cast) -> None:
    victim = cast.member
    victim.email = "=HYPERLINK(evil)@acme.test"
    audit.record(Event.SIGNED_IN, organisation=cast.organisation, actor=victim, detail="+1 cmd")
    client = cast.client_for(cast.admin)
    rows = list(csv.reader(io.StringIO(streamed(client.get(CSV)).decode("utf-8-sig"))))
    assert rows[1][1:6] == [
        "Signed in",
        "sign_in.succeeded",
        "'=HYPERLINK(evil)@acme.test",
        "",
        "'+1 cmd",
    ]
    assert client.get(CSV)["Content-Disposition"].startswith('attachment; filename="audit-log-')
