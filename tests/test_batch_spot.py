"""Spot interruptions, checkpointing, Fargate (Spot), billing and results frames."""

from __future__ import annotations

import pytest
from test_batch_helpers import EPOCH, add_ce, add_jobdef, add_queue, basic, describe, make_sim, submit
from test_batch_helpers import status as job_status

RETRY_SPOT = {"attempts": 3, "evaluateOnExit": [
    {"onStatusReason": "Host EC2*", "action": "RETRY"},
    {"onReason": "*", "action": "EXIT"}]}


def spot_sim(**kw):
    sim = make_sim(**kw)
    add_ce(sim, kind="SPOT", strategy="SPOT_CAPACITY_OPTIMIZED", types=["m5.large"])
    add_queue(sim)
    add_jobdef(sim)
    return sim


def test_reclaimed_host_fails_attempt_with_aws_reason_and_retries():
    sim = spot_sim()
    jid = submit(sim, duration=600, retryStrategy=RETRY_SPOT)
    sim.advance(200)  # running since t=60
    inst = sim.instances_frame().iloc[0]
    sim.interrupt_instance(inst.host_id)  # notice now, reclaim at t=320
    assert job_status(sim, jid) == "RUNNING"
    sim.advance(120)
    job = describe(sim, jid)
    assert job["status"] == "RUNNABLE"
    first = job["attempts"][0]
    assert first["statusReason"] == f"Host EC2 (instance {inst.host_id}) terminated."
    assert "exitCode" not in first["container"]
    assert first["stoppedAt"] == EPOCH + 320_000
    sim.run_until_idle()
    job = describe(sim, jid)
    assert job["status"] == "SUCCEEDED" and len(job["attempts"]) == 2
    # replacement launched at t=320, ready at t=380, job 600 s -> stops at t=980
    assert job["stoppedAt"] == EPOCH + 980_000
    summary = sim.summary()
    assert summary["interruptions"] == 1 and summary["retries"] == 1
    assert summary["lost_work_s"] == pytest.approx(260.0)  # ran 60 -> 320 s, no checkpoints
    events = sim.events_frame()
    assert {"SPOT_NOTICE", "INTERRUPTED", "RETRY"} <= set(events.event)


def test_no_new_jobs_on_instance_after_notice():
    sim = spot_sim()
    first = submit(sim, duration=1000, retryStrategy=RETRY_SPOT)
    sim.advance(100)
    host = sim.instances_frame().iloc[0].host_id
    sim.interrupt_instance(host)
    second = submit(sim, duration=50)  # fits next to the first job, but host is draining
    sim.advance(30)
    assert job_status(sim, second) == "RUNNABLE"
    sim.run_until_idle()
    att = sim.attempts_frame()
    assert host not in set(att[att.job_id == second].host_id)
    assert job_status(sim, first) == "SUCCEEDED"


def test_spot_without_retry_strategy_fails():
    sim = spot_sim()
    jid = submit(sim, duration=600)
    sim.advance(100)
    sim.interrupt_instance(sim.instances_frame().iloc[0].host_id)
    sim.run_until_idle()
    job = describe(sim, jid)
    assert job["status"] == "FAILED"
    assert job["statusReason"].startswith("Host EC2 (instance i-")


def test_checkpointing_keeps_progress_across_attempts():
    sim = spot_sim()
    jid = submit(sim, duration=600, retryStrategy=RETRY_SPOT,
                 parameters={"checkpointSeconds": "60"})
    sim.advance(130)
    sim.interrupt_instance(sim.instances_frame().iloc[0].host_id)  # reclaim at t=250
    sim.run_until_idle()
    job = describe(sim, jid)
    first, second = job["attempts"]
    # ran 60 -> 250 s = 190 s: three checkpoints (180 s) saved, 10 s lost
    assert second["stoppedAt"] - second["startedAt"] == (600 - 180) * 1000
    assert sim.summary()["lost_work_s"] == pytest.approx(10.0)


def test_seeded_hazard_interrupts_deterministically():
    def run(seed):
        sim = spot_sim(seed=seed, spot_interruptions_per_hour=2.0)
        parent = submit(sim, duration=900, arrayProperties={"size": 20},
                        retryStrategy=RETRY_SPOT)
        sim.run_until_idle()
        return sim.summary(), sim.attempts_frame(), describe(sim, parent)["status"]

    a, b, c = run(7), run(7), run(8)
    assert a[0] == b[0]
    assert a[1].equals(b[1])
    assert a[0]["interruptions"] > 0  # 2/h over ~1 h of many instances
    assert a[1].equals(c[1]) is False


