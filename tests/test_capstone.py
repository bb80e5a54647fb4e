"""Lesson 14 model: scenario, design validation, simulation, pricing and grading."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.capstone import (
    SCENARIO,
    Design,
    Scenario,
    batch_requests,
    check_design,
    compare_mixes,
    design_from_knobs,
    reference_design,
    validate_requests,
)
from course.errors import CourseInputError

REF = reference_design()


def _dict(**changes):
    base = REF.to_dict()
    base.update(changes)
    return base


def test_scenario_summary_and_growth():
    table = SCENARIO.summary_table()
    assert len(table) == 7
    assert SCENARIO.jobs_at(4) > SCENARIO.jobs_at(0) == SCENARIO.nightly_jobs
    with pytest.raises(CourseInputError, match="nightly_jobs"):
        Scenario(nightly_jobs=1)


def test_reference_passes_and_meets_deadline_at_the_plan_quarter():
    ev = check_design(REF)
    assert ev.valid and ev.deadline_met and ev.passed and not ev.problems
    assert ev.makespan_hours <= SCENARIO.window_hours
    assert ev.cost_vs_reference_pct == pytest.approx(0.0)
    assert ev.monthly_cost <= SCENARIO.budget_per_month


def test_bad_designs_name_the_field():
    with pytest.raises(CourseInputError, match=r"environments\[0\]\.maxvCpus"):
        Design.from_dict(_dict(environments=[{"name": "spot", "type": "SPOT", "maxvCpus": 0}]))
    with pytest.raises(CourseInputError, match=r"environments\[0\]\.type.*'FARGATE_SPOT'"):
        Design.from_dict(_dict(environments=[{"name": "spot", "type": "EC3", "maxvCpus": 8}]))
    with pytest.raises(CourseInputError, match="allocationStrategy"):
        Design.from_dict(_dict(environments=[{"name": "f", "type": "FARGATE", "maxvCpus": 8,
                                              "allocationStrategy": "BEST_FIT"}]))
    with pytest.raises(CourseInputError, match="Spot capacity"):
        design_from_knobs(0.0, "BEST_FIT", 64, 0).__class__(
            environments=[{"name": "od", "type": "EC2", "maxvCpus": 8,
                           "allocationStrategy": "SPOT_CAPACITY_OPTIMIZED"}],
            queues=[{"name": "q", "priority": 1, "environments": ["od"]}],
            nightly_queue="q", weekly_queue="q")
    with pytest.raises(CourseInputError, match="nightly_queue"):
        Design.from_dict(_dict(nightly_queue="nigthly"))
    with pytest.raises(CourseInputError, match=r"queues\[0\]\.environments"):
        Design.from_dict(_dict(queues=[{"name": "nightly", "priority": 1,
                                        "environments": ["nope"]}]))
    with pytest.raises(CourseInputError, match="unknown key"):
        Design.from_dict(_dict(savings_plan=1))
    with pytest.raises(CourseInputError, match="retry_strategy"):
        Design.from_dict(_dict(retry_strategy={"attempts": 11}))
    with pytest.raises(CourseInputError, match="savings_plan_per_hour"):
        Design.from_dict(_dict(savings_plan_per_hour=-1))


def test_check_design_reports_invalid_instead_of_raising():
    ev = check_design({"environments": "x"})
    assert not ev.valid and not ev.passed and "not valid" in ev.problems[0]


def test_requests_are_valid_botocore_shapes():
    assert validate_requests(REF) == len(batch_requests(REF))
    methods = [m for m, _ in batch_requests(REF)]
    assert methods.count("submit_job") == 2


def test_on_demand_costs_more_and_too_little_capacity_misses_the_deadline():
    od = check_design(design_from_knobs(0.0, "BEST_FIT_PROGRESSIVE", 128,
                                        REF.savings_plan_per_hour))
    assert od.deadline_met and od.interruptions == 0
    assert od.monthly_cost > od.reference_cost * 1.10 and not od.passed
    small = check_design(design_from_knobs(1.0, "SPOT_PRICE_CAPACITY_OPTIMIZED", 32,
                                           REF.savings_plan_per_hour))
    assert not small.deadline_met and any("deadline" in p for p in small.problems)


def test_weekly_job_on_spot_without_retries_fails():
    spot_only = design_from_knobs(1.0, "SPOT_PRICE_CAPACITY_OPTIMIZED", 128, 0.3)
    d = Design.from_dict(_dict(
        environments=[e for e in spot_only.to_dict()["environments"] if e["name"] == "spot"],
        queues=[{"name": "nightly", "priority": 1, "environments": ["spot"]}],
        weekly_queue="nightly", retry_strategy={"attempts": 1}))
    ev = check_design(d)
    assert ev.failed_jobs > 0 and not ev.passed


def test_savings_plan_over_commitment_costs_more():
    right = check_design(REF)
    over = check_design(Design.from_dict(_dict(savings_plan_per_hour=2.0)))
    assert over.monthly_cost > right.monthly_cost
    assert over.cost_breakdown["sp_utilisation"] < right.cost_breakdown["sp_utilisation"]


def test_reserved_instances_are_priced():
    od = design_from_knobs(0.0, "BEST_FIT_PROGRESSIVE", 128, 0.0)
    with_ri = Design.from_dict({**od.to_dict(), "reserved_instances": {"c6i.large": 4}})
    ev = check_design(with_ri)
    assert ev.cost_breakdown["reserved"] > 0
    with pytest.raises(CourseInputError, match="reserved_instances"):
        Design.from_dict({**od.to_dict(), "reserved_instances": {"c6i.large": 1, "m5.large": 1}})


def test_mix_comparison_supports_the_recommendation():
    table = compare_mixes()
    assert table["monthly_cost"].idxmin() == "Compute SP + Spot"
    assert table.loc["Spot with retries", "monthly_cost"] < table.loc["all On-Demand",
                                                                       "monthly_cost"]
    assert table.loc["Compute SP + On-Demand", "monthly_cost"] < table.loc["all On-Demand",
                                                                            "monthly_cost"]


@settings(max_examples=10, deadline=None)
@given(st.floats(min_value=0.0, max_value=1.5))
def test_cost_breakdown_adds_up(sp):
    ev = check_design(Design.from_dict(_dict(savings_plan_per_hour=sp)))
    parts = sum(ev.cost_breakdown[k] for k in ("spot", "on_demand", "savings_plan", "reserved"))
    assert parts == pytest.approx(ev.monthly_cost)
