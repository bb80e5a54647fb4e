"""Spot strategies on one trace: the fleet model, the Batch replay and the comparison tables."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course.spotstrategies as ss
from course.errors import CourseInputError
from course.spotstrategies import (
    STRATEGIES,
    Workload,
    batch_run,
    compare,
    interruption_trace,
    model_run,
    note_table,
    run_all,
    simulate,
)

SMALL = Workload(jobs=4, job_minutes=10, fleet=2)


def test_doctests_pass():
    assert doctest.testmod(ss).failed == 0


def test_no_interruptions_every_strategy_finishes_everything_alike():
    runs = run_all(Workload(jobs=12, job_minutes=20, fleet=4), trace=())
    numbers = {(r.jobs_done, round(r.makespan_h, 6), round(r.cost_usd, 6)) for r in runs.values()}
    assert len(numbers) == 1                    # with nothing reclaimed, the set-ups do not differ
    assert all(r.lost_work_h == 0 and r.jobs_lost == 0 for r in runs.values())


def test_one_reclaim_what_each_strategy_does():
    trace = ((400, 0),)                          # notice at 280 s, reclaim at 400 s on slot 0
    runs = {name: simulate(name, SMALL, trace) for name in STRATEGIES}
    assert runs["ec2_no_retry"].jobs_lost == 1 and runs["ecs_run_task"].jobs_lost == 1
    for name in ("ec2_retry_script", "ecs_service", "batch"):
        assert runs[name].jobs_lost == 0 and runs[name].retries == 1
    # the job ran from 101 s: lost until the reclaim (400 s), or until the notice (280 s) for ECS service
    assert runs["batch"].lost_work_h * 3600 == pytest.approx(299)
    assert runs["ecs_service"].lost_work_h * 3600 == pytest.approx(179)
    stopped = [a for a in runs["ecs_service"].attempts if a.outcome == "stopped"]
    assert len(stopped) == 1 and stopped[0].stop_s == 280
    # the retry script only notices at its next 5-minute poll (600 s)
    retried = [a for a in runs["ec2_retry_script"].attempts if a.job == 0 and a.attempt == 2]
    assert retried and retried[0].start_s >= 600


def test_ec2_keeps_starting_jobs_on_a_noticed_instance_but_ecs_does_not():
    work = Workload(jobs=3, job_minutes=3, fleet=1)
    trace = ((400, 0),)       # job 1 ends at 281 s, after the notice at 280 s
    ec2 = model_run("ec2_no_retry", work, trace)
    ecs = model_run("ecs_run_task", work, trace)
    assert [a.outcome for a in ec2.attempts][:2] == ["done", "reclaimed"]
    assert ec2.attempts[1].start_s == 281          # started on the doomed instance
    assert all(a.outcome == "done" for a in ecs.attempts) and ecs.jobs_done == 3


@pytest.mark.parametrize("rate,seed", [(0.3, 0), (0.5, 1), (1.0, 3)])
def test_batch_replay_matches_the_fleet_model_and_the_simulator_summary(rate, seed):
    work = Workload(jobs=30, job_minutes=30, fleet=6)
    trace = interruption_trace(rate, work.fleet, seed, ss.horizon_hours(work))
    real = batch_run(work, trace)
    model = model_run("batch", work, trace)
    assert real.metrics() == pytest.approx(model.metrics())
    summary = real.extra["client"].summary()
    assert summary["succeeded"] == real.jobs_done
    assert summary["lost_work_s"] == pytest.approx(real.lost_work_h * 3600)
    assert summary["cost_usd"] == pytest.approx(real.cost_usd)
    assert summary["makespan_s"] == pytest.approx(real.makespan_h * 3600)


def test_batch_uses_the_host_ec2_retry_rule():
    real = batch_run(SMALL, ((400, 0),))
    client = real.extra["client"]
    reasons = set(client.attempts_frame()["status_reason"].dropna())
    assert any(r.startswith("Host EC2 (instance i-") for r in reasons)
    rule = ss.batch_requests(SMALL)["submit_job"]["retryStrategy"]["evaluateOnExit"][0]
    assert rule == {"onStatusReason": "Host EC2*", "action": "RETRY"}


def test_trace_is_seeded_and_a_higher_rate_adds_events():
    low = interruption_trace(0.2, 4, 5, 10)
    assert low == interruption_trace(0.2, 4, 5, 10)
    assert low != interruption_trace(0.2, 4, 6, 10)
    assert len(interruption_trace(0.8, 4, 5, 10)) > len(low)


@settings(max_examples=25, deadline=None)
@given(rate=st.sampled_from([0.0, 0.1, 0.5, 1.0]), seed=st.integers(0, 50),
       jobs=st.integers(2, 20), minutes=st.sampled_from([10, 30, 60]))
def test_invariants_hold_for_every_strategy(rate, seed, jobs, minutes):
    work = Workload(jobs=jobs, job_minutes=minutes, fleet=3)
    trace = interruption_trace(rate, 3, seed, ss.horizon_hours(work))
    for name in ("ec2_no_retry", "ec2_retry_script", "ecs_run_task", "ecs_service"):
        run = model_run(name, work, trace)
        assert run.jobs_done + run.jobs_lost == jobs
        assert sum(a.outcome == "done" for a in run.attempts) == run.jobs_done
        assert all(a.attempt <= work.attempts for a in run.attempts)
        assert run.cost_usd > 0 and run.lost_work_h >= 0
        # no two attempts overlap on one slot
        by_slot = sorted((a.slot, a.start_s, a.stop_s) for a in run.attempts)
        for (s1, _, e1), (s2, b2, _) in zip(by_slot, by_slot[1:], strict=False):
            assert s1 != s2 or b2 >= e1


def test_tables_are_built_from_the_runs():
    runs = run_all(Workload(jobs=20, job_minutes=30, fleet=4), rate_per_hour=0.5, seed=1)
    table = compare(runs)
    assert list(table.index) == list(STRATEGIES)
    assert table.loc["ec2_no_retry", "jobs_lost"] == runs["ec2_no_retry"].jobs_lost
    note = note_table(runs)
    assert len(note) == 5
    lossy = note[note["measured"].str.contains(r", [1-9]\d* lost")]
    assert (lossy["suits"] == ss.text(ss.MESSAGES, "suits_lossy")).all()


@pytest.mark.parametrize("call,name", [
    (lambda: Workload(jobs=1), "jobs"),
    (lambda: Workload(job_minutes=2.5), "job_minutes"),
    (lambda: Workload(attempts=11), "attempts"),
    (lambda: Workload(region="eu-west-1"), "region"),
    (lambda: interruption_trace(-1, 4, 0, 5), "rate_per_hour"),
    (lambda: interruption_trace(0.5, 4, 1.5, 5), "seed"),
    (lambda: simulate("fargate", SMALL), "strategy"),
    (lambda: simulate("ec2_no_retry", SMALL, trace=[(100, 7)]), "trace"),
    (lambda: simulate("batch", SMALL, trace="soon"), "trace"),
    (lambda: compare({"ec2": 1}), "results"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(CourseInputError, match=name):
        call()
