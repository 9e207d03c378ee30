"""The summit question: share of leaders by function with a customer contact in 12 months."""

import datetime as dt

import pytest

from genuinecare.people.enums import Function, Role
from genuinecare.practice.summit import quarter_ends, summit
from tests.conftest import Cast
from tests.factories import PersonFactory
from tests.practice.factories import account, log

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.UTC)


def test_share_by_function_and_trend(cast: Cast) -> None:
    cio = PersonFactory(organisation=cast.organisation, role=Role.LEADER, function=Function.CIO)
    customer = account(cast.organisation, "Acme Retail")
    log(cast.leader, "customer_visit", [customer], NOW - dt.timedelta(days=30))
    log(cio, "service_shadowing", [customer], NOW - dt.timedelta(days=400))
    result = summit(organisation=cast.organisation, now=NOW)
    shares = {f.function: (f.met, f.leaders) for f in result.functions if f.leaders}
    # The admin leads no one, so the admin is not a leader here.
    assert shares == {"cio": (0, 1), "sales": (1, 1)}
    assert (result.met, result.leaders, result.share) == (1, 2, 50.0)
    assert [f.function for f in result.without_contact] == ["cio"]
    assert result.trend[-1] == ("2026 Q4", 50.0)
    assert result.trend[0] == ("2025 Q1", 0.0)
    assert dict(result.trend)["2025 Q4"] == 50.0  # the CIO's visit in Oct 2025 counts then


def test_an_admin_who_leads_people_counts_as_a_leader(cast: Cast) -> None:
    cast.colleague_elsewhere.manager = cast.admin
    cast.colleague_elsewhere.save()
    result = summit(organisation=cast.organisation, now=NOW)
    shares = {f.function: (f.met, f.leaders) for f in result.functions if f.leaders}
    assert shares == {"sales": (0, 1), "other": (0, 1)}


def test_quarters_end_at_quarter_starts() -> None:
    ends = quarter_ends(NOW)
    assert [label for label, _ in ends] == [
        "2025 Q1",
        "2025 Q2",
        "2025 Q3",
        "2025 Q4",
        "2026 Q1",
        "2026 Q2",
        "2026 Q3",
        "2026 Q4",
    ]
    assert ends[-2][1] == dt.datetime(2026, 10, 1, tzinfo=dt.UTC)


def test_chart_is_svg_without_inline_style_or_script(cast: Cast) -> None:
    response = cast.client_for(cast.leader).get("/o/acme/practice/summit/chart.svg")
    body = response.content.decode()
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert body.startswith("<svg")
    assert "<style" not in body and "style=" not in body and "<script" not in body
    assert 'data-function="Sales"' in body
