"""Lambda limits, the fan-out model, S3 listing through moto, the figures and the explorer."""

from __future__ import annotations

import math

import pytest

from course.errors import CourseInputError
from course.pricing.services import lambda_cost, service_rate_lambda
from course.serverless import (
    LIMITS,
    fan_out,
    fan_out_curve,
    fits_lambda,
    limit,
    limits_table,
    list_objects,
)


# --- limits -------------------------------------------------------------------------------------
def test_limits_agree_with_the_price_snapshot():
    assert limit("timeout_seconds") == service_rate_lambda("max_timeout_seconds") == 900
    assert limit("memory_min_mb") == service_rate_lambda("min_memory_mb") == 128
    assert limit("memory_max_mb") == service_rate_lambda("max_memory_mb") == 10_240


def test_every_limit_is_sourced_and_dated():
    for name, row in LIMITS.items():
        assert row["source"].startswith("https://docs.aws.amazon.com/"), name
        assert row["as_of"] == "2026-11-29" and row["confidence"] == "OFFICIAL", name
    table = limits_table()
    assert list(table.index) == list(LIMITS)
    assert int(table.loc["tmp_max_mb", "value"]) == 10_240 and int(table.loc["tmp_max_mb", "default"]) == 512


@pytest.mark.parametrize("name", ["timeout", "memory", "", None, 900])
def test_limit_rejects(name):
    with pytest.raises(CourseInputError):
        limit(name)


@pytest.mark.parametrize("duration, memory, tmp, fits, words", [
    (900, 10_240, 10_240, True, None),        # exactly at every limit still fits
    (901, 1024, 512, False, "900 s maximum timeout"),
    (60, 10_241, 512, False, "10,240 MB maximum memory"),
    (60, 64, 512, False, "128 MB minimum"),
    (60, 1024, 20_000, False, "/tmp"),
])
def test_fits_lambda(duration, memory, tmp, fits, words):
    verdict = fits_lambda(duration, memory, tmp)
    assert verdict["fits"] is fits
    assert (words is None and verdict["reasons"] == []) or words in " ".join(verdict["reasons"])


@pytest.mark.parametrize("kwargs", [
    {"duration_s": -1, "memory_mb": 128}, {"duration_s": "60", "memory_mb": 128},
    {"duration_s": 60, "memory_mb": 0}, {"duration_s": 60, "memory_mb": math.nan},
    {"duration_s": 60, "memory_mb": 128, "tmp_mb": -5}, {"duration_s": None, "memory_mb": 128},
])
def test_fits_lambda_rejects(kwargs):
    with pytest.raises(CourseInputError):
        fits_lambda(**kwargs)


# --- fan-out ------------------------------------------------------------------------------------
def test_fan_out_waves_and_makespan():
    plan = fan_out(10_000, 2, concurrency=1000)
    # 10,000 invocations / 1,000 at a time = 10 waves of 2 s = 20 s
    assert (plan["invocations"], plan["waves"], plan["makespan_seconds"]) == (10_000, 10, 20.0)
    assert plan["peak_concurrency"] == 1000


def test_fan_out_packs_objects_and_ends_with_a_short_wave():
    plan = fan_out(2_500, 3, concurrency=100, objects_per_invocation=7, overhead_seconds=1)
    # 2,500 = 357 x 7 + 1 -> 358 invocations; a full one runs 1 + 7 x 3 = 22 s, the last 1 + 3 = 4 s.
    # 358 / 100 -> 4 waves; the 4th holds 58 invocations, 57 full ones -> 4 x 22 = 88 s.
    assert plan["invocations"] == 358 and plan["invocation_seconds"] == 22 and plan["waves"] == 4
    assert plan["makespan_seconds"] == 88.0
    assert plan["busy_seconds"] == 357 * 22 + 4  # 7,858 s of compute in all


def test_fan_out_last_wave_with_only_the_partial_invocation_is_shorter():
    plan = fan_out(21, 10, concurrency=2, objects_per_invocation=5)
    # 4 full calls of 50 s + 1 call of 10 s; 2 at a time -> waves (50, 50, 10) = 110 s
    assert plan["waves"] == 3 and plan["makespan_seconds"] == 110.0


def test_fan_out_cost_comes_from_lambda_cost():
    plan = fan_out(2_500, 3, concurrency=1000, memory_mb=1024)
    expected = lambda_cost(2_500, 3_000, 1024)
    # 7,500 GB-s x 0.0000166667 + 2,500 x 0.0000002 = 0.12500025 + 0.0005
    assert plan["cost"] == pytest.approx(0.12550025) == expected["total"]
    free = fan_out(2_500, 3, memory_mb=1024, free_tier=True)
    assert free["cost"] == 0.0  # well inside 1M requests and 400,000 GB-s


