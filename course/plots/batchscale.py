"""Figures for lesson 04: makespan and cost against maxvCpus, and fair share over time.

>>> import pandas as pd
>>> t = pd.DataFrame({"label": ["a", "a"], "max_vcpus": [16, 32],
...                   "makespan_min": [60.0, 30.0], "cost_usd": [1.0, 1.1]})
>>> fig, parts = scale_figure(t)
>>> sorted(parts)
['cost_dot', 'deadline', 'makespan_dot']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

#: Deadlines (minutes) an explorer may draw; the makespan axis always shows this range.
DEADLINE_RANGE = (10.0, 240.0)
COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b")

MESSAGES = {
    "en": {
        "x": "maxvCpus of the compute environment",
        "makespan_y": "makespan (minutes)",
        "cost_y": "cost of the run (USD)",
        "makespan_title": "When the last frame is done",
        "cost_title": "What the run costs",
        "deadline": "deadline",
        "you": "your setting",
        "share_x": "simulated time (minutes)",
        "share_y": "jobs running",
        "share_title": "Running jobs per share identifier",
    }
}


def scale_figure(table: pd.DataFrame) -> tuple[Figure, dict[str, object]]:
    """Two panels (makespan, cost) against maxvCpus, one line per ``label`` of ``table``.

    Returns the figure and the artists an explorer moves: ``makespan_dot``, ``cost_dot``
    (your setting) and ``deadline`` (a horizontal line on the makespan panel).

    >>> import pandas as pd
    >>> t = pd.DataFrame({"label": ["a", "b"], "max_vcpus": [16, 16],
    ...                   "makespan_min": [60.0, 60.0], "cost_usd": [1.0, 0.5]})
    >>> len(scale_figure(t)[0].axes[1].get_lines())
    3
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.4, 3.3), dpi=72)
    fig.subplots_adjust(left=0.08, right=0.98, bottom=0.15, top=0.78, wspace=0.25)
    left, right = fig.subplots(1, 2, sharex=True)
    for i, (name, rows) in enumerate(table.groupby("label", sort=False)):
        colour = COLOURS[i % len(COLOURS)]
        left.plot(rows["max_vcpus"], rows["makespan_min"], "-o", ms=3, color=colour, label=name)
        right.plot(rows["max_vcpus"], rows["cost_usd"], "-o", ms=3, color=colour)
    parts: dict[str, object] = {}
    parts["deadline"] = left.axhline(60, color="#d62728", ls="--", lw=1,
                                     label=text(MESSAGES, "deadline"))
    (parts["makespan_dot"],) = left.plot([], [], "o", ms=10, mfc="none", mec="#d62728", mew=2,
                                         label=text(MESSAGES, "you"))
    (parts["cost_dot"],) = right.plot([], [], "o", ms=10, mfc="none", mec="#d62728", mew=2)
    left.set_yscale("log")
    low = min(float(table["makespan_min"].min()), DEADLINE_RANGE[0])
    high = max(float(table["makespan_min"].max()), DEADLINE_RANGE[1])
    left.set_ylim(low * 0.8, high * 1.25)
    for ax, ylabel, title in ((left, "makespan_y", "makespan_title"),
                              (right, "cost_y", "cost_title")):
        ax.set_xlabel(text(MESSAGES, "x"))
        ax.set_ylabel(text(MESSAGES, ylabel))
        ax.set_title(text(MESSAGES, title), fontsize=10)
        ax.grid(True, alpha=0.3)
    right.set_ylim(bottom=0)
    fig.legend(*left.get_legend_handles_labels(), loc="upper center", ncol=3, fontsize=8,
               frameon=False)
    return fig, parts


def share_figure(jobs: pd.DataFrame, step_s: float = 60.0) -> Figure:
    """Jobs running over time, one line per ``share`` of a simulator ``jobs_frame()``.

    Array parents are skipped; a job counts as running from ``started_s`` to ``stopped_s``.

    >>> import pandas as pd
    >>> j = pd.DataFrame({"is_array_parent": [False, False], "share": ["A", "B"],
    ...                   "started_s": [0.0, 60.0], "stopped_s": [120.0, 180.0]})
    >>> [line.get_label() for line in share_figure(j).axes[0].get_lines()]
    ['A', 'B']
    """
    import numpy as np
    from matplotlib.figure import Figure

    leaves = jobs[~jobs["is_array_parent"]].dropna(subset=["started_s", "stopped_s"])
    end = float(leaves["stopped_s"].max()) if not leaves.empty else step_s
    times = np.arange(0.0, end + step_s, step_s)
    fig = Figure(figsize=(7, 2.8), dpi=80, layout="constrained")
    ax = fig.subplots()
    for i, (share, rows) in enumerate(leaves.groupby("share", sort=True)):
        start = rows["started_s"].to_numpy()[:, None]
        stop = rows["stopped_s"].to_numpy()[:, None]
        running = ((start <= times) & (times < stop)).sum(axis=0)
        ax.step(times / 60, running, where="post", color=COLOURS[i % len(COLOURS)],
                label=str(share))
    ax.set_xlabel(text(MESSAGES, "share_x"))
    ax.set_ylabel(text(MESSAGES, "share_y"))
    ax.set_title(text(MESSAGES, "share_title"), fontsize=10)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=8)
    return fig
