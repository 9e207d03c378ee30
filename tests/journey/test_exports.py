"""The leader's PDF and CSV of a journey: what the journey holds, in the page's language."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from genuinecare.journey.enums import (
    FocusSource,
    FocusState,
    Health,
    Origin,
    Outcome,
    PromiseRating,
    StepStatus,
    Treatment,
)
from genuinecare.journey.models import (
    BusinessResult,
    Dependency,
    Expectation,
    Experiment,
    Focus,
    Journey,
    Reading,
    Risk,
    Step,
)
from genuinecare.people.actions import set_language
from genuinecare.people.enums import Role
from tests.conftest import Cast, ClientResponse, streamed
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _fill(cast: Cast, journey: Journey) -> None:
    today = timezone.localdate()
    focus = Focus.objects.create(
        journey=journey,
        source=FocusSource.FELT,
        key="care:heard",
        title="Being heard",
        state=FocusState.ACCEPTED,
        snapshot={"wave": "Autumn pulse", "figure": 52, "n": 9},
    )
    first = Step.objects.create(
        journey=journey,
        focus=focus,
        title="Listening hour every week",
        status=StepStatus.DONE,
        health=Health.ON_TRACK,
        lane="Team",
        due_on=dt.date(2026, 11, 30),
        shared_at=timezone.now(),
    )
    first.owners.add(cast.member)
    second = Step.objects.create(
        journey=journey,
        title='=HYPERLINK("http://evil.test")',
        status=StepStatus.NOT_STARTED,
        health=Health.AT_RISK,
        origin=Origin.TEAM,
    )
    Dependency.objects.create(step=second, waits_for=first)
    Experiment.objects.create(
        journey=journey,
        focus=focus,
        step=first,
        hypothesis="Stand-ups without slides",
        watch="Who speaks",
        success_signs="More voices",
        failure_signs="Silence",
        starts_on=today,
        ends_on=today + dt.timedelta(days=14),
        outcome=Outcome.AMPLIFY,
    )
    Risk.objects.create(
        journey=journey,
        cause="Quarter end",
        event="Targets slip",
        consequence="Pressure on the team",
        likelihood=4,
        impact=3,
        treatment=Treatment.REDUCE,
        residual_likelihood=2,
        residual_impact=2,
        review_on=today,
    )
    result = BusinessResult.objects.create(
        journey=journey, name="Order intake", measure="k€", target=Decimal("1200")
    )
    Reading.objects.create(result=result, on=dt.date(2026, 10, 1), value=Decimal("900"))
    Reading.objects.create(result=result, on=dt.date(2026, 11, 1), value=Decimal("1100"))
    Expectation.objects.create(
        journey=journey,
        what="Answer every proposal within a week",
        due_on=dt.date(2026, 12, 15),
        noticed_by="They hear back",
        leader_view=PromiseRating.PARTLY,
    )


def _url(name: str, journey: Journey) -> str:
    return reverse(f"journey:{name}", kwargs={"org": "acme", "pk": journey.pk})


def _pdf_text(response: ClientResponse) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def _sections(response: ClientResponse) -> dict[str, list[list[str]]]:
    """The CSV's blocks by title: the facts under "", each table with its header first."""
    rows = list(csv.reader(io.StringIO(streamed(response).decode("utf-8-sig"))))
    found: dict[str, list[list[str]]] = {"": []}
    current = ""
    for before, row in zip([["x"], *rows], rows, strict=False):
        if not before and len(row) == 1:
            current = row[0]
            found[current] = []
        elif row:
            found[current].append(row)
    return found


def test_the_pdf_holds_the_journey_and_its_steps(cast: Cast, journey: Journey) -> None:
    _fill(cast, journey)
    text = _pdf_text(cast.client_for(cast.leader).get(_url("pdf", journey)))
    assert "Customers first" in text and "Sales" in text
    assert "Listening hour every week" in text
    assert "Being heard" in text and "Autumn pulse" in text
    assert "Stand-ups without slides" in text and "Amplify" in text
    assert "Targets slip" in text and "12" in text  # 4 × 3
    assert "Order intake" in text and "1,100" in text  # the latest reading
    assert "Answer every proposal within a week" in text and "Partly kept" in text


