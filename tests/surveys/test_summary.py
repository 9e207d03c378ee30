import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from genuinecare.people.models import Unit
from genuinecare.surveys.exports import aggregated_rows, raw_rows
from genuinecare.surveys.guard import Guard, guard_for
from genuinecare.surveys.heatmap import heat_map
from genuinecare.surveys.matrix import WaveData
from genuinecare.surveys.models import Wave
from genuinecare.surveys.summary import selection_summary, unit_summary, wave_summary
from tests.conftest import Cast
from tests.factories import UnitFactory, answer, make_wave

Results = tuple[Wave, WaveData, Guard]


@pytest.fixture
def results(cast: Cast) -> Results:
    """k=3. IT: 4 answers, DACH: 2 (hidden, so Sales is too), the root itself: 1."""
    wave = make_wave(cast.admin)
    for _ in range(4):
        answer(wave, unit=cast.it, value=5, comments={"heard": "Good"})
    for _ in range(2):
        answer(wave, unit=cast.sales_dach, value=1)
    answer(wave, unit=cast.root, value=3)
    guard = guard_for(wave)
    return wave, guard.data, guard


def test_wave_summary_scores_every_dimension(cast: Cast, results: Results) -> None:
    wave, _data, guard = results
    summary = wave_summary(wave, guard, language="de")
    assert summary is not None
    assert summary.respondents == 7
    heard = summary.dimensions[0]
    assert heard.title == "Gehört"
    assert heard.figures.mean == pytest.approx(25 / 7)
    assert heard.figures.favourable == pytest.approx(400 / 7)
    assert heard.figures.neutral == pytest.approx(100 / 7)
    assert heard.figures.unfavourable == pytest.approx(200 / 7)
    assert summary.recommend is not None and summary.recommend.score == 100.0
    assert summary.comments_allowed is True  # 7 >= comment threshold 4
    assert heard.comments == ["Good"] * 4


def test_small_group_and_its_sibling_are_hidden(cast: Cast, results: Results) -> None:
    wave, data, guard = results
    heat = heat_map(data, guard, language="en", parent_id=cast.root.pk)
    rows = {r.name: r for r in heat.rows}
    assert rows["IT"].respondents == 4
    assert rows["IT"].cells[0].favourable == 100.0 and rows["IT"].cells[0].band == "good"
    assert "Sales" not in rows and heat.hidden == 1  # hidden groups are counted, not named
    assert unit_summary(wave, guard, unit_id=cast.sales_dach.pk, language="en") is None
    root = heat_map(data, guard, language="en").rows
    assert [(r.name, r.respondents) for r in root] == [("Acme", 7)]


def test_a_sibling_is_hidden_when_subtraction_would_reveal_a_small_group(cast: Cast) -> None:
    wave = make_wave(cast.admin)
    for unit, count in ((cast.it, 4), (cast.sales_dach, 2)):
        for _ in range(count):
            answer(wave, unit=unit, value=4)
    guard = guard_for(wave)
    data = guard.data
    heat = heat_map(data, guard, language="en", parent_id=cast.root.pk)
    assert (heat.rows, heat.hidden) == ([], 2)


def test_filters_that_isolate_a_small_group_are_refused(cast: Cast, results: Results) -> None:
    wave, _data, _guard = results

    def selected(*units: Unit) -> int | None:
        guard = guard_for(wave, selection={u.pk for u in units})
        found = selection_summary(wave, guard, language="en")
        return None if found is None else found.respondents

    assert selected(cast.sales) is None
    assert selected(cast.it, cast.sales_dach) is None  # leaves out the one answer at the root
    assert selected(cast.root) == 7


