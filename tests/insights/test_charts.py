import base64

from genuinecare.insights.charts import (
    ACT,
    GOOD,
    NEUTRAL,
    WATCH,
    band,
    band_colour,
    bar_chart,
    paired_bar_chart,
)


def test_bands_follow_the_fixed_thresholds() -> None:
    assert [band_colour(v) for v in (100, 75, 74.9, 60, 59.9, 0)] == [
        GOOD,
        GOOD,
        WATCH,
        WATCH,
        ACT,
        ACT,
    ]


def test_one_band_rule_fixed_or_against_the_mean() -> None:
    assert [band(v) for v in (100, 75, 74.9, 60, 59.9, 0, None)] == [
        "good",
        "good",
        "watch",
        "watch",
        "act",
        "act",
        "hidden",
    ]
    # Against a mean of 70: at or above good, up to 5 points below watch, further act.
    assert [band(v, reference=70.0) for v in (90, 70, 69.9, 65, 64.9, None)] == [
        "good",
        "good",
        "watch",
        "watch",
        "act",
        "hidden",
    ]


def test_bar_chart_keeps_labels_as_text_and_embeds_as_data_uri() -> None:
    chart = bar_chart(labels=["Gehört", "Valued"], values=[80.0, None], alt="Scores")
    assert "Gehört" in chart.svg and "Valued" in chart.svg
    assert "<script" not in chart.svg
    encoded = chart.data_uri.removeprefix("data:image/svg+xml;base64,")
    assert base64.b64decode(encoded).decode() == chart.svg


def test_same_data_gives_the_same_svg() -> None:
    first = bar_chart(labels=["a", "b", "c"], values=[10, 50, 90], alt="x")
    second = bar_chart(labels=["a", "b", "c"], values=[10, 50, 90], alt="x")
    assert first.svg == second.svg


def test_paired_bar_chart_draws_both_series_with_a_legend() -> None:
    chart = paired_bar_chart(
        labels=["Gehört", "Valued"],
        first=[100.0, None],
        second=[50.0, 62.5],
        first_label="Self",
        second_label="Team",
        alt="Self and team",
    )
    for text in ("Gehört", "Valued", ">Self<", ">Team<", ">100<", ">50<", ">62<", ">–<"):
        assert text in chart.svg, text
    assert chart.alt == "Self and team" and "<script" not in chart.svg
    # two bars and one legend key per series, each in its own colour
    assert (chart.svg.count(f"fill: {NEUTRAL}"), chart.svg.count(f"fill: {WATCH}")) == (3, 3)
