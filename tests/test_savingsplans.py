"""Lesson 11's Savings Plan model (course.savingsplans): curves, splits, migrations, bad input."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import savingsplans as sp
from course.errors import CourseInputError
from course.pricing import discounts


@pytest.fixture(scope="module")
def spend():
    return sp.example_spend()


def test_example_spend_is_a_year_of_positive_hourly_dollars(spend):
    assert len(spend) == 8760 and spend.index[0].isoformat().startswith("2026-01-01")
    assert (spend > 0).all()
    # the nightly batch window (01:00-05:00) costs more than the afternoon, on average
    hours = spend.index.hour
    assert spend[(hours >= 1) & (hours < 5)].mean() > 2 * spend[hours == 15].mean()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 50, allow_nan=False), min_size=1, max_size=60),
       st.floats(0, 0.9), st.lists(st.floats(0, 40, allow_nan=False), min_size=1, max_size=8))
def test_curve_agrees_with_the_pricing_library_and_the_optimum_is_its_minimum(values, d, levels):
    curve = sp.commitment_curve(values, d, levels)
    for i, c in enumerate(levels):
        one = discounts.savings_plan_cost(values, c, d)
        assert curve["total_cost"][i] == pytest.approx(one["total_cost"], abs=1e-7)
        assert curve["coverage"][i] == pytest.approx(one["coverage"], abs=1e-9)
        if c > 0:
            assert curve["utilisation"][i] == pytest.approx(one["utilisation"], abs=1e-9)
    best = discounts.optimal_commitment(values, d)
    best_cost = sp.commitment_curve(values, d, [best])["total_cost"][0]
    assert best_cost <= curve["total_cost"].min() + 1e-7   # no commitment beats the quantile rule


def test_grid_contains_the_optimum_at_the_curve_minimum(spend):
    for plan in sp.PLANS:
        d = sp.plan_terms(plan, 1, "partial_upfront")["discount"]
        grid = sp.commitment_grid(spend, d)
        curve = sp.commitment_curve(spend, d, grid)
        best = discounts.optimal_commitment(spend, d)
        assert grid[np.argmin(curve["total_cost"])] == pytest.approx(best)
        assert grid[0] == 0 and grid[-1] == pytest.approx(spend.max() * (1 - d))


def test_coverage_rises_and_utilisation_falls_with_the_commitment(spend):
    d = sp.plan_terms("compute", 3, "no_upfront")["discount"]
    curve = sp.commitment_curve(spend, d, np.linspace(0.1, 10, 50))
    assert np.all(np.diff(curve["coverage"]) >= -1e-12)
    assert np.all(np.diff(curve["utilisation"]) <= 1e-12)
    assert curve["coverage"][-1] > 0.9 and curve["utilisation"][-1] < 0.5
    assert np.isnan(sp.commitment_curve(spend, d, [0.0])["utilisation"][0])


def test_hourly_split_adds_up():
    eligible, other = np.array([1.0, 3.0, 6.0]), np.array([0.5, 0.0, 2.0])
    split = sp.hourly_split(eligible, 2.0, 0.5, other_spend=other)   # covers up to 4 $/h
    assert np.allclose(split["covered"] + split["overflow"], eligible)
    assert np.allclose(split["covered"] + split["unused"], split["capacity"])
    assert split["overflow"].tolist() == [0.0, 0.0, 2.0] and split["unused"].tolist() == [3.0, 1.0, 0.0]
    assert split["other"].tolist() == other.tolist()


def test_migrate_keeps_the_dollars_and_moves_only_after_the_start():
    columns = sp.migrate([4.0] * 6, 0.25, 2, to="ec2/m6i/us-east-1")
    assert np.allclose(sum(columns.values()), 4.0)
    assert columns["ec2/m6i/us-east-1"].tolist() == [0, 0, 1, 1, 1, 1]
    assert sp.migrate([4.0] * 3, 0.0, 0)["fargate/-/us-east-1"].tolist() == [0, 0, 0]


def test_a_migration_hurts_only_the_ec2_instance_plan(spend):
    table = sp.migration_scenarios(spend, shares=(0.0, 0.2, 0.4),
                                   destinations=("fargate/-/us-east-1", "lambda/-/us-east-1",
                                                 "ec2/m6i/us-east-1"))
    cost = table.pivot_table(index=["moved_to", "moved_share"], columns="plan", values="total_cost")
    assert np.allclose(cost["none"], spend.sum())
    assert np.allclose(cost["compute"], cost["compute"].iloc[0])   # Compute SP covers all of them
    for _to, by_share in cost.groupby(level="moved_to"):
        assert by_share["ec2_instance"].is_monotonic_increasing
    util = table[table.plan == "ec2_instance"].groupby("moved_share")["utilisation"].mean()
    assert util.is_monotonic_decreasing
    # each plan is bought at its own optimum for the unmigrated year
    bought = table[(table.moved_share == 0)].groupby("plan")["commitment"].first()
    for plan in sp.PLANS:
        d = sp.plan_terms(plan, 1, "partial_upfront")["discount"]
        assert bought[plan] == pytest.approx(discounts.optimal_commitment(spend, d))


def test_plan_outcome_matches_compare_savings_plans_at_equal_commitment():
    columns = sp.migrate([3.0, 5.0, 8.0, 2.0], 0.5, 2)
    table = discounts.compare_savings_plans(columns, 2.0, 0.3, 0.4, family="m5")
    for plan, d in (("compute", 0.3), ("ec2_instance", 0.4)):
        out = sp.plan_outcome(columns, plan, 2.0, d)
        assert out["total_cost"] == pytest.approx(table.loc[plan, "total_cost"])
        assert out["coverage"] == pytest.approx(table.loc[plan, "coverage"])


@pytest.mark.parametrize(("call", "name"), [
    (lambda: sp.plan_terms("spot"), "plan"),
    (lambda: sp.plan_terms("compute", 2), "term_years"),
    (lambda: sp.plan_terms("compute", 1, "monthly"), "payment"),
    (lambda: sp.commitment_curve([1.0], 0.3, [-1.0]), "commitments"),
    (lambda: sp.commitment_curve([1.0], 1.0, [1.0]), "discount"),
    (lambda: sp.commitment_curve([1.0, 2.0], 0.3, [1.0], other_spend=[1.0]), "other_spend"),
    (lambda: sp.commitment_curve("cheap", 0.3, [1.0]), "eligible_spend"),
    (lambda: sp.hourly_split([1.0], -2, 0.3), "commitment"),
    (lambda: sp.migrate([1.0], 1.5, 0), "share"),
    (lambda: sp.migrate([1.0], 0.5, 0, to="fargate"), "to"),
    (lambda: sp.migrate([1.0], 0.5, 0, to="ec2/m5/us-east-1"), "to"),
    (lambda: sp.migrate([1.0, 1.0], 0.5, 5), "start_hour"),
    (lambda: sp.commitment_grid([1.0], 0.3, points=1), "points"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(CourseInputError, match=name):
        call()
