"""Lesson 10 models: On-Demand billing, RI offers, break-even and RIs applied to Batch usage."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course.reserved as reserved
from course.errors import CourseInputError
from course.pricing import catalog
from course.reserved import (
    NightlyBatch,
    cumulative_payments,
    hourly_usage,
    on_demand_run_cost,
    reserved_terms,
    ri_count_sweep,
    ri_fit,
    ri_options,
    simulate_nightly,
    yearly_cost,
)

SMALL = NightlyBatch(days=2, transforms=8, joins=2)


def test_doctests_pass():
    assert doctest.testmod(reserved).failed == 0


def test_per_second_billing_has_a_minute_minimum_and_per_hour_rounds_up():
    rate = catalog.on_demand_hourly("c6i.large")
    assert on_demand_run_cost(1, "c6i.large") == pytest.approx(60 * rate / 3600)
    assert on_demand_run_cost(61, "c6i.large") == pytest.approx(61 * rate / 3600)
    assert on_demand_run_cost([61, 3601], "c6i.large", billing="per_hour") == pytest.approx(3 * rate)


def test_ri_options_cover_every_offer_and_longer_or_upfront_is_cheaper():
    table = ri_options("c6i.xlarge")
    assert len(table) == 12
    be = table["break_even"]
    for plan in ("standard", "convertible"):
        assert be[(plan, 3, "no_upfront")] < be[(plan, 1, "no_upfront")]
        assert be[(plan, 1, "partial_upfront")] <= be[(plan, 1, "no_upfront")]
    # Convertible trades discount for flexibility
    assert (table.xs("convertible")["discount"] < table.xs("standard")["discount"]).all()
    assert table.loc[("standard", 1, "all_upfront"), "recurring_hourly"] == 0
    assert table.loc[("standard", 1, "no_upfront"), "upfront"] == 0


def test_break_even_is_effective_over_on_demand():
    t = reserved_terms("m6i.large", "standard", 3, "partial_upfront")
    assert t["break_even_utilisation"] == pytest.approx(t["effective_hourly"] / t["on_demand_hourly"])
    costs = yearly_cost([t["break_even_utilisation"]], t["on_demand_hourly"], t["effective_hourly"])
    assert costs["on_demand"][0] == pytest.approx(costs["reserved"][0])


def test_cumulative_payments_reach_the_term_cost_and_stop():
    t = reserved_terms("m5.large", "standard", 1, "partial_upfront")
    paid = cumulative_payments(t, [0, 12, 36])
    assert paid[0] == pytest.approx(t["upfront"])
    assert paid[1] == pytest.approx(t["total_term_cost"]) and paid[2] == pytest.approx(paid[1])


@settings(max_examples=40, deadline=None)
@given(u=st.floats(0, 1), plan=st.sampled_from(["standard", "convertible"]),
       years=st.sampled_from([1, 3]),
       payment=st.sampled_from(["no_upfront", "partial_upfront", "all_upfront"]))
def test_ri_is_cheaper_exactly_above_its_break_even(u, plan, years, payment):
    t = reserved_terms("c6i.large", plan, years, payment)
    costs = yearly_cost([u], t["on_demand_hourly"], t["effective_hourly"])
    be = t["break_even_utilisation"]
    if u > be + 1e-9:
        assert costs["reserved"][0] < costs["on_demand"][0]
    elif u < be - 1e-9:
        assert costs["reserved"][0] > costs["on_demand"][0]


@pytest.fixture(scope="module")
def week():
    sim = simulate_nightly(SMALL)
    return hourly_usage(sim.usage_by_hour(), SMALL.days * 24)


def test_scale_to_zero_leaves_most_hours_empty(week):
    assert len(week) == 48
    busy = (week.sum(axis=1) > 0).sum()
    assert 0 < busy <= 8                      # a couple of hours a night
    families = {catalog.instance(t)["family"] for t in week.columns}
    assert families <= {"m6i", "c6i", "r6i", "c7i"}   # optimal today = default_x86_64
    assert len(families) >= 2                  # transforms and joins land on different families


def test_ri_fit_prices_the_waste(week):
    fit = ri_fit(week, "c6i.large", 4)
    assert 0 < fit["utilisation"] < 0.2
    assert fit["wasted_usd"] == pytest.approx(fit["ri_fee"] * (1 - fit["utilisation"]))
    assert fit["total_cost"] > fit["on_demand_only_cost"] and fit["savings"] < 0
    assert ri_fit(week, "c6i.large", 0)["total_cost"] == pytest.approx(fit["on_demand_only_cost"])


def test_an_ri_for_an_old_family_never_matches(week):
    fit = ri_fit(week, "c5.large", 4)
    assert fit["utilisation"] == 0 and fit["coverage"] == 0
    assert fit["wasted_usd"] == pytest.approx(fit["ri_fee"])


def test_before_the_change_the_old_family_matched():
    sim = simulate_nightly(SMALL, instance_types=("c5", "m5", "r5"))
    usage = hourly_usage(sim.usage_by_hour(), 48)
    assert ri_fit(usage, "c5.large", 4)["utilisation"] > 0


def test_a_warm_pool_uses_the_ri_but_costs_more():
    cold = hourly_usage(simulate_nightly(SMALL).usage_by_hour(), 48)
    warm = hourly_usage(simulate_nightly(NightlyBatch(days=2, transforms=8, joins=2, min_vcpus=16))
                        .usage_by_hour(), 48)
    assert warm.to_numpy().sum() > cold.to_numpy().sum()
    assert ri_fit(warm, "c6i.large", 0)["total_cost"] > ri_fit(cold, "c6i.large", 0)["total_cost"]


def test_sweep_finds_zero_ris_best_for_a_burst(week):
    sweep = ri_count_sweep(week, "c6i.large", [0, 1, 2, 8])
    assert list(sweep.index) == [0, 1, 2, 8]
    assert int(sweep["total_cost"].idxmin()) == 0


@pytest.mark.parametrize("call, name", [
    (lambda: on_demand_run_cost(60, "m5.large", billing="hourly"), "billing"),
    (lambda: reserved_terms("m5.large", "flexible"), "plan"),
    (lambda: reserved_terms("m5.large", term_years=2), "term_years"),
    (lambda: reserved_terms("m5.large", payment="monthly"), "payment"),
    (lambda: reserved_terms("m5.lage"), "instance_type"),
    (lambda: yearly_cost([1.5], 0.1, 0.05), "utilisation"),
    (lambda: NightlyBatch(days=0), "days"),
    (lambda: NightlyBatch(min_vcpus=128), "min_vcpus"),
    (lambda: simulate_nightly("a week"), "workload"),
    (lambda: hourly_usage([1, 2], 24), "frame"),
    (lambda: hourly_usage(pd.DataFrame({"hour": [0]}), 24), "frame"),
    (lambda: ri_fit("usage", "c6i.large", 1), "usage"),
    (lambda: ri_fit(pd.DataFrame({"c6i.large": [1.0]}), "c6i.large", 1.5), "ri_count"),
    (lambda: ri_count_sweep(pd.DataFrame({"c6i.large": [1.0]}), "c6i.large", []), "counts"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(CourseInputError, match=name):
        call()
