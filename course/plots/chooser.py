"""A map of hard limits: where a task's run time and memory let Lambda, Fargate or AWS Batch run it.

>>> fig = limits_map()
>>> [t.get_text() for t in fig.axes[0].texts][:2]
['Lambda', 'Fargate']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from course.catalogue import fact_value
from course.chooser import MAX_MEMORY_GB, MAX_TASK_MINUTES, choose
from course.errors import CourseInputError, check_not_empty
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

MESSAGES = {
    "en": {
        "title": "Which compute service can run one task? (a program, one task per run)",
        "x": "minutes per task (log scale)",
        "y": "memory per task, GB (log scale)",
        "lambda": "Lambda",
        "fargate": "Fargate",
        "batch": "AWS Batch on EC2 (up to the largest instance)",
        "lambda_line": "Lambda timeout {seconds:,} s",
        "lambda_memory": "Lambda memory {mb:,} MB",
        "fargate_memory": "Fargate {gb:,} GB",
        "bad_points": "points must map labels to (minutes, GB) pairs within the chooser's ranges, "
                      "got {value!r}.",
    }
}

_COLOURS = {"lambda": "#f2a541", "fargate": "#4c8bd6", "batch": "#5aa469"}


def _check_points(points: object) -> dict[str, tuple[float, float]]:
    if not isinstance(points, Mapping):
        raise CourseInputError(text(MESSAGES, "bad_points", value=points))
    check_not_empty("points", points)
    checked = {}
    for label, pair in points.items():
        if (not isinstance(label, str) or not isinstance(pair, Sequence) or len(pair) != 2
                or isinstance(pair, str)):
            raise CourseInputError(text(MESSAGES, "bad_points", value=points))
        choose(task_minutes=pair[0], memory_gb=pair[1])  # same checks and ranges as the chooser
        checked[label] = (float(pair[0]), float(pair[1]))
    return checked


def limits_map(points: Mapping[str, tuple[float, float]] | None = None) -> Figure:
    """Draw the run time × memory plane with the Lambda and Fargate limits from the catalogue.

    ``points`` maps a label to ``(minutes per task, GB per task)``; each is drawn in the colour
    of the service the chooser recommends for one such task a day.

    >>> limits_map({"nightly report": (5, 1)}).axes[0].get_xscale()
    'log'
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    marks = _check_points(points) if points is not None else {}
    lam_min = fact_value("lambda.timeout_seconds") / 60
    lam_gb = fact_value("lambda.memory_max_mb") / 1024
    far_gb = fact_value("fargate.max_memory_gb")
    x0, x1, y0, y1 = 0.1, MAX_TASK_MINUTES, 0.125, MAX_MEMORY_GB

    fig = Figure(figsize=(7.6, 4.4), dpi=100)
    ax = fig.add_subplot()
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, color=_COLOURS["batch"], alpha=0.18, lw=0))
    ax.add_patch(Rectangle((x0, y0), x1 - x0, far_gb - y0, color=_COLOURS["fargate"], alpha=0.25, lw=0))
    ax.add_patch(Rectangle((x0, y0), lam_min - x0, lam_gb - y0, color=_COLOURS["lambda"], alpha=0.55, lw=0))
    ax.text(0.13, 0.16, text(MESSAGES, "lambda"), fontsize=11, weight="bold")
    ax.text(200, 0.16, text(MESSAGES, "fargate"), fontsize=11, weight="bold")
    ax.text(0.13, 1500, text(MESSAGES, "batch"), fontsize=10, weight="bold")
    ax.axvline(lam_min, color="#a05a00", lw=1, ls="--")
    ax.text(lam_min * 1.08, 0.15, text(MESSAGES, "lambda_line", seconds=fact_value("lambda.timeout_seconds")),
            rotation=90, fontsize=8, color="#a05a00")
    ax.text(0.13, lam_gb * 1.1, text(MESSAGES, "lambda_memory", mb=fact_value("lambda.memory_max_mb")),
            fontsize=8, color="#a05a00")
    ax.axhline(far_gb, color="#1f4e8c", lw=1, ls="--")
    ax.text(200, far_gb * 1.1, text(MESSAGES, "fargate_memory", gb=far_gb), fontsize=8, color="#1f4e8c")
    for label, (minutes, gb) in marks.items():
        service = choose(task_minutes=minutes, memory_gb=gb).service
        ax.plot([minutes], [gb], "o", color=_COLOURS[service], markeredgecolor="black", ms=8)
        ax.annotate(label, (minutes, gb), xytext=(6, 4), textcoords="offset points", fontsize=8)
    ax.set_xlabel(text(MESSAGES, "x"))
    ax.set_ylabel(text(MESSAGES, "y"))
    ax.set_title(text(MESSAGES, "title"), fontsize=10)
    fig.tight_layout()
    return fig
