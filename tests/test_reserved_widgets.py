"""Lesson 10's RI break-even explorer and figures, driven as a learner would."""

from __future__ import annotations

import doctest

import pandas as pd
import pytest

import course.widgets.reserved as widgets
from course.errors import CourseInputError
from course.widgets.reserved import RiBreakEvenExplorer, cost_bars, usage_figure


@pytest.fixture(scope="module")
def explorer():
    return RiBreakEvenExplorer()


def test_doctests_pass():
    assert doctest.testmod(widgets).failed == 0


def test_term_and_payment_move_the_break_even(explorer):
    explorer.plan.value, explorer.term.value, explorer.payment.value = "standard", 1, "no_upfront"
    one_year = explorer.result["break_even"]
    line = explorer._parts["ri"].get_ydata()[0]
    assert line == pytest.approx(one_year * 100)
    explorer.term.value = 3
    assert explorer.result["break_even"] < one_year
    assert explorer._parts["ri"].get_ydata()[0] < line
    assert f"Break-even utilisation <b>{explorer.result['break_even']:.0%}</b>" in explorer.text.value
    explorer.payment.value = "all_upfront"
    paid = explorer._parts["paid"].get_ydata()
    assert paid[0] == pytest.approx(paid[-1])            # everything paid on day one
    assert explorer.image.value[:4] == b"\x89PNG"
    explorer.payment.value, explorer.term.value = "no_upfront", 1


def test_utilisation_decides_the_verdict(explorer):
    be = explorer.result["break_even"]
    explorer.utilisation.value = int(be * 100) + 10
    assert "the RI saves" in explorer.text.value
    explorer.utilisation.value = max(0, int(be * 100) - 10)
    assert "On-Demand is cheaper" in explorer.text.value
    assert explorer._parts["u_left"].get_xdata()[0] == pytest.approx(explorer.utilisation.value)


def test_instance_type_changes_dollars_not_axes(explorer):
    before = explorer.result["on_demand_hourly"]
    explorer.instance.value = "m6i.xlarge"
    assert explorer.result["on_demand_hourly"] == pytest.approx(2 * before)   # m5.large -> m6i.xlarge
    assert "m6i.xlarge" in explorer.text.value
    explorer.instance.value = "m5.large"


def test_figures_draw_their_parts():
    usage = pd.DataFrame({"c6i.large": [0.0, 4.0, 1.0], "m6i.2xlarge": [0.0, 0.0, 2.0]})
    ax = usage_figure(usage, "c6i.large", 4).axes[0]
    assert len(ax.collections) == 2 and ax.get_lines()[0].get_ydata()[0] == 8   # 4 x 2 vCPU
    bars = cost_bars(pd.DataFrame({"used_fee": [1.0], "wasted_fee": [2.0], "od_part": [3.0]},
                                  index=["x"]))
    assert len(bars.axes[0].patches) == 3


@pytest.mark.parametrize("kwargs", [
    {"instance_type": "m5.huge"}, {"utilisation": 120}, {"instance_types": ()},
    {"instance_types": ("m5.lage",), "instance_type": "m5.lage"},
])
def test_explorer_rejects_bad_input(kwargs):
    with pytest.raises(CourseInputError):
        RiBreakEvenExplorer(**kwargs)


@pytest.mark.parametrize("call", [
    lambda: usage_figure("usage"), lambda: usage_figure(pd.DataFrame({"c6i.large": [1.0]}), ri_count=-1),
    lambda: cost_bars(pd.DataFrame({"a": [1.0]})),
])
def test_figures_reject_bad_input(call):
    with pytest.raises(CourseInputError):
        call()
