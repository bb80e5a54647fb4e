"""The benchmark script's two models agree on the workload (correctness, not timing)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "bench_simulator.py"


def load():
    spec = importlib.util.spec_from_file_location("bench_simulator", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_both_models_run_the_same_small_workload():
    bench = load()
    _, ours = bench.run_ours(2000)
    _, theirs = bench.run_simpy(2000)
    assert ours["jobs"] == 2000
    assert ours["succeeded"] + ours["failed"] == 2000
    assert theirs["succeeded"] + theirs["failed"] == 2000
    assert ours["interruptions"] > 0 and theirs["interruptions"] > 0
    assert ours["retries"] == ours["attempts"] - 2000
