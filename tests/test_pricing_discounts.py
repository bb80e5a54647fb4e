"""Tests for course.pricing.discounts: On-Demand, Reserved Instances, Savings Plans."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.errors import CourseInputError
from course.pricing import discounts as dc

NAN = float("nan")


# --- data table --------------------------------------------------------------------------
def test_discount_table_is_complete_and_ordered():
    table = dc.discount_table()
    assert len(table) == 2 * 2 * 2 * 3  # models x plans x terms x payments
    assert ((table["discount"] > 0) & (table["discount"] < 0.72 + 1e-9)).all()
    assert set(table["value_kind"]) <= {"observed", "lower_bound", "derived"}
    # Within each plan and term, more upfront never gives a smaller discount.
    for _, group in table.groupby(["model", "plan", "term_years"]):
        ordered = group.set_index("payment").loc[list(dc.PAYMENTS), "discount"]
        assert ordered.is_monotonic_increasing
    # 3-year commitments are deeper than 1-year ones.
    one = table[table.term_years == 1].set_index(["model", "plan", "payment"])["discount"]
    three = table[table.term_years == 3].set_index(["model", "plan", "payment"])["discount"]
    assert (three > one).all()


def test_observed_standard_ri_discount_is_hand_derived():
    # m6a.xlarge: 1 - 0.11431 / 0.1728 = 0.33848... -> 0.3385
    assert dc.discount("reserved_instance", "standard", 1, "no_upfront") == 0.3385
    row = dc.discount_row("reserved_instance", "standard", 1, "no_upfront")
    assert row["value_kind"] == "observed" and row["confidence"] == "SECONDARY"


@pytest.mark.parametrize(("args", "message"), [
    (("reserved", "standard", 1, "no_upfront"), "model"),
    (("reserved_instance", "compute", 1, "no_upfront"), "plan"),
    (("reserved_instance", "standard", 2, "no_upfront"), "term_years"),
    (("reserved_instance", "standard", 5, "no_upfront"), "term_years"),
    (("reserved_instance", "standard", 1.5, "no_upfront"), "term_years"),
    (("reserved_instance", "standard", 1, "partial"), "Did you mean 'partial_upfront'"),
    (("savings_plan", "standard", 1, "no_upfront"), "plan"),
])
def test_discount_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        dc.discount(*args)


# --- On-Demand ---------------------------------------------------------------------------
def test_on_demand_cost_month():
    # 0.096 $/h * 720 h = 69.12
    assert dc.on_demand_cost(np.ones(720), 0.096) == pytest.approx(69.12)
    # half an instance-hour per hour for 10 h: 5 h * 0.17 = 0.85
    assert dc.on_demand_cost([0.5] * 10, 0.17) == pytest.approx(0.85)


@pytest.mark.parametrize(("usage", "rate", "message"), [
    ([], 0.096, "usage must not be empty"),
    ([1, -1], 0.096, "negative"),
    ([1, NAN], 0.096, "finite"),
    ("1,2", 0.096, "list/array"),
    ([[1, 2]], 0.096, "one-dimensional"),
    ([1, 2], -0.1, "hourly_rate must be at least 0"),
    ([1, 2], NAN, "hourly_rate must be a finite"),
    ([1, 2], "0.1", "hourly_rate must be a number"),
    (None, 0.1, "usage"),
])
def test_on_demand_cost_bad_input(usage, rate, message):
    with pytest.raises(CourseInputError, match=message):
        dc.on_demand_cost(usage, rate)


def test_per_second_billing_with_minimum():
    # 30 s is billed as 60 s: 0.096 * 60 / 3600 = 0.0016
    assert dc.run_cost(30, 0.096) == pytest.approx(0.0016)
    # 90.2 s -> 91 s; 3600 s stays: (91 + 3600) * 0.096 / 3600 = 0.098426...
    assert dc.run_cost([90.2, 3600], 0.096) == pytest.approx(3691 * 0.096 / 3600)
    assert dc.billed_seconds([0, 61.5], min_seconds=60).tolist() == [60.0, 62.0]
    # without a minimum, 1 s costs 1 s
    assert dc.run_cost(1, 3.6, min_seconds=0) == pytest.approx(0.001)


@pytest.mark.parametrize(("seconds", "rate", "minimum", "message"), [
    (-1, 0.1, 60, "seconds must be at least 0"),
    ([10, -5], 0.1, 60, "negative"),
    ([], 0.1, 60, "empty"),
    (NAN, 0.1, 60, "finite"),
    (10, -0.1, 60, "hourly_rate"),
    (10, 0.1, -60, "min_seconds"),
    ("10", 0.1, 60, "list/array"),
])
def test_run_cost_bad_input(seconds, rate, minimum, message):
    with pytest.raises(CourseInputError, match=message):
        dc.run_cost(seconds, rate, minimum)


# --- Reserved Instances ------------------------------------------------------------------
def test_ri_terms_hand_computed():
    # 1-yr, 40 % off, half upfront: effective 0.1 * 0.6 = 0.06 $/h; term 0.06 * 8760 = 525.6
    terms = dc.ri_terms(0.1, 0.4, 1, 0.5)
    assert terms["effective_hourly"] == pytest.approx(0.06)
    assert terms["total_term_cost"] == pytest.approx(525.6)
    assert terms["upfront"] == pytest.approx(262.8)
    assert terms["recurring_hourly"] == pytest.approx(0.03)
    # 3-yr all upfront: 0.1 * 0.5 * 26280 h = 1314, nothing recurring
    terms = dc.ri_terms(0.1, 0.5, 3, 1.0)
    assert terms["upfront"] == pytest.approx(1314.0)
    assert terms["recurring_hourly"] == 0.0


@pytest.mark.parametrize(("args", "message"), [
    ((-0.1, 0.3, 1, 0.0), "on_demand_hourly"),
    ((0.1, 1.3, 1, 0.0), "discount must be at most 1"),
    ((0.1, -0.3, 1, 0.0), "discount must be at least 0"),
    ((0.1, 0.3, 0, 0.0), "term_years"),
    ((0.1, 0.3, 1, 2.0), "upfront_share"),
    ((0.1, NAN, 1, 0.0), "discount"),
    ((0.1, 0.3, 1.5, 0.0), "whole number"),
])
def test_ri_terms_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        dc.ri_terms(*args)


def test_reserved_instance_from_snapshot():
    ri = dc.reserved_instance("m5.large", "us-east-1", "standard", 1, "no_upfront")
    # 0.096 * (1 - 0.3385) = 0.063504 $/h, nothing upfront
    assert ri["effective_hourly"] == pytest.approx(0.063504)
    assert ri["upfront"] == 0.0
    assert ri["break_even_utilisation"] == pytest.approx(0.6615)
    ri3 = dc.reserved_instance("m5.large", plan="standard", term_years=3, payment="all_upfront")
    # 0.096 * (1 - 0.5799) * 26280 h = 1059.86...
    assert ri3["upfront"] == pytest.approx(0.096 * 0.4201 * 26280)
    assert ri3["value_kind"] == "lower_bound"


@pytest.mark.parametrize(("args", "message"), [
    (("m5.larg",), "Did you mean 'm5.large'"),
    (("m5.large", "eu-west-1"), "region"),
    (("m5.large", "us-east-1", "standart"), "plan"),
    (("m5.large", "us-east-1", "standard", 2), "term_years"),
    (("m5.large", "us-east-1", "standard", 1, "none"), "payment"),
    (("m6g.large", "ap-northeast-1"), "available in"),
])
def test_reserved_instance_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        dc.reserved_instance(*args)


def test_break_even_utilisation():
    # RI at 0.06 vs On-Demand 0.096: equal cost when running 0.06/0.096 = 62.5 % of hours
    assert dc.ri_break_even_utilisation(0.06, 0.096) == pytest.approx(0.625)
    u = dc.ri_break_even_utilisation(0.06, 0.096)
    hours = 8760
    assert 0.06 * hours == pytest.approx(u * hours * 0.096)


@pytest.mark.parametrize(("eff", "od", "message"), [
    (-0.06, 0.096, "effective_hourly"), (0.06, -0.096, "on_demand_hourly"),
    (0.06, 0.0, "on_demand_hourly"), (NAN, 0.096, "effective_hourly"),
    (0.06, "x", "on_demand_hourly"),
])
def test_break_even_bad_input(eff, od, message):
    with pytest.raises(CourseInputError, match=message):
        dc.ri_break_even_utilisation(eff, od)


def test_ri_size_flexibility_within_family():
    # 2 x m5.large RIs = 8 units cover one m5.xlarge (8 units) fully, every hour.
    out = dc.apply_reserved_instances({"m5.xlarge": [1, 1, 1]}, "m5.large", 2, 0.06)
    # cost = RI fee 2 * 0.06 * 3 h = 0.36; nothing On-Demand
    assert out["total_cost"] == pytest.approx(0.36)
    assert out["coverage"] == pytest.approx(1.0) and out["utilisation"] == pytest.approx(1.0)


def test_ri_does_not_follow_usage_to_another_family():
    # RI bought for m5.large; after drift the same work runs on m6i.large.
    out = dc.apply_reserved_instances({"m5.large": [1, 1, 0, 0], "m6i.large": [0, 0, 1, 1]},
                                      "m5.large", 1, 0.06)
    # RI fee 4 h * 0.06 = 0.24, covers the 2 m5 hours; 2 m6i hours On-Demand 2 * 0.096
    assert out["total_cost"] == pytest.approx(0.24 + 0.192)
    assert out["utilisation"] == pytest.approx(0.5)
    assert out["coverage"] == pytest.approx(0.5)
    assert out["family"] == "m5"
    assert list(out["hourly"].columns) == ["ri_fee", "covered_on_demand_value",
                                           "on_demand_equivalent", "cost"]


def test_ri_partial_coverage_of_bigger_instance():
    # 1 m5.large RI (4 units) on one m5.2xlarge (16 units): covers 1/4 of 0.384 = 0.096
    out = dc.apply_reserved_instances({"m5.2xlarge": [1]}, "m5.large", 1, 0.06)
    assert out["total_cost"] == pytest.approx(0.06 + 0.384 - 0.096)


@pytest.mark.parametrize(("usage", "ri_type", "count", "eff", "message"), [
    ({"m5.large": [1, 2]}, "m5.larg", 1, 0.06, "Did you mean"),
    ({"m5.large": [1, 2], "c5.large": [1]}, "m5.large", 1, 0.06, "same length"),
    ({"m5.large": [1, -2]}, "m5.large", 1, 0.06, "negative"),
    ({}, "m5.large", 1, 0.06, "must not be empty"),
    ({"m5.large": [1]}, "m5.large", -1, 0.06, "ri_count"),
    ({"m5.large": [1]}, "m5.large", 1, NAN, "effective_hourly"),
    ([1, 2], "m5.large", 1, 0.06, "DataFrame or a dict"),
    ({"x1.huge": [1]}, "m5.large", 1, 0.06, "instance_type"),
])
def test_apply_ri_bad_input(usage, ri_type, count, eff, message):
    with pytest.raises(CourseInputError, match=message):
        dc.apply_reserved_instances(usage, ri_type, count, eff)


# --- Savings Plans -----------------------------------------------------------------------
def test_savings_plan_cost_hand_computed():
    # commitment 5 $/h at 50 % off covers 10 $/h of On-Demand usage.
    out = dc.savings_plan_cost([10, 10, 0, 20], 5.0, 0.5)
    # 4 h * 5 = 20 committed; overflow only in the last hour: 20 - 10 = 10
    assert out["total_cost"] == pytest.approx(30.0)
    assert out["savings"] == pytest.approx(40.0 - 30.0)
    assert out["coverage"] == pytest.approx(30 / 40)
    assert out["utilisation"] == pytest.approx(15 / 20)  # used 5+5+0+5 of 20


def test_savings_plan_zero_commitment_is_on_demand():
    out = dc.savings_plan_cost([1.0, 2.0], 0.0, 0.3)
    assert out["total_cost"] == out["on_demand_cost"] == pytest.approx(3.0)
    assert out["utilisation"] == 0.0


@pytest.mark.parametrize(("spend", "commitment", "disc", "message"), [
    ([], 1.0, 0.3, "empty"),
    ([1, NAN], 1.0, 0.3, "finite"),
    ([1, -1], 1.0, 0.3, "negative"),
    ([1, 2], -1.0, 0.3, "commitment must be at least 0"),
    ([1, 2], 1.0, 1.0, "discount must be at most"),
    ([1, 2], 1.0, -0.2, "discount must be at least 0"),
    ([1, 2], NAN, 0.3, "commitment"),
    ("abc", 1.0, 0.3, "od_spend"),
])
def test_savings_plan_cost_bad_input(spend, commitment, disc, message):
    with pytest.raises(CourseInputError, match=message):
        dc.savings_plan_cost(spend, commitment, disc)


def test_optimal_commitment_hand_examples():
    # d = 0.5: commit while more than half the hours exceed the level.
    assert dc.optimal_commitment([10, 10, 10, 0], 0.5) == 5.0   # 3/4 hours > 5 SP-dollars
    assert dc.optimal_commitment([10, 0, 0, 0], 0.5) == 0.0     # only 1/4 hours
    # d = 0.25, T = 4: k = floor(4 * 0.75) + 1 = 4 -> the smallest of x = spend * 0.75
    assert dc.optimal_commitment([4, 8, 12, 16], 0.25) == pytest.approx(3.0)


def _brute_force_best_cost(spend, d):
    x = np.asarray(spend) * (1 - d)
    candidates = np.concatenate([[0.0], x])
    return min(dc.savings_plan_cost(spend, c, d)["total_cost"] for c in candidates)


@settings(max_examples=100, deadline=None)
@given(spend=st.lists(st.floats(0, 1000, allow_nan=False, allow_infinity=False),
                      min_size=1, max_size=60),
       d=st.floats(0.01, 0.9))
def test_optimal_commitment_matches_brute_force(spend, d):
    best = _brute_force_best_cost(spend, d)
    c = dc.optimal_commitment(spend, d)
    assert dc.savings_plan_cost(spend, c, d)["total_cost"] <= best + 1e-6 * (1 + best)


@settings(max_examples=50, deadline=None)
@given(spend=st.lists(st.floats(0, 100, allow_nan=False), min_size=2, max_size=40),
       d=st.floats(0.05, 0.8))
def test_optimal_commitment_is_the_stated_quantile(spend, d):
    # The optimum is exceeded (strictly) in at most a fraction (1 - d) of hours,
    # and reached or exceeded in more than that fraction.
    c = dc.optimal_commitment(spend, d)
    x = np.asarray(spend) * (1 - d)
    if c > 0:
        assert np.mean(x > c) <= (1 - d) + 1e-12
        assert np.mean(x >= c) > (1 - d) - 1e-12


@pytest.mark.parametrize(("spend", "disc", "message"), [
    ([], 0.3, "empty"), ([1, NAN], 0.3, "finite"), ([1, -2], 0.3, "negative"),
    ([1], 1.2, "discount"), ([1], NAN, "discount"), (5, 0.3, "od_spend"),
])
def test_optimal_commitment_bad_input(spend, disc, message):
    with pytest.raises(CourseInputError, match=message):
        dc.optimal_commitment(spend, disc)


def test_eligible_spend_scopes():
    spend = {"ec2/m5/us-east-1": [1.0, 1.0], "ec2/m6i/us-east-1": [2.0, 0.0],
             "ec2/m5/ap-northeast-1": [4.0, 0.0], "fargate/-/us-east-1": [8.0, 0.0],
             "lambda/-/us-east-1": [16.0, 0.0]}
    assert dc.eligible_spend(spend, "compute").tolist() == [31.0, 1.0]
    assert dc.eligible_spend(spend, "ec2_instance", "m5", "us-east-1").tolist() == [1.0, 1.0]


def test_compute_sp_follows_usage_that_moves_to_fargate():
    # Month 1 runs on m5; then the workload moves to Fargate.
    spend = pd.DataFrame({"ec2/m5/us-east-1": [10.0, 10.0, 0.0, 0.0],
                          "fargate/-/us-east-1": [0.0, 0.0, 10.0, 10.0]})
    table = dc.compare_savings_plans(spend, 6.0, compute_discount=0.4,
                                     ec2_instance_discount=0.5, family="m5")
    # Compute SP: 6 $/h covers 10 $/h On-Demand every hour -> 4 * 6 = 24
    assert table.loc["compute", "total_cost"] == pytest.approx(24.0)
    # EC2 Instance SP: covers 12 $/h of m5, so hours 1-2 cost 6; hours 3-4 pay 6 + 10
    assert table.loc["ec2_instance", "total_cost"] == pytest.approx(6 + 6 + 16 + 16)
    assert table.loc["ec2_instance", "utilisation"] == pytest.approx(0.5 * 10 / 12)


@pytest.mark.parametrize(("spend", "plan", "family", "region", "message"), [
    ({"ec2-m5-us-east-1": [1.0]}, "compute", None, None, "service/family/region"),
    ({"ecs/-/us-east-1": [1.0]}, "compute", None, None, "service 'ecs'"),
    ({"ec2/m5/us-east-1": [1.0]}, "ec2_instance", None, None, "needs family"),
    ({"ec2/m5/us-east-1": [1.0]}, "reserved", None, None, "plan"),
    ({"ec2/m5/us-east-1": [1.0, NAN]}, "compute", None, None, "finite"),
    ("ec2/m5/us-east-1", "compute", None, None, "DataFrame or a dict"),
])
def test_eligible_spend_bad_input(spend, plan, family, region, message):
    with pytest.raises(CourseInputError, match=message):
        dc.eligible_spend(spend, plan, family, region)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"commitment": -1.0}, "commitment"),
    ({"compute_discount": 1.5}, "discount"),
    ({"ec2_instance_discount": NAN}, "discount"),
    ({"spend": {}}, "empty"),
    ({"spend": {"ec2/m5/us-east-1": [1.0], "fargate/-/us-east-1": [1.0, 2.0]}}, "same length"),
])
def test_compare_savings_plans_bad_input(kwargs, message):
    args = {"spend": {"ec2/m5/us-east-1": [1.0]}, "commitment": 1.0, "compute_discount": 0.3,
            "ec2_instance_discount": 0.4, "family": "m5"}
    args.update(kwargs)
    with pytest.raises(CourseInputError, match=message):
        dc.compare_savings_plans(**args)


def test_hours_per_year():
    assert dc.HOURS_PER_YEAR == 365 * 24
    assert math.isclose(dc.NORMALIZATION_FACTORS["xlarge"] / dc.NORMALIZATION_FACTORS["large"], 2)
