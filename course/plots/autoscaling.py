"""Figures for lesson 05: queue length and instances over time, against a deadline.

>>> from course.autoscaling import ScalingPolicy, Workload, simulate
>>> fig, parts = timeline_figure(jobs=40, max_instances=4, horizon=120)
>>> update_timeline(parts, simulate(ScalingPolicy(max_instances=4), Workload(jobs=40)).timeline, 60)
>>> sorted(parts)
['deadline', 'finish', 'instances', 'queue', 'spot']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

MESSAGES = {
    "en": {
        "x": "minutes after the batch starts",
        "queue_y": "jobs waiting in the queue",
        "inst_y": "instances (billed)",
        "queue": "queue (visible messages)",
        "instances": "instances",
        "spot": "of which Spot",
        "deadline": "deadline",
        "finish": "last job done",
        "queue_title": "Backlog",
        "inst_title": "Auto Scaling group size",
    }
}


def timeline_figure(jobs: int, max_instances: int, horizon: int) -> tuple[Figure, dict[str, Any]]:
    """A two-panel figure with fixed axes (so an explorer can redraw only the lines).

    >>> fig, parts = timeline_figure(jobs=100, max_instances=10, horizon=60)
    >>> [float(x) for x in fig.axes[0].get_xlim()]
    [0.0, 60.0]
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(9.5, 3.4), dpi=80, layout="constrained")
    ax_q, ax_i = fig.subplots(1, 2, sharex=True)
    parts: dict[str, Any] = {}
    (parts["queue"],) = ax_q.plot([], [], color="#1f77b4", lw=2, label=text(MESSAGES, "queue"))
    (parts["instances"],) = ax_i.step([], [], where="post", color="#2ca02c", lw=2,
                                      label=text(MESSAGES, "instances"))
    (parts["spot"],) = ax_i.step([], [], where="post", color="#ff7f0e", lw=1.5, ls="--",
                                 label=text(MESSAGES, "spot"))
    for ax, ylabel, title, top in ((ax_q, "queue_y", "queue_title", max(jobs, 1) * 1.05),
                                   (ax_i, "inst_y", "inst_title", max_instances * 1.15 + 1)):
        ax.set_xlim(0, horizon)
        ax.set_ylim(0, top)
        ax.set_xlabel(text(MESSAGES, "x"))
        ax.set_ylabel(text(MESSAGES, ylabel))
        ax.set_title(text(MESSAGES, title))
        ax.grid(alpha=0.3)
    parts["deadline"] = [ax.axvline(0, color="#d62728", ls=":", lw=1.5, label=text(MESSAGES, "deadline"))
                         for ax in (ax_q, ax_i)]
    parts["finish"] = [ax.axvline(0, color="black", lw=1, alpha=0.7, label=text(MESSAGES, "finish"))
                       for ax in (ax_q, ax_i)]
    ax_q.legend(loc="upper right", fontsize=8)
    ax_i.legend(loc="upper right", fontsize=8)
    return fig, parts


def update_timeline(parts: dict[str, Any], timeline: pd.DataFrame, deadline: float,
                    finish: float | None = None) -> None:
    """Put a run's timeline, deadline and finish time into the figure's artists.

    >>> import pandas as pd
    >>> fig, parts = timeline_figure(jobs=10, max_instances=2, horizon=3)
    >>> t = pd.DataFrame({"minute": [0, 1, 2], "queue": [10, 6, 0], "instances": [2, 2, 0],
    ...                   "spot": [0, 0, 0]})
    >>> update_timeline(parts, t, deadline=2, finish=2)
    >>> parts["queue"].get_ydata().tolist()
    [10, 6, 0]
    """
    minutes = timeline["minute"].to_numpy()
    parts["queue"].set_data(minutes, timeline["queue"].to_numpy())
    parts["instances"].set_data(minutes, timeline["instances"].to_numpy())
    parts["spot"].set_data(minutes, timeline["spot"].to_numpy())
    for line in parts["deadline"]:
        line.set_xdata([deadline, deadline])
    for line in parts["finish"]:
        line.set_visible(finish is not None)
        if finish is not None:
            line.set_xdata([finish, finish])


def plot_run(timeline: pd.DataFrame, summary: dict[str, Any], deadline: float,
             max_instances: int | None = None) -> Figure:
    """A static figure of one run (for lessons).

    >>> from course.autoscaling import ScalingPolicy, Workload, simulate
    >>> run = simulate(ScalingPolicy(max_instances=4), Workload(jobs=40))
    >>> len(plot_run(run.timeline, run.summary, 60).axes)
    2
    """
    jobs = int(timeline["queue"].max()) if len(timeline) else 1
    high = max_instances if max_instances is not None else int(timeline["instances"].max())
    fig, parts = timeline_figure(jobs, max(high, 1), int(timeline["minute"].max()) + 1)
    update_timeline(parts, timeline, deadline, summary.get("finish_minute"))
    return fig
