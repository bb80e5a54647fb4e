"""Lesson 14 explorer: moving a control changes the evaluation and the picture."""

from __future__ import annotations

import pytest

from course.errors import CourseInputError
from course.widgets.capstone import CapstoneExplorer, capstone_figure


@pytest.fixture(scope="module")
def explorer():
    return CapstoneExplorer(shares=(0.0, 1.0), strategies=("SPOT_PRICE_CAPACITY_OPTIMIZED",),
                            max_vcpus=(128,), quarters=(0, 4))


def test_spot_share_changes_cost_and_image(explorer):
    explorer.share.value = 1.0
    spot_cost, image = explorer.evaluation.monthly_cost, explorer.image.value
    explorer.share.value = 0.0
    assert explorer.evaluation.monthly_cost > spot_cost
    assert explorer.image.value != image
    assert "Does not pass" in explorer.text.value


def test_savings_plan_and_quarter_move_the_numbers(explorer):
    explorer.share.value = 1.0
    explorer.sp.value = 0.0
    no_sp = explorer.evaluation.monthly_cost
    explorer.sp.value = 0.3
    assert explorer.evaluation.monthly_cost < no_sp
    explorer.quarter.value = 0
    jobs0 = explorer.evaluation.nightly_jobs
    explorer.quarter.value = 4
    assert explorer.evaluation.nightly_jobs > jobs0


def test_bad_input():
    with pytest.raises(CourseInputError, match="shares"):
        CapstoneExplorer(shares=())
    with pytest.raises(CourseInputError, match="strategies"):
        CapstoneExplorer(shares=(1.0,), strategies=("FASTEST",))


def test_figure_parts():
    fig, parts = capstone_figure()
    assert len(parts["time_bars"]) == 3 and len(parts["totals"]) == 2
