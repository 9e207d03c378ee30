"""The summit question: share of leaders by function with a customer contact in 12 months."""

import base64
import datetime as dt
import re

import pytest

from genuinecare.people.enums import Function, Role
from genuinecare.practice.summit import for_leaders, quarter_ends, summit
from tests.conftest import Cast
from tests.factories import PersonFactory, account, log

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


def charts_on(page: str) -> list[str]:
    """The SVG of every chart image on a page (embedded as ``data:`` images)."""
    found = re.findall(r'<img class="chart" src="data:image/svg\+xml;base64,([^"]+)" alt="', page)
    return [base64.b64decode(encoded).decode() for encoded in found]


def test_the_summit_charts_are_images_of_the_numbers_in_the_tables(cast: Cast) -> None:
    customer = account(cast.organisation, "Acme Retail")
    log(cast.leader, "customer_visit", [customer], dt.datetime.now(dt.UTC) - dt.timedelta(days=3))
    page = cast.client_for(cast.admin).get("/o/acme/practice/summit/").content.decode()
    bars, trend = charts_on(page)
    assert bars.startswith("<?xml") and "<svg" in bars and "<script" not in bars
    assert ">Sales<" in bars and ">100<" in bars  # the one sales leader met a customer
    latest = quarter_ends(dt.datetime.now(dt.UTC))[-1][0]
    assert f">{latest}<" in trend and "<script" not in trend
    assert 'alt="Share of leaders with a customer contact in the last 12 months, by function"' in (
        page
    )


def test_leaders_see_small_functions_folded_admins_see_every_function(cast: Cast) -> None:
    for function in (Function.CIO, Function.CMO):
        PersonFactory(organisation=cast.organisation, role=Role.LEADER, function=function)
    for _ in range(5):
        PersonFactory(organisation=cast.organisation, role=Role.LEADER, function=Function.SALES)
    customer = account(cast.organisation, "Acme Retail")
    log(cast.leader, "customer_visit", [customer], NOW - dt.timedelta(days=30))
    result = summit(organisation=cast.organisation, now=NOW)
    folded = for_leaders(result, k=5)
    rows = {f.function: (f.met, f.leaders) for f in folded.functions}
    # Sales has 6 leaders and stays; CIO and CMO (one each) are folded, but two
    # people are fewer than 5, so the smallest shown function joins them.
    assert rows == {"folded": (1, 8)}
    assert (folded.met, folded.leaders) == (result.met, result.leaders)
    for _ in range(3):
        PersonFactory(organisation=cast.organisation, role=Role.LEADER, function=Function.COO)
    folded = for_leaders(summit(organisation=cast.organisation, now=NOW), k=5)
    rows = {f.function: (f.met, f.leaders) for f in folded.functions}
    assert rows == {"sales": (1, 6), "folded": (0, 5)}


def test_the_summit_page_folds_for_leaders_only(cast: Cast) -> None:
    PersonFactory(organisation=cast.organisation, role=Role.LEADER, function=Function.CIO)
    leader_page = cast.client_for(cast.leader).get("/o/acme/practice/summit/").content.decode()
    admin_page = cast.client_for(cast.admin).get("/o/acme/practice/summit/").content.decode()
    assert 'data-function="cio"' not in leader_page and 'data-function="folded"' in leader_page
    assert 'data-function="cio"' in admin_page and 'data-function="folded"' not in admin_page
    (leader_bars, _trend) = charts_on(leader_page)
    (admin_bars, _trend) = charts_on(admin_page)
    assert ">CIO<" not in leader_bars and ">Other functions together<" in leader_bars
    assert ">CIO<" in admin_bars
