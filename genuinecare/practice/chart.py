"""The summit chart as SVG drawn on the server: presentation attributes only, no inline CSS,
so it passes the strict Content-Security-Policy wherever it is shown."""

from dataclasses import dataclass

from django.template.loader import render_to_string

from genuinecare.practice.summit import Summit

WIDTH, BAR_LEFT, BAR_WIDTH, ROW = 720, 170, 300, 26
TREND_LEFT, TREND_WIDTH, TREND_HEIGHT = 520, 180, 160


@dataclass(frozen=True, slots=True)
class Bar:
    y: int
    label: str
    width: float
    text: str


def summit_svg(*, summit: Summit, title: str, trend_title: str) -> str:
    """The summit chart as SVG: share of leaders who met a customer, by function and over time."""
    bars = [
        Bar(
            40 + i * ROW,
            f.label,
            round(f.share / 100 * BAR_WIDTH, 1),
            f"{f.share:.0f} % ({f.met}/{f.leaders})",
        )
        for i, f in enumerate(summit.functions)
    ]
    height = max(40 + len(bars) * ROW + 20, TREND_HEIGHT + 80)
    step = TREND_WIDTH / max(1, len(summit.trend) - 1)
    points = [
        (
            round(TREND_LEFT + i * step, 1),
            round(40 + TREND_HEIGHT * (1 - share / 100), 1),
            label,
            share,
        )
        for i, (label, share) in enumerate(summit.trend)
    ]
    context = {
        "width": WIDTH,
        "height": height,
        "bars": bars,
        "bar_left": BAR_LEFT,
        "bar_width": BAR_WIDTH,
        "title": title,
        "trend_title": trend_title,
        "points": points,
        "polyline": " ".join(f"{x},{y}" for x, y, _l, _s in points),
        "trend_left": TREND_LEFT,
        "trend_right": TREND_LEFT + TREND_WIDTH,
        "trend_bottom": 40 + TREND_HEIGHT,
        "first": points[0] if points else None,
        "last": points[-1] if points else None,
        "last_y": str(points[-1][1] - 8) if points else "",
    }
    return render_to_string("practice/summit.svg", context)
