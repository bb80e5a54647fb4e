"""Job lifecycle, billing arithmetic, retries, timeouts, terminate and cancel."""

from __future__ import annotations

import pytest
from test_batch_helpers import EPOCH, add_ce, add_jobdef, add_queue, basic, describe, make_sim, submit
from test_batch_helpers import status as job_status


def test_states_follow_aws_order_with_startup_delays():
    sim = make_sim(timing={"scheduler_s": 1, "instance_boot_s": 60, "container_start_s": 10,
                           "scale_down_idle_s": 300})
    basic(sim)
    jid = submit(sim, duration=300)
    assert job_status(sim, jid) == "SUBMITTED"
    sim.advance(1)  # scheduler evaluates: no dependencies -> RUNNABLE
    assert job_status(sim, jid) == "RUNNABLE"
    sim.advance(60)  # t=61: the instance launched at t=1 is ready at t=61 -> STARTING
    assert job_status(sim, jid) == "STARTING"
    sim.advance(10)  # t=71: container started
    assert job_status(sim, jid) == "RUNNING"
    sim.advance(299)  # t=370: one second before the end
    assert job_status(sim, jid) == "RUNNING"
    sim.advance(1)
    job = describe(sim, jid)
    assert job["status"] == "SUCCEEDED"
    assert job["startedAt"] == EPOCH + 71_000
    assert job["stoppedAt"] == EPOCH + 371_000
    assert [a["container"]["exitCode"] for a in job["attempts"]] == [0]
    assert job["attempts"][0]["statusReason"] == "Essential container in task exited"


def test_cost_of_one_on_demand_job_by_hand():
    # A 300 s job on one m5.large ($0.096/h in the test book), started at t=0 with a
    # 60 s start-up delay. The instance runs 60 s booting + 300 s job + 300 s idle
    # before scale-down = 660 s, billed per second: 660 * 0.096 / 3600 = $0.0176.
    sim = basic()
    submit(sim, duration=300)
    sim.run_until_idle()
    summary = sim.summary()
    assert summary["makespan_s"] == 360.0
    assert summary["cost_usd"] == pytest.approx(660 * 0.096 / 3600)
    assert summary["cost_usd"] == pytest.approx(0.0176)
    inst = sim.instances_frame().iloc[0]
    assert (inst.launched_s, inst.ready_s, inst.stopped_s) == (0.0, 60.0, 660.0)
    # utilisation: 1 vCPU busy for 300 s on a 2-vCPU instance alive 660 s
    assert summary["utilisation"] == pytest.approx(300 / (2 * 660))


def test_sixty_second_minimum_for_short_instance_life():
    sim = make_sim(timing={"scheduler_s": 0, "instance_boot_s": 5, "container_start_s": 0,
                           "scale_down_idle_s": 10})
    basic(sim)
    submit(sim, duration=20)
    sim.run_until_idle()
    # alive 5 + 20 + 10 = 35 s, billed as the 60 s minimum: 60 * 0.096 / 3600
    assert sim.summary()["cost_usd"] == pytest.approx(0.0016)


def test_job_with_nonzero_exit_fails_with_aws_reason():
    sim = basic()
    jid = submit(sim, duration=100, exit_code="3")
    sim.run_until_idle()
    job = describe(sim, jid)
    assert job["status"] == "FAILED"
    assert job["statusReason"] == "Essential container in task exited"
    assert job["container"]["exitCode"] == 3
    assert len(job["attempts"]) == 1


def test_retry_until_success_records_each_attempt():
    sim = basic()
    jid = submit(sim, duration=100, exit_code="1,1,0", retryStrategy={"attempts": 3})
    sim.run_until_idle()
    job = describe(sim, jid)
    assert job["status"] == "SUCCEEDED"
    codes = [a["container"]["exitCode"] for a in job["attempts"]]
    assert codes == [1, 1, 0]
    starts = [a["startedAt"] - EPOCH for a in job["attempts"]]
    stops = [a["stoppedAt"] - EPOCH for a in job["attempts"]]
    assert starts == [60_000, 160_000, 260_000]  # each retry starts as the last one ends
    assert stops == [160_000, 260_000, 360_000]


def test_attempts_are_never_exceeded():
    sim = basic()
    jid = submit(sim, duration=60, exit_code="1", retryStrategy={"attempts": 2})
    sim.run_until_idle()
    job = describe(sim, jid)
    assert job["status"] == "FAILED" and len(job["attempts"]) == 2


