"""Lesson 03 figure and explorer: the cursor, labels, title and state counts follow the slider."""

from __future__ import annotations

import pytest

from course.batchbasics import JobTrack
from course.errors import CourseInputError
from course.plots.batchbasics import check_tracks, horizon_of, lifecycle_figure, move_cursor, title_for
from course.widgets.batchbasics import LifecycleExplorer

A = JobTrack("a", "job-a", (0.0, 1.0, 91.0, 101.0, 401.0),
             ("SUBMITTED", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED"))
B = JobTrack("b", "job-b", (0.0, 1.0, 401.0, 411.0, 951.0),
             ("SUBMITTED", "RUNNABLE", "STARTING", "RUNNING", "FAILED"))


def test_horizon_and_title():
    assert horizon_of([A, B]) == 1000.0  # last change 951 s + 5% = 998.55, up to whole 10 s
    assert horizon_of([JobTrack("c", "c", (0.0,), ("SUBMITTED",))]) == 60.0  # at least 60 s
    assert title_for([A, B], 95) == "t = 95 s: 1 RUNNABLE · 1 STARTING"
    assert title_for([A, B], -5) == "t = -5 s: no jobs submitted yet"


def test_figure_draws_one_band_per_state_and_a_cursor():
    fig, parts = lifecycle_figure([A, B], t=200)
    ax = parts["ax"]
    # A: 4 states before the end + SUCCEEDED to the horizon = 5 bands; B likewise = 10 in total
    assert len(ax.collections) == 10
    assert [label.get_text() for label in parts["labels"]] == ["RUNNING", "RUNNABLE"]
    assert list(parts["cursor"].get_xdata()) == [200, 200]
    move_cursor(parts, 960)
    assert [label.get_text() for label in parts["labels"]] == ["SUCCEEDED", "FAILED"]
    assert parts["title"].get_text() == "t = 960 s: 1 SUCCEEDED · 1 FAILED"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["job-a", "job-b"]


def test_explorer_follows_the_slider():
    explorer = LifecycleExplorer([A, B], step_s=5)
    assert explorer.time.max == 1000.0 and explorer.time.step == 5
    explorer.time.value = 95
    assert explorer.states == {"job-a": "STARTING", "job-b": "RUNNABLE"}
    assert explorer.counts["STARTING"] == 1 and explorer.counts["RUNNABLE"] == 1
    assert explorer.text.value == "At t = 95 s: 1 RUNNABLE, 1 STARTING."
    first = explorer.image.value
    explorer.time.value = 500
    assert explorer.states == {"job-a": "SUCCEEDED", "job-b": "RUNNING"}
    assert explorer.image.value != first and explorer.image.value[:4] == b"\x89PNG"
    assert 0 < explorer.last_redraw_ms < 2000  # generous: the 100 ms target is measured in the lesson


@pytest.mark.parametrize("tracks", [None, [], "abc", A, [A, "x"], [A] * 41, {"a": A}])
def test_check_tracks_rejects_bad_input(tracks):
    with pytest.raises(CourseInputError):
        check_tracks(tracks)


@pytest.mark.parametrize("kwargs", [{"t": "now"}, {"t": float("nan")}, {"horizon_s": 0},
                                    {"horizon_s": "1h"}, {"t": None}])
def test_lifecycle_figure_rejects_bad_input(kwargs):
    with pytest.raises(CourseInputError):
        lifecycle_figure([A], **kwargs)


@pytest.mark.parametrize("kwargs, match", [
    ({"step_s": 0}, "step_s"), ({"step_s": 1.5}, "step_s"), ({"step_s": True}, "step_s"),
    ({"step_s": 4000}, "step_s"), ({"start_s": -1}, "start_s"), ({"start_s": 5000}, "start_s"),
    ({"tracks": []}, "tracks"), ({"tracks": None}, "tracks"),
])
def test_explorer_rejects_bad_input(kwargs, match):
    args = {"tracks": [A], **kwargs}
    with pytest.raises(CourseInputError, match=match):
        LifecycleExplorer(args.pop("tracks"), **args)
