"""Figures for lesson 09: bytes scanned and Athena cost per storage layout.

One figure serves both the lesson's static chart and the explorer: :func:`layout_figure`
builds it once, :func:`update_layout_figure` only changes bar heights and labels.

>>> fig, parts = layout_figure()
>>> update_layout_figure(parts, [4e6, 1e6, 2e5, 5e4], [2e-5, 5e-6, 1e-6, 2.5e-7], 4.8e-5)
>>> [round(b.get_height(), 3) for b in parts["bytes_bars"]]
[3.815, 0.954, 0.191, 0.048]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from course.analytics import LAYOUTS, layout_label
from course.errors import CourseInputError, check_number
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

MESSAGES = {
    "en": {
        "bytes_y": "MB scanned (log scale)",
        "bytes_title": "Bytes Athena must read",
        "cost_y": "USD per query (log scale)",
        "cost_title": "Athena price per query (table x{scale:,g})",
        "minimum": "minimum charge per query",
        "lengths": "bytes_scanned and costs need one number per layout ({count}), got {got!r} "
                   "and {got_cost!r}.",
        "columns": "table needs columns {needed} and one row per layout {layouts}, got {got}.",
        "parts": "parts must be the dictionary returned by layout_figure(), got {kind}.",
        "limits": "{name} must be (low, high) with 0 < low < high, got {value!r}.",
    }
}

COLOURS = {"csv": "#9e9e9e", "csv_by_day": "#6d8fb3", "parquet": "#f2b447", "parquet_by_day": "#ff9900"}
_TINY_MB = 1e-3


def _short(layout: str) -> str:
    return layout_label(layout).replace(", ", "\n")


def layout_figure(dpi: int = 72, animated: bool = False,
                  labels: bool = True) -> tuple[Figure, dict[str, object]]:
    """An empty two-panel bar chart (MB scanned, $ per query) with one bar per layout.

    With ``animated=True`` the bars, labels and minimum line are left out of a normal draw,
    so a caller can cache the axes as a background and blit only those (see the explorer).
    ``labels=False`` leaves out the value printed above each bar (text is slow to draw).

    >>> fig, parts = layout_figure()
    >>> sorted(parts)
    ['bytes_bars', 'bytes_labels', 'cost_bars', 'cost_labels', 'cost_title', 'min_line']
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.4), dpi=dpi)
    fig.subplots_adjust(left=0.08, right=0.99, bottom=0.2, top=0.88, wspace=0.3)
    left, right = fig.subplots(1, 2)
    names = [_short(layout) for layout in LAYOUTS]
    colours = [COLOURS[layout] for layout in LAYOUTS]
    parts: dict[str, object] = {}
    parts["bytes_bars"] = left.bar(names, [1.0] * len(LAYOUTS), color=colours, edgecolor="black",
                                   linewidth=0)
    parts["cost_bars"] = right.bar(names, [1.0] * len(LAYOUTS), color=colours, edgecolor="black",
                                   linewidth=0)
    count = len(LAYOUTS) if labels else 0
    parts["bytes_labels"] = [left.text(i, 1.0, "", ha="center", va="bottom", fontsize=9)
                             for i in range(count)]
    parts["cost_labels"] = [right.text(i, 1.0, "", ha="center", va="bottom", fontsize=9)
                            for i in range(count)]
    parts["min_line"] = right.axhline(1.0, color="#d62728", linestyle="--", linewidth=1,
                                      label=text(MESSAGES, "minimum"))
    for ax, ylabel in ((left, "bytes_y"), (right, "cost_y")):
        ax.set_yscale("log")
        ax.set_ylabel(text(MESSAGES, ylabel))
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(True, axis="y", alpha=0.3)
    left.set_title(text(MESSAGES, "bytes_title"), fontsize=10)
    parts["cost_title"] = right.set_title(text(MESSAGES, "cost_title", scale=1), fontsize=10)
    right.legend(loc="upper right", fontsize=8, frameon=False)
    for artist in moving_artists(parts):
        artist.set_animated(animated)
    return fig, parts


def moving_artists(parts: dict[str, object]) -> list:
    """Return the artists that change on every update (bars, their labels, the minimum line).

    >>> fig, parts = layout_figure()
    >>> len(moving_artists(parts))
    17
    """
    _check_parts(parts)
    return [*parts["bytes_bars"], *parts["cost_bars"], *parts["bytes_labels"],
            *parts["cost_labels"], parts["min_line"]]


def _check_parts(parts: object) -> None:
    keys = {"bytes_bars", "bytes_labels", "cost_bars", "cost_labels", "cost_title", "min_line"}
    if not isinstance(parts, dict) or not keys <= set(parts):
        raise CourseInputError(text(MESSAGES, "parts", kind=type(parts).__name__))


def _check_limits(name: str, value: object) -> tuple[float, float]:
    try:
        low, high = (float(v) for v in value)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise CourseInputError(text(MESSAGES, "limits", name=name, value=value)) from None
    if not (0 < low < high < float("inf")):
        raise CourseInputError(text(MESSAGES, "limits", name=name, value=value))
    return low, high


