"""The discrete-event core of the Batch simulator: jobs, instances, scheduling, scaling.

Time is an integer number of milliseconds since the simulation started. Events live in
one ``heapq``; nothing sleeps. The engine trusts its inputs: :mod:`course.batch.client`
validates every request first.

>>> from course.batch.prices import InstanceSpec, PriceBook
>>> book = PriceBook([InstanceSpec("m5.large", "m5", "x86_64", 2, 8192, 0.096, 0.04, 0.05)])
>>> eng = Engine(book, seed=1)
>>> eng.now
0
"""

from __future__ import annotations

import gc
import heapq
import itertools
import math
import random
import uuid
from collections import deque
from collections.abc import Callable
from typing import Any

from course.batch.billing import fargate_hourly
from course.batch.messages import MESSAGES
from course.batch.presets import SPOT_NOTICE_S, Timing
from course.batch.prices import InstanceSpec, PriceBook
from course.batch.validation import glob_match
from course.i18n import text

SUBMITTED = "SUBMITTED"
PENDING = "PENDING"
RUNNABLE = "RUNNABLE"
STARTING = "STARTING"
RUNNING = "RUNNING"
SUCCEEDED = "SUCCEEDED"
FAILED = "FAILED"
TERMINAL = (SUCCEEDED, FAILED)
WAITING = (SUBMITTED, PENDING, RUNNABLE)

EV_SCHED, EV_READY, EV_END, EV_NOTICE, EV_RECLAIM, EV_IDLE, EV_TASK_RECLAIM = range(7)

CANCELLED, TERMINATED, RELEASED = 1, 2, 4

# End kinds of an attempt (what happens at its END event).
END_EXIT, END_TIMEOUT = 0, 1

# How an attempt ended (language-independent; the statusReason text may be translated).
OUT_EXIT = "exit"  # the container exited (exit code 0 or not)
OUT_TIMEOUT = "timeout"  # attemptDurationSeconds passed
OUT_SPOT = "spot"  # EC2 Spot host or Fargate Spot task reclaimed
OUT_STOPPED = "terminated"  # TerminateJob

WorkFn = Callable[[str, "int | None", int], tuple[float, int]]


class _no_gc:
    """Pause the cyclic garbage collector while the event loop runs.

    The loop allocates many small acyclic objects; without this, CPython's collector
    repeatedly walks every live job and costs a large share of the run time.
    """

    def __enter__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc: object) -> None:
        if self.was_enabled:
            gc.enable()


def _share_head(lanes: dict[int, deque[Job]]) -> deque[Job] | None:
    """The FIFO of a share holding its next job: highest schedulingPriority first."""
    for priority in sorted(lanes, reverse=True):
        dq = lanes[priority]
        while dq and dq[0].status is not RUNNABLE:
            dq.popleft()
        if dq:
            return dq
    return None


class JobSpec:
    """What every child of one submit_job call shares (static configuration)."""

    __slots__ = ("name", "queue", "jobdef", "mv", "mem", "max_attempts", "rules", "timeout_ms",
                 "params", "share", "priority", "fn", "dur_ms", "exit_codes", "checkpoint_ms",
                 "request", "tags", "fargate_only", "misfit")

    def __init__(self, name: str, queue: JobQueue, jobdef: JobDefinition, mv: int, mem: int,
                 max_attempts: int, rules: list[dict[str, str]], timeout_ms: int,
                 params: dict[str, str], share: str | None, priority: int,
                 fn: WorkFn | None, dur_ms: int, exit_codes: tuple[int, ...],
                 checkpoint_ms: int, request: dict[str, Any]) -> None:
        self.name, self.queue, self.jobdef, self.mv, self.mem = name, queue, jobdef, mv, mem
        self.max_attempts, self.rules, self.timeout_ms = max_attempts, rules, timeout_ms
        self.params, self.share, self.priority, self.fn = params, share, priority, fn
        self.dur_ms, self.exit_codes, self.checkpoint_ms = dur_ms, exit_codes, checkpoint_ms
        self.request = request
        self.tags = request.get("tags") or {}
        self.misfit = False


class Job:
    """One job: a single job, an array parent or an array child (compact, no dicts)."""

    __slots__ = ("spec", "parent", "index", "id", "status", "reason", "attempts", "gen",
                 "host", "waiting", "dependents", "progress_ms", "stop_ms", "runnable_ms",
                 "flags", "children", "done", "nfail", "created_ms", "end_kind", "end_exit",
                 "seq")

    def __init__(self, spec: JobSpec, parent: Job | None, index: int | None, job_id: str,
                 created_ms: int, seq: int) -> None:
        self.spec, self.parent, self.index, self.id = spec, parent, index, job_id
        self.status = SUBMITTED
        self.reason: str | None = None
        self.attempts: list[list[Any]] | None = None
        self.gen = 0
        self.host: Instance | FargateTask | None = None
        self.waiting = 0
        self.dependents: list[Job] | None = None
        self.progress_ms = 0
        self.stop_ms: int | None = None
        self.runnable_ms: int | None = None
        self.flags = 0
        self.children: list[Job] | None = None
        self.done = 0
        self.nfail = 0
        self.created_ms = created_ms
        self.end_kind = END_EXIT
        self.end_exit = 0
        self.seq = seq

    @property
    def job_id(self) -> str:
        """The AWS job ID (``<parent>:<index>`` for array children).

        >>> Job.job_id.__doc__ is not None
        True
        """
        if self.parent is not None:
            return f"{self.parent.id}:{self.index}"
        return self.id


class JobDefinition:
    """A registered job definition revision."""

    __slots__ = ("name", "revision", "arn", "request", "status", "platform", "mv", "mem")

    def __init__(self, name: str, revision: int, arn: str, request: dict[str, Any],
                 platform: str, mv: int | None, mem: int | None) -> None:
        self.name, self.revision, self.arn, self.request = name, revision, arn, request
        self.status = "ACTIVE"
        self.platform, self.mv, self.mem = platform, mv, mem


