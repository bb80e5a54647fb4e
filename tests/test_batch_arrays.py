"""Array jobs and dependencies (N_TO_N, SEQUENTIAL, whole-job)."""

from __future__ import annotations

from test_batch_helpers import EPOCH, basic, describe, submit
from test_batch_helpers import status as job_status


def test_array_children_ids_index_and_parent_summary():
    sim = basic(max_vcpus=2)  # one m5.large: two 1-vCPU children at a time
    parent = submit(sim, duration=100, arrayProperties={"size": 3})
    sim.advance(61)
    job = describe(sim, parent)
    assert job["status"] == "PENDING"
    assert job["arrayProperties"]["size"] == 3
    summary = job["arrayProperties"]["statusSummary"]
    assert summary["RUNNING"] == 2 and summary["RUNNABLE"] == 1
    child = describe(sim, f"{parent}:2")
    assert child["jobId"] == f"{parent}:2"
    assert child["arrayProperties"] == {"index": 2}
    env = {e["name"]: e["value"] for e in child["container"]["environment"]}
    assert env["AWS_BATCH_JOB_ARRAY_INDEX"] == "2"
    listed = sim.list_jobs(arrayJobId=parent, jobStatus="RUNNING")["jobSummaryList"]
    assert [j["jobId"] for j in listed] == [f"{parent}:0", f"{parent}:1"]
    sim.run_until_idle()
    job = describe(sim, parent)
    assert job["status"] == "SUCCEEDED"
    assert job["arrayProperties"]["statusSummary"]["SUCCEEDED"] == 3
    assert job["stoppedAt"] == EPOCH + 260_000  # third child: 160 -> 260 s


def test_parent_only_shows_parent_states():
    sim = basic(max_vcpus=4)
    parent = submit(sim, duration=100, arrayProperties={"size": 5})
    seen = set()
    for _ in range(40):
        seen.add(job_status(sim, parent))
        sim.advance(10)
    assert seen <= {"SUBMITTED", "PENDING", "SUCCEEDED", "FAILED"}
    assert "SUCCEEDED" in seen


def test_array_parent_fails_if_any_child_fails():
    sim = basic()
    sim.set_work_model(lambda name, index, attempt: (60, 1 if index == 1 else 0))
    parent = sim.submit_job(jobName="arr", jobQueue="q", jobDefinition="jd",
                            arrayProperties={"size": 3})["jobId"]
    sim.run_until_idle()
    assert job_status(sim, parent) == "FAILED"
    assert job_status(sim, f"{parent}:0") == "SUCCEEDED"
    assert job_status(sim, f"{parent}:1") == "FAILED"


def test_timeout_applies_to_each_child():
    sim = basic(max_vcpus=4)
    sim.set_work_model(lambda name, index, attempt: (30 if index == 0 else 200, 0))
    parent = sim.submit_job(jobName="arr", jobQueue="q", jobDefinition="jd",
                            arrayProperties={"size": 2},
                            timeout={"attemptDurationSeconds": 60})["jobId"]
    sim.run_until_idle()
    assert job_status(sim, f"{parent}:0") == "SUCCEEDED"
    child = describe(sim, f"{parent}:1")
    assert child["statusReason"] == "Job attempt duration exceeded timeout"
    assert job_status(sim, parent) == "FAILED"


def test_dependent_job_waits_pending_then_runs_after():
    sim = basic(max_vcpus=4)
    first = submit(sim, duration=300)
    second = submit(sim, duration=100, dependsOn=[{"jobId": first}])
    sim.advance(100)
    assert job_status(sim, second) == "PENDING"
    sim.run_until_idle()
    a, b = describe(sim, first), describe(sim, second)
    assert b["status"] == "SUCCEEDED"
    assert b["startedAt"] >= a["stoppedAt"]
    assert b["dependsOn"] == [{"jobId": first}]


def test_failed_dependency_fails_dependent_chain():
    sim = basic()
    first = submit(sim, duration=60, exit_code="2")
    second = submit(sim, dependsOn=[{"jobId": first}])
    third = submit(sim, dependsOn=[{"jobId": second}])
    sim.run_until_idle()
    for jid in (second, third):
        job = describe(sim, jid)
        assert (job["status"], job["statusReason"], job["attempts"]) == (
            "FAILED", "Dependent Job failed", [])


