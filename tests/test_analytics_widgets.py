"""Lesson 09's figure and explorer: driven as a learner would, checked against course.analytics."""

from __future__ import annotations

import statistics
import time

import pandas as pd
import pytest

from course.analytics import LAYOUTS, estimate_scan, make_sales_dataset
from course.errors import CourseInputError
from course.plots.analytics import (
    dollars_text,
    layout_comparison,
    layout_figure,
    moving_artists,
    set_limits,
    update_layout_figure,
)
from course.widgets.analytics import AthenaScanExplorer

MINIMUM = 10 * 2**20 / 2**40 * 5  # 10 MB at $5 per TB (2**40 bytes) = $0.0000476837...


@pytest.fixture(scope="module")
def sales(tmp_path_factory):
    return make_sales_dataset(tmp_path_factory.mktemp("sales"), rows=4_000, days=10, seed=4)


@pytest.fixture(scope="module")
def explorer(sales):  # shared: each test sets every control it relies on
    return AthenaScanExplorer(sales)


# --- figure ------------------------------------------------------------------------------
def test_bars_show_megabytes_and_dollars_and_outline_one_layout():
    fig, parts = layout_figure()
    update_layout_figure(parts, [2**20, 2 * 2**20, 0, 3 * 2**20], [0.5, 0.25, 0.0, 1.0], 0.1,
                         highlight="parquet", scale=1000)
    # 2**20 bytes = 1 MB; a zero is drawn at the 0.001 MB floor of the log axis
    assert [b.get_height() for b in parts["bytes_bars"]] == [1.0, 2.0, 0.001, 3.0]
    assert [b.get_linewidth() for b in parts["cost_bars"]] == [0.0, 0.0, 2.0, 0.0]
    assert [t.get_text() for t in parts["cost_labels"]] == ["$0.5", "$0.25", "$0.000000000001", "$1.00"]
    assert list(parts["min_line"].get_ydata()) == [0.1, 0.1]
    assert parts["cost_title"].get_text().endswith("(table x1,000)")
    assert len(moving_artists(parts)) == 17  # 8 bars + 8 labels + the minimum line


def test_layout_comparison_draws_the_compare_layouts_table():
    table = pd.DataFrame({"layout": list(LAYOUTS), "bytes_scanned": [8 * 2**20, 2**20, 2**19, 2**18],
                          "cost_usd": [MINIMUM] * 4})
    fig = layout_comparison(table, scale=1)
    left, right = fig.axes
    assert [round(p.get_height(), 3) for p in left.patches] == [8.0, 1.0, 0.5, 0.25]
    assert right.get_yscale() == "log"


def test_dollars_text():
    assert dollars_text(MINIMUM) == "$0.000048"
    assert dollars_text(0.55) == "$0.55"
    assert dollars_text(12.345) == "$12.35"


# --- explorer ----------------------------------------------------------------------------
def test_explorer_matches_estimate_scan(sales, explorer):
    explorer.scale.value = 1_000
    explorer.layout.value = "parquet_by_day"
    explorer.columns.value = ("store", "amount")
    explorer.day_range.value = (3, 5)
    expected = estimate_scan(explorer.index, "parquet_by_day", ["store", "amount"], "2026-11-03",
                             "2026-11-05")
    r = explorer.result
    assert (r["bytes"], r["files_read"], r["files_total"]) == (expected.bytes, 3, 10)
    assert (r["first_day"], r["last_day"]) == ("2026-11-03", "2026-11-05")
    assert "3 of 10 files" in explorer.text.value
    assert explorer.table.value.count("<tr>") == 5  # header + one row per layout
    assert explorer.image.value[:8] == b"\x89PNG\r\n\x1a\n"


