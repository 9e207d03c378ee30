"""The summit's charts, drawn by the one chart helper (``insights.charts``).

The share of leaders with a customer contact per function, and the trend by
quarter. Pages embed them as ``data:`` images next to the same numbers in tables.
"""

from django.utils.translation import gettext as _

from genuinecare.insights.charts import Chart, bar_chart, line_chart
from genuinecare.practice.summit import Summit


def summit_charts(summit: Summit) -> tuple[Chart, Chart]:
    """Bars per function with leaders (0 to 100 %), and the quarterly trend as one line."""
    functions = [f for f in summit.functions if f.leaders]
    bars = bar_chart(
        labels=[f.label for f in functions],
        values=[f.share for f in functions],
        alt=_("Share of leaders with a customer contact in the last 12 months, by function"),
        coloured=False,
    )
    trend = line_chart(
        periods=[label for label, _share in summit.trend],
        series={_("Leaders with a customer contact"): [share for _l, share in summit.trend]},
        alt=_("Share of leaders with a customer contact, by quarter"),
    )
    return bars, trend