def test_spot_billed_at_spot_price():
    sim = spot_sim()
    submit(sim, duration=300)
    sim.run_until_idle()
    # m5.large Spot $0.036/h in the test book; alive 660 s
    assert sim.summary()["cost_usd"] == pytest.approx(660 * 0.036 / 3600)
    assert sim.summary()["on_demand_equivalent_usd"] == pytest.approx(660 * 0.096 / 3600)
    assert sim.summary()["cost_by"] == {"ce/spot": pytest.approx(660 * 0.036 / 3600)}


def fargate_sim(kind="FARGATE", **kw):
    sim = make_sim(**kw)
    add_ce(sim, kind=kind, max_vcpus=4)
    add_queue(sim)
    add_jobdef(sim, vcpu="1", mem="2048", platform="FARGATE")
    return sim


def test_fargate_cost_per_vcpu_and_gb_second_with_minimum():
    sim = fargate_sim()
    submit(sim, duration=30)
    submit(sim, duration=600)
    sim.run_until_idle()
    hourly = 1 * 0.04048 + 2 * 0.004445  # 1 vCPU + 2 GB
    expected = (60 + 600) * hourly / 3600  # 30 s billed as the 1-minute minimum
    assert sim.summary()["cost_usd"] == pytest.approx(expected)
    frame = sim.instances_frame()
    assert list(frame.kind) == ["task", "task"]


def test_fargate_max_vcpus_limits_concurrency():
    sim = fargate_sim()
    ids = [submit(sim, duration=100, jobName=f"j{i}") for i in range(6)]
    sim.advance(50)
    running = sim.list_jobs(jobQueue="q")["jobSummaryList"]
    assert len(running) == 4  # maxvCpus 4, 1 vCPU each
    sim.run_until_idle()
    assert all(job_status(sim, j) == "SUCCEEDED" for j in ids)
    assert sim.summary()["makespan_s"] == 200.0


def test_fargate_spot_interruption_and_discount():
    sim = fargate_sim(kind="FARGATE_SPOT", seed=3,
                      spot_interruptions_per_hour={"FARGATE_SPOT": 4.0})
    jid = submit(sim, duration=600, retryStrategy={"attempts": 10})
    sim.run_until_idle()
    job = describe(sim, jid)
    reasons = [a["statusReason"] for a in job["attempts"]]
    assert "Your Spot Task was interrupted." in reasons
    assert job["status"] == "SUCCEEDED"
    tasks = sim.instances_frame()
    assert set(tasks.purchase_option) == {"fargate-spot"}
    assert list(tasks.hourly_usd) == pytest.approx([1 * 0.0129 + 2 * 0.0014] * len(tasks))


def test_usage_by_hour_profile_adds_up_to_cost():
    sim = basic(max_vcpus=4)
    submit(sim, duration=5000, jobName="long")
    sim.run_until_idle()
    usage = sim.usage_by_hour()
    # instance alive 0 -> 60 + 5000 + 300 = 5360 s: hour 0 full, hour 1 partly
    assert list(usage.hour) == [0, 1]
    assert usage.instance_hours.sum() == pytest.approx(5360 / 3600)
    assert usage.cost_usd.sum() == pytest.approx(sim.summary()["cost_usd"])


def test_results_frames_have_one_row_per_thing():
    sim = basic(max_vcpus=4)
    parent = submit(sim, duration=100, arrayProperties={"size": 3},
                    exit_code="1,0", retryStrategy={"attempts": 2})
    sim.run_until_idle()
    jobs = sim.jobs_frame()
    assert len(jobs) == 4 and jobs.is_array_parent.sum() == 1
    assert set(jobs[jobs.parent_id == parent].status) == {"SUCCEEDED"}
    attempts = sim.attempts_frame()
    assert len(attempts) == 6 and set(attempts.exit_code) == {0, 1}
    assert sim.summary()["retries"] == 3
    events = sim.events_frame()
    assert events.time_s.is_monotonic_increasing
    assert (events.event == "SUCCEEDED").sum() == 3
