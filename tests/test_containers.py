"""Fargate sizes, packing and the Fargate/EC2 break-even (course.containers)."""

from __future__ import annotations

import doctest
import math

import numpy as np
import pytest

import course.containers as containers
from course.containers import (
    HOURS_PER_MONTH,
    break_even_by_memory,
    break_even_curve,
    break_even_utilisation,
    comparable_instance_types,
    fargate_cpu_options,
    fargate_hourly,
    fargate_memory_options,
    fargate_sizes_table,
    fargate_task_size,
    instances_needed,
    is_valid_fargate_size,
    smallest_fargate_size,
    tasks_per_instance,
)
from course.errors import CourseInputError
from course.pricing.services import fargate_ec2_break_even


def test_doctests_pass():
    assert doctest.testmod(containers).failed == 0


def test_size_table_matches_the_ecs_documentation():
    # 0.25: 0.5/1/2; 0.5: 1..4 (4); 1: 2..8 (7); 2: 4..16 (13); 4: 8..30 (23);
    # 8: 16..60 step 4 (12); 16: 32..120 step 8 (12)
    counts = {v: len(fargate_memory_options(v)) for v in fargate_cpu_options()}
    assert counts == {0.25: 3, 0.5: 4, 1.0: 7, 2.0: 13, 4.0: 23, 8.0: 12, 16.0: 12}
    assert fargate_memory_options(16)[-1] == 120.0 and fargate_memory_options(8)[1] == 20.0
    table = fargate_sizes_table()
    assert table["sizes"].sum() == 74 and list(table["max_memory_gb"]) == [2, 4, 8, 16, 30, 60, 120]


@pytest.mark.parametrize("vcpu, memory, expected", [
    (0.25, 0.5, {"cpu": "256", "memory": "512"}),
    (4, 30, {"cpu": "4096", "memory": "30720"}),
    (8, 60, {"cpu": "8192", "memory": "61440"}),
    (16, 32, {"cpu": "16384", "memory": "32768"}),
])
def test_valid_sizes_give_task_definition_strings(vcpu, memory, expected):
    assert fargate_task_size(vcpu, memory) == expected and is_valid_fargate_size(vcpu, memory)


@pytest.mark.parametrize("vcpu, memory, fragment", [
    (3, 6, "vcpu=3"),                 # 3 vCPU is not a size
    ("1", 2, "vcpu"),                 # a string is not a number
    (1, 16, "memory_gb=16"),          # 1 vCPU stops at 8 GB
    (0.25, 0.75, "0.5, 1, 2"),        # lists what is allowed
    (8, 18, "16 to 60 in steps of 4"),
    (float("nan"), 2, "vcpu"),
    (1, -2, "memory_gb"),
    (True, 2, "vcpu"),
])
def test_invalid_sizes_are_refused_with_the_allowed_values(vcpu, memory, fragment):
    with pytest.raises(CourseInputError, match=None) as err:
        fargate_task_size(vcpu, memory)
    assert fragment in str(err.value)
    assert not is_valid_fargate_size(vcpu, memory)


@pytest.mark.parametrize("need, expected", [
    ((0.1, 0.1), (0.25, 0.5)),
    ((0.25, 3), (0.5, 3.0)),     # 0.25 vCPU stops at 2 GB
    ((1, 9), (2.0, 9.0)),        # 1 vCPU stops at 8 GB
    ((5, 8), (8.0, 16.0)),       # 8 vCPU starts at 16 GB
    ((16, 100), (16.0, 104.0)),  # 16 vCPU: 32, 40, ..., 96, 104
])
def test_smallest_size_that_fits(need, expected):
    assert smallest_fargate_size(*need) == expected


@pytest.mark.parametrize("need", [(17, 1), (1, 121), (-1, 1), ("a", 1), (1, None)])
def test_smallest_size_bad_inputs(need):
    with pytest.raises(CourseInputError):
        smallest_fargate_size(*need)


def test_fargate_hourly_by_hand():
    # us-east-1 x86: 2 x 0.04048 + 4 x 0.004445 = 0.09874; Spot: 2 x 0.01334053 + 4 x 0.00146489
    assert fargate_hourly(2, 4) == pytest.approx(0.09874)
    assert fargate_hourly(2, 4, spot=True) == pytest.approx(0.03254062)
    # Tokyo x86: 0.05056 + 2 x 0.005536 = 0.061632
    assert fargate_hourly(1, 2, "ap-northeast-1") == pytest.approx(0.061632)


