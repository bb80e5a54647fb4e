"""Lesson 12 model: effective Spot saving, checkpoint intervals, and the simulator cross-check."""

from __future__ import annotations

import doctest
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course.spotjobs as spotjobs
from course.errors import CourseInputError
from course.pricing import catalog
from course.pricing.spot import spot_job
from course.spotjobs import (
    DEFAULT_RETRY,
    advisor_buckets,
    best_interval,
    checkpoint_plan,
    effective_saving,
    interval_curve,
    model_vs_simulation,
    per_job,
    run_spot_workload,
    saving_table,
)


def test_doctests_pass():
    assert doctest.testmod(spotjobs).failed == 0


def test_no_interruptions_means_the_nominal_discount():
    assert effective_saving(3.0, 0.0, 0.61) == pytest.approx(0.61)


def test_saving_shrinks_with_rate_and_length_and_can_turn_negative():
    assert effective_saving(4, 0.1, 0.6) < effective_saving(4, 0.01, 0.6) < 0.6
    assert effective_saving(24, 0.1, 0.6) < effective_saving(4, 0.1, 0.6)
    assert effective_saving(24, 0.5, 0.6) < 0          # rework eats the whole discount


def test_checkpoints_recover_most_of_the_loss_on_long_jobs():
    plain = effective_saving(24, 0.2, 0.6)
    saved = effective_saving(24, 0.2, 0.6, checkpoint_interval_hours=0.5,
                             checkpoint_overhead_hours=1 / 60)
    assert plain < 0 < saved < 0.6


@settings(max_examples=60, deadline=None)
@given(work=st.floats(0.1, 48), low=st.floats(0, 0.5), extra=st.floats(0.001, 0.5),
       discount=st.floats(0.1, 0.9))
def test_a_higher_interruption_rate_never_saves_more(work, low, extra, discount):
    assert effective_saving(work, low + extra, discount) <= effective_saving(work, low, discount) + 1e-12


def test_saving_table_matches_effective_saving():
    table = saving_table([1, 8], [0.0, 0.2], 0.5)
    assert table.shape == (2, 2)
    assert table.loc[0.2, 8.0] == pytest.approx(effective_saving(8, 0.2, 0.5))


def test_advisor_buckets_grow_riskier_and_short_jobs_are_rarely_hit():
    table = advisor_buckets((1.0, 24.0))
    hazards = table.iloc[:, 2].tolist()
    assert hazards == sorted(hazards) and len(table) == 5
    one_hour = table.iloc[:, 4]
    assert (one_hour < 0.001).all()                   # even ">20%" a month is rare per hour
    assert (table.iloc[:, 5] > one_hour).all()


def test_interval_curve_has_its_minimum_near_the_best_interval():
    work, hazard, overhead = 8.0, 0.2, 2 / 60
    curve = interval_curve(work, hazard, overhead, points=400)
    best = best_interval(work, hazard, overhead)
    tau_min = curve.loc[curve["expected_hours"].idxmin(), "interval_hours"]
    assert tau_min == pytest.approx(best["exact"], rel=0.15)
    assert best["daly"] == pytest.approx(best["exact"], rel=0.02)
    # the right end (interval = job length) is the job without checkpoints
    assert curve["expected_hours"].iloc[-1] == pytest.approx(spot_job(work, hazard, 1.0)["expected_hours"])


def test_checkpoints_do_not_pay_at_advisor_rates_for_short_jobs():
    out = best_interval(2.0, 3.4e-4, 1 / 60)
    assert out["checkpoints_pay"] == 0.0 and out["exact"] == 2.0


def test_checkpoint_plan_adds_one_overhead_per_written_checkpoint():
    plan = checkpoint_plan(2.0, 0.5, 60 / 3600)       # 4 stretches, 3 checkpoints
    assert plan == {"duration_s": 7200 + 3 * 60, "checkpoint_every_s": 1800 + 60}
    assert checkpoint_plan(2.0, 3.0)["checkpoint_every_s"] == 0
    assert checkpoint_plan(2.0)["duration_s"] == 7200