def test_exports_show_only_what_the_page_shows(cast: Cast, results: Results) -> None:
    wave, data, guard = results
    rows = list(aggregated_rows(data, guard, language="en", visible=None))
    by_unit = {row[0]: row for row in rows[1:]}
    assert by_unit["Whole wave"][1] == 7
    assert by_unit["Acme / IT"][1:4] == [4, 100.0, 100.0]
    assert "Acme / Sales / DACH" not in by_unit and "Acme / Sales" not in by_unit
    raw = list(raw_rows(wave, data, guard))
    assert sorted(str(r[1]) for r in raw[1:]) == ["Acme"] * 3 + ["Acme / IT"] * 4


Shape = tuple[list[int | None], list[int], int]


@st.composite
def org_shapes(draw: st.DrawFn) -> Shape:
    n = draw(st.integers(min_value=1, max_value=7))
    parents = [None] + [draw(st.integers(min_value=0, max_value=i - 1)) for i in range(1, n)]
    counts = [draw(st.integers(min_value=0, max_value=7)) for _ in range(n)]
    k = draw(st.integers(min_value=3, max_value=5))
    return parents, counts, k


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(shape=org_shapes())
def test_no_group_below_k_can_be_recovered_from_any_path(cast: Cast, shape: Shape) -> None:
    parents, counts, k = shape
    units: list[Unit] = []
    for parent in parents:
        units.append(
            UnitFactory(
                organisation=cast.organisation, parent=cast.it if parent is None else units[parent]
            )
        )
    wave = make_wave(cast.admin, threshold=k, comment_threshold=k)
    for unit, count in zip(units, counts, strict=True):
        for _ in range(count):
            answer(wave, unit=unit, value=4)
    guard = guard_for(wave)
    data = guard.data
    shown_sizes: dict[int, int] = {}
    for row in heat_map(data, guard, language="en", all_units=True).rows:
        if row.shown:
            assert row.respondents is not None
            shown_sizes[row.unit_id] = row.respondents
    exported = {row[0]: row[1] for row in aggregated_rows(data, guard, language="en", visible=None)}
    assert all(size >= k for size in shown_sizes.values())
    assert sorted(v for v in exported.values() if isinstance(v, int)) == sorted(
        [*shown_sizes.values(), *([data.respondents] if data.respondents >= k else [])]
    )
    # Every region (a shown group minus the shown groups directly below it) is 0 or >= k.
    sub = data.subtree_counts
    groups: list[int | None] = [*shown_sizes.keys()]
    if data.respondents >= k:  # the population is a shown group once it reaches k
        groups.append(None)
    for unit_id in groups:
        total = data.respondents if unit_id is None else sub[data.position(unit_id)]
        below = _maximal_shown_below(data, unit_id, set(shown_sizes))
        remainder = total - sum(sub[data.position(u)] for u in below)
        assert remainder == 0 or remainder >= k
    raw_groups = [r[1] for r in raw_rows(wave, data, guard)][1:]
    for label in set(raw_groups):
        assert raw_groups.count(label) >= k
    wave.delete()


def _maximal_shown_below(data: WaveData, unit_id: int | None, shown: set[int]) -> list[int]:
    tree = data.tree
    start = (
        [i for i, p in enumerate(tree.parents) if p < 0]
        if unit_id is None
        else list(tree.children[data.position(unit_id)])
    )
    found: list[int] = []
    stack = start
    while stack:
        node = stack.pop()
        if tree.unit_ids[node] in shown:
            found.append(tree.unit_ids[node])
        else:
            stack.extend(tree.children[node])
    return found


def test_heat_map_is_vectorised_over_units(cast: Cast, results: Results) -> None:
    _, data, guard = results
    item_map = heat_map(data, guard, language="en", by="item", all_units=True)
    assert len(item_map.columns) == len(data.layout.agree_items)
    it = next(r for r in item_map.rows if r.name == "IT")
    # A 5 on a reverse-keyed item is flipped to 1 before scoring.
    expected = [0.0 if item.reverse else 100.0 for item in data.layout.agree_items]
    assert np.allclose(np.array([c.score for c in it.cells], dtype=np.float64), expected)
    assert sum(expected) < 100.0 * len(expected)
