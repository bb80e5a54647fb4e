"""The Spot job explorer and the lesson 12 figures, driven as a learner would."""

from __future__ import annotations

import doctest
import math

import pandas as pd
import pytest

import course.widgets.spotjobs as widgets
from course.errors import CourseInputError
from course.pricing import catalog
from course.spotjobs import effective_saving, saving_table
from course.widgets.spotjobs import SpotJobExplorer, lost_work_figure, rate_options, saving_figure


@pytest.fixture()
def explorer():
    return SpotJobExplorer()


def test_doctests_pass():
    assert doctest.testmod(widgets).failed == 0


def test_default_view_matches_the_model(explorer):
    r = explorer.result
    assert r["instance_type"] == "c5.large" and r["hazard_per_hour"] == 0.1
    assert r["saving"] == pytest.approx(effective_saving(8.0, 0.1, r["discount"]))
    price_ratio = catalog.spot_hourly("c5.large") / catalog.on_demand_hourly("c5.large")
    assert r["discount"] == pytest.approx(1 - price_ratio)
    assert explorer.image.value[:4] == b"\x89PNG"
    assert "real saving" in explorer.text.value


def test_a_higher_rate_lowers_the_saving_and_changes_the_picture(explorer):
    before, image = explorer.result["saving"], explorer.image.value
    explorer.rate.value = 0.5
    assert explorer.result["saving"] < before
    assert explorer.image.value != image
    assert explorer._parts["expected"].get_height() > 100 * (1 - before)


def test_checkpoint_interval_moves_the_marker_and_the_best_one_is_best(explorer):
    explorer.interval.value = 30 / 60
    x, _ = explorer._parts["you"].get_data()
    assert list(x) == [0.5]
    best = explorer.result["best_interval_hours"]
    assert 0.3 < best < 1.5
    best_saving = explorer.result["best_saving"]
    for _label, tau in explorer.interval.options[1:]:
        explorer.interval.value = tau
        assert explorer.result["saving"] <= best_saving + 1e-3


def test_advisor_rates_make_checkpoints_pointless(explorer):
    explorer.rate.value = rate_options()[0][1]
    explorer.job.value = 1.0
    assert math.isnan(explorer.result["best_interval_hours"])
    assert "does not pay" in explorer.text.value
    assert explorer.result["saving"] == pytest.approx(explorer.result["discount"], abs=1e-3)


def test_overhead_and_job_length_change_the_cost(explorer):
    explorer.interval.value = 15 / 60
    cheap = explorer.result["cost"]
    explorer.overhead.value = 600 / 3600
    assert explorer.result["cost"] > cheap
    explorer.job.value = 48.0
    assert explorer.result["on_demand_cost"] == pytest.approx(48 * catalog.on_demand_hourly("c5.large"))


def test_instance_change_changes_the_discount(explorer):
    first = explorer.result["discount"]
    explorer.instance.value = "r5.xlarge"
    assert explorer.result["discount"] != pytest.approx(first)
    assert "r5.xlarge" in explorer.text.value


def test_dearer_than_on_demand_is_said_in_red(explorer):
    explorer.rate.value = 1.0
    explorer.job.value = 12.0
    assert explorer.result["saving"] < 0
    assert "costs more than On-Demand" in explorer.text.value


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"instance_type": "c5.larg"}, "instance_type"),
    ({"hazard_per_hour": 0.3}, "hazard_per_hour"),
    ({"hazard_per_hour": -1}, "hazard_per_hour"),
    ({"job_hours": 3.0}, "job_hours"),
    ({"checkpoint_interval_hours": 0.7}, "checkpoint_interval_hours"),
    ({"checkpoint_overhead_seconds": "a minute"}, "checkpoint_overhead_seconds"),
])
def test_explorer_refuses_bad_starting_values(kwargs, name):
    with pytest.raises(CourseInputError, match=name):
        SpotJobExplorer(**kwargs)


def test_saving_figure_draws_one_line_per_rate():
    table = saving_table([0.5, 4, 24], [0.01, 0.1, 0.5], 0.6)
    fig = saving_figure(table, 0.6)
    assert len(fig.axes[0].lines) == 3 + 2
    with pytest.raises(CourseInputError, match="table"):
        saving_figure(None, 0.6)
    with pytest.raises(CourseInputError, match="discount"):
        saving_figure(table, 1.2)


def test_lost_work_figure_checks_its_columns():
    rows = pd.DataFrame({"strategy": ["none", "30 min"], "simulated": [2.0, 0.2],
                         "margin": [0.2, 0.02], "model": [2.1, 0.21]})
    assert len(lost_work_figure(rows).axes[0].patches) == 2
    with pytest.raises(CourseInputError, match="rows"):
        lost_work_figure(rows.drop(columns="model"))


def test_every_control_value_redraws_without_error():
    """Regression: free checkpoints (overhead "0 s") made the best interval 0 and the explorer raised."""
    from course.widgets.spotjobs import SpotJobExplorer

    explorer = SpotJobExplorer()
    for control in (explorer.rate, explorer.job, explorer.interval, explorer.overhead):
        for _label, value in control.options:
            control.value = value
            assert explorer.image.value  # a picture was drawn for this setting