def test_depending_on_already_finished_jobs():
    sim = basic()
    ok = submit(sim, duration=60)
    bad = submit(sim, duration=60, exit_code="1")
    sim.run_until_idle()
    after_ok = submit(sim, duration=60, dependsOn=[{"jobId": ok}])
    after_bad = submit(sim, duration=60, dependsOn=[{"jobId": bad}])
    assert job_status(sim, after_bad) == "FAILED"
    sim.run_until_idle()
    assert job_status(sim, after_ok) == "SUCCEEDED"


def test_n_to_n_links_child_i_to_child_i():
    sim = basic(max_vcpus=8)
    sim.set_work_model(lambda name, index, attempt: ((index + 1) * 100, 0)
                       if name == "a" else (10, 0))
    a = sim.submit_job(jobName="a", jobQueue="q", jobDefinition="jd",
                       arrayProperties={"size": 3})["jobId"]
    b = sim.submit_job(jobName="b", jobQueue="q", jobDefinition="jd",
                       arrayProperties={"size": 3},
                       dependsOn=[{"jobId": a, "type": "N_TO_N"}])["jobId"]
    sim.run_until_idle()
    for i in range(3):
        a_i, b_i = describe(sim, f"{a}:{i}"), describe(sim, f"{b}:{i}")
        assert b_i["startedAt"] >= a_i["stoppedAt"]
    # b:0 does not wait for a:2 (the slowest child)
    assert describe(sim, f"{b}:0")["startedAt"] < describe(sim, f"{a}:2")["stoppedAt"]


def test_n_to_n_failure_fails_only_matching_child():
    sim = basic(max_vcpus=8)
    sim.set_work_model(lambda name, index, attempt: (60, 1 if name == "a" and index == 1
                                                     else 0))
    a = sim.submit_job(jobName="a", jobQueue="q", jobDefinition="jd",
                       arrayProperties={"size": 3})["jobId"]
    b = sim.submit_job(jobName="b", jobQueue="q", jobDefinition="jd",
                       arrayProperties={"size": 3},
                       dependsOn=[{"jobId": a, "type": "N_TO_N"}])["jobId"]
    sim.run_until_idle()
    assert [job_status(sim, f"{b}:{i}") for i in range(3)] == ["SUCCEEDED", "FAILED",
                                                               "SUCCEEDED"]
    assert describe(sim, f"{b}:1")["statusReason"] == "Dependent Job failed"


def test_sequential_children_run_one_after_another():
    sim = basic(max_vcpus=16)
    parent = submit(sim, duration=100, arrayProperties={"size": 4},
                    dependsOn=[{"type": "SEQUENTIAL"}])
    sim.run_until_idle()
    kids = [describe(sim, f"{parent}:{i}") for i in range(4)]
    for before, after in zip(kids, kids[1:], strict=False):
        assert after["startedAt"] >= before["stoppedAt"]
    assert job_status(sim, parent) == "SUCCEEDED"


def test_sequential_failure_stops_the_rest():
    sim = basic()
    sim.set_work_model(lambda name, index, attempt: (60, 1 if index == 1 else 0))
    parent = sim.submit_job(jobName="seq", jobQueue="q", jobDefinition="jd",
                            arrayProperties={"size": 4},
                            dependsOn=[{"type": "SEQUENTIAL"}])["jobId"]
    sim.run_until_idle()
    states = [job_status(sim, f"{parent}:{i}") for i in range(4)]
    assert states == ["SUCCEEDED", "FAILED", "FAILED", "FAILED"]
    assert describe(sim, f"{parent}:3")["statusReason"] == "Dependent Job failed"


def test_array_depending_on_single_job_waits_whole():
    sim = basic(max_vcpus=8)
    first = submit(sim, duration=200)
    parent = submit(sim, duration=10, arrayProperties={"size": 3},
                    dependsOn=[{"jobId": first}])
    sim.advance(100)
    summary = describe(sim, parent)["arrayProperties"]["statusSummary"]
    assert summary["PENDING"] == 3
    sim.run_until_idle()
    stop_first = describe(sim, first)["stoppedAt"]
    assert all(describe(sim, f"{parent}:{i}")["startedAt"] >= stop_first for i in range(3))


def test_cancel_array_parent_cancels_waiting_children_only():
    sim = basic(max_vcpus=2)
    parent = submit(sim, duration=100, arrayProperties={"size": 4})
    sim.advance(61)
    sim.cancel_job(jobId=parent, reason="enough")
    sim.run_until_idle()
    states = [job_status(sim, f"{parent}:{i}") for i in range(4)]
    assert states == ["SUCCEEDED", "SUCCEEDED", "FAILED", "FAILED"]
    job = describe(sim, parent)
    assert (job["status"], job["statusReason"]) == ("FAILED", "enough")