@pytest.mark.parametrize("kwargs", [
    {"vcpu": 1, "memory_gb": 3.5}, {"vcpu": 1, "memory_gb": 2, "region": "eu-west-1"},
    {"vcpu": 1, "memory_gb": 2, "arch": "arm64", "spot": True},
    {"vcpu": 1, "memory_gb": 2, "spot": "yes"}, {"vcpu": 1, "memory_gb": 2, "arch": "arm"},
])
def test_fargate_hourly_bad_inputs(kwargs):
    with pytest.raises(CourseInputError):
        fargate_hourly(**kwargs)


@pytest.mark.parametrize("args, expected", [
    (("m5.large", 1, 2), 2),         # vCPU: 2 // 1 = 2; memory: 8 // 2 = 4
    (("m5.large", 0.25, 0.5), 8),    # vCPU: 2 // 0.25 = 8; memory 16
    (("r5.large", 0.5, 4), 4),       # vCPU 4, memory 16 // 4 = 4
    (("c5.large", 0.5, 2), 2),       # memory: 4 // 2 = 2
    (("m5.large", 4, 8), 0),         # does not fit
])
def test_tasks_per_instance_by_hand(args, expected):
    assert tasks_per_instance(*args) == expected


def test_reserved_memory_can_cost_a_task():
    # 8192 - 207 = 7985 MiB (the m4.large figure in the ECS docs); 7985 // 2048 = 3
    assert tasks_per_instance("m5.large", 0.5, 2, reserved_memory_mib=207) == 3
    assert tasks_per_instance("m5.large", 0.5, 2, reserved_memory_mib=0) == 4


@pytest.mark.parametrize("args", [
    ("m5.larg", 1, 2), ("m5.large", 0, 2), ("m5.large", 1, -1), ("m5.large", "1", 2),
    ("m5.large", 1, 2, "us-west-9"), ("m5.large", 1, 2, "us-east-1", -5),
])
def test_tasks_per_instance_bad_inputs(args):
    with pytest.raises(CourseInputError):
        tasks_per_instance(*args)


def test_instances_needed():
    assert instances_needed("c5.xlarge", 10, 1, 2) == 3      # 4 per instance, ceil(10 / 4)
    assert instances_needed("m5.large", 8, 1, 2) == 4        # 2 per instance
    assert instances_needed("m5.large", 1, 0.25, 0.5) == 1


@pytest.mark.parametrize("args", [
    ("m5.large", 0, 1, 2), ("m5.large", 2.5, 1, 2), ("m5.large", 3, 4, 8),
    ("m5.large", 3, 1, 9), ("x1.huge", 3, 1, 2),
])
def test_instances_needed_bad_inputs(args):
    with pytest.raises(CourseInputError):
        instances_needed(*args)


@pytest.mark.parametrize("task, instance", [
    ((1, 2), "m5.large"), ((2, 8), "m5.large"), ((0.5, 1), "c5.xlarge"), ((4, 30), "r5.2xlarge"),
    ((1, 4), "m6g.xlarge"),
])
def test_break_even_agrees_with_the_pricing_layer(task, instance):
    expected = fargate_ec2_break_even(instance, task_vcpu=task[0], task_memory_gb=task[1])
    assert break_even_utilisation(*task, instance) == pytest.approx(expected["break_even_utilisation"])


def test_break_even_by_hand_with_ec2_spot():
    # m5.large Spot: 0.096 x (1 - 0.59) = 0.03936; 4 tasks of 0.5 vCPU / 1 GB:
    # 4 x (0.02024 + 0.004445) = 0.09874 -> 0.03936 / 0.09874 = 0.39862
    assert break_even_utilisation(0.5, 1, "m5.large", ec2_spot=True) == pytest.approx(0.39862, abs=1e-5)
    # against Fargate Spot: 4 x (0.5 x 0.01334053 + 0.00146489) = 0.03254062 -> 1.20957
    assert break_even_utilisation(0.5, 1, "m5.large", ec2_spot=True,
                                  fargate_spot=True) == pytest.approx(1.20957, abs=1e-4)
    assert math.isnan(break_even_utilisation(4, 8, "m5.large"))


@pytest.mark.parametrize("args", [
    (1, 2, "m5.large", "us-east-1", "no"), (1, 3.3, "m5.large"), (1, 2, "m5"),
    (3, 6, "m5.large"), (1, 2, "m5.large", "us-east-1", False, True, -1),
])
def test_break_even_bad_inputs(args):
    with pytest.raises(CourseInputError):
        break_even_utilisation(*args)


def test_curve_lines_cross_at_the_break_even():
    c = break_even_curve(2, 8, "m5.large", points=1001)
    assert c["tasks_per_instance"] == 1 and c["break_even"] == pytest.approx(0.823893, abs=1e-6)
    i = int(np.argmin(np.abs(c["utilisation"] - c["break_even"])))
    assert c["fargate"][i] == pytest.approx(c["ec2"][i], rel=2e-3)
    # full month: 0.096 x 730 = 70.08 on EC2; 1 task x 0.11652 x 730 = 85.0596 on Fargate
    assert c["ec2"][-1] == pytest.approx(70.08) and c["fargate"][-1] == pytest.approx(85.0596)
    assert c["fargate_spot"][-1] == pytest.approx((2 * 0.01334053 + 8 * 0.00146489) * HOURS_PER_MONTH)


