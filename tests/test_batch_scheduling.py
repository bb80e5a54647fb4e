"""Scaling, allocation strategies, queue priority, compute-environment order, fair share."""

from __future__ import annotations

from test_batch_helpers import add_ce, add_jobdef, add_queue, basic, describe, make_sim, submit
from test_batch_helpers import status as job_status


def launched_types(sim):
    return list(sim.instances_frame().instance_type)


def test_scale_up_packs_jobs_by_vcpu_and_memory():
    sim = basic(max_vcpus=16)
    # 4 jobs of 1 vCPU / 2 GiB = 4 vCPU demand -> two m5.large (2 vCPU, 8 GiB each)
    for i in range(4):
        submit(sim, duration=100, jobName=f"j{i}")
    sim.advance(61)
    assert launched_types(sim) == ["m5.large", "m5.large"]
    # memory-bound jobs: 1 vCPU but 6 GiB each -> one per m5.large
    sim.run_until_idle()
    for i in range(2):
        submit(sim, duration=100, jobName=f"m{i}", containerOverrides={
            "resourceRequirements": [{"type": "MEMORY", "value": "6144"}]})
    sim.run_until_idle()
    att = sim.attempts_frame()
    mem_hosts = att[att.job_name.str.startswith("m")].host_id
    assert mem_hosts.nunique() == 2


def test_scale_down_to_min_vcpus_when_idle():
    sim = basic(max_vcpus=8, min_vcpus=2)
    assert len(sim.instances_frame()) == 1  # minvCpus launched at creation
    for i in range(3):
        submit(sim, duration=100, jobName=f"j{i}")
    sim.run_until_idle()
    sim.advance(3600)
    frame = sim.instances_frame()
    alive = frame[frame.stopped_s.isna()]
    assert len(alive) == 1 and alive.vcpus.sum() == 2
    ce = sim.describe_compute_environments(computeEnvironments=["ce"])
    assert ce["computeEnvironments"][0]["computeResources"]["desiredvCpus"] == 2


def test_best_fit_on_demand_never_exceeds_max_vcpus():
    sim = basic(max_vcpus=3, types=["m5.large"])
    for i in range(4):
        submit(sim, duration=100, jobName=f"j{i}")
    sim.advance(61)
    assert len(sim.instances_frame()) == 1  # a second m5.large would make 4 > 3


def test_progressive_may_exceed_max_by_one_instance():
    sim = basic(max_vcpus=3, types=["m5.large"], strategy="BEST_FIT_PROGRESSIVE")
    for i in range(4):
        submit(sim, duration=100, jobName=f"j{i}")
    sim.advance(61)
    frame = sim.instances_frame()
    assert len(frame) == 2 and frame.vcpus.sum() == 4  # 3 + at most one instance


def test_best_fit_waits_for_cheapest_type_progressive_widens():
    # c5.large is the cheapest type that fits, but no capacity of it is available.
    capacity = {"c5.large": 0}
    waiting = make_sim(instance_capacity=capacity)
    basic(waiting, types=["c5.large", "m5.large"], strategy="BEST_FIT")
    jid = submit(waiting, duration=100)
    waiting.run_until_idle(max_hours=1)
    assert job_status(waiting, jid) == "RUNNABLE"
    assert launched_types(waiting) == []

    widening = make_sim(instance_capacity=capacity)
    basic(widening, types=["c5.large", "m5.large"], strategy="BEST_FIT_PROGRESSIVE")
    jid = submit(widening, duration=100)
    widening.run_until_idle()
    assert job_status(widening, jid) == "SUCCEEDED"
    assert launched_types(widening) == ["m5.large"]


def test_best_fit_picks_cheapest_fitting_type():
    sim = basic(types=["m5.large", "c5.large", "r5.large"])
    submit(sim, duration=100)
    sim.run_until_idle()
    assert launched_types(sim) == ["c5.large"]  # $0.085 < $0.096 < $0.126


