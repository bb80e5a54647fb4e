"""Figures for lesson 07: where jobs sit against Lambda's limits, and fan-out makespan.

>>> fig = limits_figure([{"name": "resize", "duration_s": 5, "memory_mb": 512}])
>>> fig.axes[0].get_xlabel()
'run time of one invocation (s, log scale)'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course.i18n import text
from course.serverless import limit

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MESSAGES = {
    "en": {
        "x": "run time of one invocation (s, log scale)",
        "y": "memory (MB, log scale)",
        "title": "Which jobs fit in one Lambda invocation?",
        "box": "standard Lambda: up to 900 s and 10,240 MB",
        "managed": "Managed Instances: up to 5,400 s (async)",
        "fits": "fits",
        "does_not_fit": "does not fit",
        "fan_x": "concurrency limit (log scale)",
        "fan_y": "makespan (minutes, log)",
        "fan_title": "Finishing time of the fan-out (red dot: your setting)",
        "default_concurrency": "default Regional limit (1,000)",
        "hour": "1 hour",
        "day": "1 day",
    }
}


def limits_figure(jobs: list[dict[str, Any]]) -> Figure:
    """Plot each job (``name``, ``duration_s``, ``memory_mb``) against Lambda's limits.

    >>> limits_figure([{"name": "a", "duration_s": 60, "memory_mb": 2048}]).axes[0].get_title()
    'Which jobs fit in one Lambda invocation?'
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    from course.serverless import fits_lambda

    fig = Figure(figsize=(7.2, 3.8), layout="constrained")
    ax = fig.add_subplot()
    timeout, low, high = limit("timeout_seconds"), limit("memory_min_mb"), limit("memory_max_mb")
    ax.add_patch(Rectangle((0.1, low), timeout - 0.1, high - low, color="#cfe3f5",
                           label=text(MESSAGES, "box")))
    ax.axvline(limit("managed_instances_timeout_seconds"), color="#6b7280", linestyle="--",
               linewidth=1, label=text(MESSAGES, "managed"))
    for job in jobs:
        ok = fits_lambda(job["duration_s"], job["memory_mb"])["fits"]
        ax.scatter(job["duration_s"], job["memory_mb"], s=40, zorder=3,
                   color="#1f77b4" if ok else "#d62728", marker="o" if ok else "X")
        ax.annotate(job["name"], (job["duration_s"], job["memory_mb"]), textcoords="offset points",
                    xytext=(6, 4), fontsize=8)
    ax.scatter([], [], color="#1f77b4", marker="o", label=text(MESSAGES, "fits"))
    ax.scatter([], [], color="#d62728", marker="X", label=text(MESSAGES, "does_not_fit"))
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(0.5, 5e4)
    ax.set_ylim(64, 2e5)
    ax.set_xlabel(text(MESSAGES, "x"))
    ax.set_ylabel(text(MESSAGES, "y"))
    ax.set_title(text(MESSAGES, "title"))
    ax.legend(loc="upper left", fontsize=8)
    return fig


#: Fixed y range (minutes) of the fan-out figure, so the explorer never redraws its axes.
FAN_Y_LIMITS = (0.01, 1e5)


def fan_out_figure() -> tuple[Figure, dict[str, Any]]:
    """Return an empty makespan-vs-concurrency figure and its artists, for the explorer to fill.

    Both axes are logarithmic with fixed limits, so only the curve and the dot change.

    >>> fig, parts = fan_out_figure()
    >>> sorted(parts)
    ['ax', 'curve', 'dot']
    """
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 2.8), dpi=90, layout="constrained")
    ax = fig.add_subplot()
    (curve,) = ax.plot([], [], color="#1f77b4")
    (dot,) = ax.plot([], [], "o", color="#d62728", markersize=8)
    ax.axvline(limit("concurrency_default"), color="#6b7280", linestyle=":", linewidth=1,
               label=text(MESSAGES, "default_concurrency"))
    for minutes, label in ((60, "hour"), (1440, "day")):
        ax.axhline(minutes, color="#9ca3af", linewidth=0.8)
        ax.text(4_000, minutes * 1.15, text(MESSAGES, label), fontsize=8, color="#6b7280")
    ax.set_xlim(1, 20_000)
    ax.set_xscale("log")
    ax.set_ylim(*FAN_Y_LIMITS)
    ax.set_yscale("log")
    ax.set_xlabel(text(MESSAGES, "fan_x"))
    ax.set_ylabel(text(MESSAGES, "fan_y"))
    ax.set_title(text(MESSAGES, "fan_title"), fontsize=10)
    ax.legend(loc="upper right", fontsize=8)
    return fig, {"ax": ax, "curve": curve, "dot": dot}
