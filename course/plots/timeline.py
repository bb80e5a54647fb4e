"""Gantt-style timeline of a Batch simulation: job attempts on instances over time.

Each row is one EC2 instance (its life drawn as a pale bar: booting, then up) or one
lane of Fargate tasks. Attempts are coloured by how they ended: succeeded, failed,
interrupted by Spot, or still running. Spot notices are marked with a triangle.

>>> from course.batch import BatchSimulator, PriceBook
>>> ax = plot_timeline(BatchSimulator(price_book=PriceBook([])))
>>> ax.get_xlabel()
'time (minutes)'
"""

from __future__ import annotations

from typing import Any

from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text

MESSAGES = {
    "en": {
        "xlabel": "time ({unit})",
        "title": "Jobs on instances (cost ${cost:.2f}, makespan {makespan:.0f} s)",
        "succeeded": "attempt succeeded",
        "failed": "attempt failed",
        "interrupted": "interrupted (Spot)",
        "running": "still running",
        "booting": "instance booting",
        "up": "instance up",
        "notice": "Spot notice",
        "lane": "{env} Fargate lane {n}",
        "not_sim": "plot_timeline needs a BatchSimulator (course.batch), got {value!r}",
        "empty": "nothing ran yet",
        "more_hosts": "{n} more hosts not shown",
        "not_axes": "ax must be a matplotlib Axes, got {value!r}",
        "whole": "max_hosts must be a whole number, got {value!r}",
    }
}

COLORS = {"succeeded": "#2e7d32", "failed": "#c62828", "interrupted": "#ef6c00",
          "running": "#1565c0", "booting": "#e0e0e0", "up": "#f2f2f2"}
UNITS = {"seconds": 1.0, "minutes": 60.0, "hours": 3600.0}


def _outcome(stop: Any, code: Any, outcome: Any) -> str:
    if stop is None:
        return "running"
    if outcome == "spot":
        return "interrupted"
    if code == 0 and outcome == "exit":
        return "succeeded"
    return "failed"


