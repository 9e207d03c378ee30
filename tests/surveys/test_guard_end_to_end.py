"""The anonymity guard through the real results page and export, with random filter sequences.

Whatever a viewer asks for, every group whose size the page or the export
reveals has at least k respondents, and no two revealed groups, one inside the
other, differ by 1..k-1 respondents (so nobody can subtract their way to a
small group).
"""

import csv
import io
import re

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genuinecare.people.models import Unit
from tests.conftest import Cast, streamed
from tests.factories import UnitFactory, answer, make_wave

Scenario = tuple[list[int | None], list[int], int, list[set[int]]]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    n = draw(st.integers(min_value=2, max_value=6))
    parents = [None] + [draw(st.integers(min_value=0, max_value=i - 1)) for i in range(1, n)]
    counts = [draw(st.integers(min_value=0, max_value=6)) for _ in range(n)]
    k = draw(st.integers(min_value=3, max_value=5))
    unit_sets = st.sets(st.integers(min_value=0, max_value=n - 1), min_size=1, max_size=3)
    filters = draw(st.lists(unit_sets, min_size=1, max_size=4))
    return parents, counts, k, filters


def _subtree(index: int, parents: list[int | None]) -> set[int]:
    found = {index}
    for child, parent in enumerate(parents):
        if parent is not None and parent in found and child not in found:
            found |= _subtree(child, parents)
    return found


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=scenarios())
def test_no_group_below_k_can_be_recovered_through_the_pages(
    cast: Cast, scenario: Scenario
) -> None:
    parents, counts, k, filters = scenario
    units: list[Unit] = []
    for n, parent in enumerate(parents):
        units.append(
            UnitFactory(
                organisation=cast.organisation,
                name=f"U{n}",
                parent=cast.it if parent is None else units[parent],
            )
        )
    wave = make_wave(cast.admin, threshold=k, comment_threshold=k)
    for unit, count in zip(units, counts, strict=True):
        for _ in range(count):
            answer(wave, unit=unit, value=4)
    client = cast.client_for(cast.admin)
    kwargs = {"org": "acme", "pk": wave.pk}
    population = frozenset(range(len(units)))
    revealed: dict[frozenset[int], int] = {}

    export = client.get(
        reverse("surveys:export", kwargs={**kwargs, "kind": "aggregated", "fmt": "csv"})
    )
    lines = streamed(export).decode("utf-8-sig")
    for row in list(csv.reader(io.StringIO(lines)))[1:]:
        name = row[0].rsplit(" / ", 1)[-1]
        if row[1] and name.startswith("U"):
            revealed[frozenset(_subtree(int(name[1:]), parents))] = int(row[1])
        elif row[1] and row[0] in ("Whole wave", "Acme", "Acme / IT"):
            revealed[population] = int(row[1])

    results = reverse("surveys:results", kwargs=kwargs)
    for chosen in filters:
        query = "&".join(f"select={units[i].pk}" for i in sorted(chosen))
        page = client.get(f"{results}?{query}").content.decode()
        match = re.search(r"data-filtered>.*?data-respondents>(\d+)<", page, re.S)
        if match:
            group = frozenset().union(*(_subtree(i, parents) for i in chosen))
            revealed[group] = int(match.group(1))

    def size(group: frozenset[int]) -> int:
        return sum(counts[i] for i in group)

    for group, shown in revealed.items():
        assert shown == size(group) >= k
        for other in revealed:
            if other < group:
                assert size(group) - size(other) == 0 or size(group) - size(other) >= k
    wave.delete()
