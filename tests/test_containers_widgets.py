"""The Fargate-or-EC2 explorer and the lesson 06 figures, driven as a learner would."""

from __future__ import annotations

import doctest
import math

import pandas as pd
import pytest

import course.plots.containers as plots
import course.widgets.containers as widgets
from course.errors import CourseInputError
from course.widgets.containers import FargateEc2Explorer


@pytest.fixture(scope="module")
def explorer():
    return FargateEc2Explorer()


def test_doctests_pass():
    assert doctest.testmod(plots).failed == 0
    assert doctest.testmod(widgets).failed == 0


def test_default_view_numbers(explorer):
    explorer.utilisation.value = 40
    r = explorer.result
    # m5.large: 0.096 x 730 = 70.08; 2 tasks x 0.04937 x 0.4 x 730 = 28.83
    assert r["tasks_per_instance"] == 2 and r["ec2_monthly"] == pytest.approx(70.08)
    assert r["fargate_now"] == pytest.approx(2 * 0.04937 * 0.4 * 730)
    assert "Break-even at <b>97%</b>" in explorer.text.value
    assert explorer.image.value[:4] == b"\x89PNG"


def test_changing_vcpu_offers_only_valid_memory(explorer):
    explorer.vcpu.value = 8.0
    assert explorer.memory.options[0] == 16.0 and explorer.memory.options[-1] == 60.0
    assert explorer.memory.value == 16.0                  # closest to 2 GB per vCPU
    assert "cannot hold" in explorer.text.value           # 8 vCPU does not fit on m5.large
    explorer.instance.value = "m5.4xlarge"                # 16 vCPU / 64 GiB: 2 tasks
    assert explorer.result["tasks_per_instance"] == 2
    explorer.vcpu.value = 1.0
    assert explorer.memory.value == 2.0


def test_ec2_spot_moves_the_break_even(explorer):
    explorer.instance.value = "m5.large"
    explorer.vcpu.value = 0.5
    explorer.memory.value = 1.0
    explorer.ec2_price.value = True
    # 0.096 x 0.41 / (4 x 0.024685) = 0.3986
    assert explorer.result["break_even"] == pytest.approx(0.39862, abs=1e-5)
    assert "Break-even at <b>40%</b>" in explorer.text.value
    explorer.ec2_price.value = False


def test_region_change_keeps_only_comparable_types(explorer):
    explorer.region.value = "ap-northeast-1"
    assert all(not t.endswith("g.large") for t in explorer.instance.options if "7g" in t)
    assert explorer.result["region"] == "ap-northeast-1"
    assert math.isnan(explorer.result["fargate_spot_now"])   # no Tokyo Fargate Spot rate sourced
    explorer.region.value = "us-east-1"


def test_reserved_memory_slider_changes_packing(explorer):
    explorer.instance.value = "m5.large"
    explorer.vcpu.value = 0.5
    explorer.memory.value = 2.0
    assert explorer.result["tasks_per_instance"] == 4
    explorer.reserved.value = 224                         # 8192 - 224 = 7968 MiB -> 3 tasks
    assert explorer.result["tasks_per_instance"] == 3
    explorer.reserved.value = 0


def test_figures_have_their_parts():
    assert len(plots.fargate_sizes_figure().axes[0].collections) == 7
    table = pd.DataFrame({"fargate": [10.0, 200.0], "ec2": [70.0, 140.0]}, index=["A", "B"])
    fig = plots.monthly_cost_bars(table)
    assert len(fig.axes[0].patches) == 4
    fig, parts = plots.break_even_figure()
    assert fig.axes[0].get_ylim() == (0.0, 300.0) and parts["you"].get_animated()


@pytest.mark.parametrize("kwargs", [
    {"region": "eu-west-1"},
    {"instance_type": "m5.larg"},
    {"task_vcpu": 3},
    {"task_vcpu": 1, "task_memory_gb": 16},
    {"utilisation_percent": 140},
    {"region": "ap-northeast-1", "instance_type": "m6g.large"},   # no Tokyo Fargate ARM rate
])
def test_explorer_refuses_bad_starting_values(kwargs):
    with pytest.raises(CourseInputError):
        FargateEc2Explorer(**kwargs)


@pytest.mark.parametrize("table", [
    None, [1, 2], pd.DataFrame(), pd.DataFrame({"fargate": ["cheap", "dear"]}), {"fargate": [1.0]},
])
def test_cost_bars_bad_tables(table):
    with pytest.raises(CourseInputError, match="table"):
        plots.monthly_cost_bars(table)
