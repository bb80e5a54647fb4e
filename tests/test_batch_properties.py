"""Property tests (hypothesis) on random workloads: the simulator's invariants."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_batch_helpers import add_ce, add_jobdef, add_queue, make_sim

X86 = ["m5.large", "m5.xlarge", "c5.large", "r5.large", "m6i.large", "c6i.large"]

submission = st.fixed_dictionaries({
    "vcpu": st.sampled_from(["1", "2"]),
    "mem": st.sampled_from(["512", "1024", "2048", "3500"]),
    "duration": st.integers(min_value=0, max_value=2000),
    "exit": st.lists(st.sampled_from([0, 0, 1, 137]), min_size=1, max_size=3),
    "attempts": st.integers(min_value=1, max_value=4),
    "timeout": st.one_of(st.none(), st.integers(min_value=60, max_value=1500)),
    "size": st.one_of(st.just(0), st.integers(min_value=2, max_value=12)),
    "sequential": st.booleans(),
    "depend": st.booleans(),
    "wait": st.integers(min_value=0, max_value=400),
    "checkpoint": st.one_of(st.none(), st.integers(min_value=30, max_value=300)),
})

scenario = st.fixed_dictionaries({
    "kind": st.sampled_from(["EC2", "SPOT"]),
    "strategy": st.sampled_from(["BEST_FIT", "BEST_FIT_PROGRESSIVE",
                                 "SPOT_CAPACITY_OPTIMIZED", "SPOT_PRICE_CAPACITY_OPTIMIZED"]),
    "types": st.lists(st.sampled_from(X86), min_size=1, max_size=4, unique=True),
    "max_vcpus": st.integers(min_value=4, max_value=40),
    "min_vcpus": st.sampled_from([0, 0, 2]),
    "hazard": st.sampled_from([0.0, 0.5, 3.0]),
    "seed": st.integers(min_value=0, max_value=10_000),
    "jobs": st.lists(submission, min_size=1, max_size=8),
})


def run(sc):
    strategy = sc["strategy"]
    if sc["kind"] == "EC2" and strategy.startswith("SPOT_"):
        strategy = "BEST_FIT_PROGRESSIVE"
    sim = make_sim(seed=sc["seed"], spot_interruptions_per_hour=sc["hazard"],
                   timing={"scheduler_s": 1, "instance_boot_s": 60, "container_start_s": 5,
                           "scale_down_idle_s": 120})
    add_ce(sim, kind=sc["kind"], strategy=strategy, types=sc["types"],
           max_vcpus=sc["max_vcpus"], min_vcpus=sc["min_vcpus"])
    add_queue(sim)
    add_jobdef(sim)
    ids, configured = [], {}
    for i, sub in enumerate(sc["jobs"]):
        params = {"duration": str(sub["duration"]), "exitCode": ",".join(map(str, sub["exit"]))}
        if sub["checkpoint"]:
            params["checkpointSeconds"] = str(sub["checkpoint"])
        kw = {"jobName": f"j{i}", "jobQueue": "q", "jobDefinition": "jd", "parameters": params,
              "retryStrategy": {"attempts": sub["attempts"], "evaluateOnExit": [
                  {"onStatusReason": "Host EC2*", "action": "RETRY"},
                  {"onExitCode": "137", "action": "EXIT"}]},
              "containerOverrides": {"resourceRequirements": [
                  {"type": "VCPU", "value": sub["vcpu"]},
                  {"type": "MEMORY", "value": sub["mem"]}]}}
        if sub["timeout"]:
            kw["timeout"] = {"attemptDurationSeconds": sub["timeout"]}
        deps = []
        if sub["size"]:
            kw["arrayProperties"] = {"size": sub["size"]}
            if sub["sequential"]:
                deps.append({"type": "SEQUENTIAL"})
        if sub["depend"] and ids:
            deps.append({"jobId": ids[-1]})
        if deps:
            kw["dependsOn"] = deps
        jid = sim.submit_job(**kw)["jobId"]
        ids.append(jid)
        configured[f"j{i}"] = sub["attempts"]
        sim.advance(sub["wait"])
    sim.run_until_idle(max_hours=24 * 14)
    return sim, configured


def overlaps_ok(intervals, capacity):
    """Sweep (start, stop, amount) intervals; True if the sum never exceeds capacity."""
    points = []
    for start, stop, amount in intervals:
        points.append((start, 1, amount))
        points.append((stop, 0, -amount))  # releases sort before acquisitions at a tie
    level = 0
    for _, _, delta in sorted(points):
        level += delta
        if level > capacity + 1e-9:
            return False
    return True


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario)
def test_invariants_on_random_workloads(sc):
    sim, configured = run(sc)
    jobs = sim.jobs_frame()
    leaves = jobs[~jobs.is_array_parent]
    # every job ends SUCCEEDED or FAILED (all shapes fit: max 2 vCPU / 3.5 GiB, max >= 4)
    assert set(jobs.status) <= {"SUCCEEDED", "FAILED"}
    attempts = sim.attempts_frame()
    # attempts never exceed the configured number
    per_job = attempts.groupby("job_id").size()
    for job_id, count in per_job.items():
        name = leaves.loc[leaves.job_id == job_id, "job_name"].iloc[0]
        assert count <= configured[name]
    # no instance over-committed on vCPU or memory
    instances = sim.instances_frame().set_index("host_id")
    end = sim.now
    merged = attempts.merge(leaves[["job_id", "vcpus", "memory_mib"]], on="job_id")
    for host, group in merged.groupby("host_id"):
        cap = instances.loc[host]
        stops = group.stopped_s.fillna(end)
        assert overlaps_ok(zip(group.starting_s, stops, group.vcpus, strict=True), cap.vcpus)
        assert overlaps_ok(zip(group.starting_s, stops, group.memory_mib, strict=True),
                           cap.memory_mib)
        # and only while the instance was up and ready
        assert (group.starting_s >= cap.ready_s).all()
        if not pd.isna(cap.stopped_s):
            assert (stops <= cap.stopped_s).all()
    # no job starts before its dependencies succeed
    by_id = {row.job_id: row for row in jobs.itertuples()}
    first_start = attempts.groupby("job_id").starting_s.min().to_dict()
    for i, sub in enumerate(sc["jobs"]):
        name = f"j{i}"
        mine = jobs[(jobs.job_name == name) & ~jobs.is_array_parent]
        if sub["depend"] and i > 0:
            dep = jobs[(jobs.job_name == f"j{i - 1}") & (jobs.parent_id.isna())].iloc[0]
            for row in mine.itertuples():
                if row.job_id in first_start:
                    assert dep.status == "SUCCEEDED"
                    assert first_start[row.job_id] >= dep.stopped_s
        if sub["size"] and sub["sequential"]:
            kids = mine.sort_values("array_index")
            prev = None
            for row in kids.itertuples():
                if prev is not None and row.job_id in first_start:
                    assert by_id[prev].status == "SUCCEEDED"
                    assert first_start[row.job_id] >= by_id[prev].stopped_s
                prev = row.job_id
    # cost never negative
    assert (instances.cost_usd >= 0).all()
    assert sim.summary()["cost_usd"] >= 0
    # maxvCpus exceeded by at most one instance (never for BEST_FIT On-Demand)
    biggest = instances.vcpus.max() if len(instances) else 0
    allowed = sc["max_vcpus"] + (0 if sc["kind"] == "EC2" and sc["strategy"] == "BEST_FIT"
                                 else biggest - 1)
    spans = zip(instances.launched_s, instances.stopped_s.fillna(end), instances.vcpus,
                strict=True)
    assert overlaps_ok(spans, allowed)


@settings(max_examples=15, deadline=None)
@given(scenario)
def test_same_seed_same_results(sc):
    a, _ = run(sc)
    b, _ = run(sc)
    assert a.attempts_frame().equals(b.attempts_frame())
    assert a.instances_frame().equals(b.instances_frame())
    assert a.summary() == b.summary()
