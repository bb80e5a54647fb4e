"""The limits map: drawn from the catalogue's facts, points coloured by the chooser."""

from __future__ import annotations

import pytest
from matplotlib.colors import to_hex

from course.errors import CourseInputError
from course.plots.chooser import _COLOURS, limits_map


def test_limit_lines_come_from_the_catalogue():
    ax = limits_map().axes[0]
    vertical, horizontal = ax.lines[0], ax.lines[1]
    assert vertical.get_xdata()[0] == 15          # 900 s / 60 = 15 min
    assert horizontal.get_ydata()[0] == 120       # Fargate's largest task
    labels = [t.get_text() for t in ax.texts]
    assert "Lambda timeout 900 s" in labels and "Lambda memory 10,240 MB" in labels
    assert "Fargate 120 GB" in labels


def test_points_take_the_colour_of_the_recommendation():
    ax = limits_map({"report": (5, 1), "job": (40, 4), "huge": (600, 200)}).axes[0]
    colours = [to_hex(line.get_color()) for line in ax.lines[2:]]
    assert colours == [_COLOURS["lambda"], _COLOURS["fargate"], _COLOURS["batch"]]


@pytest.mark.parametrize("bad", [{}, [(5, 1)], {"a": (5,)}, {"a": "51"}, {"a": (0, 1)}, {"a": (5, 9999)},
                                 {3: (5, 1)}, "nope"])
def test_bad_points(bad):
    with pytest.raises(CourseInputError):
        limits_map(bad)
