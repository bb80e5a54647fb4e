"""A minute-by-minute model of an EC2 Auto Scaling group of queue workers (lesson 05).

Jobs arrive in an SQS-like queue (for example a nightly burst). Worker instances each take
one job at a time. Every minute the group's target tracking policy looks at the *backlog per
instance* (visible messages / InService instances) and asks for
``ceil(visible messages / target)`` instances, between ``min_instances`` and
``max_instances``. New instances boot for ``boot_minutes`` before they take work; they are
billed from launch, per second with a 60-second minimum (:func:`course.pricing.discounts.run_cost`).
Scale-in waits until the policy has wanted fewer instances for ``scale_in_minutes`` in a row,
and removes only idle instances (busy workers use instance scale-in protection).

A share of the instances above an On-Demand base can be Spot. Spot instances are interrupted
at random (seeded) times; the job an interrupted instance was working on goes back to the
queue. With Capacity Rebalancing, a rebalance recommendation arrives ``rebalance_lead_minutes``
before the interruption: the instance stops taking jobs, a replacement is launched (if the
group is below its maximum), and the old instance is terminated once the replacement is
InService and its job is done.

>>> run = simulate(ScalingPolicy(target_backlog=10, max_instances=5, boot_minutes=2),
...                Workload(jobs=20, job_minutes=3, deadline_minutes=60))
>>> run.summary["finish_minute"], run.summary["peak_instances"]
(35, 2)
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from course.errors import CourseInputError, check_number, check_whole
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "whole": "{name} must be a whole number, got {value!r}.",
        "min_max": "min_instances ({low}) must not be larger than max_instances ({high}).",
        "base_max": "on_demand_base ({base}) must not be larger than max_instances ({high}).",
        "not_policy": "policy must be a ScalingPolicy, got {kind}.",
        "not_workload": "workload must be a Workload, got {kind}.",
        "no_plan": "No setting in the grid meets the {deadline:g}-minute deadline.",
        "horizon": "horizon_minutes ({horizon}) must be at least deadline_minutes ({deadline:g}).",
    }
}

#: Target backlog values and maximum group sizes that :func:`cheapest_settings` tries.
TARGET_GRID: tuple[int, ...] = (5, 10, 15, 20, 30, 45, 60)
MAX_GRID: tuple[int, ...] = (10, 15, 20, 25, 30, 40, 50)


@dataclass(frozen=True)
class ScalingPolicy:
    """Settings of the Auto Scaling group and its target tracking policy.

    >>> ScalingPolicy(target_backlog=20).max_instances
    10
    """

    target_backlog: float = 30.0
    max_instances: int = 10
    min_instances: int = 0
    boot_minutes: int = 4
    scale_in_minutes: int = 15
    spot_share: float = 0.0
    on_demand_base: int = 0
    capacity_rebalance: bool = False
    instance_type: str = "c5.large"
    region: str = "us-east-1"
    spot_interruptions_per_hour: float | None = None
    rebalance_lead_minutes: int = 10

    def __post_init__(self) -> None:
        check_number("target_backlog", self.target_backlog, low=0.1, high=100_000)
        high = check_whole("max_instances", self.max_instances, 1, 1000)
        low = check_whole("min_instances", self.min_instances, 0, 1000)
        if low > high:
            raise CourseInputError(text(MESSAGES, "min_max", low=low, high=high))
        check_whole("boot_minutes", self.boot_minutes, 1, 60)
        check_whole("scale_in_minutes", self.scale_in_minutes, 1, 240)
        check_number("spot_share", self.spot_share, low=0, high=1)
        base = check_whole("on_demand_base", self.on_demand_base, 0, 1000)
        if base > high:
            raise CourseInputError(text(MESSAGES, "base_max", base=base, high=high))
        if not isinstance(self.capacity_rebalance, bool):
            raise CourseInputError(text(MESSAGES, "whole", name="capacity_rebalance",
                                        value=self.capacity_rebalance))
        if self.spot_interruptions_per_hour is not None:
            check_number("spot_interruptions_per_hour", self.spot_interruptions_per_hour,
                         low=0, high=60)
        check_whole("rebalance_lead_minutes", self.rebalance_lead_minutes, 1, 60)
        from course.pricing.catalog import instance

        instance(self.instance_type, self.region)  # raises a helpful error for unknown types


@dataclass(frozen=True)
class Workload:
    """Jobs that arrive evenly over ``spread_minutes`` (0: all at minute 0) and a deadline.

    >>> Workload(jobs=600, spread_minutes=60).arrivals(3)
    [10, 10, 10]
    """

    jobs: int = 1200
    job_minutes: int = 2
    spread_minutes: int = 0
    deadline_minutes: float = 120.0

    def __post_init__(self) -> None:
        check_whole("jobs", self.jobs, 0, 1_000_000)
        check_whole("job_minutes", self.job_minutes, 1, 600)
        check_whole("spread_minutes", self.spread_minutes, 0, 1440)
        check_number("deadline_minutes", self.deadline_minutes, low=1, high=10_080)

    def arrivals(self, minutes: int) -> list[int]:
        """Jobs arriving in each of the first ``minutes`` minutes (whole jobs, total ``jobs``)."""
        if self.spread_minutes == 0:
            counts = [self.jobs] + [0] * (minutes - 1)
        else:
            cumulative = [math.floor(self.jobs * min(m, self.spread_minutes) / self.spread_minutes)
                          for m in range(minutes + 1)]
            counts = [cumulative[m + 1] - cumulative[m] for m in range(minutes)]
        return counts[:minutes]


@dataclass
class _Instance:
    launched: int
    ready: int
    spot: bool
    interrupt_at: float
    job_left: int = 0
    draining: bool = False
    replaced_ready: float = math.inf


@dataclass
class Run:
    """Result of :func:`simulate`: ``timeline`` (one row per minute) and ``summary``.

    >>> run = simulate(ScalingPolicy(), Workload(jobs=0))
    >>> len(run.timeline), run.summary["cost_usd"]
    (360, 0.0)
    """

    timeline: pd.DataFrame
    summary: dict[str, Any] = field(default_factory=dict)


def backlog_per_instance(visible_messages: float, in_service: int) -> float:
    """The metric AWS documents for queue workers: visible messages / InService instances.

    With no instance in service the metric is infinite when work is waiting, else 0.

    >>> backlog_per_instance(1500, 10)
    150.0
    """
    visible = check_number("visible_messages", visible_messages, low=0)
    running = check_whole("in_service", in_service, 0, 1_000_000)
    if running == 0:
        return math.inf if visible > 0 else 0.0
    return visible / running


def instances_wanted(visible_messages: float, target_backlog: float) -> int:
    """Instances target tracking aims for: ``ceil(visible / target)``.

    Target tracking scales capacity C so that the metric (visible / C) meets the target.

    >>> instances_wanted(1500, 100)
    15
    """
    visible = check_number("visible_messages", visible_messages, low=0)
    target = check_number("target_backlog", target_backlog, low=0.1)
    return math.ceil(visible / target - 1e-9)


def _hazard(policy: ScalingPolicy) -> float:
    if policy.spot_interruptions_per_hour is not None:
        return float(policy.spot_interruptions_per_hour)
    from course.pricing.catalog import interruption_rate_monthly
    from course.pricing.spot import hazard_from_monthly_rate

    return hazard_from_monthly_rate(interruption_rate_monthly(policy.instance_type, policy.region))


def _wants_on_demand(policy: ScalingPolicy, on_demand: int, total_after: int) -> bool:
    above = max(0, total_after - policy.on_demand_base)
    needed = min(total_after, policy.on_demand_base) + math.ceil(above * (1 - policy.spot_share) - 1e-9)
    return on_demand < needed


def simulate(policy: ScalingPolicy, workload: Workload, *, horizon_minutes: int | None = None,
             seed: int = 0) -> Run:
    """Run the group minute by minute; return the timeline and a summary.

    The horizon defaults to three times the deadline (at least 240 minutes). Summary keys:
    ``finish_minute`` (when the last job was done, ``None`` if not within the horizon),
    ``met_deadline``, ``cost_usd``, ``billed_instance_hours``, ``busy_instance_hours``,
    ``idle_instance_hours``, ``peak_instances``, ``launches``, ``interruptions``,
    ``jobs_requeued``, ``jobs_done``.

    >>> run = simulate(ScalingPolicy(max_instances=1, boot_minutes=1), Workload(jobs=2, job_minutes=2))
    >>> run.summary["finish_minute"], run.summary["billed_instance_hours"] * 60
    (5, 18.0)
    """
    import numpy as np

    if not isinstance(policy, ScalingPolicy):
        raise CourseInputError(text(MESSAGES, "not_policy", kind=type(policy).__name__))
    if not isinstance(workload, Workload):
        raise CourseInputError(text(MESSAGES, "not_workload", kind=type(workload).__name__))
    deadline = workload.deadline_minutes
    if horizon_minutes is None:
        horizon = max(240, int(math.ceil(3 * deadline)))
    else:
        horizon = check_whole("horizon_minutes", horizon_minutes, 1, 100_000)
        if horizon < deadline:
            raise CourseInputError(text(MESSAGES, "horizon", horizon=horizon, deadline=deadline))
    seed = check_whole("seed", seed, 0, 2**32 - 1)
    rng = np.random.default_rng(seed)
    hazard = _hazard(policy)
    from course.pricing.catalog import on_demand_hourly, spot_hourly

    prices = {False: on_demand_hourly(policy.instance_type, policy.region),
              True: spot_hourly(policy.instance_type, policy.region)}

    arrivals = workload.arrivals(horizon)
    queue = 0
    desired = policy.min_instances
    low_streak = 0
    alive: list[_Instance] = []
    lifetimes: list[tuple[bool, int]] = []  # (spot, billed minutes)
    done = launches = interruptions = requeued = busy_total = 0
    cost = 0.0
    finish: int | None = None
    rows: dict[str, list[float]] = {k: [] for k in (
        "minute", "arrived", "queue", "in_flight", "in_service", "booting", "instances", "spot",
        "backlog_per_instance", "desired", "done", "cost_usd")}

    def terminate(inst: _Instance, minute: int) -> None:
        lifetimes.append((inst.spot, minute - inst.launched))
        alive.remove(inst)

    def launch(minute: int) -> None:
        nonlocal launches
        on_demand = sum(not i.spot for i in alive)
        spot = not _wants_on_demand(policy, on_demand, len(alive) + 1)
        at = minute + float(rng.exponential(60.0 / hazard)) if spot and hazard > 0 else math.inf
        alive.append(_Instance(launched=minute, ready=minute + policy.boot_minutes, spot=spot,
                               interrupt_at=at))
        launches += 1

    for minute in range(horizon):
        queue += arrivals[minute]
        # 1. Spot: rebalance recommendations and interruptions.
        for inst in list(alive):
            if not inst.spot:
                continue
            if inst.interrupt_at <= minute:
                interruptions += 1
                if inst.job_left > 0:
                    queue += 1
                    requeued += 1
                terminate(inst, minute)
            elif (policy.capacity_rebalance and not inst.draining
                  and inst.interrupt_at - policy.rebalance_lead_minutes <= minute):
                inst.draining = True
                if len(alive) < policy.max_instances:
                    launch(minute)
                    inst.replaced_ready = alive[-1].ready
        for inst in list(alive):
            if inst.draining and inst.job_left == 0 and inst.replaced_ready <= minute:
                terminate(inst, minute)
        # 2. Target tracking on backlog per instance.
        in_service = [i for i in alive if i.ready <= minute and not i.draining]
        wanted = min(max(instances_wanted(queue, policy.target_backlog), policy.min_instances),
                     policy.max_instances)
        if wanted > desired:
            desired, low_streak = wanted, 0
        elif wanted < desired:
            low_streak += 1
            if low_streak >= policy.scale_in_minutes:
                desired, low_streak = wanted, 0
        else:
            low_streak = 0
        serving = [i for i in alive if not i.draining]
        for _ in range(desired - len(serving)):
            if len(alive) >= policy.max_instances:
                break
            launch(minute)
        extra = len([i for i in alive if not i.draining]) - desired
        for inst in list(alive):
            if extra <= 0:
                break
            if not inst.draining and inst.job_left == 0:
                terminate(inst, minute)
                extra -= 1
        # 3. Idle InService workers take jobs, then every busy worker works one minute.
        in_service = [i for i in alive if i.ready <= minute and not i.draining]
        for inst in in_service:
            if inst.job_left == 0 and queue > 0:
                queue -= 1
                inst.job_left = workload.job_minutes
        in_flight = 0
        for inst in alive:
            if inst.job_left > 0:
                inst.job_left -= 1
                busy_total += 1
                in_flight += 1
                if inst.job_left == 0:
                    done += 1
                    if done == workload.jobs:
                        finish = minute + 1
        cost += sum(prices[i.spot] for i in alive) / 60.0
        rows["minute"].append(minute)
        rows["arrived"].append(arrivals[minute])
        rows["queue"].append(queue)
        rows["in_flight"].append(in_flight)
        rows["in_service"].append(len(in_service))
        rows["booting"].append(sum(i.ready > minute for i in alive))
        rows["instances"].append(len(alive))
        rows["spot"].append(sum(i.spot for i in alive))
        rows["backlog_per_instance"].append(
            backlog_per_instance(queue, len(in_service)) if in_service or queue == 0 else math.nan)
        rows["desired"].append(desired)
        rows["done"].append(done)
        rows["cost_usd"].append(cost)
    for inst in list(alive):
        terminate(inst, horizon)
    return Run(timeline=_frame(rows), summary=_summary(
        workload, lifetimes, prices, finish, busy_total, launches, interruptions, requeued, done,
        max(rows["instances"], default=0)))


def _frame(rows: dict[str, list[float]]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(rows)
    for column in frame.columns:
        if column not in ("backlog_per_instance", "cost_usd"):
            frame[column] = frame[column].astype(int)
    return frame


def _summary(workload: Workload, lifetimes: list[tuple[bool, int]], prices: dict[bool, float],
             finish: int | None, busy_total: int, launches: int, interruptions: int,
             requeued: int, done: int, peak: int) -> dict[str, Any]:
    from course.pricing.discounts import run_cost

    if workload.jobs == 0:
        finish = 0
    cost = 0.0
    for spot in (False, True):
        seconds = [60.0 * m for s, m in lifetimes if s == spot]
        if seconds:
            cost += run_cost(seconds, prices[spot])
    billed = sum(m for _, m in lifetimes) / 60.0
    busy = busy_total / 60.0
    return {
        "finish_minute": finish,
        "met_deadline": finish is not None and finish <= workload.deadline_minutes,
        "cost_usd": round(cost, 6),
        "billed_instance_hours": round(billed, 6),
        "busy_instance_hours": round(busy, 6),
        "idle_instance_hours": round(billed - busy, 6),
        "peak_instances": peak,
        "launches": launches,
        "interruptions": interruptions,
        "jobs_requeued": requeued,
        "jobs_done": done,
    }


def sweep(workload: Workload, base: ScalingPolicy | None = None, *,
          targets: tuple[float, ...] = TARGET_GRID, maxes: tuple[int, ...] = MAX_GRID,
          seed: int = 0) -> pd.DataFrame:
    """Simulate every (target backlog, max instances) pair; one row per pair.

    >>> table = sweep(Workload(jobs=40), targets=(5, 50), maxes=(2, 4))
    >>> table[["target_backlog", "max_instances", "finish_minute"]].values.tolist()
    [[5, 2, 44], [5, 4, 24], [50, 2, 84], [50, 4, 84]]
    """
    import pandas as pd

    base = ScalingPolicy() if base is None else base
    if not isinstance(base, ScalingPolicy):
        raise CourseInputError(text(MESSAGES, "not_policy", kind=type(base).__name__))
    rows = []
    for target in targets:
        for high in maxes:
            policy = replace(base, target_backlog=target, max_instances=high,
                             min_instances=min(base.min_instances, high),
                             on_demand_base=min(base.on_demand_base, high))
            summary = simulate(policy, workload, seed=seed).summary
            rows.append({"target_backlog": target, "max_instances": high, **summary})
    return pd.DataFrame(rows)


def cheapest_settings(workload: Workload, base: ScalingPolicy | None = None, **kwargs: Any
                      ) -> dict[str, Any]:
    """The cheapest row of :func:`sweep` that meets the deadline (ties: the earlier finish).

    >>> best = cheapest_settings(Workload(jobs=40, deadline_minutes=30), targets=(5, 50), maxes=(2, 4))
    >>> best["target_backlog"], best["max_instances"], best["finish_minute"]
    (5, 4, 24)
    """
    table = sweep(workload, base, **kwargs)
    ok = table[table["met_deadline"]]
    if ok.empty:
        raise CourseInputError(text(MESSAGES, "no_plan", deadline=workload.deadline_minutes))
    row = ok.sort_values(["cost_usd", "finish_minute"], kind="stable").iloc[0].to_dict()
    row["finish_minute"] = int(row["finish_minute"])
    return row


def asg_request(policy: ScalingPolicy, *, name: str = "nightly-workers",
                launch_template: str = "nightly-worker",
                subnets: tuple[str, ...] = ("subnet-0aaa1111", "subnet-0bbb2222"),
                instance_types: tuple[str, ...] = ("c5.large", "c6i.large", "m5.large")
                ) -> dict[str, Any]:
    """A ``CreateAutoScalingGroup`` request for ``policy``: mixed instances, Spot share, rebalancing.

    ``spot_share`` becomes ``OnDemandPercentageAboveBaseCapacity = round(100 * (1 - spot_share))``.

    >>> request = asg_request(ScalingPolicy(spot_share=0.75, on_demand_base=1))
    >>> request["MixedInstancesPolicy"]["InstancesDistribution"]["OnDemandPercentageAboveBaseCapacity"]
    25
    """
    if not isinstance(policy, ScalingPolicy):
        raise CourseInputError(text(MESSAGES, "not_policy", kind=type(policy).__name__))
    return {
        "AutoScalingGroupName": name,
        "MinSize": policy.min_instances,
        "MaxSize": policy.max_instances,
        "DefaultInstanceWarmup": 60 * policy.boot_minutes,
        "VPCZoneIdentifier": ",".join(subnets),
        "CapacityRebalance": policy.capacity_rebalance,
        "MixedInstancesPolicy": {
            "LaunchTemplate": {
                "LaunchTemplateSpecification": {"LaunchTemplateName": launch_template,
                                                "Version": "$Latest"},
                "Overrides": [{"InstanceType": t} for t in instance_types],
            },
            "InstancesDistribution": {
                "OnDemandBaseCapacity": policy.on_demand_base,
                "OnDemandPercentageAboveBaseCapacity": round(100 * (1 - policy.spot_share)),
                "SpotAllocationStrategy": "price-capacity-optimized",
            },
        },
    }


def scaling_policy_request(policy: ScalingPolicy, *, group: str = "nightly-workers",
                           queue: str = "nightly-jobs") -> dict[str, Any]:
    """A ``PutScalingPolicy`` request: target tracking on backlog per instance (metric math).

    The metric is ``ApproximateNumberOfMessagesVisible`` of the queue divided by the group's
    ``GroupInServiceInstances``, as in the AWS guide on scaling with Amazon SQS.

    >>> scaling_policy_request(ScalingPolicy(target_backlog=20))["TargetTrackingConfiguration"]["TargetValue"]
    20.0
    """
    if not isinstance(policy, ScalingPolicy):
        raise CourseInputError(text(MESSAGES, "not_policy", kind=type(policy).__name__))

    def stat(metric_id: str, namespace: str, metric: str, dimension: str, value: str) -> dict[str, Any]:
        return {"Id": metric_id, "ReturnData": False, "MetricStat": {
            "Metric": {"Namespace": namespace, "MetricName": metric,
                       "Dimensions": [{"Name": dimension, "Value": value}]},
            "Stat": "Sum" if namespace == "AWS/SQS" else "Average"}}

    return {
        "AutoScalingGroupName": group,
        "PolicyName": "backlog-per-instance",
        "PolicyType": "TargetTrackingScaling",
        "TargetTrackingConfiguration": {
            "TargetValue": float(policy.target_backlog),
            "CustomizedMetricSpecification": {"Metrics": [
                stat("m1", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", queue),
                stat("m2", "AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName",
                     group),
                {"Id": "e1", "Expression": "m1 / m2", "Label": "Backlog per instance",
                 "ReturnData": True},
            ]},
        },
    }