def test_fan_out_too_long_for_lambda_has_no_price():
    plan = fan_out(1000, 60, objects_per_invocation=20)  # 20 x 60 s = 1,200 s > 900 s
    assert plan["fits"] is False and math.isnan(plan["cost"])
    assert plan["gb_seconds"] == 60_000.0


@pytest.mark.parametrize("kwargs", [
    {"objects": 0}, {"objects": 10.5}, {"seconds_per_object": 0}, {"concurrency": 0},
    {"objects_per_invocation": 0}, {"memory_mb": 64}, {"memory_mb": 20_000},
    {"overhead_seconds": -1}, {"objects": "100"},
])
def test_fan_out_rejects(kwargs):
    args = {"objects": 100, "seconds_per_object": 1.0} | kwargs
    with pytest.raises(CourseInputError):
        fan_out(**args)


def test_fan_out_curve_halves_with_double_concurrency():
    curve = fan_out_curve(4_000, 10, [500, 1000, 2000, 4000, 8000])
    # 4,000 calls of 10 s: 8, 4, 2, 1, 1 waves
    assert curve["makespan_seconds"] == [80.0, 40.0, 20.0, 10.0, 10.0]


@pytest.mark.parametrize("args", [
    (0, 10, [1]), (100, -1, [1]), (100, 10, [0]), (100, 10, [1.5]), (100, 10, ["a"]),
])
def test_fan_out_curve_rejects(args):
    with pytest.raises(CourseInputError):
        fan_out_curve(*args)


# --- S3 listing (moto, offline) -----------------------------------------------------------------
@pytest.fixture(scope="module")
def s3():
    import boto3
    from moto import mock_aws

    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                            "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
            monkeypatch.setenv(name, value)
        with mock_aws():
            yield _fill(boto3.client("s3", region_name="us-east-1"))


def _fill(client):
    client.create_bucket(Bucket="raw-data")
    for i in range(25):
        client.put_object(Bucket="raw-data", Key=f"2026/12/01/part-{i:03d}.csv", Body=b"x" * i)
    client.put_object(Bucket="raw-data", Key="2026/12/02/part-000.csv", Body=b"y")
    return client


def test_list_objects_follows_every_page(s3):
    found = list_objects(s3, "raw-data", "2026/12/01/", page_size=10)
    assert len(found) == 25 and [f["page"] for f in found][::10] == [1, 2, 3]
    assert found[3] == {"key": "2026/12/01/part-003.csv", "size": 3, "page": 1}
    assert len(list_objects(s3, "raw-data")) == 26


@pytest.mark.parametrize("kwargs", [
    {"client": None}, {"bucket": ""}, {"bucket": 5}, {"prefix": None}, {"page_size": 0},
    {"page_size": 1001},
])
def test_list_objects_rejects(kwargs):
    class NeverCalled:  # the inputs are checked before any request is made
        def get_paginator(self, name):
            raise AssertionError("no request expected")

    args = {"client": NeverCalled(), "bucket": "raw-data"} | kwargs
    with pytest.raises(CourseInputError):
        list_objects(**args)


# --- figures and explorer -----------------------------------------------------------------------
def test_limits_figure_marks_fit_and_misfit():
    from course.plots.serverless import limits_figure

    fig = limits_figure([{"name": "ok", "duration_s": 10, "memory_mb": 512},
                         {"name": "long", "duration_s": 3600, "memory_mb": 512}])
    colours = [tuple(c.get_facecolor()[0][:3]) for c in fig.axes[0].collections if c.get_offsets().size]
    assert len(colours) == 2 and colours[0] != colours[1]


def test_fan_out_explorer_updates_summary_and_dot():
    from course.widgets.serverless import FanOutExplorer

    explorer = FanOutExplorer(objects=5_000, seconds_per_object=2, concurrency=1_000)
    assert explorer.result["waves"] == 5 and "$" in explorer.text.value
    explorer.concurrency.value = 5_000
    assert explorer.result["makespan_seconds"] == 2.0
    assert list(explorer._parts["dot"].get_xdata()) == [5_000]
    explorer.per_invocation.value = 500  # 500 x 2 s = 1,000 s > 900 s
    assert "900 s limit" in explorer.text.value
    assert explorer.image.value[:4] == b"\x89PNG"