def test_curve_for_arm_has_no_fargate_spot_and_no_fit_is_nan():
    arm = break_even_curve(1, 2, "m6g.large", points=3)
    assert np.isnan(arm["fargate_spot"]).all() and not np.isnan(arm["fargate"]).any()
    none = break_even_curve(16, 32, "m5.large", points=3)
    assert none["tasks_per_instance"] == 0 and np.isnan(none["ec2"]).all()


@pytest.mark.parametrize("kwargs", [
    {"points": 1}, {"points": 2.5}, {"ec2_spot": 1}, {"region": "mars-1"}, {"instance_type": "m5"},
])
def test_curve_bad_inputs(kwargs):
    args = {"task_vcpu": 1, "task_memory_gb": 2, "instance_type": "m5.large", **kwargs}
    with pytest.raises(CourseInputError):
        break_even_curve(**args)


def test_break_even_by_memory_shows_packing_steps():
    out = break_even_by_memory(1, "m5.large")
    # 2, 3, 4 GB: 2 per m5.large; 5..8 GB: 1 per instance (8 GiB // 5 = 1)
    assert out["memory_gb"].tolist() == [2, 3, 4, 5, 6, 7, 8]
    # 4 GB: 0.096 / (2 x (0.04048 + 4 x 0.004445)) = 0.096 / 0.11652 = 0.82389
    assert out["break_even"][2] == pytest.approx(0.823893, abs=1e-6)
    assert np.isnan(break_even_by_memory(16, "m5.large")["break_even"]).all()


def test_comparable_types_follow_fargate_rates():
    assert "m6g.large" in comparable_instance_types("us-east-1")
    tokyo = comparable_instance_types("ap-northeast-1")
    assert tokyo and all(not t.startswith(("m7g", "c7g")) for t in tokyo)
    with pytest.raises(CourseInputError):
        comparable_instance_types("eu-west-1")


def good_spot_request() -> dict:
    return {"taskDefinition": "job:1", "count": 5,
            "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}}}


def test_a_good_fargate_spot_request_has_no_problems():
    assert containers.run_task_problems(good_spot_request()) == []
    on_ec2 = {"taskDefinition": "job:1", "launchType": "EC2"}   # EC2 tasks need no awsvpc
    assert containers.run_task_problems(on_ec2) == []


@pytest.mark.parametrize("change, fragment", [
    ({"launchType": "FARGATE"}, "not both"),
    ({"networkConfiguration": {}}, "awsvpc"),
    ({"capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1},
                                   {"capacityProvider": "my-asg-provider", "weight": 1}]}, "cannot mix"),
    ({"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "weight": 0},
                                   {"capacityProvider": "FARGATE_SPOT"}]}, "weight above 0"),
    ({"capacityProviderStrategy": [{"capacityProvider": "FARGATE", "base": 1, "weight": 1},
                                   {"capacityProvider": "FARGATE_SPOT", "base": 2, "weight": 3}]},
     "Only one"),
    ({"count": 11}, "at most 10"),
])
def test_run_task_problems_find_each_broken_rule(change, fragment):
    problems = containers.run_task_problems({**good_spot_request(), **change})
    assert len(problems) == 1 and fragment in problems[0]


@pytest.mark.parametrize("params", [None, [], "taskDefinition", 3, ("a", "b")])
def test_run_task_problems_bad_inputs(params):
    with pytest.raises(CourseInputError, match="params"):
        containers.run_task_problems(params)


@pytest.mark.parametrize("vcpu", [3, 0, -1, "2", None, 32])
def test_memory_options_bad_vcpu(vcpu):
    with pytest.raises(CourseInputError, match="vcpu"):
        fargate_memory_options(vcpu)


@pytest.mark.parametrize("region", ["eu-west-1", "", None, 1, "US-EAST-1"])
def test_region_checks(region):
    with pytest.raises(CourseInputError, match="region"):
        containers.check_region(region)
    with pytest.raises(CourseInputError, match="region"):
        comparable_instance_types(region)


@pytest.mark.parametrize("args", [
    (3, "m5.large"), (1, "m5.huge"), (1, "m5.large", "mars-1"), (1, "m5.large", "us-east-1", "yes"),
    (1, "m5.large", "us-east-1", False, -10),
])
def test_break_even_by_memory_bad_inputs(args):
    with pytest.raises(CourseInputError):
        break_even_by_memory(*args)
