"""How fast do the explorers of lessons 10-14 redraw? Target: <= 100 ms per control move.

For each explorer, every control is moved through its values and the median time of one move
(state update, redraw, PNG encoding) is printed, next to the straightforward alternative measured
in the same run: re-rendering the whole figure with ``savefig`` after the move.

    .venv/bin/python benchmarks/bench_discount_explorers.py
"""

from __future__ import annotations

import io
from typing import Any

from bench_widgets import median_ms  # the same timing loop as the lesson-01 explorer benchmark


def _options(control: Any) -> list[Any]:
    """The values a control can take (a few of them for a continuous slider)."""
    if hasattr(control, "options") and control.options:
        return [o[1] if isinstance(o, tuple) else o for o in control.options]
    low, high = control.min, control.max
    return [low + (high - low) * i / 10 for i in range(11)]


def _explorers() -> dict[str, tuple[Any, list[str]]]:
    from course.widgets.capstone import CapstoneExplorer
    from course.widgets.reserved import RiBreakEvenExplorer
    from course.widgets.savingsplans import CommitmentExplorer
    from course.widgets.spotjobs import SpotJobExplorer
    from course.widgets.spotstrategies import SpotStrategyExplorer

    return {
        "10 RiBreakEvenExplorer": (RiBreakEvenExplorer(), ["utilisation", "plan", "term", "payment"]),
        "11 CommitmentExplorer": (CommitmentExplorer(), ["commitment", "week", "moved", "plan"]),
        "12 SpotJobExplorer": (SpotJobExplorer(), ["rate", "job", "interval", "overhead"]),
        "13 SpotStrategyExplorer": (SpotStrategyExplorer(), ["rate", "jobs", "strategy", "seed"]),
        "14 CapstoneExplorer": (CapstoneExplorer(), ["share", "strategy", "max_vcpus", "sp"]),
    }


def main() -> None:
    for name, (explorer, controls) in _explorers().items():
        results = []
        for attribute in controls:
            control = getattr(explorer, attribute)
            values = _options(control)

            def move(value: Any, control: Any = control) -> None:
                control.value = value

            def naive(value: Any, control: Any = control, explorer: Any = explorer) -> None:
                control.value = value
                explorer.figure.savefig(io.BytesIO(), format="png")

            results.append(f"{attribute} {median_ms(move, values):.0f} ms "
                           f"(savefig {median_ms(naive, values[:4], repeats=1):.0f} ms)")
        print(f"{name}: " + "; ".join(results))


if __name__ == "__main__":
    main()
