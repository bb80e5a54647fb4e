"""The service-chooser widget: it follows its controls, renders every verdict and redraws fast."""

from __future__ import annotations

import statistics

import pytest

from course.chooser import choose
from course.errors import CourseInputError
from course.widgets.chooser import ServiceChooser, render


def test_controls_drive_the_choice():
    explorer = ServiceChooser(task_minutes=5, memory_gb=1)
    assert explorer.choice.service == "lambda"
    assert explorer.set(task_minutes=40).service == "fargate"
    assert explorer.set(tasks=1000).service == "batch"
    assert explorer.set(kind="sql").service == "athena"
    assert "Use Amazon Athena" in explorer.output.value


def test_values_match_the_chooser():
    explorer = ServiceChooser(task_minutes=40, memory_gb=4, tasks=100, runs_per_day=24, steps=2,
                              interruptible=True)
    assert explorer.choice == choose(**explorer.values())
    assert explorer.values()["runs_per_day"] == 24


def test_render_shows_every_service_and_escapes():
    page = render(choose(task_minutes=40, memory_gb=4))
    assert page.count("<tr>") == 9
    assert "ruled out" in page and "Lambda&#x27;s 900 s" in page


def test_redraw_is_fast():
    explorer = ServiceChooser()
    for minutes in [1, 3, 10, 30, 100, 300, 1000, 3, 20, 60, 2, 5]:
        explorer.set(task_minutes=minutes)
    assert statistics.median(explorer.timings_ms) < 100


@pytest.mark.parametrize("bad", [{"minutes": 3}, {"memory": 1}, {"": 1}, {"Tasks": 10}, {"cost": 1}])
def test_set_rejects_unknown_controls(bad):
    explorer = ServiceChooser()
    with pytest.raises(CourseInputError, match="control"):
        explorer.set(**bad)


@pytest.mark.parametrize("kind", ["spark", "", None, "SQL", 3])
def test_constructor_rejects_bad_kinds(kind):
    with pytest.raises(CourseInputError, match="kind"):
        ServiceChooser(kind=kind)