def test_explorer_scale_and_minimum_charge(explorer):
    explorer.layout.value = "csv"
    explorer.day_range.value = (1, 10)
    explorer.scale.value = 1
    # a few hundred kB of CSV is billed as the 10 MB minimum
    assert explorer.result["at_minimum"] and explorer.result["cost_usd"] == MINIMUM
    assert "minimum charge (10 MB per query)" in explorer.text.value
    explorer.scale.value = 100_000
    scaled = explorer.result["bytes"] * 100_000
    assert not explorer.result["at_minimum"]
    # rounded up to whole MB, then $5 per 2**40 bytes
    assert explorer.result["cost_usd"] == pytest.approx(-(-scaled // 2**20) * 2**20 / 2**40 * 5)


def test_explorer_reuses_a_background_with_its_own_y_range(explorer):
    cost_axes = explorer._parts["cost_bars"][0].axes
    explorer.scale.value = 1
    small = cost_axes.get_ylim()
    explorer.scale.value = 100_000
    assert cost_axes.get_ylim() != small
    explorer.scale.value = 1  # the cached bitmap comes back with the y range it was drawn with
    assert cost_axes.get_ylim() == small
    assert {1.0, 100_000.0} <= set(explorer._backgrounds)


def test_explorer_redraws_quickly(explorer):
    timings = []
    for step in range(10):
        start = time.perf_counter()
        explorer.day_range.value = (1 + step % 5, 10)
        timings.append(time.perf_counter() - start)
    # ~30-50 ms on the loaded course machine; a full (non-blitted) redraw took ~600 ms there
    assert statistics.median(timings) < 0.2, timings


# --- bad input ---------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, name", [
    ({"dataset": None}, "dataset"), ({"layout": "json"}, "layout"), ({"columns": "amount"}, "columns"),
    ({"columns": ["price"]}, "columns"), ({"queries_per_day": 0}, "queries_per_day"),
    ({"region": "mars-1"}, "region"),
])
def test_bad_explorer_arguments(sales, kwargs, name):
    arguments = {"dataset": sales} | kwargs
    with pytest.raises(CourseInputError, match=name):
        AthenaScanExplorer(**arguments)


@pytest.mark.parametrize("bytes_scanned, costs", [
    ([1, 2, 3], [1, 1, 1, 1]), ([1, 2, 3, 4], [1, 1]), ("1234", [1, 1, 1, 1]), (5, [1, 1, 1, 1]),
    ([1, 2, 3, -4], [1, 1, 1, 1]), ([1, 2, 3, 4], [1, 1, "x", 1]),
])
def test_bad_bar_values(bytes_scanned, costs):
    _, parts = layout_figure()
    with pytest.raises(CourseInputError):
        update_layout_figure(parts, bytes_scanned, costs, 0.1)


@pytest.mark.parametrize("parts", [None, {}, {"bytes_bars": []}, [1, 2], "parts"])
def test_bad_parts(parts):
    with pytest.raises(CourseInputError, match="parts"):
        update_layout_figure(parts, [1] * 4, [1] * 4, 0.1)
    with pytest.raises(CourseInputError, match="parts"):
        moving_artists(parts)


@pytest.mark.parametrize("limits", [(0, 1), (2, 1), (1,), None, ("a", "b"), (1, float("inf"))])
def test_bad_limits(limits):
    _, parts = layout_figure()
    with pytest.raises(CourseInputError, match="megabytes"):
        set_limits(parts, limits, (1e-5, 1))


@pytest.mark.parametrize("table", [
    None, pd.DataFrame({"layout": list(LAYOUTS)}),
    pd.DataFrame({"layout": ["csv"], "bytes_scanned": [1], "cost_usd": [1.0]}),
    pd.DataFrame({"layout": list(reversed(LAYOUTS)), "bytes_scanned": [1] * 4, "cost_usd": [1.0] * 4}),
    {"layout": list(LAYOUTS)},
])
def test_bad_comparison_table(table):
    with pytest.raises(CourseInputError, match="table"):
        layout_comparison(table)


@pytest.mark.parametrize("value", [-1, "x", None, float("nan"), float("inf")])
def test_bad_dollars(value):
    with pytest.raises(CourseInputError, match="value"):
        dollars_text(value)