def test_spot_strategies_choose_by_interruption_rate_and_price():
    # test book: c5.large spot $0.030 with 20 %/month, r5.large $0.040 with 1 %,
    # m5.large $0.036 with 5 %.
    def chosen(strategy):
        sim = make_sim()
        add_ce(sim, kind="SPOT", strategy=strategy, types=["c5.large", "r5.large", "m5.large"])
        add_queue(sim)
        add_jobdef(sim)
        submit(sim, duration=100)
        sim.run_until_idle()
        return launched_types(sim)

    assert chosen("SPOT_CAPACITY_OPTIMIZED") == ["r5.large"]  # lowest interruption rate
    assert chosen("BEST_FIT_PROGRESSIVE") == ["c5.large"]  # cheapest per vCPU
    # price-capacity: pools within 2x the lowest rate (r5 1 %); c5/m5 are riskier
    assert chosen("SPOT_PRICE_CAPACITY_OPTIMIZED") == ["r5.large"]


def test_price_capacity_prefers_cheaper_among_safe_pools():
    sim = make_sim(spot_interruptions_per_hour={"m5.large": 0.01, "r5.large": 0.01,
                                                "c5.large": 1.0})
    add_ce(sim, kind="SPOT", strategy="SPOT_PRICE_CAPACITY_OPTIMIZED",
           types=["c5.large", "r5.large", "m5.large"])
    add_queue(sim)
    add_jobdef(sim)
    submit(sim, duration=100)
    sim.advance(61)
    assert launched_types(sim) == ["m5.large"]  # $0.036 < $0.040, both low risk


def test_presets_expand_to_current_families():
    sim = make_sim()
    add_ce(sim, name="opt", types=["optimal"])
    add_ce(sim, name="arm", types=["default_arm64"])
    add_queue(sim, ces=("opt",))
    add_jobdef(sim)
    submit(sim, duration=100)
    sim.run_until_idle()
    assert launched_types(sim)[0] in {"m6i.large", "c6i.large"}  # since 2025-11-01


def test_higher_priority_queue_is_scheduled_first():
    sim = make_sim()
    add_ce(sim, max_vcpus=2)
    add_queue(sim, name="low", priority=1)
    add_queue(sim, name="high", priority=10)
    add_jobdef(sim, vcpu="2")
    low = [submit(sim, duration=100, jobQueue="low", jobName=f"l{i}") for i in range(2)]
    high = [submit(sim, duration=100, jobQueue="high", jobName=f"h{i}") for i in range(2)]
    sim.run_until_idle()
    starts = {jid: describe(sim, jid)["startedAt"] for jid in low + high}
    assert max(starts[h] for h in high) < min(starts[lo] for lo in low)


def test_compute_environment_order_overflows_to_second():
    sim = make_sim()
    add_ce(sim, name="first", max_vcpus=2)
    add_ce(sim, name="second", max_vcpus=8, kind="SPOT", strategy="SPOT_CAPACITY_OPTIMIZED")
    add_queue(sim, ces=("first", "second"))
    add_jobdef(sim)
    for i in range(4):
        submit(sim, duration=300, jobName=f"j{i}")
    sim.run_until_idle()
    att = sim.attempts_frame()
    assert att.groupby("environment").size().to_dict() == {"first": 2, "second": 2}


def test_fair_share_lower_weight_gets_more_capacity():
    sim = make_sim()
    policy = sim.create_scheduling_policy(name="fair", fairsharePolicy={
        "shareDecaySeconds": 0, "shareDistribution": [
            {"shareIdentifier": "gold", "weightFactor": 0.25},
            {"shareIdentifier": "bronze", "weightFactor": 1.0}]})["arn"]
    add_ce(sim, max_vcpus=10, types=["m5.large"])
    add_queue(sim, policy=policy)
    add_jobdef(sim)
    for share in ("bronze", "gold"):
        submit(sim, duration=1000, shareIdentifier=share, jobName=share,
               arrayProperties={"size": 50})
    sim.advance(120)
    running = sim.jobs_frame()
    running = running[running.status == "RUNNING"]
    counts = running.groupby("share").size().to_dict()
    # usage x weight is balanced: gold gets 4x bronze of the 10 vCPUs -> 8 and 2
    assert counts == {"gold": 8, "bronze": 2}


