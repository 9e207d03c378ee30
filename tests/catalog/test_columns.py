"""Scored columns: which answers are scored, and how, for a part and a wave alike."""

import numpy as np

from genuinecare.catalog.columns import ScoredColumns
from genuinecare.catalog.enums import Scale
from genuinecare.catalog.questionnaire import build_part
from genuinecare.catalog.schema import Catalog, Dimension, Item
from genuinecare.lib.i18n import Text

T = Text("x", "x")


def dimension(dimension_id: str, *, scored: bool = True) -> Dimension:
    return Dimension(dimension_id, T, T, scored, ())


def item(
    item_id: str, dimension_id: str, scale: Scale = Scale.AGREE5, reverse: bool = False
) -> Item:
    return Item(item_id, dimension_id, scale, reverse, "self", T)


CATALOG = Catalog(
    "test",
    1,
    "care",
    T,
    T,
    (dimension("heard"), dimension("notes", scored=False), dimension("valued")),
    (
        item("h1", "heard"),
        item("v1", "valued", reverse=True),
        item("n1", "notes"),  # an agreement item of an unscored dimension
        item("open", "notes", scale=Scale.OPEN),  # no column at all
        item("h2", "heard", reverse=True),
        item("ltr", "valued", scale=Scale.LTR11),
    ),
)


def test_a_part_carries_its_index_arrays() -> None:
    scored = build_part(CATALOG, key="1", form="self").scored
    assert [i.id for i in scored.items] == ["h1", "v1", "n1", "h2", "ltr"]
    assert [d.id for d in scored.dimensions] == ["heard", "valued"]
    assert scored.agree.tolist() == [0, 1, 3]
    assert [i.id for i in scored.agree_items] == ["h1", "v1", "h2"]
    assert scored.reverse.tolist() == [False, True, True]
    assert scored.item_dimension.tolist() == [0, 1, 0]
    assert scored.recommend.tolist() == [4]


def test_scores_of_stored_answers_go_through_the_one_entry() -> None:
    scored = ScoredColumns(CATALOG.items, CATALOG.scored_dimensions())
    # columns: h1, v1, n1, open, h2, ltr (every item here, to show only scored ones count)
    answers = np.array([[4.0, 2.0, 1.0, np.nan, 1.0, 9.0], [2.0, np.nan, 5.0, np.nan, 3.0, 0.0]])
    scores = scored.scores(answers)
    # keyed: h1 as is, v1 6-2=4, h2 6-1=5 / 6-3=3; heard = (4+5)/2, (2+3)/2; valued = 4, none
    np.testing.assert_array_equal(scores.keyed, [[4, 4, 5], [2, np.nan, 3]])
    np.testing.assert_array_equal(scores.dimension_means, [[4.5, 4], [2.5, np.nan]])
