"""The Spot-strategies explorer, driven as a learner would."""

from __future__ import annotations

import doctest

import pytest

import course.widgets.spotstrategies as widgets
from course.errors import CourseInputError
from course.spotstrategies import STRATEGIES
from course.widgets.spotstrategies import SpotStrategyExplorer


@pytest.fixture(scope="module")
def explorer():
    return SpotStrategyExplorer()


def test_doctests_pass():
    assert doctest.testmod(widgets).failed == 0


def test_first_view(explorer):
    assert explorer.image.value[:4] == b"\x89PNG"
    assert set(explorer.result) == set(STRATEGIES)
    assert "<table>" in explorer.text.value


def test_rate_zero_means_nothing_lost(explorer):
    explorer.rate.value = 0.0
    assert all(r["jobs_lost"] == 0 and r["lost_work_h"] == 0 for r in explorer.result.values())
    assert len(explorer.trace) == 0
    explorer.rate.value = 1.0
    assert len(explorer.trace) > 0
    assert explorer.result["ec2_no_retry"]["jobs_lost"] > 0
    explorer.rate.value = 0.3


def test_moving_a_control_changes_the_picture(explorer):
    before = explorer.image.value
    explorer.jobs.value = 80
    assert explorer.result["batch"]["jobs_done"] + explorer.result["batch"]["jobs_lost"] == 80
    assert explorer.image.value != before
    seed_before = explorer.trace
    explorer.seed.value = 3
    assert explorer.trace != seed_before
    explorer.jobs.value = 40


def test_strategy_dropdown_redraws_the_timeline(explorer):
    explorer.rate.value = 0.5
    explorer.strategy.value = "ecs_service"
    img = explorer.image.value
    verts = len(explorer._parts["stopped"].get_paths())
    assert verts == sum(a.outcome == "stopped" for a in explorer.runs["ecs_service"].attempts)
    explorer.strategy.value = "ec2_no_retry"
    assert explorer.shown == "ec2_no_retry" and explorer.image.value != img
    assert len(explorer._parts["stopped"].get_paths()) == 0   # EC2 ignores the notice


def test_timeline_width_covers_the_slowest_strategy(explorer):
    slowest = max(r["makespan_h"] for r in explorer.result.values())
    assert explorer.hours_axis >= slowest


@pytest.mark.parametrize("kwargs,name", [
    ({"rate_per_hour": 0.33}, "rate_per_hour"),
    ({"jobs": 500}, "jobs"),
    ({"job_minutes": 25}, "job_minutes"),
    ({"strategy": "lambda"}, "strategy"),
    ({"fleet": 1}, "fleet"),
])
def test_bad_starting_values(kwargs, name):
    with pytest.raises(CourseInputError, match=name):
        SpotStrategyExplorer(**kwargs)