def plot_timeline(sim: Any, ax: Any = None, *, unit: str = "minutes", max_hosts: int = 60,
                  legend: bool = True) -> Any:
    """Draw the attempts of ``sim`` per instance over time; returns the matplotlib Axes.

    ``unit`` is ``"seconds"``, ``"minutes"`` or ``"hours"``; at most ``max_hosts`` rows
    are drawn (the earliest launched).

    >>> from course.batch import BatchSimulator, PriceBook
    >>> plot_timeline(BatchSimulator(price_book=PriceBook([])), unit="hours").get_xlabel()
    'time (hours)'
    """
    from course.batch import engine as E
    from course.batch.client import BatchSimulator

    if not isinstance(sim, BatchSimulator):
        raise CourseInputError(text(MESSAGES, "not_sim", value=sim))
    check_choice("unit", unit, UNITS)
    rows_max = int(check_number("max_hosts", max_hosts, low=1, high=10_000))
    if rows_max != max_hosts:
        raise CourseInputError(text(MESSAGES, "whole", value=max_hosts))
    import matplotlib

    if ax is None:
        import matplotlib.pyplot as plt

        _, ax = plt.subplots(figsize=(10, 4))
    elif not isinstance(ax, matplotlib.axes.Axes):
        raise CourseInputError(text(MESSAGES, "not_axes", value=ax))
    scale = UNITS[unit] * 1000.0
    eng = sim.engine
    now = eng.now

    # rows: instances in launch order, then Fargate lanes (interval partitioning)
    rows: dict[Any, int] = {}
    labels: list[str] = []
    for inst in eng.instances:
        rows[inst] = len(labels)
        labels.append(f"{inst.ce.name} {inst.spec.name} {inst.id[-6:]}")
    lanes: dict[str, list[int]] = {}
    for task in sorted(eng.tasks, key=lambda t: (t.ce.seq, t.launch_ms, t.seq)):
        ends = lanes.setdefault(task.ce.name, [])
        stop = task.stop_ms if task.stop_ms is not None else now
        for n, end in enumerate(ends):
            if end <= task.launch_ms:
                ends[n] = stop
                rows[task] = -(n + 1)
                break
        else:
            ends.append(stop)
            rows[task] = -len(ends)
    lane_row: dict[tuple[str, int], int] = {}
    for env, ends in lanes.items():
        for n in range(len(ends)):
            lane_row[(env, n + 1)] = len(labels)
            labels.append(text(MESSAGES, "lane", env=env, n=n + 1))
    for task, r in list(rows.items()):
        if r < 0:
            rows[task] = lane_row[(task.ce.name, -r)]
    hidden = max(0, len(labels) - rows_max)

    def visible(r: int) -> bool:
        return r < rows_max

    bars: dict[str, dict[int, list[tuple[float, float]]]] = {k: {} for k in COLORS}
    for inst in eng.instances:
        r = rows[inst]
        if not visible(r):
            continue
        ready = inst.ready_ms if inst.ready_ms is not None else (
            inst.stop_ms if inst.stop_ms is not None else now)
        stop = inst.stop_ms if inst.stop_ms is not None else now
        bars["booting"].setdefault(r, []).append((inst.launch_ms / scale,
                                                  (ready - inst.launch_ms) / scale))
        if stop > ready:
            bars["up"].setdefault(r, []).append((ready / scale, (stop - ready) / scale))
    per_host: dict[Any, list[tuple[int, int, str]]] = {}
    for job in eng.job_list:
        group = job.children if job.children is not None else [job]
        for leaf in group:
            for start, _run, stop, code, _reason, host, _lost, outcome, _cr in (
                    leaf.attempts or ()):
                if host is None or host not in rows or not visible(rows[host]):
                    continue
                end = stop if stop is not None else now
                per_host.setdefault(host, []).append((start, end, _outcome(stop, code, outcome)))
    # concurrent attempts on one host get their own sub-lane of the row
    attempt_bars: dict[str, list[tuple[float, float, float, float]]] = {}
    for host, spans in per_host.items():
        spans.sort()
        ends: list[int] = []
        placed = []
        for start, end, kind in spans:
            for n, lane_end in enumerate(ends):
                if lane_end <= start:
                    ends[n] = end
                    placed.append((n, start, end, kind))
                    break
            else:
                ends.append(end)
                placed.append((len(ends) - 1, start, end, kind))
        h = 0.7 / len(ends)
        for n, start, end, kind in placed:
            y = rows[host] - 0.35 + n * h
            attempt_bars.setdefault(kind, []).append((start / scale, (end - start) / scale,
                                                      y, h))
    for kind in ("booting", "up"):
        first = True
        for r, spans in bars[kind].items():
            ax.broken_barh(spans, (r - 0.4, 0.8), facecolors=COLORS[kind], zorder=1,
                           label=text(MESSAGES, kind) if first else None)
            first = False
    for kind, items in attempt_bars.items():
        ax.barh([y + h / 2 for _, _, y, h in items], [w for _, w, _, _ in items],
                height=[h for _, _, _, h in items], left=[x for x, _, _, _ in items],
                color=COLORS[kind], edgecolor="white", linewidth=0.3, zorder=2,
                label=text(MESSAGES, kind))
    notices = [(i.notice_ms / scale, rows[i]) for i in eng.instances
               if i.notice_ms is not None and visible(rows[i])]
    if notices:
        xs, ys = zip(*notices, strict=True)
        ax.scatter(xs, ys, marker="v", color="black", s=18, zorder=3,
                   label=text(MESSAGES, "notice"))
    shown = labels[:rows_max]
    ax.set_yticks(range(len(shown)))
    ax.set_yticklabels(shown, fontsize=7)
    ax.set_ylim(len(shown) - 0.5 if shown else 0.5, -0.5)
    ax.set_xlabel(text(MESSAGES, "xlabel", unit=unit))
    if isinstance(eng, E.Engine) and (eng.instances or eng.tasks):
        summary = sim.summary()
        ax.set_title(text(MESSAGES, "title", cost=summary["cost_usd"],
                          makespan=summary["makespan_s"]))
    else:
        ax.set_title(text(MESSAGES, "empty"))
    if hidden:
        ax.annotate(text(MESSAGES, "more_hosts", n=hidden), xy=(1.0, -0.08),
                    xycoords="axes fraction", ha="right", fontsize=7)
    if legend and (attempt_bars or any(bars.values())):
        ax.legend(loc="upper right", fontsize=7, ncols=2)
    return ax
