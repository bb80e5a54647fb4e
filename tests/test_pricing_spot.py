"""Tests for course.pricing.spot (analytic Spot interruption model)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from course.errors import CourseInputError
from course.pricing import spot

NAN = float("nan")


def test_no_interruptions_is_just_the_work():
    out = spot.spot_job(5.0, 0.0, 0.1)
    assert out["expected_hours"] == 5.0
    assert out["expected_cost"] == pytest.approx(0.5)   # 5 h * 0.1 $/h
    assert out["expected_interruptions"] == 0.0
    assert out["extra_cost"] == 0.0


def test_restart_from_scratch_hand_computed():
    # lambda = 0.1/h, W = 10 h: E[T] = (e^(0.1*10) - 1) / 0.1 = 17.1828 h
    out = spot.spot_job(10.0, 0.1, 0.05)
    assert out["expected_hours"] == pytest.approx(math.expm1(1.0) / 0.1)
    assert out["expected_interruptions"] == pytest.approx(math.e - 1)   # 1.718
    assert out["expected_cost"] == pytest.approx(17.182818 * 0.05, rel=1e-6)
    assert out["lost_hours"] == pytest.approx(7.182818, rel=1e-6)
    assert out["extra_cost"] == pytest.approx(7.182818 * 0.05, rel=1e-6)


def test_checkpointing_hand_computed():
    # tau = 5 h, C = 0.1 h, W = 10 h: one checkpointed stretch of 5.1 h, then 5 h.
    # E[T] = (e^0.51 - 1)/0.1 + (e^0.5 - 1)/0.1 = 6.6529 + 6.4872 = 13.1401 h
    hours = spot.expected_runtime(10.0, 0.1, 5.0, 0.1)
    assert hours == pytest.approx(math.expm1(0.51) / 0.1 + math.expm1(0.5) / 0.1)
    out = spot.spot_job(10.0, 0.1, 1.0, 5.0, 0.1)
    assert out["checkpoint_hours"] == pytest.approx(0.1)
    assert out["lost_hours"] == pytest.approx(hours - 10.0 - 0.1)


def test_restart_overhead_adds_per_interruption():
    # each interruption adds R = 0.25 h: E[T] = (1/0.1 + 0.25) * (e^1 - 1)
    assert spot.expected_runtime(10.0, 0.1, restart_overhead_hours=0.25) == pytest.approx(
        (10 + 0.25) * math.expm1(1.0))


def test_checkpointing_helps_long_jobs():
    no_ckpt = spot.expected_runtime(24.0, 0.1)
    tau = spot.optimal_checkpoint_interval(0.1, 0.05, "exact")
    with_ckpt = spot.expected_runtime(24.0, 0.1, tau, 0.05)
    # (e^2.4 - 1)/0.1 = 100.2 h without checkpoints; about 28 h with them
    assert with_ckpt < no_ckpt / 3 and with_ckpt < 30


def test_interval_longer_than_job_means_no_checkpoint():
    assert spot.expected_runtime(2.0, 0.2, 5.0, 1.0) == spot.expected_runtime(2.0, 0.2)


def test_monte_carlo_agrees_with_the_formula():
    # Simulate the same process: each stretch restarts until it runs unbroken.
    rng = np.random.default_rng(7)
    lam, work, tau, c, r = 0.2, 6.0, 2.0, 0.1, 0.05
    stretches = [tau + c, tau + c, work - 2 * tau]
    runs = 20000
    total = np.zeros(runs)
    for length in stretches:
        remaining = np.ones(runs, dtype=bool)
        while remaining.any():
            gap = rng.exponential(1 / lam, size=runs)
            done = remaining & (gap >= length)
            failed = remaining & (gap < length)
            total += np.where(done, length, 0.0) + np.where(failed, gap + r, 0.0)
            remaining = failed
    expected = spot.expected_runtime(work, lam, tau, c, r)
    assert total.mean() == pytest.approx(expected, rel=0.02)


def test_hazard_from_monthly_rate():
    # P(interrupted within 730 h) = rate  =>  lambda = -ln(1 - rate)/730
    assert spot.hazard_from_monthly_rate(0.22) == pytest.approx(-math.log(0.78) / 730)
    lam = spot.hazard_from_monthly_rate(0.025)
    assert 1 - math.exp(-lam * 730) == pytest.approx(0.025)
    assert spot.hazard_from_monthly_rate(0.0) == 0.0


@pytest.mark.parametrize(("rate", "hours", "message"), [
    (-0.1, 730, "rate"), (1.0, 730, "rate"), (NAN, 730, "rate"), ("5%", 730, "rate"),
    (0.1, 0, "hours_per_month"), (0.1, -730, "hours_per_month"),
])
def test_hazard_bad_input(rate, hours, message):
    with pytest.raises(CourseInputError, match=message):
        spot.hazard_from_monthly_rate(rate, hours)


def test_optimal_interval_formulas():
    lam, c = 0.01, 0.05
    # Young: sqrt(2 * 0.05 / 0.01) = 3.1623 h
    assert spot.optimal_checkpoint_interval(lam, c, "young") == pytest.approx(math.sqrt(10))
    exact = spot.optimal_checkpoint_interval(lam, c, "exact")
    daly = spot.optimal_checkpoint_interval(lam, c, "daly")
    assert daly == pytest.approx(exact, rel=1e-3)
    # The exact interval is a true minimum of expected time per unit of work.
    def per_work(t):
        return math.expm1(lam * (t + c)) / t
    assert per_work(exact) <= per_work(exact * 0.9)
    assert per_work(exact) <= per_work(exact * 1.1)
    # Large overhead: Daly caps the interval at the mean time between interruptions.
    assert spot.optimal_checkpoint_interval(1.0, 3.0, "daly") == 1.0


@pytest.mark.parametrize(("lam", "c", "method", "message"), [
    (0.0, 0.1, "daly", "greater than 0"), (-0.1, 0.1, "daly", "hazard_per_hour"),
    (0.1, -0.1, "daly", "checkpoint_overhead_hours"), (0.1, 0.1, "dalyy", "Did you mean"),
    (NAN, 0.1, "young", "hazard_per_hour"), (0.1, 0.1, None, "method"),
])
def test_optimal_interval_bad_input(lam, c, method, message):
    with pytest.raises(CourseInputError, match=message):
        spot.optimal_checkpoint_interval(lam, c, method)


BAD_JOBS = [
    ((-1.0, 0.1, 0.1), "work_hours"),
    ((1.0, -0.1, 0.1), "hazard_per_hour"),
    ((1.0, 0.1, -0.1), "price_per_hour"),
    ((1.0, NAN, 0.1), "hazard_per_hour"),
    ((1.0, 0.1, 0.1, 0.0), "checkpoint_interval_hours"),
    ((1.0, 0.1, 0.1, 1.0, -0.1), "checkpoint_overhead_hours"),
    ((1.0, 0.1, 0.1, 1.0, 0.1, -1.0), "restart_overhead_hours"),
    (("1", 0.1, 0.1), "work_hours"),
]


@pytest.mark.parametrize(("args", "message"), BAD_JOBS)
def test_spot_job_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        spot.spot_job(*args)


@pytest.mark.parametrize(("args", "message"), [
    ((-1.0, 0.1), "work_hours"), ((1.0, -0.1), "hazard"), ((1.0, 0.1, -2.0), "interval"),
    ((1.0, 0.1, 1.0, NAN), "overhead"), ((None, 0.1), "work_hours"),
])
def test_expected_runtime_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        spot.expected_runtime(*args)


def test_spot_job_for_instance_uses_catalogue():
    out = spot.spot_job_for_instance(4.0, "m5.large")
    # bucket ">20%" -> 0.22 / month; price 0.096 * (1 - 0.59)
    assert out["hazard_per_hour"] == pytest.approx(-math.log(0.78) / 730)
    assert out["spot_price_per_hour"] == pytest.approx(0.03936)
    assert out["on_demand_cost"] == pytest.approx(0.384)
    assert 0 < out["expected_cost"] < out["on_demand_cost"]
    assert out["saving_vs_on_demand"] == pytest.approx(0.384 - out["expected_cost"])


@pytest.mark.parametrize(("args", "message"), [
    ((1.0, "m5.larg"), "Did you mean"), ((1.0, "m5.large", "mars-1"), "region"),
    ((-1.0, "m5.large"), "work_hours"), ((1.0, "m5.large", "us-east-1", -1.0), "interval"),
    ((1.0, "m6g.large", "ap-northeast-1"), "available in"),
])
def test_spot_job_for_instance_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        spot.spot_job_for_instance(*args)
