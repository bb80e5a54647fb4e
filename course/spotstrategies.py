"""Three ways to use Spot, compared on one workload and one interruption trace.

The study note compares running batch work on Spot with EC2 alone, with ECS (EC2 launch
type) and a Spot capacity provider, and with AWS Batch. This module replays **the same
interruption trace** against each of them, so that the only difference is what each
set-up does when an instance is reclaimed:

* ``ec2_no_retry``: Auto Scaling keeps the fleet, a worker script on each instance takes
  the next job from your list; an interrupted job is simply lost.
* ``ec2_retry_script``: the same, plus a retry loop you wrote: every ``poll_minutes`` it
  puts jobs whose instance vanished back on the list (up to ``attempts`` tries).
* ``ecs_run_task``: one standalone ECS task per job (``RunTask``) with Spot draining
  on. ECS places no new tasks on an instance after its notice, but it does **not**
  restart a standalone task that was lost.
* ``ecs_service``: an ECS *service* of worker tasks that read jobs from a queue. With
  draining on, ECS stops the worker at the notice; your SIGTERM handler hands its job
  back to the queue, and the service starts a replacement worker.
* ``batch``: an AWS Batch Spot compute environment with
  ``retryStrategy.evaluateOnExit = [{"onStatusReason": "Host EC2*", "action": "RETRY"}, ...]``,
  run in the course's Batch simulator (:mod:`course.batch`) with the trace replayed
  through ``interrupt_instance``.

Each instance runs one job at a time (a 2 vCPU / 7 GiB job on an ``m5.large``); the fleet
holds at most ``fleet`` instances; a trace event ``(t, slot)`` gives the instance in fleet
slot ``slot`` its two-minute notice at ``t - 120`` s and reclaims it at ``t``.

>>> work = Workload(jobs=4, job_minutes=10, fleet=2)
>>> run = simulate("ec2_no_retry", work, trace=((400, 0),))
>>> run.jobs_done, run.jobs_lost       # the job on slot 0 is lost at t = 400 s
(3, 1)
>>> run.lost_work_h * 3600             # it had run from t = 101 s
299.0
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from course.batch.billing import billed_cost
from course.batch.presets import SPOT_NOTICE_S, Timing
from course.errors import CourseInputError, check_choice, check_number, check_whole
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

STRATEGIES = ("ec2_no_retry", "ec2_retry_script", "ecs_run_task", "ecs_service", "batch")
OUTCOMES = ("done", "reclaimed", "stopped")
INSTANCE_TYPE = "m5.large"
JOB_VCPUS = 2
JOB_MEMORY_MIB = 7168
#: The rule that makes AWS Batch retry a job whose Spot host was reclaimed.
RETRY_ON_RECLAIM = {"onStatusReason": "Host EC2*", "action": "RETRY"}

MESSAGES = {
    "en": {
        "whole": "{name} must be a whole number, got {value!r}.",
        "trace": "trace must be a sequence of (time_s, slot) pairs with 0 <= slot < fleet "
                 "({fleet}), got {value!r}.",
        "runs": "results must be a dict of strategy name -> StrategyRun, got {value!r}.",
        "name_ec2_no_retry": "EC2 + Spot, no retry",
        "name_ec2_retry_script": "EC2 + Spot + your retry script",
        "name_ecs_run_task": "ECS RunTask tasks on Spot",
        "name_ecs_service": "ECS service + queue on Spot",
        "name_batch": "AWS Batch + Spot (retryStrategy)",
        "short_ec2_no_retry": "EC2, no retry",
        "short_ec2_retry_script": "EC2 + retry script",
        "short_ecs_run_task": "ECS RunTask",
        "short_ecs_service": "ECS service",
        "short_batch": "Batch",
        "build_ec2_no_retry": "launch template + Auto Scaling group; job list; worker script "
                              "on each instance",
        "build_ec2_retry_script": "launch template + Auto Scaling group; job list; worker script; "
                                  "retry loop that watches instances and re-lists jobs",
        "build_ecs_run_task": "cluster + Spot capacity provider; ECS_ENABLE_SPOT_INSTANCE_DRAINING; "
                              "launcher that calls RunTask per job; your own retry (not built here)",
        "build_ecs_service": "cluster + Spot capacity provider; ECS_ENABLE_SPOT_INSTANCE_DRAINING; "
                             "queue (e.g. SQS); worker service; SIGTERM handler that returns the job",
        "build_batch": "compute environment (SPOT) + job queue + job definition; one retry rule",
        "note_method_ec2": "EC2 alone + Spot",
        "note_method_ecs": "ECS (EC2 launch type) + Spot",
        "note_method_batch": "AWS Batch + Spot (added by the course)",
        "measured": "{done} of {jobs} jobs finished, {lost} lost; {wasted:.1f} instance-hours "
                    "thrown away; done after {makespan:.1f} h; ${cost:.2f}",
        "suits_lossy": "only work you can lose or re-run by hand: learning, one-off experiments",
        "suits_retry_own": "production batch, if you build and run the retry machinery yourself",
        "suits_managed": "production batch: interrupted jobs come back with one retry rule",
    }
}


@dataclass(frozen=True)
class Policy:
    """What a set-up does around a Spot interruption (the model behind each strategy).

    >>> POLICIES["ecs_service"].stop_at_notice
    True
    """

    honour_notice: bool  #: no new work on an instance after its two-minute notice
    stop_at_notice: bool  #: the running job is stopped at the notice and handed back
    retry: str  #: "none", "poll" (your script, every poll_minutes) or "immediate"


POLICIES: dict[str, Policy] = {
    "ec2_no_retry": Policy(False, False, "none"),
    "ec2_retry_script": Policy(False, False, "poll"),
    "ecs_run_task": Policy(True, False, "none"),
    "ecs_service": Policy(True, True, "immediate"),
    # what the Batch simulator does; used to cross-check the replay (simulate() runs the simulator)
    "batch": Policy(True, False, "immediate"),
}


@dataclass(frozen=True)
class Workload:
    """``jobs`` independent jobs of ``job_minutes`` each, on a fleet of at most ``fleet`` instances.

    ``attempts`` is how often a job may run in the strategies that retry (Batch's
    ``retryStrategy.attempts``, 1 to 10); ``poll_minutes`` is how often your own retry
    script looks for lost jobs.

    >>> Workload().work_hours    # 40 jobs x 30 min
    20.0
    """

    jobs: int = 40
    job_minutes: float = 30.0
    fleet: int = 8
    attempts: int = 3
    poll_minutes: float = 5.0
    region: str = "us-east-1"

    def __post_init__(self) -> None:
        check_whole("jobs", self.jobs, 2, 10_000)
        check_whole("job_minutes", self.job_minutes, 1, 24 * 60)
        check_whole("fleet", self.fleet, 1, 256)
        check_whole("attempts", self.attempts, 1, 10)
        check_number("poll_minutes", self.poll_minutes, low=1, high=24 * 60)
        check_choice("region", self.region, ("us-east-1", "ap-northeast-1"))

    @property
    def job_s(self) -> int:
        """Seconds of work in one job."""
        return int(self.job_minutes * 60)

    @property
    def work_hours(self) -> float:
        """Instance-hours of useful work in the whole workload."""
        return self.jobs * self.job_minutes / 60


def horizon_hours(workload: Workload, timing: Timing | None = None) -> float:
    """Hours an interruption trace should cover so that every strategy finishes inside it.

    Each wave of ``fleet`` jobs may run ``attempts`` times, each try paying a boot, a
    container start, the job and a retry-script poll.

    >>> horizon_hours(Workload(jobs=16, job_minutes=30, fleet=8, attempts=3))  # (2 x 3 x 2200 s + 1 h)
    4.667
    """
    t = timing or Timing()
    waves = math.ceil(workload.jobs / workload.fleet)
    per_try = workload.job_s + t.instance_boot_s + t.container_start_s + workload.poll_minutes * 60
    return round((waves * workload.attempts * per_try + 3600) / 3600, 3)


def interruption_trace(rate_per_hour: float, fleet: int, seed: int,
                       hours: float) -> tuple[tuple[int, int], ...]:
    """A seeded list of ``(time_s, slot)`` reclaims: each slot is hit at ``rate_per_hour`` on average.

    Every slot has its own random stream, and the rate only stretches or shrinks the
    gaps, so a higher rate keeps the earlier interruptions and adds more.

    >>> trace = interruption_trace(0.5, fleet=4, seed=1, hours=6)
    >>> all(0 <= slot < 4 for _, slot in trace), trace == interruption_trace(0.5, 4, 1, 6)
    (True, True)
    >>> interruption_trace(0, 4, 1, 6)
    ()
    """
    import numpy as np

    rate = check_number("rate_per_hour", rate_per_hour, low=0, high=60)
    fleet = check_whole("fleet", fleet, 1, 256)
    seed = check_whole("seed", seed, 0, 2**31)
    end = check_number("hours", hours, low=0, high=24 * 60) * 3600
    if rate == 0:
        return ()
    events: list[tuple[int, int]] = []
    for slot in range(fleet):
        rng = np.random.default_rng([seed, slot])
        t = 0.0
        while True:
            gaps = rng.exponential(3600.0 / rate, size=64)
            times = t + np.cumsum(gaps)
            events.extend((int(round(x)), slot) for x in times if x <= end)
            if times[-1] > end:
                break
            t = float(times[-1])
    return tuple(sorted(events))


def _check_trace(trace: object, fleet: int) -> tuple[tuple[int, int], ...]:
    try:
        pairs = [(int(t), int(s)) for t, s in trace]  # type: ignore[union-attr]
        ok = all(0 <= s < fleet and t >= 0 for t, s in pairs)
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise CourseInputError(text(MESSAGES, "trace", fleet=fleet, value=trace))
    return tuple(sorted(pairs))


@dataclass(frozen=True)
class Attempt:
    """One try of one job on one fleet slot; times in seconds from the start."""

    job: int
    attempt: int
    slot: int
    start_s: float  #: placed on the instance (container starting)
    run_s: float  #: the job's code starts
    stop_s: float
    outcome: str  #: "done", "reclaimed" (lost with the instance) or "stopped" (at the notice)


@dataclass(frozen=True)
class StrategyRun:
    """What happened to one workload under one strategy, and the headline numbers.

    ``lost_work_h`` counts instance-hours of job runs thrown away by interruptions;
    ``undone_work_h`` the work of jobs that never finished.
    """

    strategy: str
    workload: Workload
    attempts: tuple[Attempt, ...]
    instances: tuple[tuple[int, float, float, bool], ...]  #: (slot, launch_s, stop_s, reclaimed)
    hits: tuple[tuple[int, int], ...]  #: trace events that reclaimed a live instance
    jobs_done: int
    jobs_lost: int
    lost_work_h: float
    undone_work_h: float
    makespan_h: float
    cost_usd: float
    retries: int
    extra: dict[str, Any] = field(default_factory=dict)

    def metrics(self) -> dict[str, Any]:
        """The headline numbers as a dict (one row of :func:`compare`)."""
        return {"strategy": self.strategy, "jobs_done": self.jobs_done,
                "jobs_lost": self.jobs_lost, "lost_work_h": self.lost_work_h,
                "undone_work_h": self.undone_work_h, "makespan_h": self.makespan_h,
                "cost_usd": self.cost_usd,
                "cost_per_job_usd": self.cost_usd / self.jobs_done if self.jobs_done else math.inf,
                "interruptions": len(self.hits), "retries": self.retries}

    def attempts_frame(self) -> pd.DataFrame:
        """One row per attempt: job, attempt, slot, start_s, run_s, stop_s, outcome."""
        import pandas as pd

        return pd.DataFrame([vars(a) for a in self.attempts],
                            columns=["job", "attempt", "slot", "start_s", "run_s", "stop_s",
                                     "outcome"])


def _summarise(strategy: str, w: Workload, attempts: list[Attempt],
               instances: list[tuple[int, float, float, bool]], hits: list[tuple[int, int]],
               done: set[int], hourly: float) -> StrategyRun:
    lost_s = sum(max(0.0, a.stop_s - a.run_s) for a in attempts if a.outcome != "done")
    ends: dict[int, float] = {}
    for a in attempts:
        ends[a.job] = max(ends.get(a.job, 0.0), a.stop_s)
    cost = sum(billed_cost(hourly, int(round(lo * 1000)), int(round(hi * 1000)))
               for _, lo, hi, _ in instances)
    started = len({a.job for a in attempts})
    lost_jobs = w.jobs - len(done)
    return StrategyRun(
        strategy=strategy, workload=w, attempts=tuple(attempts), instances=tuple(instances),
        hits=tuple(hits), jobs_done=len(done), jobs_lost=lost_jobs,
        lost_work_h=lost_s / 3600, undone_work_h=lost_jobs * w.job_s / 3600,
        makespan_h=max(ends.values(), default=0.0) / 3600, cost_usd=cost,
        retries=len(attempts) - started)


def spot_price(workload: Workload) -> float:
    """The typical Spot price of the fleet's instance type, USD per hour (course price data).

    >>> round(spot_price(Workload()), 5)   # m5.large: 0.096 x (1 - 0.59)
    0.03936
    """
    from course.pricing import catalog

    return catalog.spot_hourly(INSTANCE_TYPE, workload.region)


def on_demand_price(workload: Workload) -> float:
    """The On-Demand price of the fleet's instance type, USD per hour.

    >>> on_demand_price(Workload())
    0.096
    """
    from course.pricing import catalog

    return catalog.on_demand_hourly(INSTANCE_TYPE, workload.region)


def model_run(strategy: str, workload: Workload, trace: object = (),
              timing: Timing | None = None, hourly: float | None = None) -> StrategyRun:
    """Run ``workload`` through the fleet model with ``strategy``'s :class:`Policy`.

    Used for the four EC2 and ECS strategies; for ``"batch"`` it is the model that the
    simulator replay is checked against. ``hourly`` defaults to the Spot price.

    >>> run = model_run("batch", Workload(jobs=2, job_minutes=10, fleet=2))
    >>> run.makespan_h * 3600         # 1 s scheduler + 90 s boot + 10 s start + 600 s
    701.0
    """
    check_choice("strategy", strategy, POLICIES)
    if not isinstance(workload, Workload):
        raise CourseInputError(text(MESSAGES, "whole", name="workload", value=workload))
    w = workload
    trace = _check_trace(trace, w.fleet)
    t = timing or Timing()
    hourly = spot_price(w) if hourly is None else check_number("hourly", hourly, low=0, high=1000)
    return _simulate_fleet(strategy, POLICIES[strategy], w, trace, t, hourly)


# event kinds; NOTICE sorts after every other event at the same second (as in the replay)
_READY, _END, _RECLAIM, _IDLE, _REQUEUE, _RELEASE, _NOTICE = range(7)


def _simulate_fleet(strategy: str, policy: Policy, w: Workload,
                    trace: tuple[tuple[int, int], ...], t: Timing,
                    hourly: float) -> StrategyRun:
    boot, start, idle = t.instance_boot_s, t.container_start_s, t.scale_down_idle_s
    poll = w.poll_minutes * 60
    heap: list[tuple[float, int, int, int, Any]] = []
    seq = itertools.count()

    def push(at: float, kind: int, item: Any = None) -> None:
        heapq.heappush(heap, (at, 1 if kind == _NOTICE else 0, next(seq), kind, item))

    # instance: [slot, launch, ready, stop, attempt index or None, noticed, idle_gen, reclaimed]
    insts: list[list[Any]] = []
    slot_of: list[int | None] = [None] * w.fleet
    free: dict[int, None] = {}  # idle, usable instances in the order they became free
    pending: deque[int] = deque()
    tries = [0] * w.jobs
    attempts: list[list[Any]] = []  # [job, n, slot, start, run, stop, outcome, inst]
    done: set[int] = set()
    hits: list[tuple[int, int]] = []
    unfinished = w.jobs
    booting = 0

    push(t.scheduler_s, _RELEASE)
    notices = [(r - SPOT_NOTICE_S, s, r) for r, s in trace if r - SPOT_NOTICE_S >= 0]
    for at, slot, reclaim in notices:
        push(at, _NOTICE, (slot, reclaim))

    def usable(i: int) -> bool:
        return not (insts[i][5] and policy.honour_notice)

    def make_idle(i: int, now: float) -> None:
        inst = insts[i]
        inst[6] += 1
        push(now + idle, _IDLE, (i, inst[6]))

    def terminate(i: int, now: float) -> None:
        nonlocal booting
        inst = insts[i]
        if not inst[2]:
            booting -= 1
        inst[3] = now
        slot_of[inst[0]] = None
        free.pop(i, None)

    def give_back(job: int, now: float) -> None:
        nonlocal unfinished
        if policy.retry == "none" or tries[job] >= w.attempts:
            unfinished -= 1
        elif policy.retry == "poll":
            push(math.ceil(now / poll) * poll, _REQUEUE, job)
        else:
            pending.append(job)

    def end_attempt(a: int, now: float, outcome: str) -> None:
        att = attempts[a]
        att[5], att[6] = now, outcome
        insts[att[7]][4] = None

    def schedule(now: float) -> None:
        nonlocal booting
        while pending and free:
            i = next(iter(free))
            del free[i]
            job = pending.popleft()
            tries[job] += 1
            attempts.append([job, tries[job], insts[i][0], now, now + start, None, None, i])
            insts[i][4] = len(attempts) - 1
            push(now + start + w.job_s, _END, len(attempts) - 1)
        need = len(pending) - booting
        for slot in range(w.fleet):
            if need <= 0:
                break
            if slot_of[slot] is None:
                insts.append([slot, now, False, None, None, False, 0, False])
                slot_of[slot] = len(insts) - 1
                booting += 1
                push(now + boot, _READY, len(insts) - 1)
                need -= 1

    def handle(now: float, kind: int, item: Any) -> None:
        nonlocal booting, unfinished
        if kind == _RELEASE:
            pending.extend(range(w.jobs))
        elif kind == _READY:
            inst = insts[item]
            if inst[3] is not None:
                return
            inst[2] = True
            booting -= 1
            if usable(item):
                free[item] = None
            make_idle(item, now)
        elif kind == _END:
            att = attempts[item]
            if att[5] is not None:
                return
            end_attempt(item, now, "done")
            done.add(att[0])
            unfinished -= 1
            i = att[7]
            if insts[i][3] is None and insts[i][2] and usable(i):
                free[i] = None
                make_idle(i, now)
        elif kind == _IDLE:
            i, gen = item
            inst = insts[i]
            if inst[3] is None and inst[4] is None and gen == inst[6]:
                terminate(i, now)
        elif kind == _REQUEUE:
            pending.append(item)
        elif kind == _RECLAIM:
            inst = insts[item]
            if inst[3] is not None:
                return
            inst[7] = True
            a = inst[4]
            if a is not None:
                end_attempt(a, now, "reclaimed")
                give_back(attempts[a][0], now)
            terminate(item, now)
        elif kind == _NOTICE:
            slot, reclaim = item
            i = slot_of[slot]
            if i is None or insts[i][5]:
                return
            inst = insts[i]
            inst[5] = True
            hits.append((reclaim, slot))
            push(reclaim, _RECLAIM, i)
            if policy.honour_notice:
                free.pop(i, None)
            if policy.stop_at_notice and inst[4] is not None:
                a = inst[4]
                end_attempt(a, now, "stopped")
                give_back(attempts[a][0], now)

    now = 0.0
    while heap and unfinished > 0:
        now = heap[0][0]
        while heap and heap[0][0] == now and heap[0][1] == 0:
            _, _, _, kind, item = heapq.heappop(heap)
            handle(now, kind, item)
        schedule(now)
        while heap and heap[0][0] == now and heap[0][1] == 1 and unfinished > 0:
            _, _, _, kind, item = heapq.heappop(heap)
            handle(now, kind, item)
            schedule(now)
    # The replay stops giving notices once every job has finished; the simulator then
    # keeps running until the next trace notice (if any) and one scale-down period more.
    later = [at for at, _, _ in notices if at >= now]
    tail = (min(later) if later else now) + idle
    while heap and heap[0][0] <= tail:
        at, _, _, kind, item = heapq.heappop(heap)
        if kind != _NOTICE:
            handle(at, kind, item)
    for inst in insts:
        if inst[3] is None:
            inst[3] = tail
    runs = [Attempt(a[0], a[1], a[2], a[3], a[4], a[5], a[6]) for a in attempts
            if a[5] is not None]
    instances = [(inst[0], inst[1], inst[3], inst[7]) for inst in insts]
    return _summarise(strategy, w, runs, instances, hits, done, hourly)


def batch_requests(workload: Workload) -> dict[str, dict[str, Any]]:
    """The boto3 requests that set up the Batch strategy (compute environment to submit).

    >>> batch_requests(Workload())["submit_job"]["retryStrategy"]["evaluateOnExit"][0]
    {'onStatusReason': 'Host EC2*', 'action': 'RETRY'}
    """
    w = workload
    return {
        "create_compute_environment": {
            "computeEnvironmentName": "spot", "type": "MANAGED",
            "computeResources": {
                "type": "SPOT", "allocationStrategy": "SPOT_PRICE_CAPACITY_OPTIMIZED",
                "minvCpus": 0, "maxvCpus": JOB_VCPUS * w.fleet, "instanceTypes": [INSTANCE_TYPE],
                "subnets": ["subnet-1"], "instanceRole": "ecsInstanceRole",
                "spotIamFleetRole": "arn:aws:iam::123456789012:role/AmazonEC2SpotFleetRole"}},
        "create_job_queue": {
            "jobQueueName": "spot-queue", "state": "ENABLED", "priority": 1,
            "computeEnvironmentOrder": [{"order": 1, "computeEnvironment": "spot"}]},
        "register_job_definition": {
            "jobDefinitionName": "work", "type": "container",
            "containerProperties": {"image": "work:1", "resourceRequirements": [
                {"type": "VCPU", "value": str(JOB_VCPUS)},
                {"type": "MEMORY", "value": str(JOB_MEMORY_MIB)}]}},
        "submit_job": {
            "jobName": "jobs", "jobQueue": "spot-queue", "jobDefinition": "work",
            "arrayProperties": {"size": w.jobs}, "parameters": {"duration": str(w.job_s)},
            "retryStrategy": {"attempts": w.attempts, "evaluateOnExit": [
                dict(RETRY_ON_RECLAIM), {"onReason": "*", "action": "EXIT"}]}},
    }


def batch_run(workload: Workload, trace: object = (), timing: Timing | None = None) -> StrategyRun:
    """Run the workload in the Batch simulator and replay ``trace`` with ``interrupt_instance``.

    Instances take fleet slots in launch order (the lowest free slot), exactly as in the
    fleet model; at ``t - 120`` s the instance in the event's slot gets its notice.
    ``run.extra["client"]`` holds the simulator for further look-ups.

    >>> run = batch_run(Workload(jobs=4, job_minutes=10, fleet=2), trace=((400, 0),))
    >>> run.jobs_done, run.retries
    (4, 1)
    """
    from course.batch import engine as E
    from course.batch import make_client
    from course.batchscale import price_book

    if not isinstance(workload, Workload):
        raise CourseInputError(text(MESSAGES, "whole", name="workload", value=workload))
    w = workload
    trace = _check_trace(trace, w.fleet)
    t = timing or Timing()
    batch = make_client(seed=0, region=w.region, price_book=price_book(w.region), timing=t,
                        spot_interruptions_per_hour=0)
    requests = batch_requests(w)
    batch.create_compute_environment(**requests["create_compute_environment"])
    batch.create_job_queue(**requests["create_job_queue"])
    batch.register_job_definition(**requests["register_job_definition"])
    batch.submit_job(**requests["submit_job"])
    eng = batch.engine
    slot_of: dict[int, int] = {}  # instance seq -> slot
    live: list[Any] = [None] * w.fleet
    hits: list[tuple[int, int]] = []

    def assign() -> None:
        for inst in eng.instances[len(slot_of):]:
            for slot in range(w.fleet):
                other = live[slot]
                if other is None or (other.stop_ms is not None and other.stop_ms <= inst.launch_ms):
                    live[slot] = inst
                    slot_of[inst.seq] = slot
                    break

    for reclaim, slot in trace:
        notice = reclaim - SPOT_NOTICE_S
        if notice < 0 or notice * 1000 < eng.now:
            continue
        if eng.unfinished == 0:
            break
        batch.advance(notice - eng.now / 1000)
        if eng.unfinished == 0:
            break
        assign()
        inst = live[slot]
        if inst is not None and inst.stop_ms is None and not inst.draining:
            batch.interrupt_instance(inst.id)
            hits.append((reclaim, slot))
    batch.run_until_idle()
    assign()
    attempts: list[Attempt] = []
    done: set[int] = set()
    for parent in eng.job_list:
        for job in parent.children or [parent]:
            index = job.index or 0
            if job.status == "SUCCEEDED":
                done.add(index)
            for n, att in enumerate(job.attempts or (), 1):
                start_ms, run_ms, stop_ms, code, _, host, _, outcome, _ = att
                if stop_ms is None:
                    continue
                kind = "done" if outcome == E.OUT_EXIT and code == 0 else "reclaimed"
                attempts.append(Attempt(index, n, slot_of[host.seq], start_ms / 1000,
                                        run_ms / 1000, stop_ms / 1000, kind))
    instances = [(slot_of[i.seq], i.launch_ms / 1000,
                  (i.stop_ms if i.stop_ms is not None else eng.now) / 1000, bool(i.interrupted))
                 for i in eng.instances]
    run = _summarise("batch", w, attempts, instances, hits, done,
                     price_book(w.region).spec(INSTANCE_TYPE).spot_hourly)
    run.extra["client"] = batch
    return run


def simulate(strategy: str, workload: Workload | None = None, trace: object = (),
             timing: Timing | None = None) -> StrategyRun:
    """Run ``workload`` under ``strategy`` against ``trace``: the Batch simulator for ``"batch"``.

    >>> simulate("ecs_service", Workload(jobs=4, job_minutes=10, fleet=2),
    ...          trace=((400, 0),)).jobs_lost
    0
    """
    check_choice("strategy", strategy, STRATEGIES)
    workload = Workload() if workload is None else workload
    if strategy == "batch":
        return batch_run(workload, trace, timing)
    return model_run(strategy, workload, trace, timing)


def run_all(workload: Workload | None = None, rate_per_hour: float = 0.3, seed: int = 0,
            trace: object = None) -> dict[str, StrategyRun]:
    """Every strategy on one workload and ONE trace (made from ``rate_per_hour`` and ``seed``).

    >>> runs = run_all(Workload(jobs=8, job_minutes=20, fleet=4), rate_per_hour=0.5, seed=2)
    >>> list(runs) == list(STRATEGIES), len({r.hits[:1] for r in runs.values()}) <= 2
    (True, True)
    """
    workload = Workload() if workload is None else workload
    if trace is None:
        trace = interruption_trace(rate_per_hour, workload.fleet, seed, horizon_hours(workload))
    return {name: simulate(name, workload, trace) for name in STRATEGIES}


def compare(runs: dict[str, StrategyRun]) -> pd.DataFrame:
    """A table of the headline numbers, one row per strategy, with what you had to build.

    >>> table = compare(run_all(Workload(jobs=8, job_minutes=20, fleet=4), 0.5, seed=2))
    >>> list(table.index) == list(STRATEGIES)
    True
    """
    import pandas as pd

    _check_runs(runs)
    rows = []
    for name, run in runs.items():
        row = run.metrics()
        row["you_build"] = text(MESSAGES, f"build_{name}")
        rows.append(row)
    return pd.DataFrame(rows).set_index("strategy")


def _check_runs(runs: object) -> None:
    if not isinstance(runs, dict) or not runs or not all(
            isinstance(k, str) and k in STRATEGIES and isinstance(v, StrategyRun)
            for k, v in runs.items()):
        raise CourseInputError(text(MESSAGES, "runs", value=runs))


def suits(run: StrategyRun) -> str:
    """What a strategy suits, judged from its measured result (not from its name).

    Lost jobs -> only for work you can afford to lose; no lost jobs but a strategy whose
    retries come from code you wrote -> production if you run that code; otherwise the
    retries are managed for you.

    >>> suits(simulate("ec2_no_retry", Workload(jobs=4, job_minutes=10, fleet=2), ((400, 0),)))
    'only work you can lose or re-run by hand: learning, one-off experiments'
    """
    if run.jobs_lost > 0:
        return text(MESSAGES, "suits_lossy")
    if run.strategy in ("ec2_retry_script", "ecs_service"):
        return text(MESSAGES, "suits_retry_own")
    if run.strategy == "batch":
        return text(MESSAGES, "suits_managed")
    return text(MESSAGES, "suits_retry_own")


def note_table(runs: dict[str, StrategyRun]) -> pd.DataFrame:
    """The study note's comparison table (方法 / 説明 / 向き不向き), rebuilt from measured runs.

    >>> t = note_table(run_all(Workload(jobs=8, job_minutes=20, fleet=4), 0.5, seed=2))
    >>> list(t.columns)
    ['method', 'variant', 'measured', 'suits']
    """
    import pandas as pd

    _check_runs(runs)
    method = {"ec2_no_retry": "ec2", "ec2_retry_script": "ec2", "ecs_run_task": "ecs",
              "ecs_service": "ecs", "batch": "batch"}
    rows = []
    for name, run in runs.items():
        rows.append({
            "method": text(MESSAGES, f"note_method_{method[name]}"),
            "variant": text(MESSAGES, f"name_{name}"),
            "measured": text(MESSAGES, "measured", done=run.jobs_done, jobs=run.workload.jobs,
                             lost=run.jobs_lost, wasted=run.lost_work_h,
                             makespan=run.makespan_h, cost=run.cost_usd),
            "suits": suits(run)})
    return pd.DataFrame(rows)


def label(strategy: str, short: bool = False) -> str:
    """The readable name of a strategy.

    >>> label("batch", short=True)
    'Batch'
    """
    check_choice("strategy", strategy, STRATEGIES)
    return text(MESSAGES, f"{'short' if short else 'name'}_{strategy}")
