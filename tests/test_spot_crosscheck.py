"""The analytic Spot model (course.pricing.spot) and the Batch simulator agree.

Each of 400 one-hour jobs runs alone on its own Spot instance, interrupted at a
fixed hazard; every interruption is retried. The analytic restart model says a job
is interrupted ``exp(lambda * s) - 1`` times on average. The simulator is seeded,
so this is a fixed comparison, not a flaky statistical test; the tolerance covers
the sampling error of 400 jobs (about 8 % here) and the boot time the analytic model
ignores.
"""

from __future__ import annotations

import pytest

from course.pricing.spot import spot_job
from course.spotjobs import run_spot_workload


def simulate(duration_s: int, hazard: float, checkpoint_s: int | None = None, jobs: int = 400):
    """The summary of ``jobs`` equal jobs on Spot, each on its own c5.large (free checkpoints)."""
    interval = checkpoint_s / 3600 if checkpoint_s else None
    return run_spot_workload(duration_s / 3600, hazard, jobs=jobs,
                             checkpoint_interval_hours=interval).summary()


@pytest.mark.parametrize("hazard", [0.25, 0.5])
def test_interruptions_per_job_match_the_restart_model(hazard):
    summary = simulate(3600, hazard)
    assert summary["succeeded"] == 400
    simulated = summary["interruptions"] / 400
    expected = spot_job(1.0, hazard, 1.0)["expected_interruptions"]  # e^(hazard * 1 h) - 1
    assert simulated == pytest.approx(expected, rel=0.25)


def test_checkpointing_cuts_lost_work_as_the_model_says():
    hazard = 0.5
    plain = simulate(3600, hazard)
    saved = simulate(3600, hazard, checkpoint_s=300)
    model_plain = spot_job(1.0, hazard, 1.0)["lost_hours"]
    model_saved = spot_job(1.0, hazard, 1.0, checkpoint_interval_hours=300 / 3600)["lost_hours"]
    simulated_plain = plain["lost_work_s"] / 3600 / 400
    simulated_saved = saved["lost_work_s"] / 3600 / 400
    assert simulated_saved < simulated_plain / 3  # checkpoints every 5 min save most of the loss
    assert model_saved < model_plain / 3
    assert simulated_plain == pytest.approx(model_plain, rel=0.3)