@pytest.mark.parametrize(("rules", "attempts_made", "final"), [
    ([{"onExitCode": "1", "action": "EXIT"}], 1, "FAILED"),
    ([{"onExitCode": "1", "action": "retry"}], 2, "SUCCEEDED"),  # action case-insensitive
    ([{"onExitCode": "2*", "action": "EXIT"}], 2, "SUCCEEDED"),  # no rule matches: retried
    ([{"onExitCode": "1", "onStatusReason": "Essential*", "action": "EXIT"}], 1, "FAILED"),
    ([{"onExitCode": "1", "onStatusReason": "Host EC2*", "action": "EXIT"}], 2, "SUCCEEDED"),
    ([{"onReason": "*", "action": "EXIT"}], 1, "FAILED"),  # catch-all, even without a reason
    ([{"onReason": "Out*", "action": "EXIT"}], 2, "SUCCEEDED"),  # no container reason
    ([{"onStatusReason": "*", "action": "EXIT"}], 1, "FAILED"),
])
def test_evaluate_on_exit_rules(rules, attempts_made, final):
    sim = basic()
    jid = submit(sim, duration=60, exit_code="1,0",
                 retryStrategy={"attempts": 3, "evaluateOnExit": rules})
    sim.run_until_idle()
    job = describe(sim, jid)
    assert job["status"] == final
    assert len(job["attempts"]) == attempts_made


def test_timeout_fails_the_attempt_and_is_not_retried():
    sim = basic()
    jid = submit(sim, duration=300, timeout={"attemptDurationSeconds": 60},
                 retryStrategy={"attempts": 3})
    sim.run_until_idle()
    job = describe(sim, jid)
    assert job["status"] == "FAILED"
    assert job["statusReason"] == "Job attempt duration exceeded timeout"
    assert len(job["attempts"]) == 1
    assert job["attempts"][0]["stoppedAt"] - job["attempts"][0]["startedAt"] == 60_000


def test_timeout_from_job_definition_applies():
    sim = make_sim()
    add_ce(sim)
    add_queue(sim)
    add_jobdef(sim, timeout={"attemptDurationSeconds": 120})
    jid = submit(sim, duration=500)
    sim.run_until_idle()
    assert describe(sim, jid)["statusReason"] == "Job attempt duration exceeded timeout"


def test_terminate_running_job_fails_it_without_retry():
    sim = basic()
    jid = submit(sim, duration=300, retryStrategy={"attempts": 3})
    sim.advance(100)
    assert job_status(sim, jid) == "RUNNING"
    sim.terminate_job(jobId=jid, reason="stopped by the learner")
    job = describe(sim, jid)
    assert job["status"] == "FAILED"
    assert job["statusReason"] == "stopped by the learner"
    assert job["isTerminated"] is True
    assert len(job["attempts"]) == 1
    assert job["attempts"][0]["stoppedAt"] == EPOCH + 100_000
    sim.run_until_idle()
    assert describe(sim, jid)["status"] == "FAILED"


def test_terminate_runnable_job_cancels_it():
    sim = basic(max_vcpus=1)  # m5.large has 2 vCPUs: BEST_FIT never exceeds 1 -> stuck
    jid = submit(sim)
    sim.advance(30)
    assert job_status(sim, jid) == "RUNNABLE"
    sim.terminate_job(jobId=jid, reason="too slow")
    job = describe(sim, jid)
    assert (job["status"], job["statusReason"], job["attempts"]) == ("FAILED", "too slow", [])


def test_cancel_affects_only_jobs_not_yet_starting():
    sim = basic(max_vcpus=2)
    first = submit(sim, duration=300, jobName="first")
    second = submit(sim, duration=300, jobName="second")
    sim.advance(61)
    sim.advance(0)
    assert job_status(sim, first) == "RUNNING"
    sim.cancel_job(jobId=first, reason="cancel running")  # no effect, still succeeds
    assert job_status(sim, first) == "RUNNING"
    assert job_status(sim, second) == "RUNNING"  # 2 x 1 vCPU fit on one m5.large
    sim.run_until_idle()
    assert job_status(sim, first) == "SUCCEEDED"
    third = submit(sim, duration=300, jobName="third")
    sim.cancel_job(jobId=third, reason="changed my mind")
    job = describe(sim, third)
    assert (job["status"], job["statusReason"], job["isCancelled"]) == (
        "FAILED", "changed my mind", True)