def test_fifo_without_policy_runs_in_submit_order():
    sim = basic(max_vcpus=2)
    ids = [submit(sim, duration=100, jobName=f"j{i}",
                  containerOverrides={"resourceRequirements": [
                      {"type": "VCPU", "value": "2"}]}) for i in range(3)]
    sim.run_until_idle()
    starts = [describe(sim, j)["startedAt"] for j in ids]
    assert starts == sorted(starts) and len(set(starts)) == 3


def test_disabled_compute_environment_gets_no_jobs():
    sim = basic()
    sim.update_compute_environment(computeEnvironment="ce", state="DISABLED")
    jid = submit(sim, duration=100)
    sim.advance(600)
    assert job_status(sim, jid) == "RUNNABLE"
    sim.update_compute_environment(computeEnvironment="ce", state="ENABLED")
    sim.run_until_idle()
    assert job_status(sim, jid) == "SUCCEEDED"


def test_update_max_vcpus_lets_more_jobs_run():
    sim = basic(max_vcpus=2)
    for i in range(4):
        submit(sim, duration=1000, jobName=f"j{i}")
    sim.advance(100)
    assert len(sim.list_jobs(jobQueue="q")["jobSummaryList"]) == 2
    sim.update_compute_environment(computeEnvironment="ce",
                                   computeResources={"maxvCpus": 4})
    sim.advance(100)
    assert len(sim.list_jobs(jobQueue="q")["jobSummaryList"]) == 4


def test_overflow_when_first_environment_cannot_grow():
    # BEST_FIT On-Demand with maxvCpus 3 holds one m5.large (2 vCPU); a second would
    # exceed 3, so demand overflows to the second environment.
    sim = make_sim()
    add_ce(sim, name="first", max_vcpus=3)
    add_ce(sim, name="second", max_vcpus=8)
    add_queue(sim, ces=("first", "second"))
    add_jobdef(sim, vcpu="2")
    for i in range(3):
        submit(sim, duration=300, jobName=f"j{i}")
    sim.run_until_idle()
    att = sim.attempts_frame()
    assert att.groupby("environment").size().to_dict() == {"first": 1, "second": 2}
    assert sim.summary()["makespan_s"] == 360.0  # all three ran at once


def test_replacing_fair_share_policy_keeps_queue_working():
    sim = make_sim()
    first = sim.create_scheduling_policy(name="p1")["arn"]
    second = sim.create_scheduling_policy(name="p2", fairsharePolicy={
        "shareDistribution": [{"shareIdentifier": "a", "weightFactor": 0.5}]})["arn"]
    add_ce(sim)
    add_queue(sim, policy=first)
    add_jobdef(sim)
    jid = submit(sim, duration=60, shareIdentifier="a")
    sim.update_job_queue(jobQueue="q", schedulingPolicyArn=second)
    assert sim.describe_job_queues()["jobQueues"][0]["schedulingPolicyArn"] == second
    sim.run_until_idle()
    assert job_status(sim, jid) == "SUCCEEDED"


def test_bid_percentage_excludes_pools_priced_above_it():
    # Spot prices in the test book: m5.large 0.036/0.096 = 37.5 % of On-Demand,
    # c5.large 0.030/0.085 = 35.3 %. A 36 % bid leaves only c5.large.
    sim = make_sim()
    sim.create_compute_environment(
        computeEnvironmentName="ce", type="MANAGED",
        computeResources={"type": "SPOT", "allocationStrategy": "SPOT_CAPACITY_OPTIMIZED",
                          "bidPercentage": 36, "maxvCpus": 8,
                          "instanceTypes": ["m5.large", "c5.large"], "subnets": ["s"],
                          "instanceRole": "r"})
    add_queue(sim)
    add_jobdef(sim)
    submit(sim, duration=60)
    sim.run_until_idle()
    assert launched_types(sim) == ["c5.large"]


def fair_queue(sim, **fair):
    policy = sim.create_scheduling_policy(name="fair", fairsharePolicy=fair)["arn"]
    add_ce(sim, max_vcpus=8, types=["m5.large"])
    add_queue(sim, policy=policy)
    add_jobdef(sim)


