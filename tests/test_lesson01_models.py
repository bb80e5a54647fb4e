"""The models behind lessons 00-01: local batch runs, the batch-window trade-off, the set-up check."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import batching, envcheck, localbatch
from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    return localbatch.make_inputs(tmp_path_factory.mktemp("in"), files=40, rows=20, seed=3)


def test_inputs_are_deterministic(tmp_path, inputs):
    again = localbatch.make_inputs(tmp_path, files=40, rows=20, seed=3)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in inputs]
    other = localbatch.make_inputs(tmp_path / "other", files=1, rows=20, seed=4)
    assert other[0].read_bytes() != inputs[0].read_bytes()


@pytest.mark.parametrize("mode", localbatch.MODES)
def test_every_mode_gives_the_same_results(inputs, mode):
    serial = localbatch.run_batch(inputs, mode="serial")
    run = localbatch.run_batch(inputs, mode=mode, workers=2)
    assert run.results == serial.results
    assert run.files == 40 and run.seconds > 0 and run.files_per_second > 0


def test_summary_of_a_known_file(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("sensor,celsius\ns01,20.0\ns02,22.0\ns03,27.5\n")
    summary = localbatch.summarise_file(path)
    # mean = (20 + 22 + 27.5) / 3 = 23.1666...
    assert summary["rows"] == 3 and summary["hottest"] == 27.5
    assert summary["mean"] == pytest.approx(69.5 / 3)


def test_threads_help_when_work_waits(inputs):
    serial = localbatch.run_batch(inputs[:20], mode="serial", io_wait_ms=5)
    threads = localbatch.run_batch(inputs[:20], mode="threads", workers=10, io_wait_ms=5)
    assert serial.seconds >= 20 * 0.005  # twenty waits of 5 ms, one after another
    assert threads.seconds < serial.seconds


@pytest.mark.parametrize("kwargs, message", [
    ({"mode": "gpu"}, "mode='gpu' is not allowed"),
    ({"mode": "thread"}, "Did you mean 'threads'"),
    ({"mode": "threads", "workers": 0}, "workers must be at least 1"),
    ({"io_wait_ms": -1}, "io_wait_ms must be at least 0"),
    ({"io_wait_ms": float("nan")}, "io_wait_ms must be a finite number"),
])
def test_run_batch_bad_input(inputs, kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        localbatch.run_batch(inputs, **kwargs)


def test_run_batch_needs_existing_inputs(tmp_path):
    with pytest.raises(CourseInputError, match="paths must hold"):
        localbatch.run_batch([])
    with pytest.raises(CourseInputError, match="does not exist"):
        localbatch.run_batch([tmp_path / "nope.csv"])


@pytest.mark.parametrize("kwargs", [{"files": 0}, {"files": "ten"}, {"rows": 0},
                                    {"rows": float("inf")}, {"files": True}])
def test_make_inputs_bad_input(tmp_path, kwargs):
    with pytest.raises(CourseInputError):
        localbatch.make_inputs(tmp_path, **kwargs)


def test_write_report_is_idempotent_and_append_is_not(tmp_path):
    rows = [{"file": "a", "rows": 1}, {"file": "b", "rows": 2}]
    for _ in range(3):
        localbatch.write_report(rows, tmp_path / "r.csv")
        localbatch.append_report(rows, tmp_path / "a.csv")
    assert (tmp_path / "r.csv").read_text().splitlines() == ["file,rows", "a,1", "b,2"]
    assert len((tmp_path / "a.csv").read_text().splitlines()) == 1 + 3 * 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "r.csv"]  # no temp files


def test_retry_backs_off_and_gives_up():
    step = localbatch.FlakyStep(failure_rate=0.5, seed=3)
    result = localbatch.retry(lambda: step("x"), attempts=5, base_delay=2.0)
    assert result.value == "x" and result.attempts == 2
    assert 0 <= result.waited_seconds <= 2.0  # one wait, at most base_delay * 2**0
    waits = []
    with pytest.raises(RuntimeError, match="gave up after 3 attempts"):
        localbatch.retry(lambda: localbatch.FlakyStep(0.99, seed=1)(None) or 1 / 0,
                         attempts=3, retry_on=(ConnectionError, ZeroDivisionError),
                         sleep=waits.append)
    assert len(waits) == 2
    with pytest.raises(KeyError):  # errors that are not transient are not retried
        localbatch.retry(lambda: {}["missing"], attempts=3)


@pytest.mark.parametrize("kwargs", [{"attempts": 0}, {"attempts": "3"}, {"base_delay": -1},
                                    {"attempts": float("nan")}, {"base_delay": None}])
def test_retry_bad_input(kwargs):
    with pytest.raises(CourseInputError):
        localbatch.retry(lambda: 1, **kwargs)


def test_window_tradeoff_by_hand():
    r = batching.window_tradeoff(600, 30, 120, 1)
    # 48 runs a day; each handles 300 items: 120 s + 300 s = 420 s; 48 * 420 s = 5.6 h
    assert r["runs_per_day"] == 48 and r["items_per_run"] == 300
    assert r["compute_hours_per_day"] == pytest.approx(5.6)
    assert r["mean_latency_minutes"] == pytest.approx(15 + 7)
    assert r["efficiency"] == pytest.approx(300 / 420)
    assert batching.window_tradeoff(600, 1, 120, 1)["keeps_up"] is False


@settings(max_examples=200, deadline=None)
@given(rate=st.floats(0, 10_000), window=st.floats(0.1, 10_080), overhead=st.floats(0, 3600),
       per_item=st.floats(0, 60))
def test_window_tradeoff_invariants(rate, window, overhead, per_item):
    r = batching.window_tradeoff(rate, window, overhead, per_item)
    assert 0 <= r["efficiency"] <= 1
    assert r["mean_latency_minutes"] >= window / 2
    assert r["max_latency_minutes"] >= r["mean_latency_minutes"]
    curve = batching.window_curve(rate, overhead, per_item, windows=__import__("numpy").array([window]))
    assert math.isclose(curve["compute_hours_per_day"][0], r["compute_hours_per_day"], rel_tol=1e-9)


@pytest.mark.parametrize("args", [(-1, 60, 0, 1), (10, 0, 0, 1), (10, 60, -5, 1), (10, 60, 0, -1),
                                  (10, "60", 0, 1), (float("nan"), 60, 0, 1)])
def test_window_tradeoff_bad_input(args):
    with pytest.raises(CourseInputError):
        batching.window_tradeoff(*args)


def test_environment_check_passes_here_and_explains_problems():
    rows = envcheck.check_environment()
    assert all(r["ok"] for r in rows), [r for r in rows if not r["ok"]]
    assert envcheck.summary(rows).startswith("All")
    bad = envcheck.check_environment({"pandas": "999.0", "no-such-package-xyz": "1.0"})
    message = envcheck.summary(bad)
    assert "pandas" in message and "older than 999.0" in message
    assert "no-such-package-xyz is not installed" in message


def test_errors_and_texts():
    assert check_choice("x", "a", ["a", "b"]) == "a"
    assert check_number("n", 3, low=0, high=5) == 3.0
    with pytest.raises(CourseInputError, match="n must be at most 5"):
        check_number("n", 6, high=5)
    with pytest.raises(KeyError):
        text({"en": {}}, "missing")


def test_texts_fall_back_to_english(monkeypatch):
    catalog = {"en": {"hi": "Hello", "bye": "Bye"}, "ja": {"hi": "こんにちは"}}
    monkeypatch.setenv("COURSE_LANG", "ja")
    assert text(catalog, "hi") == "こんにちは" and text(catalog, "bye") == "Bye"
