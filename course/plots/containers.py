"""Figures for lesson 06: valid Fargate sizes, monthly costs, and the Fargate/EC2 break-even.

>>> fig, parts = break_even_figure()
>>> sorted(parts)[:3]
['break_even', 'break_even_label', 'break_even_line']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.errors import CourseInputError
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

COLOURS = {"fargate": "#ff9900", "fargate_spot": "#2ca02c", "ec2": "#1f77b4", "mark": "#d62728"}

MESSAGES = {
    "en": {
        "sizes_title": "Valid Fargate task sizes (each dot is one size)",
        "sizes_x": "task memory (GB, log scale)",
        "sizes_y": "task vCPU",
        "util_x": "utilisation: share of the month the tasks run (%)",
        "cost_y": "% of the instance's monthly cost",
        "cost_title": "Cost over utilisation",
        "fargate": "Fargate",
        "fargate_spot": "Fargate Spot",
        "ec2": "EC2, always on",
        "break_even": "break-even",
        "you": "your utilisation",
        "memory_x": "task memory (GB, log scale), sizes allowed for this vCPU",
        "memory_y": "break-even utilisation (%)",
        "memory_title": "Break-even for each memory size",
        "never": "shaded: Fargate always cheaper\n(values over 200% are drawn at 200%)",
        "bars_y": "USD per month",
        "bars_title": "Monthly cost of each workload",
        "bad_table": ("table must be a pandas DataFrame of numbers with at least one row and column, "
                      "got {kind}."),
    }
}


def fargate_sizes_figure() -> Figure:
    """Dot chart of every valid Fargate vCPU/memory pair (from ``course.containers``).

    >>> len(fargate_sizes_figure().axes[0].collections)
    7
    """
    from matplotlib.figure import Figure

    from course.containers import fargate_cpu_options, fargate_memory_options

    fig = Figure(figsize=(7, 3), dpi=80, layout="constrained")
    ax = fig.subplots()
    cpus = fargate_cpu_options()
    for row, vcpu in enumerate(cpus):
        memories = fargate_memory_options(vcpu)
        ax.scatter(memories, [row] * len(memories), s=18, color=COLOURS["fargate"], zorder=3)
        ax.text(memories[-1] * 1.08, row, f"{memories[0]:g}–{memories[-1]:g} GB", va="center",
                fontsize=8)
    ax.set_xscale("log")
    ax.set_xlim(0.4, 400)
    ax.set_xticks([0.5, 1, 2, 4, 8, 16, 30, 60, 120])
    ax.set_xticklabels(["0.5", "1", "2", "4", "8", "16", "30", "60", "120"])
    ax.set_yticks(range(len(cpus)))
    ax.set_yticklabels([f"{c:g}" for c in cpus])
    ax.set_xlabel(text(MESSAGES, "sizes_x"))
    ax.set_ylabel(text(MESSAGES, "sizes_y"))
    ax.set_title(text(MESSAGES, "sizes_title"), fontsize=10)
    ax.grid(True, axis="x", alpha=0.3)
    return fig


def _dollars(value: float) -> str:
    """Format a bar label: cents below $10, whole dollars above.

    >>> _dollars(0.494), _dollars(432.48)
    ('$0.49', '$432')
    """
    return f"${value:,.2f}" if value < 10 else f"${value:,.0f}"


def monthly_cost_bars(table: pd.DataFrame) -> Figure:
    """Grouped bars: one group per row of ``table`` (index = workload), one bar per column.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"fargate": [1.0, 2.0], "ec2": [3.0, 1.0]}, index=["A", "B"])
    >>> len(monthly_cost_bars(t).axes[0].patches)
    4
    """
    import numpy as np
    import pandas as pd
    from matplotlib.figure import Figure

    if (not isinstance(table, pd.DataFrame) or table.empty
            or not all(pd.api.types.is_numeric_dtype(t) for t in table.dtypes)):
        raise CourseInputError(text(MESSAGES, "bad_table", kind=type(table).__name__))
    fig = Figure(figsize=(7, 3), dpi=80, layout="constrained")
    ax = fig.subplots()
    columns = list(table.columns)
    width = 0.8 / max(len(columns), 1)
    x = np.arange(len(table.index))
    for i, column in enumerate(columns):
        bars = ax.bar(x + (i - (len(columns) - 1) / 2) * width, table[column], width,
                      label=text(MESSAGES, column) if column in MESSAGES["en"] else column,
                      color=COLOURS.get(column))
        ax.bar_label(bars, fmt=_dollars, fontsize=8)
    ax.set_xticks(x)
    ax.set_xticklabels([str(i) for i in table.index])
    ax.set_ylabel(text(MESSAGES, "bars_y"))
    ax.set_title(text(MESSAGES, "bars_title"), fontsize=10)
    ax.margins(y=0.15)
    ax.legend(fontsize=8)
    return fig


def break_even_figure() -> tuple[Figure, dict[str, object]]:
    """An empty two-panel figure for the Fargate/EC2 explorer, and the artists to update.

    Left: monthly cost over utilisation as a percentage of the always-on instance's cost
    (EC2 flat at 100%, Fargate and Fargate Spot rising), the break-even point and your
    utilisation. Right: break-even utilisation for each memory size of the chosen vCPU.
    Both panels have fixed y-axes, and every data artist is *animated*: a widget draws the
    axes once, caches them, and blits only the data on each change.
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9, 3.4), dpi=72)
    fig.subplots_adjust(left=0.07, right=0.98, bottom=0.15, top=0.9, wspace=0.22)
    left, right = fig.subplots(1, 2)
    parts: dict[str, object] = {}
    (parts["ec2"],) = left.plot([0, 100], [100, 100], color=COLOURS["ec2"], lw=2,
                                label=text(MESSAGES, "ec2"))
    (parts["fargate"],) = left.plot([], [], color=COLOURS["fargate"], lw=2,
                                    label=text(MESSAGES, "fargate"))
    (parts["fargate_spot"],) = left.plot([], [], color=COLOURS["fargate_spot"], lw=1.5, ls="--",
                                         label=text(MESSAGES, "fargate_spot"))
    (parts["break_even"],) = left.plot([], [], "D", color=COLOURS["mark"], ms=7,
                                       label=text(MESSAGES, "break_even"))
    (parts["break_even_line"],) = left.plot([], [], color=COLOURS["mark"], lw=1, ls=":")
    parts["break_even_label"] = left.text(0, 0, "", color=COLOURS["mark"], fontsize=9,
                                          ha="left", va="bottom")
    parts["ec2_label"] = left.text(99, 103, "", color=COLOURS["ec2"], fontsize=8, ha="right",
                                   va="bottom")
    (parts["you"],) = left.plot([], [], "o", color="black", ms=6, label=text(MESSAGES, "you"))
    left.set_xlim(0, 100)
    left.set_ylim(0, 300)
    left.set_xlabel(text(MESSAGES, "util_x"))
    left.set_ylabel(text(MESSAGES, "cost_y"))
    left.set_title(text(MESSAGES, "cost_title"), fontsize=10)
    left.legend(fontsize=8, loc="upper left")
    (parts["by_memory"],) = right.plot([], [], "o-", color=COLOURS["ec2"], ms=4, lw=1)
    (parts["by_memory_you"],) = right.plot([], [], "o", color=COLOURS["mark"], ms=8)
    right.axhspan(100, 200, color=COLOURS["fargate"], alpha=0.08)
    right.text(0.02, 0.97, text(MESSAGES, "never"), transform=right.transAxes, fontsize=8,
               va="top", color="grey")
    right.set_ylim(0, 200)
    right.set_xscale("log")
    right.set_xlim(0.4, 150)
    right.set_xticks([0.5, 1, 2, 4, 8, 16, 30, 60, 120])
    right.set_xticklabels(["0.5", "1", "2", "4", "8", "16", "30", "60", "120"])
    right.minorticks_off()
    right.set_xlabel(text(MESSAGES, "memory_x"))
    right.set_ylabel(text(MESSAGES, "memory_y"))
    right.set_title(text(MESSAGES, "memory_title"), fontsize=10)
    for ax in (left, right):
        ax.grid(True, alpha=0.3)
    for name, artist in parts.items():
        if name != "ec2":
            artist.set_animated(True)
    return fig, parts
