"""Figures for lesson 01: measured throughput and the batch-window trade-off.

>>> import pandas as pd
>>> fig = throughput_bars(pd.DataFrame({"mode": ["serial"], "files_per_second": [100.0]}))
>>> fig.axes[0].get_ylabel()
'files per second'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.i18n import text

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

WINDOW_TICKS = (1, 5, 15, 60, 240, 1440)

MESSAGES = {
    "en": {
        "throughput_y": "files per second",
        "throughput_title": "Measured throughput of the same batch",
        "window_x": "batch window (minutes, log scale)",
        "latency_y": "mean wait for a result (minutes)",
        "cost_y": "compute hours per day",
        "cost_title": "What you pay (red dot: your window)",
        "latency_title": "How long results wait",
        "you": "your window",
        "falls_behind": "runs overlap (falls behind)",
    }
}


def throughput_bars(table: pd.DataFrame, label: str = "mode") -> Figure:
    """Bar chart of ``files_per_second`` for each row of ``table`` (one bar per ``label``).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"mode": ["a", "b"], "files_per_second": [1.0, 2.0]})
    >>> len(throughput_bars(t).axes[0].patches)
    2
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6, 3), dpi=90, layout="constrained")
    ax = fig.subplots()
    bars = ax.bar(table[label].astype(str), table["files_per_second"], color="#ff9900")
    ax.bar_label(bars, fmt="%.0f")
    ax.set_ylabel(text(MESSAGES, "throughput_y"))
    ax.set_title(text(MESSAGES, "throughput_title"))
    ax.margins(y=0.15)
    return fig


def window_figure() -> tuple[Figure, dict[str, object]]:
    """An empty two-panel figure for the batch-window explorer, and its artists to update.

    >>> fig, parts = window_figure()
    >>> sorted(parts)
    ['cost', 'cost_dot', 'latency', 'latency_dot', 'overlap']
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import FixedFormatter, FixedLocator, MaxNLocator, NullLocator

    fig = Figure(figsize=(8, 3), dpi=72)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.17, top=0.86, wspace=0.28)
    left, right = fig.subplots(1, 2, sharex=True)
    parts: dict[str, object] = {}
    (parts["cost"],) = left.plot([], [], color="#1f77b4")
    (parts["cost_dot"],) = left.plot([], [], "o", color="#d62728", label=text(MESSAGES, "you"))
    (parts["latency"],) = right.plot([], [], color="#2ca02c")
    (parts["latency_dot"],) = right.plot([], [], "o", color="#d62728")
    parts["overlap"] = left.axvspan(1, 1, color="#d62728", alpha=0.1,
                                    label=text(MESSAGES, "falls_behind"))
    for ax, ylabel in ((left, "cost_y"), (right, "latency_y")):
        ax.set_xscale("log")
        ax.set_xlim(1, 1440)
        ax.xaxis.set_major_locator(FixedLocator(WINDOW_TICKS))
        ax.xaxis.set_major_formatter(FixedFormatter([f"{t:g}" for t in WINDOW_TICKS]))
        ax.xaxis.set_minor_locator(NullLocator())
        ax.yaxis.set_major_locator(MaxNLocator(5))
        ax.set_xlabel(text(MESSAGES, "window_x"))
        ax.set_ylabel(text(MESSAGES, ylabel))
        ax.grid(True, alpha=0.3)
    left.set_title(text(MESSAGES, "cost_title"), fontsize=10)
    right.set_title(text(MESSAGES, "latency_title"), fontsize=10)
    return fig, parts
