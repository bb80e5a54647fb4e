"""Tests for course.autoscaling: hand-computed runs, invariants, request shapes, bad inputs."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.autoscaling import (
    ScalingPolicy,
    Workload,
    asg_request,
    backlog_per_instance,
    cheapest_settings,
    instances_wanted,
    scaling_policy_request,
    simulate,
    sweep,
)
from course.awsshapes import validate_request
from course.errors import CourseInputError
from course.pricing.catalog import on_demand_hourly, spot_hourly


def test_backlog_per_instance_matches_the_aws_formula():
    assert backlog_per_instance(1500, 10) == 150.0  # 1500 visible / 10 InService
    assert backlog_per_instance(0, 0) == 0.0
    assert backlog_per_instance(5, 0) == math.inf


def test_instances_wanted_rounds_up():
    assert instances_wanted(1500, 100) == 15   # 1500 / 100
    assert instances_wanted(1501, 100) == 16   # 15.01 -> 16
    assert instances_wanted(0, 5) == 0


def test_arrivals_spread_evenly_in_whole_jobs():
    # cumulative floor(10 * m / 4) for m = 0..4: 0, 2, 5, 7, 10
    assert Workload(jobs=10, spread_minutes=4).arrivals(6) == [2, 3, 2, 3, 0, 0]
    assert Workload(jobs=7).arrivals(3) == [7, 0, 0]


def test_one_instance_two_jobs_by_hand():
    # minute 0 launch, boots 1 min; jobs run minutes 1-2 and 3-4 -> last job done at t = 5.
    # From minute 4 the queue is empty (wanted 0); after 15 such minutes (minute 18) it scales in:
    # billed 18 minutes = 0.3 h of c5.large On-Demand.
    run = simulate(ScalingPolicy(max_instances=1, boot_minutes=1), Workload(jobs=2, job_minutes=2))
    s = run.summary
    assert s["finish_minute"] == 5
    assert s["billed_instance_hours"] == pytest.approx(0.3)
    assert s["busy_instance_hours"] == pytest.approx(4 / 60, abs=1e-6)
    assert s["idle_instance_hours"] == pytest.approx(0.3 - 4 / 60, abs=1e-6)
    assert s["cost_usd"] == pytest.approx(0.3 * on_demand_hourly("c5.large"), abs=1e-6)
    assert run.timeline["cost_usd"].iloc[-1] == pytest.approx(s["cost_usd"], abs=1e-6)


def test_scale_out_is_capped_and_burst_finishes_by_hand():
    # 40 jobs x 2 min, boot 4: target 5 wants 8 instances, max 4 -> 10 jobs each = 20 min + 4 boot.
    s = simulate(ScalingPolicy(target_backlog=5, max_instances=4), Workload(jobs=40)).summary
    assert (s["finish_minute"], s["peak_instances"], s["launches"]) == (24, 4, 4)
    # target 50 wants ceil(40 / 50) = 1 instance: 40 x 2 = 80 min + 4 boot.
    s = simulate(ScalingPolicy(target_backlog=50, max_instances=4), Workload(jobs=40)).summary
    assert (s["finish_minute"], s["peak_instances"]) == (84, 1)


def test_min_instances_stay_and_are_billed_all_night():
    # A cron-style fixed fleet: min = max = 2, kept for the whole 240-minute horizon.
    run = simulate(ScalingPolicy(min_instances=2, max_instances=2), Workload(jobs=10),
                   horizon_minutes=240)
    assert run.summary["billed_instance_hours"] == pytest.approx(8.0)  # 2 x 240 min
    assert run.summary["busy_instance_hours"] == pytest.approx(20 / 60)  # 10 jobs x 2 min
    assert (run.timeline["instances"] == 2).all()


def test_spot_share_and_on_demand_base():
    policy = ScalingPolicy(target_backlog=1, max_instances=6, spot_share=0.5, on_demand_base=2,
                           spot_interruptions_per_hour=0)
    run = simulate(policy, Workload(jobs=60))
    peak = run.timeline.loc[run.timeline["instances"].idxmax()]
    # 6 instances: base 2 On-Demand, 4 above base, 50% of those (2) On-Demand -> 2 Spot.
    assert (peak["instances"], peak["spot"]) == (6, 2)
    cheaper = simulate(ScalingPolicy(max_instances=6, spot_share=1.0, spot_interruptions_per_hour=0),
                       Workload(jobs=60)).summary["cost_usd"]
    full = simulate(ScalingPolicy(max_instances=6), Workload(jobs=60)).summary["cost_usd"]
    assert cheaper == pytest.approx(full * spot_hourly("c5.large") / on_demand_hourly("c5.large"), abs=1e-5)


def test_interrupted_work_returns_to_the_queue_and_rebalancing_drains_first():
    stormy = dict(target_backlog=5, max_instances=10, spot_share=1.0, spot_interruptions_per_hour=1.0)
    work = Workload(jobs=300, job_minutes=4)
    plain = simulate(ScalingPolicy(**stormy), work, seed=3).summary
    assert plain["interruptions"] > 0 and plain["jobs_requeued"] > 0
    assert plain["jobs_done"] == 300
    rebalanced = simulate(ScalingPolicy(**stormy, capacity_rebalance=True), work, seed=3).summary
    # A 10-minute warning is longer than a 4-minute job: no job is ever cut off.
    assert rebalanced["jobs_requeued"] == 0 and rebalanced["jobs_done"] == 300


def test_runs_are_deterministic_for_a_seed():
    policy = ScalingPolicy(spot_share=0.8, spot_interruptions_per_hour=0.5)
    a = simulate(policy, Workload(), seed=7)
    b = simulate(policy, Workload(), seed=7)
    assert a.summary == b.summary and a.timeline.equals(b.timeline)


@settings(max_examples=30, deadline=None)
@given(jobs=st.integers(0, 150), job_minutes=st.integers(1, 5), spread=st.integers(0, 60),
       target=st.sampled_from([1, 3, 10, 50]), low=st.integers(0, 3), high=st.integers(3, 12),
       boot=st.integers(1, 8), spot=st.sampled_from([0.0, 0.5, 1.0]),
       hazard=st.sampled_from([0.0, 0.2, 0.6]), rebalance=st.booleans(), seed=st.integers(0, 50))
def test_invariants(jobs, job_minutes, spread, target, low, high, boot, spot, hazard, rebalance,
                    seed):
    policy = ScalingPolicy(target_backlog=target, min_instances=low, max_instances=high,
                           boot_minutes=boot, spot_share=spot, spot_interruptions_per_hour=hazard,
                           capacity_rebalance=rebalance)
    horizon = 600 + 3 * jobs * job_minutes
    run = simulate(policy, Workload(jobs=jobs, job_minutes=job_minutes, spread_minutes=spread,
                                    deadline_minutes=60), horizon_minutes=horizon, seed=seed)
    t, s = run.timeline, run.summary
    assert t["instances"].between(0, high).all()
    assert (t["instances"] >= low).all()
    assert (t["queue"] >= 0).all()
    assert (t["cost_usd"].diff().fillna(0) >= 0).all() and s["cost_usd"] >= 0
    assert s["jobs_done"] == jobs and s["finish_minute"] is not None  # capacity > 0: all work done
    assert s["idle_instance_hours"] >= -1e-9
    assert t["done"].is_monotonic_increasing


def test_requests_validate_against_botocore():
    policy = ScalingPolicy(spot_share=0.75, on_demand_base=1, capacity_rebalance=True)
    asg = validate_request("autoscaling", "CreateAutoScalingGroup", asg_request(policy))
    dist = asg["MixedInstancesPolicy"]["InstancesDistribution"]
    assert dist == {"OnDemandBaseCapacity": 1, "OnDemandPercentageAboveBaseCapacity": 25,
                    "SpotAllocationStrategy": "price-capacity-optimized"}
    assert asg["CapacityRebalance"] is True
    put = validate_request("autoscaling", "PutScalingPolicy", scaling_policy_request(policy))
    metrics = put["TargetTrackingConfiguration"]["CustomizedMetricSpecification"]["Metrics"]
    assert metrics[2]["Expression"] == "m1 / m2"
    assert metrics[0]["MetricStat"]["Metric"]["MetricName"] == "ApproximateNumberOfMessagesVisible"


def test_a_misspelt_field_is_rejected():
    from botocore.exceptions import ParamValidationError

    request = asg_request(ScalingPolicy())
    request["MixedInstancesPolicy"]["InstancesDistribution"]["OnDemandPercentage"] = 25
    with pytest.raises(ParamValidationError):
        validate_request("autoscaling", "CreateAutoScalingGroup", request)


def test_cheapest_settings_meets_the_deadline_and_beats_the_grid():
    work = Workload(jobs=120, deadline_minutes=40)
    table = sweep(work, targets=(2, 5, 20), maxes=(4, 8, 16))
    best = cheapest_settings(work, targets=(2, 5, 20), maxes=(4, 8, 16))
    assert best["met_deadline"] and best["finish_minute"] <= 40
    assert best["cost_usd"] == table[table["met_deadline"]]["cost_usd"].min()
    with pytest.raises(CourseInputError, match="deadline"):
        cheapest_settings(Workload(jobs=120, deadline_minutes=5), targets=(5,), maxes=(4,))


@pytest.mark.parametrize("kwargs", [
    {"target_backlog": 0}, {"max_instances": 0}, {"min_instances": 5, "max_instances": 2},
    {"boot_minutes": 1.5}, {"spot_share": 1.2}, {"instance_type": "c5.huge"},
    {"on_demand_base": 20, "max_instances": 10}, {"capacity_rebalance": "yes"},
    {"spot_interruptions_per_hour": -1},
])
def test_bad_policies(kwargs):
    with pytest.raises(CourseInputError):
        ScalingPolicy(**kwargs)


@pytest.mark.parametrize("kwargs", [
    {"jobs": -1}, {"job_minutes": 0}, {"deadline_minutes": 0}, {"spread_minutes": 1.5},
    {"jobs": "many"},
])
def test_bad_workloads(kwargs):
    with pytest.raises(CourseInputError):
        Workload(**kwargs)


@pytest.mark.parametrize("args,kwargs", [
    (("policy", Workload()), {}), ((ScalingPolicy(), {"jobs": 3}), {}),
    ((ScalingPolicy(), Workload(deadline_minutes=100)), {"horizon_minutes": 50}),
    ((ScalingPolicy(), Workload()), {"seed": -1}), ((ScalingPolicy(), Workload()), {"horizon_minutes": 1.5}),
])
def test_bad_simulate_inputs(args, kwargs):
    with pytest.raises(CourseInputError):
        simulate(*args, **kwargs)


@pytest.mark.parametrize("args", [(-1, 1), (1, -1), (1, 1.5), ("a", 1), (math.nan, 1)])
def test_bad_backlog_inputs(args):
    with pytest.raises(CourseInputError):
        backlog_per_instance(*args)


@pytest.mark.parametrize("args", [(-1, 1), (1, 0), (1, "x"), (math.inf, 1), (None, 1)])
def test_bad_wanted_inputs(args):
    with pytest.raises(CourseInputError):
        instances_wanted(*args)


@pytest.mark.parametrize("function", [asg_request, scaling_policy_request])
@pytest.mark.parametrize("bad", [None, "policy", 3, {"target_backlog": 5}, Workload()])
def test_request_builders_need_a_policy(function, bad):
    with pytest.raises(CourseInputError):
        function(bad)


@pytest.mark.parametrize("bad", [None, "x", 3, {"jobs": 2}, ScalingPolicy()])
def test_sweep_needs_a_workload(bad):
    with pytest.raises(CourseInputError):
        sweep(bad, targets=(5,), maxes=(2,))


def test_exercise_q2_rule_accepts_the_optimum_and_rejects_poor_settings():
    # The hidden test of exercise 05 q2: meet 150 min and cost <= 1.03 x the grid optimum.
    night = Workload(jobs=1800, job_minutes=3, deadline_minutes=150)
    best = cheapest_settings(night)
    assert (best["target_backlog"], best["max_instances"]) == (5, 40)

    def passes(target, high):
        s = simulate(ScalingPolicy(target_backlog=target, max_instances=high), night).summary
        return s["met_deadline"] and s["cost_usd"] <= 1.03 * best["cost_usd"]

    assert passes(5, 40) and passes(4, 40) and passes(5, 50)
    assert not passes(10, 60)   # too lazy: finishes at minute 160
    assert not passes(1, 60)    # too eager: about 14% dearer
    assert not passes(5, 35)    # too small: finishes at minute 172