def test_the_pdf_speaks_german_on_a_german_page(cast: Cast, journey: Journey) -> None:
    _fill(cast, journey)
    assert cast.leader.user is not None
    set_language(user=cast.leader.user, language="de")
    text = _pdf_text(cast.client_for(cast.leader).get(_url("pdf", journey)))
    assert "Schritte" in text and "Erwartungen" in text
    assert "Steps" not in text
    assert "Listening hour every week" in text


def test_the_csv_has_a_row_per_thing_with_its_figures(cast: Cast, journey: Journey) -> None:
    _fill(cast, journey)
    response = cast.client_for(cast.leader).get(_url("csv", journey))
    assert response["Content-Type"].startswith("text/csv")
    found = _sections(response)
    facts = {row[0]: row[1] for row in found[""]}
    assert facts["Journey"] == "Customers first"
    assert facts["Unit"] == "Acme / Sales"
    assert facts["Promises kept, per cent (the team's view)"] == "—"
    header, *steps = found["Steps"]
    assert header[:4] == ["Step", "Status", "Health", "Due"]
    by_title = {row[0]: dict(zip(header, row, strict=True)) for row in steps}
    listening = by_title["Listening hour every week"]
    assert listening["Status"] == "Done" and listening["Due"] == "2026-11-30"
    assert listening["Owners"] == cast.member.name and listening["Lane"] == "Team"
    assert listening["Shared with the team"] == timezone.localdate().isoformat()
    waiting = by_title['\'=HYPERLINK("http://evil.test")']  # neutralised: never a formula
    assert waiting["Waits for"] == "Listening hour every week"
    assert waiting["Came from"] == "The team" and waiting["Health"] == "At risk"
    assert waiting["Shared with the team"] == "no"
    risk_header, *risks = found["Risks and pitfalls"]  # one named at the readiness gate
    seeded, risk = sorted(risks, key=lambda row: row[1] != "Targets slip", reverse=True)
    assert dict(zip(risk_header, seeded, strict=True))["Score"] == "9"  # 3 × 3 until scored
    assert dict(zip(risk_header, risk, strict=True))["Score"] == "12"
    assert dict(zip(risk_header, risk, strict=True))["Residual score"] == "4"
    (result_header, result) = found["Business results"]
    assert dict(zip(result_header, result, strict=True))["Latest reading"] == "1100"
    (promise_header, promise) = found["Expectations"]
    assert dict(zip(promise_header, promise, strict=True))["My own view"] == "Partly kept"
    assert dict(zip(promise_header, promise, strict=True))["The team's view"] == "—"
    assert len(found["Experiments"]) == 2 and len(found["Focus areas"]) == 2


def test_no_cell_of_the_csv_runs_as_a_formula(cast: Cast, journey: Journey) -> None:
    _fill(cast, journey)
    Risk.objects.filter(journey=journey).update(event="+cmd|' /C calc'!A0", cause="@SUM(1)")
    body = streamed(cast.client_for(cast.leader).get(_url("csv", journey))).decode("utf-8-sig")
    cells = [cell for row in csv.reader(io.StringIO(body)) for cell in row]
    assert "'+cmd|' /C calc'!A0" in cells and "'@SUM(1)" in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")]


def test_the_csv_speaks_german_on_a_german_page(cast: Cast, journey: Journey) -> None:
    _fill(cast, journey)
    assert cast.leader.user is not None
    set_language(user=cast.leader.user, language="de")
    found = _sections(cast.client_for(cast.leader).get(_url("csv", journey)))
    assert "Schritte" in found and found["Schritte"][0][0] == "Schritt"


@pytest.mark.parametrize("name", ["pdf", "csv"])
def test_another_leader_and_the_admin_get_404(cast: Cast, journey: Journey, name: str) -> None:
    other = PersonFactory(
        organisation=cast.organisation, unit=cast.sales, role=Role.LEADER, signs_in=True
    )
    for person in (other, cast.admin, cast.member, cast.outsider):
        assert cast.client_for(person).get(_url(name, journey)).status_code == 404


def test_the_journey_page_links_both_downloads(cast: Cast, journey: Journey) -> None:
    page = cast.client_for(cast.leader).get(journey.get_absolute_url()).content.decode()
    assert _url("pdf", journey) in page and _url("csv", journey) in page
