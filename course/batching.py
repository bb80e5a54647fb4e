"""The batch-window trade-off: wait longer, pay less overhead, answer later.

Items arrive steadily at ``arrivals_per_hour``. Every ``window_minutes`` a run
starts, pays a fixed ``overhead_seconds`` (start-up, loading a model, a
connection pool...) and then ``seconds_per_item`` for each waiting item.

>>> r = window_tradeoff(arrivals_per_hour=600, window_minutes=60, overhead_seconds=120,
...                     seconds_per_item=1)
>>> r["items_per_run"], r["runs_per_day"], round(r["efficiency"], 3)
(600.0, 24.0, 0.833)
"""

from __future__ import annotations

import numpy as np

from course.errors import check_number


def window_tradeoff(arrivals_per_hour: float, window_minutes: float, overhead_seconds: float,
                    seconds_per_item: float) -> dict[str, float]:
    """Return the cost and latency of running a batch every ``window_minutes``.

    - ``items_per_run``: items that pile up in one window;
    - ``run_seconds``: overhead plus the work on those items;
    - ``efficiency``: the share of compute time spent on items, not overhead;
    - ``compute_hours_per_day``: what you pay for, in instance-hours;
    - ``mean_latency_minutes`` / ``max_latency_minutes``: from an item's arrival to
      the end of the run that handles it (an item waits half a window on average).

    >>> window_tradeoff(60, 10, 0, 1)["mean_latency_minutes"]
    5.166666666666667
    """
    rate = check_number("arrivals_per_hour", arrivals_per_hour, low=0)
    window = check_number("window_minutes", window_minutes, low=1 / 60, high=7 * 24 * 60)
    overhead = check_number("overhead_seconds", overhead_seconds, low=0)
    per_item = check_number("seconds_per_item", seconds_per_item, low=0)
    items = rate * window / 60
    run_seconds = overhead + items * per_item
    runs_per_day = 24 * 60 / window
    work = items * per_item
    return {
        "window_minutes": window,
        "items_per_run": items,
        "run_seconds": run_seconds,
        "runs_per_day": runs_per_day,
        "efficiency": work / run_seconds if run_seconds else 1.0,
        "compute_hours_per_day": runs_per_day * run_seconds / 3600,
        "mean_latency_minutes": window / 2 + run_seconds / 60,
        "max_latency_minutes": window + run_seconds / 60,
        "keeps_up": run_seconds <= window * 60,
    }


def window_curve(arrivals_per_hour: float, overhead_seconds: float, seconds_per_item: float,
                 windows: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Evaluate :func:`window_tradeoff` over many windows at once (vectorised, for plots).

    >>> curve = window_curve(600, 120, 1, windows=np.array([10.0, 60.0]))
    >>> [round(float(x), 1) for x in curve["compute_hours_per_day"]]
    [8.8, 4.8]
    """
    rate = check_number("arrivals_per_hour", arrivals_per_hour, low=0)
    overhead = check_number("overhead_seconds", overhead_seconds, low=0)
    per_item = check_number("seconds_per_item", seconds_per_item, low=0)
    if windows is None:
        windows = np.geomspace(1, 24 * 60, 200)
    items = rate * windows / 60
    run_seconds = overhead + items * per_item
    runs = 24 * 60 / windows
    return {
        "window_minutes": windows,
        "compute_hours_per_day": runs * run_seconds / 3600,
        "mean_latency_minutes": windows / 2 + run_seconds / 60,
        "keeps_up": run_seconds <= windows * 60,
    }