def test_compute_reservation_keeps_capacity_for_inactive_shares():
    sim = make_sim()
    fair_queue(sim, computeReservation=50)
    submit(sim, duration=1000, shareIdentifier="a", jobName="a", arrayProperties={"size": 20})
    sim.advance(120)
    # one active share: (50/100)**1 = 50 % of 8 vCPUs reserved -> 4 jobs run
    assert len(sim.list_jobs(arrayJobId=sim.list_jobs(jobQueue="q", jobStatus="PENDING")[
        "jobSummaryList"][0]["jobId"])["jobSummaryList"]) == 4
    submit(sim, duration=1000, shareIdentifier="b", jobName="b", arrayProperties={"size": 20})
    sim.advance(5)
    jobs = sim.jobs_frame()
    running = jobs[jobs.status == "RUNNING"]
    # two active shares: 25 % reserved -> 6 vCPUs; share b gets the 2 new slots
    assert running.groupby("share").size().to_dict() == {"a": 4, "b": 2}


def test_share_decay_remembers_recent_use():
    def run(decay):
        sim = make_sim()
        fair_queue(sim, shareDecaySeconds=decay)
        submit(sim, duration=600, shareIdentifier="a", jobName="a1", arrayProperties={"size": 8})
        sim.advance(700)  # share a used 8 vCPU for 600 s, now idle
        for share in ("a", "b"):
            submit(sim, duration=600, shareIdentifier=share, jobName=f"{share}2",
                   arrayProperties={"size": 8})
        sim.advance(20)
        jobs = sim.jobs_frame()
        return jobs[jobs.status == "RUNNING"].groupby("share").size().to_dict()

    assert run(0) == {"a": 4, "b": 4}  # only current use counts: equal split
    # a's past use: 8 vCPU x 600 s spread over a 3600 s decay = ~1.3 vCPU (slightly
    # decayed). Slots go to the lower load: b, b (b=2 > 1.3), a, b, a, b, a, b.
    assert run(3600) == {"a": 3, "b": 5}


def test_scheduling_priority_orders_jobs_within_a_share():
    sim = make_sim()
    fair_queue(sim)
    sim.update_compute_environment(computeEnvironment="ce", computeResources={"maxvCpus": 2})
    add_jobdef(sim, name="big", vcpu="2")
    ids = [submit(sim, duration=100, jobDefinition="big", shareIdentifier="a",
                  jobName=f"p{prio}", schedulingPriorityOverride=prio) for prio in (1, 5, 3)]
    sim.run_until_idle()
    starts = {describe(sim, j)["jobName"]: describe(sim, j)["startedAt"] for j in ids}
    assert sorted(starts, key=starts.get) == ["p5", "p3", "p1"]


def test_cancelling_an_oversized_job_does_not_block_later_jobs():
    """Regression: the queue once remembered its largest request for ever, so after a
    too-big job was cancelled every later job stayed RUNNABLE."""
    sim = basic(types=["m5.large"], strategy="BEST_FIT_PROGRESSIVE")
    add_jobdef(sim, name="big", mem="16384")  # more than an m5.large (8 GiB) has
    big = submit(sim, duration=60, jobDefinition="big", jobName="big")
    sim.advance(120)
    assert job_status(sim, big) == "RUNNABLE"
    sim.cancel_job(jobId=big, reason="too big")
    small = submit(sim, duration=60, jobName="small")
    sim.run_until_idle()
    assert [job_status(sim, big), job_status(sim, small)] == ["FAILED", "SUCCEEDED"]


def test_a_retried_job_keeps_its_first_runnable_time():
    sim = basic(types=["m5.large"])
    job = submit(sim, duration=60, exit_code="1", retryStrategy={"attempts": 2})
    sim.run_until_idle()
    events = sim.events_frame()
    first_runnable = events[(events.job_id == job) & (events.event == "RUNNABLE")].time_s.min()
    attempts = sim.attempts_frame()
    assert len(attempts[attempts.job_id == job]) == 2
    first_start = attempts[attempts.job_id == job].starting_s.min()
    assert first_runnable < first_start  # RUNNABLE comes before the first STARTING