def test_cancel_pending_job_fails_its_dependents():
    sim = basic()
    first = submit(sim, duration=300)
    second = submit(sim, dependsOn=[{"jobId": first}])
    third = submit(sim, dependsOn=[{"jobId": second}])
    sim.advance(1)
    assert job_status(sim, second) == "PENDING"
    sim.cancel_job(jobId=second, reason="not needed")
    assert job_status(sim, second) == "FAILED"
    assert describe(sim, third)["statusReason"] == "Dependent Job failed"
    sim.run_until_idle()
    assert job_status(sim, first) == "SUCCEEDED"


def test_list_jobs_defaults_to_running_and_filters_status():
    sim = basic(max_vcpus=2)
    ids = [submit(sim, duration=100 * (i + 1), jobName=f"j{i}") for i in range(3)]
    sim.advance(61)
    running = sim.list_jobs(jobQueue="q")["jobSummaryList"]
    assert {j["jobId"] for j in running} == set(ids[:2])
    runnable = sim.list_jobs(jobQueue="q", jobStatus="RUNNABLE")["jobSummaryList"]
    assert [j["jobId"] for j in runnable] == [ids[2]]
    sim.run_until_idle()
    done = sim.list_jobs(jobQueue="q", jobStatus="SUCCEEDED", maxResults=2)
    assert len(done["jobSummaryList"]) == 2 and "nextToken" in done
    rest = sim.list_jobs(jobQueue="q", jobStatus="SUCCEEDED", nextToken=done["nextToken"])
    assert len(rest["jobSummaryList"]) == 1 and "nextToken" not in rest
    named = sim.list_jobs(jobQueue="q", filters=[{"name": "JOB_NAME", "values": ["J1"]}])
    assert [j["jobId"] for j in named["jobSummaryList"]] == [ids[1]]


def test_work_model_callable_decides_duration_and_exit():
    sim = basic()
    calls = []

    def work(name, index, attempt):
        calls.append((name, index, attempt))
        return (50.5, 0 if attempt == 2 else 7)

    sim.set_work_model(work)
    jid = sim.submit_job(jobName="modelled", jobQueue="q", jobDefinition="jd",
                         retryStrategy={"attempts": 2})["jobId"]
    sim.run_until_idle()
    job = describe(sim, jid)
    assert job["status"] == "SUCCEEDED"
    assert calls == [("modelled", None, 1), ("modelled", None, 2)]
    first = job["attempts"][0]
    assert first["stoppedAt"] - first["startedAt"] == 50_500


def test_job_too_big_for_queue_stays_runnable_with_reason():
    sim = basic(max_vcpus=16)
    jid = submit(sim, containerOverrides={"resourceRequirements": [
        {"type": "VCPU", "value": "8"}]})
    sim.run_until_idle()
    job = describe(sim, jid)
    assert job["status"] == "RUNNABLE"
    assert job["statusReason"].startswith("MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT")


def test_container_reason_from_work_model_drives_on_reason_rules():
    sim = basic()
    oom = "OutOfMemoryError: Container killed due to memory usage"

    def work(name, index, attempt):
        if name == "oom":
            return (30, 137, oom)
        return (30, 1, "CannotStartContainerError: something") if attempt == 1 else (30, 0)

    sim.set_work_model(work)
    rules = {"attempts": 3, "evaluateOnExit": [
        {"onReason": "OutOfMemoryError*", "action": "EXIT"},
        {"onReason": "CannotStart*", "action": "RETRY"}]}
    oom_id = sim.submit_job(jobName="oom", jobQueue="q", jobDefinition="jd",
                            retryStrategy=rules)["jobId"]
    flaky = sim.submit_job(jobName="flaky", jobQueue="q", jobDefinition="jd",
                           retryStrategy=rules)["jobId"]
    sim.run_until_idle()
    job = describe(sim, oom_id)
    assert (job["status"], len(job["attempts"])) == ("FAILED", 1)
    assert job["attempts"][0]["container"]["reason"] == oom
    assert job["container"]["reason"] == oom
    assert describe(sim, flaky)["status"] == "SUCCEEDED"
    assert list(sim.attempts_frame().container_reason.dropna())[:1] == [oom]