class SchedulingPolicy:
    """A fair-share scheduling policy."""

    __slots__ = ("name", "arn", "exact", "prefixes", "decay_s", "reservation", "request")

    def __init__(self, name: str, arn: str, request: dict[str, Any]) -> None:
        self.name, self.arn, self.request = name, arn, request
        fair = request.get("fairsharePolicy") or {}
        self.decay_s = int(fair.get("shareDecaySeconds", 0))
        self.reservation = int(fair.get("computeReservation", 0))
        self.exact: dict[str, float] = {}
        self.prefixes: list[tuple[str, float]] = []
        for entry in fair.get("shareDistribution") or []:
            ident, weight = entry["shareIdentifier"], float(entry.get("weightFactor", 1.0))
            if ident.endswith("*"):
                self.prefixes.append((ident[:-1], weight))
            else:
                self.exact[ident] = weight
        self.prefixes.sort(key=lambda p: -len(p[0]))

    def weight(self, share: str) -> float:
        """The weightFactor of ``share`` (exact entry, then longest prefix, else 1).

        >>> SchedulingPolicy("p", "arn", {"fairsharePolicy": {"shareDistribution": [
        ...     {"shareIdentifier": "A*", "weightFactor": 0.5}]}}).weight("A1")
        0.5
        """
        if share in self.exact:
            return self.exact[share]
        for prefix, weight in self.prefixes:
            if share.startswith(prefix):
                return weight
        return 1.0


class ComputeEnv:
    """A managed compute environment with its instances (EC2/SPOT) or tasks (Fargate)."""

    __slots__ = ("name", "arn", "kind", "fargate", "spot", "state", "strategy", "min_mv",
                 "max_mv", "specs", "ranked", "request", "instances", "free", "booting_mv",
                 "booting_mem", "total_mv", "used_mv", "arch", "seq", "strict_max")

    def __init__(self, name: str, arn: str, kind: str, state: str, strategy: str,
                 min_mv: int, max_mv: int, specs: list[InstanceSpec], arch: str,
                 request: dict[str, Any], seq: int) -> None:
        self.name, self.arn, self.kind, self.state = name, arn, kind, state
        self.fargate = kind in ("FARGATE", "FARGATE_SPOT")
        self.spot = kind in ("SPOT", "FARGATE_SPOT")
        self.strategy, self.min_mv, self.max_mv = strategy, min_mv, max_mv
        self.specs, self.arch, self.request, self.seq = specs, arch, request, seq
        self.ranked: list[InstanceSpec] = []
        self.instances: list[Instance] = []
        self.free: dict[int, Instance] = {}
        self.booting_mv = self.booting_mem = self.total_mv = self.used_mv = 0
        # BEST_FIT with On-Demand never exceeds maxvCpus; the other strategies may exceed
        # it by at most one instance (AWS Batch API reference, ComputeResource.maxvCpus).
        self.strict_max = strategy == "BEST_FIT" and kind == "EC2"


class JobQueue:
    """A job queue: FIFO of runnable jobs, or per-share FIFOs under a fair-share policy."""

    __slots__ = ("name", "arn", "state", "priority", "order", "policy", "runnable", "shares",
                 "usage", "demand_mv", "demand_mem", "max_mv", "max_mem", "request", "seq",
                 "history", "sizes_mv", "sizes_mem")

    def __init__(self, name: str, arn: str, state: str, priority: int, order: list[ComputeEnv],
                 policy: SchedulingPolicy | None, request: dict[str, Any], seq: int) -> None:
        self.name, self.arn, self.state, self.priority = name, arn, state, priority
        self.order, self.policy, self.request, self.seq = order, policy, request, seq
        self.runnable: deque[Job] = deque()
        # fair share: share identifier -> schedulingPriority -> FIFO of RUNNABLE jobs
        self.shares: dict[str, dict[int, deque[Job]]] = {}
        self.usage: dict[str, int] = {}
        # share -> [decayed past use (milli-vCPU x ms), time of last update]
        self.history: dict[str, list[int | float]] = {}
        self.demand_mv = self.demand_mem = self.max_mv = self.max_mem = 0
        # how many RUNNABLE jobs ask for each size, so the largest request is always current
        self.sizes_mv: dict[int, int] = {}
        self.sizes_mem: dict[int, int] = {}

    def add_demand(self, mv: int, mem: int, n: int = 1) -> None:
        """Count ``n`` RUNNABLE jobs of this size as waiting for capacity."""
        self.demand_mv += mv * n
        self.demand_mem += mem * n
        self.sizes_mv[mv] = self.sizes_mv.get(mv, 0) + n
        self.sizes_mem[mem] = self.sizes_mem.get(mem, 0) + n
        self.max_mv = max(self.max_mv, mv)
        self.max_mem = max(self.max_mem, mem)

    def remove_demand(self, mv: int, mem: int) -> None:
        """One job of this size left RUNNABLE (started, cancelled or failed)."""
        self.demand_mv -= mv
        self.demand_mem -= mem
        for sizes, size, attr in ((self.sizes_mv, mv, "max_mv"), (self.sizes_mem, mem, "max_mem")):
            left = sizes.get(size, 0) - 1
            if left > 0:
                sizes[size] = left
                continue
            sizes.pop(size, None)
            if getattr(self, attr) == size:
                setattr(self, attr, max(sizes, default=0))


