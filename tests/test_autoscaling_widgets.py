"""Tests for the lesson 05 explorer and figure."""

from course.autoscaling import ScalingPolicy, Workload, simulate
from course.plots.autoscaling import plot_run
from course.widgets.autoscaling import AutoScalingExplorer


def test_explorer_follows_the_model():
    explorer = AutoScalingExplorer(Workload(jobs=200, deadline_minutes=60))
    explorer.max_instances.value = 8
    explorer.target.value = 5
    expected = simulate(ScalingPolicy(target_backlog=5, max_instances=8),
                        Workload(jobs=200, deadline_minutes=60), horizon_minutes=240).summary
    assert explorer.summary == expected
    assert "Finished after <b>" in explorer.text.value
    assert bytes(explorer.image.value).startswith(b"\x89PNG")


def test_explorer_reports_a_missed_deadline():
    explorer = AutoScalingExplorer(Workload(jobs=600, deadline_minutes=30))
    explorer.max_instances.value = 2
    assert explorer.summary["met_deadline"] is False
    assert "Misses the deadline" in explorer.text.value


def test_spot_slider_adds_spot_instances():
    explorer = AutoScalingExplorer()
    explorer.spot.value = 1.0
    assert explorer.policy.spot_interruptions_per_hour is None  # 0 on the slider: catalogue rate
    assert explorer.timeline["spot"].max() == explorer.timeline["instances"].max() > 0


def test_static_plot_has_two_panels():
    run = simulate(ScalingPolicy(max_instances=4), Workload(jobs=40))
    fig = plot_run(run.timeline, run.summary, 60, 4)
    assert [ax.get_title() for ax in fig.axes] == ["Backlog", "Auto Scaling group size"]
