"""Lesson 03 figure: each job's AWS Batch states as coloured bands, with a time cursor.

>>> from course.batchbasics import JobTrack
>>> tracks = [JobTrack("a", "job-a", (0.0, 1.0, 91.0, 101.0, 401.0),
...                    ("SUBMITTED", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED"))]
>>> fig, parts = lifecycle_figure(tracks, t=120)
>>> parts["labels"][0].get_text()
'RUNNING'
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from course.batchbasics import STATES, JobTrack, state_at, state_counts
from course.errors import CourseInputError, check_number
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

COLORS = {"SUBMITTED": "#cfd8dc", "PENDING": "#b0bec5", "RUNNABLE": "#ffb74d",
          "STARTING": "#90caf9", "RUNNING": "#1565c0", "SUCCEEDED": "#a5d6a7",
          "FAILED": "#ef9a9a"}

MESSAGES = {
    "en": {
        "xlabel": "simulated time (seconds)",
        "title": "t = {t:.0f} s: {counts}",
        "count": "{n} {state}",
        "none": "no jobs submitted yet",
        "bad_tracks": "tracks must be a non-empty list of JobTrack (course.batchbasics.job_tracks), "
                      "got {value!r}.",
        "too_many": "At most {most} jobs fit in the figure, got {count}.",
    }
}

MAX_JOBS = 40


def check_tracks(tracks: Any) -> list[JobTrack]:
    """Return ``tracks`` as a list if it is a non-empty list of JobTrack of ≤ 40 jobs.

    >>> len(check_tracks([JobTrack("a", "a", (0.0,), ("SUBMITTED",))]))
    1
    """
    if isinstance(tracks, JobTrack) or not isinstance(tracks, list | tuple) or not tracks \
            or not all(isinstance(t, JobTrack) for t in tracks):
        raise CourseInputError(text(MESSAGES, "bad_tracks", value=tracks))
    if len(tracks) > MAX_JOBS:
        raise CourseInputError(text(MESSAGES, "too_many", most=MAX_JOBS, count=len(tracks)))
    return list(tracks)


def horizon_of(tracks: list[JobTrack]) -> float:
    """The last state change of all ``tracks`` plus 5%, up to whole 10 s (at least 60 s).

    >>> horizon_of([JobTrack("a", "a", (0.0, 200.0), ("SUBMITTED", "RUNNABLE"))])
    210.0
    """
    last = max(t.times[-1] for t in check_tracks(tracks) if t.times)
    return max(60.0, math.ceil(last * 1.05 / 10) * 10.0)


def title_for(tracks: list[JobTrack], t: float) -> str:
    """The figure title: the time and how many jobs are in each (non-empty) state.

    >>> title_for([JobTrack("a", "a", (0.0,), ("SUBMITTED",))], 3)
    't = 3 s: 1 SUBMITTED'
    """
    counts = state_counts(check_tracks(tracks), t)
    parts = [text(MESSAGES, "count", n=n, state=s) for s, n in counts.items() if n]
    return text(MESSAGES, "title", t=t, counts=" · ".join(parts) or text(MESSAGES, "none"))


def lifecycle_figure(tracks: list[JobTrack], t: float = 0.0, *,
                     horizon_s: float | None = None) -> tuple[Figure, dict[str, Any]]:
    """Draw one row per job, its states as coloured bands, and a cursor at time ``t``.

    Returns the figure and the artists :func:`move_cursor` updates: ``cursor`` (the
    vertical line), ``labels`` (state of each job at ``t``) and ``title``.

    >>> lifecycle_figure([], 0)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    course.errors.CourseInputError: tracks must be a non-empty list of JobTrack ..., got [].
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    tracks = check_tracks(tracks)
    end = horizon_of(tracks) if horizon_s is None else check_number("horizon_s", horizon_s,
                                                                    low=1, high=1e7)
    t = check_number("t", t)
    rows = len(tracks)
    height = 1.3 + 0.28 * rows  # inches: 0.5 below the axes, 0.75 above for title and legend
    fig = Figure(figsize=(8.4, height), dpi=72)
    ax = fig.add_axes((0.17, 0.5 / height, 0.67, 1 - 1.25 / height))
    spans: dict[str, list[tuple[float, float]]] = {s: [] for s in STATES}
    ys: dict[str, list[int]] = {s: [] for s in STATES}
    for row, track in enumerate(tracks):
        bounds = [*track.times[1:], end]
        for start, stop, state in zip(track.times, bounds, track.states, strict=True):
            if stop > start:
                spans[state].append((start, stop - start))
                ys[state].append(row)
    for state in STATES:
        for (start, width), row in zip(spans[state], ys[state], strict=True):
            ax.broken_barh([(start, width)], (row - 0.38, 0.76), color=COLORS[state], lw=0)
    ax.set_ylim(rows - 0.5, -0.5)
    ax.set_xlim(0, end)
    ax.set_yticks(range(rows), [track.job_name for track in tracks], fontsize=8)
    ax.set_xlabel(text(MESSAGES, "xlabel"), fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    ax.grid(True, axis="x", alpha=0.3)
    used = [s for s in STATES if spans[s]]
    ax.legend(handles=[Patch(color=COLORS[s], label=s) for s in used], loc="lower center",
              bbox_to_anchor=(0.5, 1.0), ncol=len(used), fontsize=7, frameon=False,
              handlelength=1.2, columnspacing=0.9)
    cursor = ax.axvline(t, color="#d62728", lw=1.5)
    labels = [ax.text(1.01, row, "", transform=ax.get_yaxis_transform(), va="center",
                      fontsize=8, family="monospace") for row in range(rows)]
    title = fig.text(0.5, 0.985, "", ha="center", va="top", fontsize=10)
    parts = {"ax": ax, "cursor": cursor, "labels": labels, "title": title, "tracks": tracks}
    move_cursor(parts, t)
    return fig, parts


def move_cursor(parts: dict[str, Any], t: float) -> None:
    """Move the cursor of a :func:`lifecycle_figure` to ``t`` and update labels and title.

    Only artists' data change; the caller redraws (or blits) them.

    >>> from course.batchbasics import JobTrack
    >>> fig, parts = lifecycle_figure([JobTrack("a", "a", (0.0, 9.0), ("SUBMITTED", "RUNNABLE"))])
    >>> move_cursor(parts, 10); parts["labels"][0].get_text()
    'RUNNABLE'
    """
    t = check_number("t", t)
    parts["cursor"].set_xdata([t, t])
    for label, track in zip(parts["labels"], parts["tracks"], strict=True):
        label.set_text(state_at(track, t))
    parts["title"].set_text(title_for(parts["tracks"], t))
