"""How fast do the lesson explorers redraw? Target: <= 100 ms per slider move.

Measured side by side with the straightforward alternative (re-render the whole
figure with ``savefig`` on every move), in one run:

    .venv/bin/python benchmarks/bench_widgets.py
"""

from __future__ import annotations

import io
import statistics
import time


def median_ms(action, values, repeats: int = 3) -> float:
    """Median wall time of ``action(value)`` over ``values``, ``repeats`` times, after a warm-up."""
    for value in values[:3]:
        action(value)  # warm up fonts and caches
    times = []
    for _ in range(repeats):
        for value in values:
            start = time.perf_counter()
            action(value)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    from course.widgets import BatchWindowExplorer
    from course.widgets.explorers import WINDOW_CHOICES

    explorer = BatchWindowExplorer()
    windows = list(WINDOW_CHOICES)
    arrivals = [100 + 150 * i for i in range(20)]

    def set_window(v):
        explorer.window.value = v

    def set_arrivals(v):
        explorer.arrivals.value = v

    def naive(v):  # the alternative: recompute and re-render everything with savefig
        explorer.window.value = v
        buffer = io.BytesIO()
        explorer.figure.savefig(buffer, format="png")

    window_ms = median_ms(set_window, windows)
    curve_ms = median_ms(set_arrivals, arrivals)
    naive_ms = median_ms(naive, windows)
    print(f"BatchWindowExplorer: window slider {window_ms:.1f} ms (cached background), "
          f"other sliders {curve_ms:.1f} ms (curves redrawn over cached axes), "
          f"naive savefig redraw {naive_ms:.1f} ms; target <= 100 ms")


if __name__ == "__main__":
    main()