def test_simulated_workload_without_interruptions_costs_the_spot_price():
    batch = run_spot_workload(0.5, 0.0, jobs=5)
    frame = per_job(batch)
    assert frame["succeeded"].all() and (frame["interruptions"] == 0).all()
    assert frame["spot_hours"].tolist() == pytest.approx([0.5] * 5)


def test_interrupted_jobs_are_retried_by_the_default_strategy():
    batch = run_spot_workload(2.0, 0.3, jobs=40, seed=3)  # 0.45 chance per attempt to be hit
    frame = per_job(batch)
    assert frame["succeeded"].all()
    assert frame["interruptions"].sum() > 10
    assert (frame["attempts"] == frame["interruptions"] + 1).all()
    reasons = batch.attempts_frame()["status_reason"]
    assert reasons.str.startswith("Host EC2").sum() == frame["interruptions"].sum()


def test_one_attempt_means_an_interrupted_job_fails():
    once = {"attempts": 1, "evaluateOnExit": DEFAULT_RETRY["evaluateOnExit"]}
    batch = run_spot_workload(2.0, 0.5, jobs=20, seed=3, retry_strategy=once)
    assert not per_job(batch)["succeeded"].all()
    with pytest.raises(CourseInputError, match="did not succeed"):
        model_vs_simulation(6.0, 2.0, jobs=20)  # 10 attempts are not enough at 2 per hour


@pytest.mark.parametrize("checkpoint", [None, 0.5])
def test_model_and_simulator_agree(checkpoint):
    table = model_vs_simulation(4.0, 0.2, jobs=300, checkpoint_interval_hours=checkpoint,
                                checkpoint_overhead_hours=2 / 60 if checkpoint else 0.0, seed=2)
    model, sim, margin = table.iloc[:, 0], table.iloc[:, 1], table.iloc[:, 2]
    assert sim.iloc[0] == pytest.approx(model.iloc[0], rel=0.2)     # interruptions per job
    assert sim.iloc[2] == pytest.approx(model.iloc[2], rel=0.05)    # Spot hours per job
    assert margin.iloc[0] > 0
    assert sim.iloc[4] > sim.iloc[3]                                # billing adds boot and idle
    assert sim.iloc[5] == pytest.approx(4.0 * catalog.on_demand_hourly("c5.large"))


@pytest.mark.parametrize(("call", "name"), [
    (lambda: effective_saving(2, 0.1, 1.5), "discount"),
    (lambda: effective_saving(-1, 0.1, 0.5), "work_hours"),
    (lambda: effective_saving(2, -0.1, 0.5), "hazard_per_hour"),
    (lambda: saving_table([], [0.1], 0.5), "job_hours"),
    (lambda: saving_table([1], "fast", 0.5), "hazards"),
    (lambda: interval_curve(4, 0.1, -1), "checkpoint_overhead_hours"),
    (lambda: best_interval(4, 0.0, 0.1), "hazard_per_hour"),
    (lambda: checkpoint_plan(2, 0), "checkpoint_interval_hours"),
    (lambda: run_spot_workload(1, 0.1, jobs=0), "jobs"),
    (lambda: run_spot_workload(1, 0.1, jobs=2, instance_type="c5.larg"), "instance_type"),
    (lambda: run_spot_workload(1, 0.1, seed=1.5), "seed"),
    (lambda: per_job("not a simulator"), "batch"),
    (lambda: advisor_buckets(()), "job_hours"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(CourseInputError, match=name):
        call()


def test_effective_saving_formula():
    d, w, h = 0.6, 4.0, 0.1
    assert effective_saving(w, h, d) == pytest.approx(1 - (1 - d) * math.expm1(h * w) / h / w)


def test_free_checkpoints_give_a_one_second_interval():
    from course.spotjobs import MIN_INTERVAL_HOURS, best_interval

    out = best_interval(8.0, 0.2, 0.0)
    assert out["exact"] == out["young"] == out["daly"] == MIN_INTERVAL_HOURS
    assert out["checkpoints_pay"] == 1.0