class Instance:
    """One EC2 instance launched by a compute environment."""

    __slots__ = ("id", "seq", "ce", "spec", "mv", "mem", "free_mv", "free_mem", "jobs",
                 "launch_ms", "ready_ms", "stop_ms", "notice_ms", "ready", "draining",
                 "idle_gen", "hourly", "interrupted", "busy_mv_ms")

    def __init__(self, inst_id: str, seq: int, ce: ComputeEnv, spec: InstanceSpec,
                 now: int, hourly: float) -> None:
        self.id, self.seq, self.ce, self.spec = inst_id, seq, ce, spec
        self.mv, self.mem = spec.vcpu * 1000, spec.memory_mib
        self.free_mv, self.free_mem = self.mv, self.mem
        self.jobs: dict[int, Job] = {}
        self.launch_ms = now
        self.ready_ms: int | None = None
        self.stop_ms: int | None = None
        self.notice_ms: int | None = None
        self.ready = self.draining = self.interrupted = False
        self.idle_gen = 0
        self.hourly = hourly
        self.busy_mv_ms = 0


class FargateTask:
    """One Fargate task (one job attempt on Fargate); billed per vCPU- and GB-second."""

    __slots__ = ("id", "seq", "ce", "mv", "mem", "launch_ms", "stop_ms", "hourly", "job",
                 "interrupted")

    def __init__(self, task_id: str, seq: int, ce: ComputeEnv, mv: int, mem: int, now: int,
                 hourly: float, job: Job) -> None:
        self.id, self.seq, self.ce, self.mv, self.mem = task_id, seq, ce, mv, mem
        self.launch_ms, self.hourly, self.job = now, hourly, job
        self.stop_ms: int | None = None
        self.interrupted = False


