"""The Savings Plan commitment explorer (course.widgets.savingsplans), driven as a learner would."""

from __future__ import annotations

import doctest

import numpy as np
import pytest

import course.widgets.savingsplans as widgets
from course.errors import CourseInputError
from course.pricing import discounts
from course.savingsplans import example_spend, plan_terms
from course.widgets.savingsplans import CommitmentExplorer


@pytest.fixture(scope="module")
def explorer():
    return CommitmentExplorer()


def test_doctests_pass():
    assert doctest.testmod(widgets).failed == 0


def test_commitment_slider_moves_coverage_utilisation_and_the_picture(explorer):
    explorer.plan.value, explorer.moved.value = "compute", 0
    explorer.commitment.value = 1.0
    low, png_low = dict(explorer.result), explorer.image.value
    explorer.commitment.value = 4.0
    high = explorer.result
    assert high["coverage"] > low["coverage"] and high["utilisation"] < low["utilisation"]
    assert high["capacity"] == pytest.approx(4.0 / (1 - high["discount"]))
    assert explorer.image.value != png_low and explorer.image.value[:4] == b"\x89PNG"
    assert "$4.00/h" in explorer.text.value


def test_best_button_lands_on_the_quantile_rule(explorer):
    explorer.plan.value, explorer.term.value, explorer.payment.value = "compute", 3, "no_upfront"
    explorer.choose_best()
    d = plan_terms("compute", 3, "no_upfront")["discount"]
    best = discounts.optimal_commitment(example_spend(), d)
    assert explorer.result["best_commitment"] == pytest.approx(best)
    assert explorer.commitment.value == pytest.approx(best)
    assert explorer.result["total_cost"] == pytest.approx(explorer.result["best_cost"])
    curve = explorer._parts["curve"].get_ydata()
    assert explorer.result["best_cost"] / 1000 == pytest.approx(curve.min())   # the marked minimum
    assert explorer._parts["best_dot"].get_xdata()[0] == pytest.approx(best)


def test_migration_hurts_the_ec2_instance_plan_only(explorer):
    explorer.term.value, explorer.payment.value, explorer.commitment.value = 1, "partial_upfront", 2.0
    costs = {}
    for plan in ("compute", "ec2_instance"):
        explorer.plan.value = plan
        for moved in (0, 40):
            explorer.moved.value = moved
            costs[plan, moved] = (explorer.result["total_cost"], explorer.result["utilisation"])
    assert costs["compute", 0] == costs["compute", 40]
    assert costs["ec2_instance", 40][0] > costs["ec2_instance", 0][0]
    assert costs["ec2_instance", 40][1] < costs["ec2_instance", 0][1]
    explorer.moved.value = 0


def test_week_slider_changes_the_chart_not_the_year(explorer):
    explorer.week.value = 1
    before, png = explorer.result["total_cost"], explorer.image.value
    heights = np.array(explorer._parts["covered"].get_paths()[0].vertices)
    explorer.week.value = 40
    assert explorer.result["total_cost"] == before
    assert explorer.image.value != png
    assert not np.array_equal(heights, explorer._parts["covered"].get_paths()[0].vertices)
    assert "Chart: Thu 1 Oct" in explorer.text.value


def test_zero_commitment_has_no_utilisation(explorer):
    explorer.commitment.value = 0.0
    assert np.isnan(explorer.result["utilisation"]) and explorer.result["coverage"] == 0
    assert "utilisation <b>—</b>" in explorer.text.value


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"plan": "spot"}, "plan"),
    ({"term_years": 2}, "term_years"),
    ({"payment": "monthly"}, "payment"),
    ({"moved_percent": 30}, "moved_percent"),
    ({"commitment": -1}, "commitment"),
    ({"week": 0}, "week"),
    ({"od_spend": [1.0, -2.0]}, "od_spend"),
])
def test_bad_input_names_the_parameter(kwargs, name):
    with pytest.raises(CourseInputError, match=name):
        CommitmentExplorer(**kwargs)
