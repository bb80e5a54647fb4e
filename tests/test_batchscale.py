"""Tests for course.batchscale (lesson 04): sizing Batch compute environments in the simulator.

Timing assumptions of the simulator (course.batch.presets.Timing): 1 s scheduler, 90 s
instance boot, 10 s container start, 300 s idle before scale-down; EC2 billed per second.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from course.batchscale import (
    RenderWorkload,
    cheapest_plan,
    compute_resources,
    default_purchase,
    evaluate_plan,
    label,
    simulate,
    smallest_max_vcpus,
    stressed_spot_hazard,
    sweep,
)
from course.errors import CourseInputError
from course.pricing.catalog import on_demand_hourly, spot_hourly

FOUR = RenderWorkload(jobs=4, job_seconds=600)
EIGHT = RenderWorkload(jobs=8, job_seconds=600)


def test_workload_vcpu_hours():
    # 200 jobs × 900 s × 2 vCPU = 360,000 vCPU-s = 100 vCPU-hours
    assert RenderWorkload(jobs=200, job_seconds=900).vcpu_hours == 100.0


@pytest.mark.parametrize("kwargs", [
    {"jobs": 1}, {"jobs": 10_001}, {"jobs": 2.5}, {"job_seconds": 0}, {"vcpus": 0},
    {"memory_mib": 100}, {"jobs": True},
])
def test_workload_rejects_bad_input(kwargs):
    with pytest.raises(CourseInputError):
        RenderWorkload(**kwargs)


def test_compute_resources_spot_gets_fleet_role_and_on_demand_does_not():
    spot = compute_resources(64, "SPOT_PRICE_CAPACITY_OPTIMIZED")
    on_demand = compute_resources(64, "BEST_FIT", min_vcpus=8)
    assert spot["type"] == "SPOT" and "spotIamFleetRole" in spot
    assert on_demand["type"] == "EC2" and "spotIamFleetRole" not in on_demand
    assert on_demand["minvCpus"] == 8 and on_demand["maxvCpus"] == 64


@pytest.mark.parametrize("args, kwargs", [
    ((0, "BEST_FIT"), {}),
    ((1.5, "BEST_FIT"), {}),
    (("64", "BEST_FIT"), {}),
    ((64, "CHEAPEST"), {}),
    ((64, "BEST_FIT", "FARGATE"), {}),
    ((64, "SPOT_CAPACITY_OPTIMIZED", "EC2"), {}),
    ((64, "BEST_FIT"), {"min_vcpus": 128}),
    ((5000, "BEST_FIT"), {}),
])
def test_compute_resources_rejects_bad_input(args, kwargs):
    with pytest.raises(CourseInputError):
        compute_resources(*args, **kwargs)


def test_default_purchase_and_label():
    assert default_purchase("BEST_FIT_PROGRESSIVE") == "EC2"
    assert default_purchase("SPOT_PRICE_CAPACITY_OPTIMIZED") == "SPOT"
    assert label("EC2", "BEST_FIT") == "On-Demand · BEST_FIT"


@pytest.mark.parametrize("call", [
    lambda: default_purchase("best_fit"),
    lambda: default_purchase(None),
    lambda: label("ONDEMAND", "BEST_FIT"),
    lambda: label("SPOT", "FASTEST"),
    lambda: label(None, "BEST_FIT"),
])
def test_names_reject_bad_input(call):
    with pytest.raises(CourseInputError):
        call()


def test_simulate_one_wave_on_demand_matches_hand_computation():
    result = simulate(8, "BEST_FIT_PROGRESSIVE", workload=FOUR)
    # 8 vCPU ÷ 2 per job = 4 jobs at once: one wave.
    # Last job ends at 1 s scheduler + 90 s boot + 10 s start + 600 s run = 701 s = 11.68 min.
    assert result["makespan_min"] == pytest.approx(701 / 60, abs=0.005)
    assert result["instances"] == 4 and result["instance_types"] == "c6i.large"
    # Each c6i.large is billed from launch (1 s) to scale-down 300 s after 701 s: 1,000 s.
    expected = 4 * 1000 * on_demand_hourly("c6i.large") / 3600
    assert result["cost_usd"] == pytest.approx(expected, abs=1e-4)


def test_simulate_spot_price_capacity_uses_cheaper_spot_capacity():
    result = simulate(8, "SPOT_PRICE_CAPACITY_OPTIMIZED", workload=FOUR)
    # Two c6i.xlarge (4 vCPU, two jobs each), same 1,000 s each at the catalogue Spot price.
    assert result["purchase"] == "SPOT" and result["instance_types"] == "c6i.xlarge"
    expected = 2 * 1000 * spot_hourly("c6i.xlarge") / 3600
    assert result["cost_usd"] == pytest.approx(expected, abs=1e-4)


@pytest.mark.parametrize("kwargs", [
    {"max_vcpus": -1}, {"strategy": "NOPE"}, {"purchase": "SPOT", "strategy": "NOPE"},
    {"workload": "big"}, {"min_vcpus": 99}, {"seed": 1.5},
])
def test_simulate_rejects_bad_input(kwargs):
    args = {"max_vcpus": 8, "strategy": "BEST_FIT", "workload": FOUR, **kwargs}
    with pytest.raises(CourseInputError):
        simulate(**args)


def test_sweep_makespan_falls_in_waves_and_cost_rises_with_max_vcpus():
    table = sweep((8, 16), (("EC2", "BEST_FIT_PROGRESSIVE"),), workload=EIGHT)
    # 8 vCPU: 4 jobs at once, 2 waves: 701 s + (10 s start + 600 s) = 1,311 s = 21.85 min.
    # 16 vCPU: 8 at once, 1 wave: 701 s = 11.68 min.
    assert table["makespan_min"].tolist() == pytest.approx([1311 / 60, 701 / 60], abs=0.005)
    # 8 vCPU: 4 instances × (1,311 − 1 + 300) s = 6,440 s; 16 vCPU: 8 × 1,000 s = 8,000 s.
    price = on_demand_hourly("c6i.large") / 3600
    assert table["cost_usd"].tolist() == pytest.approx([6440 * price, 8000 * price], abs=1e-4)


@pytest.mark.parametrize("args", [((),), ((8,), ())])
def test_sweep_rejects_empty_grids(args):
    with pytest.raises(CourseInputError):
        sweep(*args, workload=FOUR)


TABLE = pd.DataFrame({
    "max_vcpus": [16, 32, 64, 16, 32, 64],
    "strategy": ["A", "A", "A", "B", "B", "B"],
    "makespan_min": [90.0, 50.0, 30.0, 90.0, 50.0, 30.0],
    "cost_usd": [1.0, 1.1, 1.2, 0.5, 0.55, 0.6],
})


def test_cheapest_plan_and_smallest_max_vcpus():
    assert cheapest_plan(TABLE, 60)["cost_usd"] == 0.55  # B at 32: cheapest of rows with ≤ 60 min
    assert cheapest_plan(TABLE, 95)["max_vcpus"] == 16
    assert smallest_max_vcpus(TABLE, 40, "A") == 64


@pytest.mark.parametrize("call", [
    lambda: cheapest_plan(TABLE, 10),  # nothing that fast
    lambda: cheapest_plan(TABLE, 0),
    lambda: cheapest_plan(TABLE, "soon"),
    lambda: cheapest_plan(TABLE, math.nan),
    lambda: smallest_max_vcpus(TABLE, 60, "C"),
    lambda: smallest_max_vcpus(TABLE, 20, "A"),
])
def test_cheapest_plan_rejects_bad_input(call):
    with pytest.raises(CourseInputError):
        call()


def test_evaluate_plan_compares_with_the_grid_optimum():
    on_demand = evaluate_plan({"max_vcpus": 16, "strategy": "BEST_FIT_PROGRESSIVE"}, 15,
                              workload=EIGHT, grid=(8, 16))
    # On-Demand at 16 vCPU meets 15 min (11.68); the optimum is Spot price-capacity at 16 vCPU:
    # 4 c6i.xlarge × 1,000 s at the Spot price.
    assert on_demand["meets_deadline"]
    optimum = 4 * 1000 * spot_hourly("c6i.xlarge") / 3600
    assert on_demand["optimum_cost_usd"] == pytest.approx(optimum, abs=1e-4)
    assert on_demand["cost_ratio"] > 2  # On-Demand c6i.large costs > 2× that Spot capacity
    slow = evaluate_plan({"max_vcpus": 8, "strategy": "SPOT_PRICE_CAPACITY_OPTIMIZED"}, 15,
                         workload=EIGHT, grid=(8, 16))
    assert not slow["meets_deadline"]  # two waves: 21.85 min


@pytest.mark.parametrize("plan, deadline", [
    ("64 vCPUs", 60),
    ({"strategy": "BEST_FIT"}, 60),
    ({"max_vcpus": 64}, 60),
    ({"max_vcpus": 64, "strategy": "BEST_FIT"}, -5),
    ({"max_vcpus": 64, "strategy": "SPOT_CAPACITY_OPTIMIZED", "purchase": "EC2"}, 60),
    ({"max_vcpus": 0, "strategy": "BEST_FIT"}, 60),
])
def test_evaluate_plan_rejects_bad_input(plan, deadline):
    with pytest.raises(CourseInputError):
        evaluate_plan(plan, deadline, workload=FOUR, grid=(8,))


def test_stressed_spot_hazard_keeps_relative_risk():
    hazard = stressed_spot_hazard(2000)
    # c6i.large: 15-20 % bucket → 0.175 a month → −ln(0.825)/730 × 2000 = 0.527 per hour
    assert hazard["c6i.large"] == pytest.approx(-math.log(0.825) / 730 * 2000, rel=1e-9)
    # r6i.large: 10-15 % bucket → 0.125 → −ln(0.875)/730 × 2000 = 0.366 per hour
    assert hazard["r6i.large"] == pytest.approx(-math.log(0.875) / 730 * 2000, rel=1e-9)


def test_capacity_optimised_prefers_the_less_interrupted_type():
    hazard = stressed_spot_hazard(2000)
    safe = simulate(8, "SPOT_CAPACITY_OPTIMIZED", workload=FOUR, spot_interruptions_per_hour=hazard)
    cheap = simulate(8, "SPOT_PRICE_CAPACITY_OPTIMIZED", workload=FOUR,
                     spot_interruptions_per_hour=hazard)
    assert hazard[safe["instance_types"]] < hazard[cheap["instance_types"]]


@pytest.mark.parametrize("value", [-1, "x", math.inf, None, 1e7])
def test_stressed_spot_hazard_rejects_bad_input(value):
    with pytest.raises(CourseInputError):
        stressed_spot_hazard(value)
