"""Lesson 03 helpers: job state tracks, polling, RUNNABLE diagnosis, lifecycle figure, explorer.

Timings are the simulator's defaults (scheduler 1 s, EC2 boot 90 s, container start 10 s,
scale-down 300 s), so every expected time below is hand-computed from them.
"""

from __future__ import annotations

import math

import pytest

from course.batch import BatchSimulator, InstanceSpec, PriceBook
from course.batchbasics import (
    JobTrack,
    diagnose_runnable,
    job_tracks,
    moto_network,
    poll_states,
    state_at,
    state_counts,
)
from course.errors import CourseInputError

# Made-up test prices (never teaching data): one 2-vCPU / 4 GiB type.
BOOK = PriceBook([InstanceSpec("c6i.large", "c6i", "x86_64", 2, 4096, 0.085, 0.034, 0.05)])


def make_sim(max_vcpus: int = 4, state: str = "ENABLED") -> BatchSimulator:
    sim = BatchSimulator(price_book=BOOK, seed=1)
    sim.create_compute_environment(
        computeEnvironmentName="ce1", type="MANAGED", state=state,
        computeResources={"type": "EC2", "allocationStrategy": "BEST_FIT_PROGRESSIVE",
                          "maxvCpus": max_vcpus, "instanceTypes": ["c6i.large"],
                          "subnets": ["subnet-1"], "instanceRole": "ecsInstanceRole"})
    sim.create_job_queue(jobQueueName="q", priority=1,
                         computeEnvironmentOrder=[{"order": 1, "computeEnvironment": "ce1"}])
    sim.register_job_definition(jobDefinitionName="jd", type="container", containerProperties={
        "image": "x", "resourceRequirements": [{"type": "VCPU", "value": "2"},
                                               {"type": "MEMORY", "value": "2048"}]})
    return sim


def submit(sim: BatchSimulator, name: str, seconds: int, **kw) -> str:
    params = {"duration": str(seconds), **kw.pop("parameters", {})}
    return sim.submit_job(jobName=name, jobQueue="q", jobDefinition="jd", parameters=params,
                          **kw)["jobId"]


@pytest.fixture(scope="module")
def three_jobs():
    """3 jobs of 2 vCPU on maxvCpus 4: two run at once, the third waits for a free instance."""
    sim = make_sim()
    ids = [submit(sim, "a", 100), submit(sim, "b", 200), submit(sim, "c", 50)]
    sim.run_until_idle()
    return sim, ids