def set_limits(parts: dict[str, object], megabytes: tuple[float, float],
               dollars: tuple[float, float]) -> None:
    """Fix both panels' y ranges (MB scanned and USD per query) instead of autoscaling.

    >>> fig, parts = layout_figure()
    >>> set_limits(parts, (0.001, 100), (1e-5, 10))
    >>> [float(y) for y in parts["cost_bars"][0].axes.get_ylim()]
    [1e-05, 10.0]
    """
    _check_parts(parts)
    parts["bytes_bars"][0].axes.set_ylim(*_check_limits("megabytes", megabytes))
    parts["cost_bars"][0].axes.set_ylim(*_check_limits("dollars", dollars))


def update_layout_figure(parts: dict[str, object], bytes_scanned: Sequence[float],
                         costs: Sequence[float], minimum_cost: float,
                         highlight: str | None = None, scale: float = 1.0,
                         autoscale: bool = True) -> None:
    """Set the bars to ``bytes_scanned`` (bytes) and ``costs`` (USD), one value per layout.

    ``highlight`` outlines one layout's bars; ``minimum_cost`` places the dashed line;
    ``scale`` (how much bigger the priced table is than the sample) goes in the title.
    With ``autoscale=False`` the y ranges stay as :func:`set_limits` left them.

    >>> fig, parts = layout_figure()
    >>> update_layout_figure(parts, [1] * 4, [1.0] * 4, 0.5, highlight="csv")
    >>> parts["bytes_bars"][0].get_linewidth()
    2.0
    """
    _check_parts(parts)
    check_number("minimum_cost", minimum_cost, low=1e-12)
    check_number("scale", scale, low=1e-9)
    if any(isinstance(v, str) or not hasattr(v, "__len__") or len(v) != len(LAYOUTS)
           for v in (bytes_scanned, costs)):
        raise CourseInputError(text(MESSAGES, "lengths", count=len(LAYOUTS), got=bytes_scanned,
                                    got_cost=costs))
    megabytes = [max(check_number("bytes_scanned", b, low=0) / 2**20, _TINY_MB) for b in bytes_scanned]
    dollars = [max(check_number("costs", c, low=0), 1e-12) for c in costs]
    for key, values, fmt in (("bytes", megabytes, _megabytes), ("cost", dollars, dollars_text)):
        bars, labels = parts[f"{key}_bars"], parts[f"{key}_labels"]
        for bar, value, layout in zip(bars, values, LAYOUTS, strict=True):
            bar.set_height(value)
            bar.set_linewidth(2.0 if layout == highlight else 0.0)
        for label, value in zip(labels, values, strict=False):
            label.set_y(value)
            label.set_text(fmt(value))
        if autoscale:
            top = max(values + ([minimum_cost] if key == "cost" else []))
            bottom = min(values + ([minimum_cost] if key == "cost" else []))
            bars[0].axes.set_ylim(bottom / 4, top * 6)
    parts["min_line"].set_ydata([minimum_cost, minimum_cost])
    parts["cost_title"].set_text(text(MESSAGES, "cost_title", scale=float(scale)))


def _megabytes(value: float) -> str:
    return f"{value:.2f} MB" if value >= 0.01 else f"{value:.1g} MB"


def dollars_text(value: float) -> str:
    """Format a price in USD with two significant digits, without scientific notation.

    >>> dollars_text(4.76837158203125e-05), dollars_text(0.011921), dollars_text(1234.5)
    ('$0.000048', '$0.012', '$1,234.50')
    """
    import numpy as np

    value = check_number("value", value, low=0)
    if value >= 1:
        return f"${value:,.2f}"
    return "$" + np.format_float_positional(value, precision=2, fractional=False, trim="-")


def layout_comparison(table: pd.DataFrame, scale: float = 1.0) -> Figure:
    """Chart the output of :func:`course.analytics.compare_layouts` (bytes and $ per layout).

    Pass the same ``scale`` that priced the table, for the title.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"layout": list(LAYOUTS), "bytes_scanned": [8e6, 2e6, 4e5, 1e5],
    ...                   "cost_usd": [4.8e-5] * 4})
    >>> len(layout_comparison(t).axes)
    2
    """
    from course.pricing.services import athena_query_cost

    needed = ["layout", "bytes_scanned", "cost_usd"]
    if not hasattr(table, "columns") or not set(needed) <= set(table.columns) \
            or list(table["layout"]) != list(LAYOUTS):
        raise CourseInputError(text(MESSAGES, "columns", needed=needed, layouts=list(LAYOUTS),
                                    got=list(getattr(table, "columns", []))))
    fig, parts = layout_figure(dpi=90)
    update_layout_figure(parts, list(table["bytes_scanned"]), list(table["cost_usd"]),
                         athena_query_cost(0), scale=scale)
    return fig
