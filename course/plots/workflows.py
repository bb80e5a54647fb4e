"""Figures for lesson 08: the path an execution took, and Standard-vs-Express cost.

>>> import pandas as pd
>>> h = pd.DataFrame({"id": [1, 2, 3], "type": ["ExecutionStarted", "PassStateEntered",
...                   "ExecutionSucceeded"], "state": ["", "Hello", ""], "detail": ["", "", ""]})
>>> history_timeline(h).axes[0].get_xlabel()
'history event number'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

#: Executions per month shown by the cost figure (log axis).
EXECUTIONS_RANGE = (1_000, 100_000_000)
#: Monthly cost range of the figure in USD (log axis); it covers every explorer setting.
COST_RANGE = (0.001, 10_000_000)

MESSAGES = {
    "en": {
        "x": "history event number",
        "title": "Execution path: {states} states entered, {events} history events",
        "execution": "(execution)",
        "entered": "state entered",
        "task": "task scheduled",
        "failed": "failed (error)",
        "item": "Map item starts",
        "cost_x": "executions per month (log scale)",
        "cost_y": "USD per month (log scale)",
        "cost_title": "Standard vs Express: monthly cost",
        "standard": "Standard (per state transition)",
        "express": "Express (per request + GB-second)",
        "you": "your workload",
    }
}

COLORS = {"entered": "#1f77b4", "task": "#ff9900", "failed": "#d62728", "item": "#bbbbbb",
          "standard": "#1f77b4", "express": "#2ca02c"}


def _png_bytes(fig: Figure) -> bytes:
    import io

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def display_figures_inline() -> bool:
    """Let IPython show a bare ``matplotlib.figure.Figure`` as a PNG (True when inside IPython).

    Course figures are built without pyplot, so Jupyter has no image formatter for them
    until pyplot is imported; this registers one.

    >>> display_figures_inline()    # outside IPython there is nothing to do
    False
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    if shell is None:
        return False
    from matplotlib.figure import Figure

    shell.display_formatter.formatters["image/png"].for_type(Figure, _png_bytes)
    return True


def history_timeline(history: pd.DataFrame) -> Figure:
    """Plot a history as a swim-lane chart: one row per state, events in the order they happened.

    The x axis is the event number, not the clock: offline runs take milliseconds, and the
    order is what a learner reads. Red crosses are failures; grey lines start Map items.

    >>> import pandas as pd
    >>> h = pd.DataFrame({"id": [1, 2], "type": ["TaskStateEntered", "TaskFailed"],
    ...                   "state": ["T", "T"], "detail": ["", "boom"]})
    >>> [t.get_text() for t in history_timeline(h).axes[0].get_yticklabels()]
    ['T']
    """
    from matplotlib.figure import Figure

    display_figures_inline()
    lanes: list[str] = []
    for state in history["state"]:
        if state and state not in lanes:
            lanes.append(state)
    row = {name: i for i, name in enumerate(lanes)}
    fig = Figure(figsize=(8, 0.45 * max(len(lanes), 2) + 1.3), dpi=80, layout="constrained")
    ax = fig.subplots()
    groups: dict[str, tuple[list[int], list[int]]] = {k: ([], []) for k in ("entered", "task", "failed")}
    rows = zip(history["id"], history["type"], history["state"], history["detail"], strict=True)
    for event_id, kind, state, detail in rows:
        if kind == "MapIterationStarted":
            ax.axvline(event_id, color=COLORS["item"], lw=0.8, zorder=0)
            ax.annotate(detail, (event_id, 0), xytext=(2, 0), textcoords="offset points",
                        xycoords=("data", "axes fraction"), fontsize=7, color="#777777",
                        va="bottom")
        if state not in row:
            continue
        if kind.endswith("Failed"):
            group = "failed"
        elif kind.endswith("StateEntered"):
            group = "entered"
        elif kind in ("TaskScheduled", "LambdaFunctionScheduled"):
            group = "task"
        else:
            continue
        groups[group][0].append(int(event_id))
        groups[group][1].append(row[state])
    styles = {"entered": ("o", 7), "task": ("s", 5), "failed": ("X", 9)}
    for group, (xs, ys) in groups.items():
        marker, size = styles[group]
        ax.plot(xs, ys, marker, ms=size, color=COLORS[group], label=text(MESSAGES, group), ls="none")
    ax.plot([], [], color=COLORS["item"], lw=0.8, label=text(MESSAGES, "item"))
    ax.set_yticks(range(len(lanes)), lanes)
    ax.set_ylim(len(lanes) - 0.5, -0.5)
    ax.set_xlabel(text(MESSAGES, "x"))
    entered = int(history["type"].str.endswith("StateEntered").sum())
    ax.set_title(text(MESSAGES, "title", states=entered, events=len(history)))
    ax.grid(axis="y", color="#eeeeee")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18 if len(lanes) > 3 else -0.3), ncol=4,
              frameon=False, fontsize=8)
    return fig


def cost_figure() -> tuple[Figure, dict[str, object]]:
    """An empty Standard-vs-Express cost figure for the explorer, and the artists it updates.

    >>> fig, parts = cost_figure()
    >>> sorted(parts)
    ['express', 'express_dot', 'marker', 'standard', 'standard_dot']
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import LogLocator, NullLocator

    fig = Figure(figsize=(7, 3.2), dpi=72)
    fig.subplots_adjust(left=0.11, right=0.98, bottom=0.16, top=0.9)
    ax = fig.subplots()
    parts: dict[str, object] = {}
    (parts["standard"],) = ax.plot([], [], color=COLORS["standard"], label=text(MESSAGES, "standard"))
    (parts["express"],) = ax.plot([], [], color=COLORS["express"], label=text(MESSAGES, "express"))
    (parts["standard_dot"],) = ax.plot([], [], "o", color=COLORS["standard"], ms=8)
    (parts["express_dot"],) = ax.plot([], [], "o", color=COLORS["express"], ms=8)
    parts["marker"] = ax.axvline(EXECUTIONS_RANGE[0], color="#d62728", lw=1, ls="--",
                                 label=text(MESSAGES, "you"))
    ax.set_xscale("log")
    ax.set_yscale("log")
    for axis in (ax.xaxis, ax.yaxis):  # minor log ticks cost most of a redraw
        axis.set_major_locator(LogLocator(numticks=7))
        axis.set_minor_locator(NullLocator())
    ax.set_xlim(*EXECUTIONS_RANGE)
    ax.set_ylim(*COST_RANGE)
    ax.set_xlabel(text(MESSAGES, "cost_x"))
    ax.set_ylabel(text(MESSAGES, "cost_y"))
    ax.set_title(text(MESSAGES, "cost_title"))
    ax.grid(which="major", color="#eeeeee")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return fig, parts
