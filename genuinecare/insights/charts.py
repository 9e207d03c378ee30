"""The one chart helper: server-rendered SVG that works in pages, PDFs and without JavaScript.

Charts are drawn with matplotlib's object API (no global pyplot state, safe in
threads) and embedded as ``data:`` images, which the Content-Security-Policy
allows while it forbids inline styles. Every chart carries a text alternative;
pages show the numbers in a table next to it.
"""

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

GOOD, WATCH, ACT, NEUTRAL, HIDDEN = "#2e7d4f", "#b7791f", "#b23b3b", "#2f6f62", "#c9d1d3"
GOOD_FROM, WATCH_FROM = 75.0, 60.0
RELATIVE_WATCH = 5.0  # points below the organisation's mean that still count as "watch"
COLOURS = {"good": GOOD, "watch": WATCH, "act": ACT, "hidden": HIDDEN}


@dataclass(frozen=True)
class Chart:
    """An SVG chart and the text alternative that says what it shows."""

    svg: str
    alt: str

    @property
    def data_uri(self) -> str:
        """The chart as a ``data:`` image, which the Content-Security-Policy allows."""
        encoded = base64.b64encode(self.svg.encode("utf-8")).decode("ascii")
        return f"data:image/svg+xml;base64,{encoded}"


def band(percent_favourable: float | None, *, reference: float | None = None) -> str:
    """The band of a % favourable figure: "good", "watch", "act", or "hidden" for None.

    Fixed bands: ≥ 75 good, 60–74 watch, < 60 act. Against a ``reference`` (the
    organisation's mean): at or above it good, up to ``RELATIVE_WATCH`` points
    below watch, further below act. Pages colour cells with ``band-<band>``.
    """
    if percent_favourable is None:
        return "hidden"
    if reference is not None:
        below = reference - percent_favourable
        return "good" if below <= 0 else "watch" if below <= RELATIVE_WATCH else "act"
    if percent_favourable >= GOOD_FROM:
        return "good"
    return "watch" if percent_favourable >= WATCH_FROM else "act"


def band_colour(percent_favourable: float | None) -> str:
    """The colour of a figure's fixed band (see ``band``)."""
    return COLOURS[band(percent_favourable)]


def _figure(width: float, height: float) -> "Figure":
    import matplotlib as mpl
    from matplotlib.figure import Figure

    mpl.rcParams["svg.fonttype"] = "none"  # text stays text: searchable, selectable, in PDFs
    mpl.rcParams["svg.hashsalt"] = "genuine-care"  # the same chart gives the same SVG
    mpl.rcParams["font.family"] = "DejaVu Sans"
    return Figure(figsize=(width, height), dpi=100)


def _svg(figure: "Figure") -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    return buffer.getvalue()


def bar_chart(
    *,
    labels: Sequence[str],
    values: Sequence[float | None],
    alt: str,
    maximum: float = 100.0,
    coloured: bool = True,
) -> Chart:
    """Horizontal bars, one per label; missing values are left blank, not drawn as zero."""
    height = 0.45 * max(len(labels), 1) + 0.6
    figure = _figure(6.4, height)
    axes = figure.add_subplot()
    positions = list(range(len(labels)))
    shown = [0.0 if v is None else float(v) for v in values]
    colours = [band_colour(v) if coloured else NEUTRAL for v in values]
    axes.barh(positions, shown, color=colours, height=0.6)
    for position, value in zip(positions, values, strict=True):
        text = "–" if value is None else f"{value:.0f}"
        axes.text((value or 0) + maximum * 0.01, position, text, va="center", fontsize=9)
    axes.set_yticks(positions, labels=list(labels), fontsize=9)
    axes.invert_yaxis()
    axes.set_xlim(0, maximum * 1.08)
    axes.spines[["top", "right"]].set_visible(False)
    return Chart(svg=_svg(figure), alt=alt)


def paired_bar_chart(
    *,
    labels: Sequence[str],
    first: Sequence[float | None],
    second: Sequence[float | None],
    first_label: str,
    second_label: str,
    alt: str,
    maximum: float = 100.0,
) -> Chart:
    """Two horizontal bars per label (e.g. self and team), with a legend; blanks stay blank."""
    height = 0.7 * max(len(labels), 1) + 0.9
    figure = _figure(6.4, height)
    axes = figure.add_subplot()
    bar = 0.38
    series = ((first, first_label, NEUTRAL, -bar / 2), (second, second_label, WATCH, bar / 2))
    for values, name, colour, offset in series:
        positions = [n + offset for n in range(len(labels))]
        shown = [0.0 if v is None else float(v) for v in values]
        axes.barh(positions, shown, color=colour, height=bar, label=name)
        for position, value in zip(positions, values, strict=True):
            text = "–" if value is None else f"{value:.0f}"
            axes.text((value or 0) + maximum * 0.01, position, text, va="center", fontsize=8)
    axes.set_yticks(list(range(len(labels))), labels=list(labels), fontsize=9)
    axes.invert_yaxis()
    axes.set_xlim(0, maximum * 1.08)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=2)
    return Chart(svg=_svg(figure), alt=alt)


def line_chart(
    *,
    periods: Sequence[str],
    series: dict[str, Sequence[float | None]],
    alt: str,
    maximum: float = 100.0,
) -> Chart:
    """One line per series across periods (a trend); gaps where a value is missing."""
    figure = _figure(6.4, 3.2)
    axes = figure.add_subplot()
    for name, values in series.items():
        points = [float("nan") if v is None else float(v) for v in values]
        axes.plot(list(periods), points, marker="o", label=name)
    axes.set_ylim(0, maximum)
    axes.spines[["top", "right"]].set_visible(False)
    if len(series) > 1:
        axes.legend(fontsize=8, frameon=False)
    return Chart(svg=_svg(figure), alt=alt)
