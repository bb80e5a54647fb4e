"""The Gantt-style timeline plot and the package's import cost."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import pytest
from test_batch_helpers import add_ce, add_jobdef, add_queue, make_sim, submit

from course.errors import CourseInputError
from course.plots.timeline import plot_timeline

matplotlib.use("Agg")


def run_mixed():
    sim = make_sim(seed=4)
    add_ce(sim, kind="SPOT", strategy="SPOT_CAPACITY_OPTIMIZED", max_vcpus=4)
    add_ce(sim, name="fg", kind="FARGATE", max_vcpus=2)
    add_queue(sim)
    add_queue(sim, name="fq", ces=("fg",))
    add_jobdef(sim)
    add_jobdef(sim, name="fjd", platform="FARGATE")
    submit(sim, duration=600, arrayProperties={"size": 4}, retryStrategy={"attempts": 2})
    submit(sim, duration=120, jobQueue="fq", jobDefinition="fjd", arrayProperties={"size": 3},
           exit_code="1,0", retryStrategy={"attempts": 2})
    sim.advance(200)
    sim.interrupt_instance(sim.instances_frame().host_id.iloc[0])
    sim.run_until_idle()
    return sim


def test_timeline_draws_one_row_per_instance_and_fargate_lane():
    sim = run_mixed()
    ax = plot_timeline(sim, unit="seconds")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    n_instances = len(sim.instances_frame().query("kind == 'instance'"))
    assert len(labels) == n_instances + 2  # two Fargate lanes (maxvCpus 2, 1 vCPU each)
    assert labels[-1] == "fg Fargate lane 2"
    legend = {t.get_text() for t in ax.get_legend().get_texts()}
    assert {"attempt succeeded", "attempt failed", "interrupted (Spot)", "Spot notice",
            "instance up"} <= legend
    # one bar per attempt (barh patches) plus the instance life bars
    bars = [p for c in ax.containers for p in c]
    assert len(bars) == len(sim.attempts_frame())
    assert ax.get_xlabel() == "time (seconds)"


def test_timeline_limits_rows():
    sim = run_mixed()
    ax = plot_timeline(sim, max_hosts=1)
    assert len(ax.get_yticklabels()) == 1


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((None,), {}, "needs a BatchSimulator"),
    (("sim",), {}, "needs a BatchSimulator"),
    (("SIM",), {"unit": "days"}, "unit='days'"),
    (("SIM",), {"max_hosts": 0}, "at least 1"),
    (("SIM",), {"max_hosts": 2.5}, "whole number"),
    (("SIM",), {"ax": "axes"}, "matplotlib Axes"),
])
def test_timeline_rejects_bad_input(args, kwargs, message):
    args = tuple(make_sim() if a == "SIM" else a for a in args)
    with pytest.raises(CourseInputError, match=message):
        plot_timeline(*args, **kwargs)


def test_import_course_batch_is_light():
    code = ("import sys, time; t = time.perf_counter(); import course.batch; "
            "print(time.perf_counter() - t); "
            "print(any(m.startswith(('boto3', 'moto', 'pandas', 'matplotlib')) "
            "for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out[1] == "False"
    assert float(out[0]) < 0.3