def test_job_tracks_follow_the_lifecycle(three_jobs):
    sim, ids = three_jobs
    tracks = job_tracks(sim)
    assert [t.job_name for t in tracks] == ["a", "b", "c"]
    assert [t.job_id for t in tracks] == ids
    # submitted 0; scheduler 1 s -> RUNNABLE 1; instances launched at 1 boot 90 s -> STARTING 91;
    # container start 10 s -> RUNNING 101; a runs 100 s -> SUCCEEDED 201.
    assert tracks[0].times == (0.0, 1.0, 91.0, 101.0, 201.0)
    assert tracks[0].states == ("SUBMITTED", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED")
    assert tracks[1].times[-1] == 301.0  # 101 + 200
    # c takes a's instance when a finishes at 201: STARTING 201, RUNNING 211, done 211 + 50 = 261
    assert tracks[2].times == (0.0, 1.0, 201.0, 211.0, 261.0)


def test_state_at_and_counts(three_jobs):
    tracks = job_tracks(three_jobs[0])
    a = tracks[0]
    assert state_at(a, -1) == "-"
    assert state_at(a, 0) == "SUBMITTED"
    assert state_at(a, 90.999) == "RUNNABLE"
    assert state_at(a, 91) == "STARTING"
    assert state_at(a, 10_000) == "SUCCEEDED"
    counts = state_counts(tracks, 150)  # a, b RUNNING (101..); c RUNNABLE until 201
    assert counts["RUNNING"] == 2 and counts["RUNNABLE"] == 1
    assert sum(counts.values()) == 3
    assert state_counts(tracks, 250) == {"SUBMITTED": 0, "PENDING": 0, "RUNNABLE": 0, "STARTING": 0,
                                         "RUNNING": 2, "SUCCEEDED": 1, "FAILED": 0}


def test_a_retried_attempt_starts_again():
    sim = make_sim()
    submit(sim, "flaky", 60, parameters={"exitCode": "1,0"}, retryStrategy={"attempts": 2})
    sim.run_until_idle()
    (track,) = job_tracks(sim)
    # attempt 1: RUNNABLE 1, STARTING 91, RUNNING 101, exits 1 at 161 + 60 = 161; back to RUNNABLE
    # and at once STARTING again on the same instance (same instant: STARTING wins); RUNNING 171,
    # SUCCEEDED 171 + 60 = 231
    assert track.times == (0.0, 1.0, 91.0, 101.0, 161.0, 171.0, 231.0)
    assert track.states == ("SUBMITTED", "RUNNABLE", "STARTING", "RUNNING", "STARTING", "RUNNING",
                            "SUCCEEDED")


def test_a_retried_job_waits_runnable_when_the_instance_is_busy():
    sim = make_sim(max_vcpus=2)  # one instance: the retry waits for "other" (61 s from 101)
    submit(sim, "flaky", 60, parameters={"exitCode": "1,0"}, retryStrategy={"attempts": 2})
    submit(sim, "other", 200)
    sim.run_until_idle()
    flaky = job_tracks(sim)[0]
    # flaky runs 101..161 and fails; "other" (queued behind) starts at 161 and runs 171..371,
    # so flaky is RUNNABLE from 161 until 371, then STARTING 371, RUNNING 381, done 441
    assert flaky.times == (0.0, 1.0, 91.0, 101.0, 161.0, 371.0, 381.0, 441.0)
    assert flaky.states[4] == "RUNNABLE"


def test_array_children_are_named_with_their_index():
    sim = make_sim()
    sim.submit_job(jobName="arr", jobQueue="q", jobDefinition="jd", parameters={"duration": "30"},
                   arrayProperties={"size": 2})
    sim.run_until_idle()
    assert [t.job_name for t in job_tracks(sim)] == ["arr:0", "arr:1"]


def test_poll_states_table():
    sim = make_sim()
    ids = [submit(sim, "a", 100), submit(sim, "b", 100)]
    table = poll_states(sim, ids, every_s=50, until_s=220)
    # polls at 0, 50, ..., 200 (220 // 50 + 1 = 5 rows); the clock ends at 220
    assert list(table.index) == [0.0, 50.0, 100.0, 150.0, 200.0]
    assert list(table.columns) == ["a", "b"]
    assert list(table["a"]) == ["SUBMITTED", "RUNNABLE", "STARTING", "RUNNING", "RUNNING"]
    assert sim.now == 220.0
    # 101 + 100 = 201: a finished between the last poll and now
    assert sim.describe_jobs(jobs=[ids[0]])["jobs"][0]["status"] == "SUCCEEDED"


def test_poll_states_names_duplicate_jobs_apart():
    sim = make_sim()
    ids = [submit(sim, "same", 10), submit(sim, "same", 10)]
    table = poll_states(sim, ids, every_s=10, until_s=10)
    assert table.columns[0] == "same" and table.columns[1] == f"same ({ids[1][:8]})"


def test_diagnose_too_big_job():
    sim = make_sim()
    job = sim.submit_job(jobName="big", jobQueue="q", jobDefinition="jd",
                         parameters={"duration": "60"},
                         containerOverrides={"resourceRequirements": [
                             {"type": "MEMORY", "value": "8192"}]})["jobId"]
    sim.advance(3600)
    findings = diagnose_runnable(sim, job)
    assert len(findings) == 1
    assert "2 vCPU and 8192 MiB" in findings[0]
    assert "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT" in findings[0]


def test_diagnose_disabled_and_zero_environments():
    sim = make_sim(max_vcpus=0, state="DISABLED")
    job = submit(sim, "j", 60)
    sim.advance(600)
    findings = " | ".join(diagnose_runnable(sim, job))
    assert "ce1 is DISABLED" in findings
    assert "maxvCpus = 0" in findings


def test_diagnose_normal_wait_and_finished_job(three_jobs):
    sim = make_sim()
    job = submit(sim, "j", 60)
    sim.advance(30)  # instance still booting (ready at 91)
    assert diagnose_runnable(sim, job)[0].startswith("No misconfiguration found")
    done_sim, ids = three_jobs
    assert diagnose_runnable(done_sim, ids[0]) == [
        "The job is SUCCEEDED, not RUNNABLE: nothing is stuck."]


# ------------------------------------------------------------------ bad input
TRACK = JobTrack("a", "a", (0.0,), ("SUBMITTED",))


@pytest.mark.parametrize("sim", [None, 1, "sim", {}, [], object()])
def test_job_tracks_rejects_non_simulators(sim):
    with pytest.raises(CourseInputError, match="sim must be a Batch client"):
        job_tracks(sim)


@pytest.mark.parametrize("track, t", [(None, 0), ("a", 0), ({"times": ()}, 0), ([TRACK], 0),
                                      (TRACK, "1"), (TRACK, math.nan), (TRACK, math.inf),
                                      (TRACK, None), (TRACK, True)])
def test_state_at_rejects_bad_input(track, t):
    with pytest.raises(CourseInputError):
        state_at(track, t)


@pytest.mark.parametrize("tracks, t", [(None, 0), ("abc", 0), (TRACK, 0), (3, 0), ({}, 0),
                                       ([TRACK, "x"], 0), ([TRACK], "soon")])
def test_state_counts_rejects_bad_input(tracks, t):
    with pytest.raises(CourseInputError):
        state_counts(tracks, t)


@pytest.fixture(scope="module")
def sim_with_job():
    sim = make_sim()
    return sim, submit(sim, "j", 60)


@pytest.mark.parametrize("kwargs, match", [
    ({"client": None}, "client must be a Batch client"),
    ({"job_ids": []}, "non-empty list"),
    ({"job_ids": "abc"}, "non-empty list"),
    ({"job_ids": [1]}, "non-empty list"),
    ({"job_ids": None}, "non-empty list"),
    ({"job_ids": ["x"] * 101}, "at most 100"),
    ({"job_ids": ["no-such-job"]}, "No job with ID"),
    ({"every_s": 0}, "every_s must be at least 1"),
    ({"every_s": "10"}, "every_s must be a number"),
    ({"until_s": -5}, "until_s must be at least 0"),
    ({"until_s": 5}, r"until_s \(5\) must be at least every_s"),
    ({"every_s": 1, "until_s": 5000}, "at most 2000"),
])
def test_poll_states_rejects_bad_input(sim_with_job, kwargs, match):
    sim, job = sim_with_job
    args = {"client": sim, "job_ids": [job], "every_s": 10, "until_s": 60, **kwargs}
    client, ids = args.pop("client"), args.pop("job_ids")
    with pytest.raises(CourseInputError, match=match):
        poll_states(client, ids, **args)
    assert sim.now == 0.0  # nothing advanced


@pytest.mark.parametrize("client, job_id, match", [
    (None, "x", "client must be a Batch client"),
    ("batch", "x", "client must be a Batch client"),
    ("SIM", "", "job_id must be a job ID"),
    ("SIM", None, "job_id must be a job ID"),
    ("SIM", 42, "job_id must be a job ID"),
    ("SIM", "no-such-job", "No job with ID"),
])
def test_diagnose_runnable_rejects_bad_input(sim_with_job, client, job_id, match):
    client = sim_with_job[0] if client == "SIM" else client
    with pytest.raises(CourseInputError, match=match):
        diagnose_runnable(client, job_id)


@pytest.mark.parametrize("region, match", [("", "region must not be empty"),
                                           (None, "region must be a region name"),
                                           (3, "region must be a region name"),
                                           (["us-east-1"], "region must be a region name"),
                                           (b"us-east-1", "region must be a region name")])
def test_moto_network_rejects_bad_regions(region, match):
    with pytest.raises(CourseInputError, match=match):
        moto_network(region)
