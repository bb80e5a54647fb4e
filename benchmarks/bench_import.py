"""``import course`` must stay light (target <= 0.5 s): compare with importing its heavy neighbours.

    .venv/bin/python benchmarks/bench_import.py
"""

from __future__ import annotations

import subprocess
import sys


def seconds_to_import(module: str, runs: int = 5) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True).stdout) for _ in range(runs)]
    return sorted(times)[runs // 2]


if __name__ == "__main__":
    parts = [f"{m} {seconds_to_import(m) * 1000:.0f} ms"
             for m in ("course", "course.pricing", "course.widgets", "pandas", "matplotlib.pyplot")]
    print("median import time: " + ", ".join(parts) + "; target for course <= 500 ms")