class Engine:
    """Event heap, job state machine, placement and scaling of one simulated account.

    >>> from course.batch.prices import PriceBook
    >>> Engine(PriceBook([]), seed=0).pending_events
    0
    """

    def __init__(self, prices: PriceBook, seed: int = 0, timing: Timing | None = None,
                 spot_hazard: dict[str, float] | float | None = None,
                 instance_capacity: dict[str, int] | None = None) -> None:
        self.prices = prices
        self.timing = timing or Timing()
        t = self.timing
        self.scheduler_ms = int(round(t.scheduler_s * 1000))
        self.boot_ms = int(round(t.instance_boot_s * 1000))
        self.cstart_ms = int(round(t.container_start_s * 1000))
        self.fstart_ms = int(round(t.fargate_start_s * 1000))
        self.idle_ms = int(round(t.scale_down_idle_s * 1000))
        self.spot_hazard = spot_hazard
        self.capacity = dict(instance_capacity or {})
        self.pool_used: dict[tuple[str, bool], int] = {}
        self.now = 0
        self.heap: list[tuple[int, int, int, Any, Any]] = []
        self._seq = itertools.count()
        self._ids = random.Random(seed * 7919 + 1)
        self.rng = random.Random(seed)
        self.jobs: dict[str, Job] = {}
        self.job_list: list[Job] = []  # parents and single jobs, in submit order
        self.unfinished = 0  # single jobs + array children not yet terminal
        self.ces: dict[str, ComputeEnv] = {}
        self.queues: dict[str, JobQueue] = {}
        self.qorder: list[JobQueue] = []
        self.jobdefs: dict[str, list[JobDefinition]] = {}
        self.policies: dict[str, SchedulingPolicy] = {}
        self.instances: list[Instance] = []
        self.tasks: list[FargateTask] = []
        self.last_stop_ms = 0
        # Status reasons, looked up once (the language is fixed for a run).
        self.r_exit = text(MESSAGES, "reason_exit")
        self.r_timeout = text(MESSAGES, "reason_timeout")
        self.r_dependency = text(MESSAGES, "reason_dependency")
        self.r_fargate_spot = text(MESSAGES, "reason_fargate_spot")
        self.r_array_child = text(MESSAGES, "reason_array_child")
        self.r_misconfig = text(MESSAGES, "reason_misconfig")
        self._handlers = (self._on_sched, self._on_ready, self._on_end, self._on_notice,
                          self._on_reclaim, self._on_idle, self._on_task_reclaim)

    # ------------------------------------------------------------------ basics
    @property
    def pending_events(self) -> int:
        """Number of events waiting in the heap.

        >>> Engine(PriceBook([])).pending_events
        0
        """
        return len(self.heap)

    def _push(self, t: int, kind: int, a: Any, b: Any = None) -> None:
        heapq.heappush(self.heap, (t, next(self._seq), kind, a, b))

    def new_uuid(self) -> str:
        """A deterministic UUID4 string from the seeded ID generator.

        >>> len(Engine(PriceBook([])).new_uuid())
        36
        """
        return str(uuid.UUID(int=self._ids.getrandbits(128), version=4))

    def _instance_id(self) -> str:
        return "i-" + format(self._ids.getrandbits(68), "017x")[-17:]

    # ------------------------------------------------------------------ time
    def advance_ms(self, ms: int) -> None:
        """Run every event up to ``now + ms`` and move the clock there.

        >>> e = Engine(PriceBook([])); e.advance_ms(1500); e.now
        1500
        """
        target = self.now + ms
        with _no_gc():
            self._run(target)
        self.now = target

    def _run(self, until: int) -> None:
        heap = self.heap
        handlers = self._handlers
        pop = heapq.heappop
        while heap and heap[0][0] <= until:
            t = heap[0][0]
            self.now = t
            while heap and heap[0][0] == t:
                _, _, kind, a, b = pop(heap)
                handlers[kind](a, b)
            self._schedule()

    def run_until_idle(self, max_ms: int) -> None:
        """Run until every job is finished (or stuck with nothing left to happen).

        Then run one more scale-down period so idle instances are released and billed
        the way Batch would bill them.

        >>> e = Engine(PriceBook([])); e.run_until_idle(10_000); e.now
        0
        """
        with _no_gc():
            self._run_until_idle(max_ms)

    def _run_until_idle(self, max_ms: int) -> None:
        heap = self.heap
        limit = self.now + max_ms
        handlers = self._handlers
        pop = heapq.heappop
        while self.unfinished > 0 and heap and heap[0][0] <= limit:
            t = heap[0][0]
            self.now = t
            while heap and heap[0][0] == t:
                _, _, kind, a, b = pop(heap)
                handlers[kind](a, b)
            self._schedule()
        if self.unfinished == 0 and any(
                i.stop_ms is None and i.ce.min_mv < i.ce.total_mv for i in self.instances):
            tail = min(self.now + self.idle_ms, limit)
            self._run(tail)
            self.now = tail

    # ------------------------------------------------------------------ compute envs
    def add_ce(self, ce: ComputeEnv) -> None:
        """Register a compute environment and launch its minimum/desired capacity.

        >>> Engine.add_ce.__name__
        'add_ce'
        """
        self.ces[ce.name] = ce
        if not ce.fargate:
            ce.ranked = self._rank(ce)
            desired = int(ce.request.get("computeResources", {}).get("desiredvCpus", 0)) * 1000
            self._grow_to(ce, max(ce.min_mv, desired))

    def _rank(self, ce: ComputeEnv) -> list[InstanceSpec]:
        spot = ce.spot

        def price(s: InstanceSpec) -> float:
            return s.spot_hourly if spot else s.on_demand_hourly

        specs = list(ce.specs)
        if ce.strategy == "BEST_FIT":
            return sorted(specs, key=lambda s: (price(s), s.vcpu, s.name))
        if ce.strategy == "SPOT_CAPACITY_OPTIMIZED":
            return sorted(specs, key=lambda s: (self.hazard(s), price(s) / s.vcpu, s.name))
        # BEST_FIT_PROGRESSIVE and SPOT_PRICE_CAPACITY_OPTIMIZED: cheapest per vCPU first;
        # SPOT_PRICE_CAPACITY_OPTIMIZED filters by hazard in _choose.
        return sorted(specs, key=lambda s: (price(s) / s.vcpu, s.vcpu, s.name))

    def hazard(self, spec: InstanceSpec) -> float:
        """Spot interruptions per instance-hour for ``spec`` (override or Advisor data).

        >>> e = Engine(PriceBook([]), spot_hazard=0.5)
        >>> e.hazard(InstanceSpec("x", "x", "x86_64", 1, 1, 1, 1, 0.05))
        0.5
        """
        override = self.spot_hazard
        if override is not None:
            if isinstance(override, dict):
                if spec.name in override:
                    return override[spec.name]
                if spec.family in override:
                    return override[spec.family]
                if "*" in override:
                    return override["*"]
            else:
                return float(override)
        return spec.hazard_per_hour

    def fargate_hazard(self) -> float:
        """Fargate Spot interruptions per task-hour (0 unless overridden).

        >>> Engine(PriceBook([]), spot_hazard={"FARGATE_SPOT": 2.0}).fargate_hazard()
        2.0
        """
        override = self.spot_hazard
        if override is None:
            return 0.0
        if isinstance(override, dict):
            return float(override.get("FARGATE_SPOT", override.get("*", 0.0)))
        return float(override)

    def _available(self, spec: InstanceSpec, spot: bool) -> bool:
        cap = self.capacity.get(spec.name)
        return cap is None or self.pool_used.get((spec.name, spot), 0) < cap

    def _choose(self, ce: ComputeEnv, need_mv: int, need_mem: int) -> InstanceSpec | None:
        fits = [s for s in ce.ranked if s.vcpu * 1000 >= need_mv and s.memory_mib >= need_mem]
        if ce.spot:  # bidPercentage: never pay more than this share of On-Demand
            bid = float(ce.request.get("computeResources", {}).get("bidPercentage", 100))
            fits = [s for s in fits if s.spot_hourly <= s.on_demand_hourly * bid / 100 + 1e-12]
        if not fits:
            return None
        if ce.strategy == "BEST_FIT":  # waits for its cheapest type
            return fits[0] if self._available(fits[0], ce.spot) else None
        avail = [s for s in fits if self._available(s, ce.spot)]
        if not avail:
            return None
        if ce.strategy == "SPOT_PRICE_CAPACITY_OPTIMIZED":
            low = min(self.hazard(s) for s in avail)
            avail = [s for s in avail if self.hazard(s) <= 2.0 * low + 1e-12]
        return avail[0]

    def _can_launch(self, ce: ComputeEnv, spec: InstanceSpec) -> bool:
        if ce.strict_max:
            return ce.total_mv + spec.vcpu * 1000 <= ce.max_mv
        return ce.total_mv < ce.max_mv

    def _launch(self, ce: ComputeEnv, spec: InstanceSpec) -> Instance:
        hourly = spec.spot_hourly if ce.spot else spec.on_demand_hourly
        inst = Instance(self._instance_id(), len(self.instances), ce, spec, self.now, hourly)
        self.instances.append(inst)
        ce.instances.append(inst)
        ce.total_mv += inst.mv
        ce.booting_mv += inst.mv
        ce.booting_mem += inst.mem
        key = (spec.name, ce.spot)
        self.pool_used[key] = self.pool_used.get(key, 0) + 1
        self._push(self.now + self.boot_ms, EV_READY, inst)
        if ce.spot:
            lam = self.hazard(spec)
            if lam > 0:
                t_int = self.now + int(self.rng.expovariate(lam) * 3_600_000)
                self._push(max(self.now, t_int - SPOT_NOTICE_S * 1000), EV_NOTICE, inst)
                self._push(t_int, EV_RECLAIM, inst)
        return inst

    def _grow_to(self, ce: ComputeEnv, target_mv: int) -> None:
        while ce.total_mv < target_mv and ce.ranked:
            spec = self._choose(ce, 0, 0)
            if spec is None or not self._can_launch(ce, spec):
                break
            self._launch(ce, spec)

    def _terminate_instance(self, inst: Instance) -> None:
        ce = inst.ce
        if not inst.ready:
            ce.booting_mv -= inst.mv
            ce.booting_mem -= inst.mem
        inst.stop_ms = self.now
        inst.ready = False
        ce.total_mv -= inst.mv
        ce.free.pop(inst.seq, None)
        key = (inst.spec.name, ce.spot)
        self.pool_used[key] -= 1

    def set_ce_limits(self, ce: ComputeEnv, min_mv: int | None, max_mv: int | None,
                      desired_mv: int | None) -> None:
        """Apply an update_compute_environment change of vCPU limits.

        >>> Engine.set_ce_limits.__name__
        'set_ce_limits'
        """
        if min_mv is not None:
            ce.min_mv = min_mv
        if max_mv is not None:
            ce.max_mv = max_mv
        if not ce.fargate:
            self._grow_to(ce, max(ce.min_mv, desired_mv or 0))
            for inst in list(ce.instances):  # let idle capacity above the new min go
                if inst.stop_ms is None and inst.ready and not inst.jobs:
                    inst.idle_gen += 1
                    self._push(self.now + self.idle_ms, EV_IDLE, inst, inst.idle_gen)
        self._schedule()

    # ------------------------------------------------------------------ submission
    def submit(self, spec: JobSpec, size: int, deps: list[tuple[Job | None, str | None]]
               ) -> Job:
        """Create a job (and its array children) and schedule its first evaluation.

        ``deps`` holds ``(job, type)`` pairs; ``(None, "SEQUENTIAL")`` for SEQUENTIAL.

        >>> Engine.submit.__name__
        'submit'
        """
        now = self.now
        job = Job(spec, None, None, self.new_uuid(), now, len(self.job_list))
        self.jobs[job.id] = job
        self.job_list.append(job)
        if size:
            with _no_gc():
                kids = [Job(spec, job, i, "", now, i) for i in range(size)]
            job.children = kids
            self.unfinished += size
        else:
            self.unfinished += 1
        for dep, dtype in deps:
            if dtype == "SEQUENTIAL":
                assert job.children is not None
                kids = job.children
                for i in range(1, size):
                    kids[i].waiting = 1
                    kids[i - 1].dependents = [kids[i]]
            elif dtype == "N_TO_N" and dep is not None and dep.children is not None:
                assert job.children is not None
                for mine, theirs in zip(job.children, dep.children, strict=True):
                    if theirs.status == SUCCEEDED:
                        continue
                    mine.waiting += 1
                    if theirs.dependents is None:
                        theirs.dependents = []
                    theirs.dependents.append(mine)
            elif dep is not None:
                if dep.status == SUCCEEDED:
                    continue
                job.waiting += 1
                if dep.dependents is None:
                    dep.dependents = []
                dep.dependents.append(job)
        # Dependencies that already failed fail this job at once.
        for dep, dtype in deps:
            if dep is None or job.status == FAILED:
                continue
            if dtype == "N_TO_N" and dep.children is not None and job.children is not None:
                for mine, theirs in zip(job.children, dep.children, strict=True):
                    if theirs.status == FAILED and mine.status != FAILED:
                        self._fail_waiting(mine, self.r_dependency)
            elif dep.status == FAILED:
                self._fail_waiting(job, self.r_dependency)
        if job.status != FAILED:
            self._push(now + self.scheduler_ms, EV_SCHED, job)
        return job

    def _on_sched(self, job: Job, _: Any) -> None:
        if job.status != SUBMITTED:
            return
        if job.waiting > 0:
            job.status = PENDING
            if job.children is not None:
                for kid in job.children:
                    if kid.status == SUBMITTED:
                        kid.status = PENDING
        else:
            self._make_ready(job)

    def _make_ready(self, job: Job) -> None:
        now = self.now
        if job.children is not None:
            job.status = PENDING
            job.flags |= RELEASED
            ready = []
            for kid in job.children:
                if kid.status in TERMINAL:
                    continue
                if kid.waiting == 0:
                    kid.status = RUNNABLE
                    kid.runnable_ms = now
                    ready.append(kid)
                else:
                    kid.status = PENDING
            if ready:
                self._enqueue(job.spec, ready)
        else:
            job.status = RUNNABLE
            job.runnable_ms = now
            self._enqueue(job.spec, [job])

    def _enqueue(self, spec: JobSpec, jobs: list[Job]) -> None:
        q = spec.queue
        if q.policy is not None:
            lanes = q.shares.get(spec.share or "")
            if lanes is None:
                lanes = q.shares[spec.share or ""] = {}
            dq = lanes.get(spec.priority)
            if dq is None:
                dq = lanes[spec.priority] = deque()
            dq.extend(jobs)
        else:
            q.runnable.extend(jobs)
        q.add_demand(spec.mv, spec.mem, len(jobs))
        if spec.misfit:
            reason = self.r_misconfig
            for j in jobs:
                j.reason = reason

    # ------------------------------------------------------------------ scheduling
    def _schedule(self) -> None:
        for q in self.qorder:
            if q.demand_mv > 0 or q.demand_mem > 0:
                if q.policy is None:
                    self._drain_fifo(q)
                else:
                    self._drain_fair(q)
        self._scale()

    def _drain_fifo(self, q: JobQueue) -> None:
        dq = q.runnable
        place = self._place
        popleft = dq.popleft
        while dq:
            job = dq[0]
            if job.status is not RUNNABLE:
                popleft()
                continue
            if not place(job, q):
                return
            popleft()

    def _share_load(self, q: JobQueue, sid: str, decay_ms: int) -> float:
        """Current vCPU use of a share plus, with shareDecaySeconds, its decayed past use."""
        load = float(q.usage.get(sid, 0))
        if decay_ms:
            past = q.history.get(sid)
            if past is not None:
                load += past[0] * math.exp(-(self.now - past[1]) / decay_ms) / decay_ms
        return load

    def _drain_fair(self, q: JobQueue) -> None:
        """Fair share: the active share with the lowest (use x weightFactor) goes next.

        Within a share, jobs with a higher ``schedulingPriority`` go first, then FIFO.

        ``computeReservation`` keeps ``(computeReservation/100) ** active_shares`` of the
        queue's maximum vCPUs free for share identifiers that are not active yet.
        """
        policy = q.policy
        assert policy is not None
        blocked: set[str] = set()
        usage = q.usage
        decay_ms = policy.decay_s * 1000
        cap = None
        if policy.reservation:
            active = sum(1 for sid, lanes in q.shares.items()
                         if any(lanes.values()) or usage.get(sid, 0) > 0)
            total = sum(ce.max_mv for ce in q.order)
            cap = total * (1.0 - (policy.reservation / 100.0) ** max(1, active))
        while True:
            best = None
            best_key = 0.0
            best_dq: deque[Job] | None = None
            for sid, lanes in q.shares.items():
                if sid in blocked:
                    continue
                head = _share_head(lanes)
                if head is None:
                    continue
                key = self._share_load(q, sid, decay_ms) * policy.weight(sid)
                if best is None or key < best_key:
                    best, best_key, best_dq = sid, key, head
            if best is None or best_dq is None:
                return
            dq = best_dq
            if cap is not None and sum(usage.values()) + dq[0].spec.mv > cap + 1e-9:
                return
            if self._place(dq[0], q):
                dq.popleft()
            else:
                blocked.add(best)

    def _place(self, job: Job, q: JobQueue) -> bool:
        spec = job.spec
        mv, mem = spec.mv, spec.mem
        for ce in q.order:
            if ce.state != "ENABLED":
                continue
            if ce.fargate:
                if ce.used_mv + mv <= ce.max_mv:
                    self._dispatch_task(job, ce)
                    return True
                continue
            for inst in ce.free.values():
                if inst.free_mv >= mv and inst.free_mem >= mem:
                    self._dispatch(job, inst)
                    return True
        return False

    def _scale(self) -> None:
        """Launch instances for RUNNABLE demand, in each queue's compute-environment order.

        Demand first counts against capacity that is already booting; what is left goes to
        the first environment that can still grow, and overflows to the next one.
        """
        spare: dict[ComputeEnv, list[int]] = {}
        for q in self.qorder:
            mv, mem = q.demand_mv, q.demand_mem
            if mv <= 0 and mem <= 0:
                continue
            for ce in q.order:
                if mv <= 0 and mem <= 0:
                    break
                if ce.fargate or ce.state != "ENABLED":
                    continue
                free = spare.get(ce)
                if free is None:
                    free = spare[ce] = [ce.booting_mv, ce.booting_mem]
                take = min(mv, free[0])
                free[0] -= take
                mv -= take
                take = min(mem, free[1])
                free[1] -= take
                mem -= take
                while (mv > 0 or mem > 0) and ce.total_mv < ce.max_mv:
                    spec = self._choose(ce, q.max_mv, q.max_mem)
                    if spec is None or not self._can_launch(ce, spec):
                        break
                    self._launch(ce, spec)
                    mv -= spec.vcpu * 1000
                    mem -= spec.memory_mib
                    if mv < 0:
                        free[0] -= mv
                        mv = 0
                    if mem < 0:
                        free[1] -= mem
                        mem = 0

    # ------------------------------------------------------------------ attempts
    @staticmethod
    def _check_work(result: Any) -> tuple[int, int, str | None]:
        """Validate a work model's result: (seconds, exit_code[, container_reason])."""
        try:
            if not isinstance(result, tuple) or len(result) not in (2, 3):
                raise ValueError
            dur, code = result[0], result[1]
            reason = result[2] if len(result) == 3 else None
            if reason is not None and (not isinstance(reason, str) or len(reason) > 255):
                raise ValueError
            dur_ms = int(round(float(dur) * 1000))
            if isinstance(code, bool) or int(code) != code:
                raise ValueError
            code = int(code)
            if dur_ms < 0 or not math.isfinite(float(dur)):
                raise ValueError
        except (TypeError, ValueError, OverflowError):
            from course.errors import CourseInputError

            raise CourseInputError(text(MESSAGES, "work_result", value=result)) from None
        return dur_ms, code, reason

    def _start_attempt(self, job: Job, start_delay: int) -> tuple[int, int]:
        """Common part of dispatch: attempt record and END event. Returns (run_ms, end)."""
        now = self.now
        spec = job.spec
        q = spec.queue
        q.remove_demand(spec.mv, spec.mem)
        if q.policy is not None:
            share = spec.share or ""
            q.usage[share] = q.usage.get(share, 0) + spec.mv
        attempts = job.attempts
        if attempts is None:
            attempts = job.attempts = []
        attempt_no = len(attempts) + 1
        fn = spec.fn
        creason = None
        if fn is None:
            dur_ms = spec.dur_ms
            codes = spec.exit_codes
            code = codes[attempt_no - 1] if attempt_no <= len(codes) else codes[-1]
        else:
            result = fn(spec.name, job.index, attempt_no)
            if (result.__class__ is tuple and len(result) == 2 and result[0].__class__ is int
                    and result[1].__class__ is int and result[0] >= 0):
                dur_ms = result[0] * 1000  # fast path: whole seconds
                code = result[1]
            else:
                dur_ms, code, creason = self._check_work(result)
        remaining = dur_ms - job.progress_ms
        if remaining < 0:
            remaining = 0
        run_ms = now + start_delay
        timeout = spec.timeout_ms
        if timeout and remaining > timeout:
            end = run_ms + timeout
            job.end_kind = END_TIMEOUT
        else:
            end = run_ms + remaining
            job.end_kind = END_EXIT
        job.end_exit = code
        # [starting_ms, running_ms, stopped_ms, exit_code, status_reason, host, lost_ms,
        #  outcome, container_reason]
        attempts.append([now, run_ms, None, None, None, job.host, 0, None, creason])
        job.status = STARTING
        job.reason = None
        gen = job.gen = job.gen + 1
        heapq.heappush(self.heap, (end, next(self._seq), EV_END, job, gen))
        return run_ms, end

    def _dispatch(self, job: Job, inst: Instance) -> None:
        spec = job.spec
        mv = spec.mv
        inst.free_mv -= mv
        inst.free_mem -= spec.mem
        inst.jobs[id(job)] = job
        ce = inst.ce
        if inst.free_mv <= 0 or inst.free_mem <= 0:
            del ce.free[inst.seq]
        ce.used_mv += mv
        job.host = inst
        self._start_attempt(job, self.cstart_ms)

    def _dispatch_task(self, job: Job, ce: ComputeEnv) -> None:
        spec = job.spec
        vcpu_rate, gb_rate = self.prices.fargate_rates(ce.arch, ce.spot)
        hourly = fargate_hourly(spec.mv / 1000, spec.mem, vcpu_rate, gb_rate)
        task = FargateTask(self.new_uuid().replace("-", ""), len(self.tasks), ce, spec.mv,
                           spec.mem, self.now, hourly, job)
        self.tasks.append(task)
        ce.used_mv += spec.mv
        job.host = task
        _, end = self._start_attempt(job, self.fstart_ms)
        if ce.spot:
            lam = self.fargate_hazard()
            if lam > 0:
                t_int = self.now + int(self.rng.expovariate(lam) * 3_600_000)
                if t_int < end:
                    self._push(t_int, EV_TASK_RECLAIM, job, job.gen)

    def _release(self, job: Job) -> None:
        host = job.host
        spec = job.spec
        now = self.now
        q = spec.queue
        if q.policy is not None:
            share = spec.share or ""
            q.usage[share] -= spec.mv
            decay_ms = q.policy.decay_s * 1000
            if decay_ms and job.attempts:
                used = spec.mv * (now - job.attempts[-1][0])
                past = q.history.get(share)
                if past is None:
                    q.history[share] = [used, now]
                else:
                    past[0] = past[0] * math.exp(-(now - past[1]) / decay_ms) + used
                    past[1] = now
        if host.__class__ is Instance:
            ce = host.ce
            del host.jobs[id(job)]
            mv = spec.mv
            host.free_mv += mv
            host.free_mem += spec.mem
            ce.used_mv -= mv
            host.busy_mv_ms += mv * (now - job.attempts[-1][0])  # type: ignore[index]
            if host.stop_ms is None and host.ready and not host.draining:
                ce.free[host.seq] = host
                if not host.jobs:
                    host.idle_gen += 1
                    self._push(now + self.idle_ms, EV_IDLE, host, host.idle_gen)
        elif host is not None:
            host.ce.used_mv -= spec.mv
            host.stop_ms = now
        job.host = None

    def _end_attempt(self, job: Job, exit_code: int | None, reason: str,
                     retryable: bool, outcome: str,
                     container_reason: str | None = None) -> None:
        """Close the running attempt and decide: SUCCEEDED, retry, or FAILED."""
        now = self.now
        self._release(job)
        assert job.attempts is not None
        att = job.attempts[-1]
        att[2] = now
        att[3] = exit_code
        att[4] = reason
        att[7] = outcome
        if outcome != OUT_EXIT:
            att[8] = None
        ran = max(0, now - att[1])
        spec = job.spec
        if exit_code == 0 and outcome == OUT_EXIT:
            self._finish(job, SUCCEEDED, None)
            return
        saved = 0
        if spec.checkpoint_ms:
            saved = (ran // spec.checkpoint_ms) * spec.checkpoint_ms
            job.progress_ms += saved
        att[6] = ran - saved
        if (retryable and len(job.attempts) < spec.max_attempts
                and self._should_retry(spec.rules, reason, container_reason, exit_code)):
            job.status = RUNNABLE  # runnable_ms keeps the first time the job became RUNNABLE
            job.reason = None
            self._enqueue(spec, [job])
            return
        self._finish(job, FAILED, reason)

    @staticmethod
    def _should_retry(rules: list[dict[str, str]], reason: str, container_reason: str | None,
                      exit_code: int | None) -> bool:
        code = None if exit_code is None else str(exit_code)
        for rule in rules:
            ok = True
            if "onStatusReason" in rule and not glob_match(rule["onStatusReason"], reason):
                ok = False
            if ok and "onReason" in rule and not glob_match(rule["onReason"], container_reason):
                ok = False
            if ok and "onExitCode" in rule and not glob_match(rule["onExitCode"], code):
                ok = False
            if ok:
                return rule["action"].upper() == "RETRY"
        return True  # no rule matched: AWS retries (if attempts remain)

    def _on_end(self, job: Job, gen: int) -> None:
        if gen != job.gen or job.status is not STARTING:
            return
        if job.end_exit == 0 and job.end_kind == END_EXIT:  # fast path: success
            self._release(job)
            att = job.attempts[-1]  # type: ignore[index]
            att[2] = self.now
            att[3] = 0
            att[4] = self.r_exit
            att[7] = OUT_EXIT
            self._finish(job, SUCCEEDED, None)
            return
        if job.end_kind == END_TIMEOUT:
            # AWS: "If a job is terminated for exceeding the timeout duration, it isn't retried."
            self._end_attempt(job, None, self.r_timeout, retryable=False,
                              outcome=OUT_TIMEOUT)
        else:
            self._end_attempt(job, job.end_exit, self.r_exit, retryable=True,
                              outcome=OUT_EXIT,
                              container_reason=job.attempts[-1][8])  # type: ignore[index]

    def _on_ready(self, inst: Instance, _: Any) -> None:
        if inst.stop_ms is not None:
            return
        ce = inst.ce
        inst.ready = True
        inst.ready_ms = self.now
        ce.booting_mv -= inst.mv
        ce.booting_mem -= inst.mem
        if not inst.draining:
            ce.free[inst.seq] = inst
        inst.idle_gen += 1
        self._push(self.now + self.idle_ms, EV_IDLE, inst, inst.idle_gen)

    def _on_idle(self, inst: Instance, gen: int) -> None:
        if inst.stop_ms is not None or inst.jobs or gen != inst.idle_gen:
            return
        ce = inst.ce
        if ce.total_mv - inst.mv >= ce.min_mv or ce.state != "ENABLED":
            self._terminate_instance(inst)

    def _on_notice(self, inst: Instance, _: Any) -> None:
        if inst.stop_ms is not None:
            return
        inst.draining = True
        inst.notice_ms = self.now
        inst.ce.free.pop(inst.seq, None)

    def _on_reclaim(self, inst: Instance, _: Any) -> None:
        if inst.stop_ms is not None:
            return
        inst.interrupted = True
        reason = text(MESSAGES, "reason_host", instance=inst.id)
        for job in list(inst.jobs.values()):
            self._end_attempt(job, None, reason, retryable=True, outcome=OUT_SPOT)
        self._terminate_instance(inst)
        ce = inst.ce
        if ce.total_mv < ce.min_mv:
            self._grow_to(ce, ce.min_mv)

    def force_interrupt(self, inst: Instance) -> None:
        """Give ``inst`` its two-minute Spot notice now and reclaim it afterwards.

        >>> Engine.force_interrupt.__name__
        'force_interrupt'
        """
        if inst.stop_ms is None:
            self._push(self.now, EV_NOTICE, inst)
            self._push(self.now + SPOT_NOTICE_S * 1000, EV_RECLAIM, inst)

    def _on_task_reclaim(self, job: Job, gen: int) -> None:
        if gen != job.gen or job.status not in (STARTING, RUNNING):
            return
        host = job.host
        if isinstance(host, FargateTask):
            host.interrupted = True
        self._end_attempt(job, None, self.r_fargate_spot, retryable=True, outcome=OUT_SPOT)

    # ------------------------------------------------------------------ endings
    def _finish(self, job: Job, status: str, reason: str | None) -> None:
        job.status = status
        if status == SUCCEEDED:
            job.reason = None
        elif reason is not None:
            job.reason = reason
        job.stop_ms = self.now
        if self.now > self.last_stop_ms:
            self.last_stop_ms = self.now
        if job.children is None:
            self.unfinished -= 1
        deps = job.dependents
        if deps:
            job.dependents = None
            if status == SUCCEEDED:
                for d in deps:
                    d.waiting -= 1
                    if d.waiting == 0 and d.status == PENDING:
                        parent = d.parent
                        if parent is None or parent.flags & RELEASED:
                            self._make_ready(d)
            else:
                dep_reason = self.r_dependency
                for d in deps:
                    if d.status in WAITING:
                        self._fail_waiting(d, dep_reason)
        parent = job.parent
        if parent is not None:
            parent.done += 1
            if status == FAILED:
                parent.nfail += 1
            if parent.done == len(parent.children or ()):
                if parent.nfail:
                    self._finish(parent, FAILED,
                                 parent.reason or self.r_array_child)
                else:
                    self._finish(parent, SUCCEEDED, None)

    def _fail_waiting(self, job: Job, reason: str) -> None:
        """Fail a job that has not started (dependency failed, cancelled, terminated)."""
        if job.status in TERMINAL:
            return
        if job.status == RUNNABLE and job.children is None:
            job.spec.queue.remove_demand(job.spec.mv, job.spec.mem)
        if job.children is not None:
            job.reason = reason
            for kid in job.children:
                if kid.status in WAITING:
                    self._fail_waiting(kid, reason)
            return
        self._finish(job, FAILED, reason)

    def cancel(self, job: Job, reason: str) -> None:
        """CancelJob: fail jobs not yet STARTING; STARTING/RUNNING jobs are left alone.

        >>> Engine.cancel.__name__
        'cancel'
        """
        self._stop(job, reason, kill=False)

    def terminate(self, job: Job, reason: str) -> None:
        """TerminateJob: STARTING/RUNNING jobs fail at once; earlier ones are cancelled.

        >>> Engine.terminate.__name__
        'terminate'
        """
        self._stop(job, reason, kill=True)

    def _stop(self, job: Job, reason: str, kill: bool) -> None:
        flag = TERMINATED if kill else CANCELLED
        if job.status in TERMINAL:
            return
        if job.children is not None:
            job.flags |= flag
            job.reason = reason
            for kid in job.children:
                self._stop(kid, reason, kill)
            return
        if job.status in WAITING:
            job.flags |= flag
            self._fail_waiting(job, reason)
        elif kill:
            job.flags |= flag
            job.gen += 1  # the pending END event is now stale
            self._end_attempt(job, None, reason, retryable=False, outcome=OUT_STOPPED)

    # ------------------------------------------------------------------ queries
    def status_of(self, job: Job) -> str:
        """Current status; STARTING becomes RUNNING once the container has started.

        >>> Engine.status_of.__name__
        'status_of'
        """
        status = job.status
        if status == STARTING and job.attempts and self.now >= job.attempts[-1][1]:
            return RUNNING
        return status

    def find_job(self, job_id: str) -> Job | None:
        """Look a job (or ``<parent>:<index>`` child) up by ID.

        >>> Engine(PriceBook([])).find_job("nope") is None
        True
        """
        job = self.jobs.get(job_id)
        if job is not None:
            return job
        head, sep, tail = job_id.rpartition(":")
        if sep and tail.isdigit():
            parent = self.jobs.get(head)
            if parent is not None and parent.children is not None:
                idx = int(tail)
                if idx < len(parent.children):
                    return parent.children[idx]
        return None
