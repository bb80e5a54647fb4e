"""Tests for lesson 04's figures and explorer (course.plots.batchscale, course.widgets.batchscale)."""

from __future__ import annotations

import statistics
import time

import pandas as pd
import pytest

from course.batchscale import RenderWorkload
from course.errors import CourseInputError
from course.plots.batchscale import scale_figure, share_figure
from course.widgets.batchscale import BatchScaleExplorer

EIGHT = RenderWorkload(jobs=8, job_seconds=600)
OPTIONS = (("EC2", "BEST_FIT_PROGRESSIVE"), ("SPOT", "SPOT_PRICE_CAPACITY_OPTIMIZED"))


def test_scale_figure_draws_one_line_per_option_and_covers_the_deadline_range():
    table = pd.DataFrame({"label": ["a", "a", "b", "b"], "max_vcpus": [16, 32, 16, 32],
                          "makespan_min": [60.0, 30.0, 60.0, 30.0], "cost_usd": [1.0, 1.1, 0.5, 0.6]})
    fig, parts = scale_figure(table)
    left, right = fig.axes
    assert len(right.get_lines()) == 3  # two options + the cost marker
    low, high = left.get_ylim()
    assert low <= 10 * 0.8 + 1e-9 and high >= 240 * 1.25 - 1e-9  # deadline slider range 10–240
    assert set(parts) == {"makespan_dot", "cost_dot", "deadline"}


def test_share_figure_counts_running_jobs():
    jobs = pd.DataFrame({"is_array_parent": [True, False, False, False],
                         "share": [None, "A", "A", "B"],
                         "started_s": [None, 0.0, 60.0, 0.0], "stopped_s": [None, 120.0, 180.0, 60.0]})
    line_a, line_b = share_figure(jobs, step_s=60).axes[0].get_lines()
    # samples at 0, 60, 120, 180 s: A runs [0,120) and [60,180) → 1, 2, 1, 0; B runs [0,60) → 1, 0, 0, 0
    assert list(line_a.get_ydata()) == [1, 2, 1, 0]
    assert list(line_b.get_ydata()) == [1, 0, 0, 0]


@pytest.fixture(scope="module")
def explorer():
    return BatchScaleExplorer(workload=EIGHT, grid=(8, 16), options=OPTIONS, max_vcpus=8,
                              deadline_minutes=15)


def test_explorer_moves_with_the_controls(explorer):
    explorer.option.value = explorer.option.options[0]
    explorer.max_vcpus.value = 8
    assert explorer.result["makespan_min"] == pytest.approx(1311 / 60, abs=0.005)  # two waves
    assert "Misses the 15 min deadline" in explorer.text.value
    explorer.max_vcpus.value = 16
    assert explorer.result["makespan_min"] == pytest.approx(701 / 60, abs=0.005)  # one wave
    assert "Meets the 15 min deadline" in explorer.text.value
    assert "Cheapest setting in the grid that meets it: Spot" in explorer.text.value
    explorer.deadline.value = 10
    assert "No setting in the grid meets it" in explorer.text.value
    assert explorer.image.value[:4] == b"\x89PNG"


def test_explorer_redraw_is_fast(explorer):
    timings = []
    for value in (8, 16) * 6:
        start = time.perf_counter()
        explorer.max_vcpus.value = value
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.2  # target 0.1 s; slack for a loaded CI machine


@pytest.mark.parametrize("kwargs", [
    {"max_vcpus": 12}, {"max_vcpus": "8"}, {"grid": ()}, {"options": ()},
    {"workload": "eight frames"},
])
def test_explorer_rejects_bad_input(kwargs):
    args = {"workload": EIGHT, "grid": (8, 16), "options": OPTIONS, **kwargs}
    with pytest.raises(CourseInputError):
        BatchScaleExplorer(**args)
