"""Lesson 12: what Spot really saves once interruptions, rework and checkpoints are counted.

Two views of the same job, on the same inputs:

* the **analytic** restart model of :mod:`course.pricing.spot` (``spot_job``): Poisson
  interruptions at a constant hazard, work since the last checkpoint is lost;
* the **simulator** (:mod:`course.batch`): N array children on a ``SPOT`` compute
  environment with ``retryStrategy`` ``{"onStatusReason": "Host EC2*", "action": "RETRY"}``.

Checkpoint overhead is emulated in the simulator exactly as the analytic model counts it:
a job of ``W`` hours with a checkpoint every ``tau`` hours of work that costs ``C`` hours
runs for ``W + (n - 1) C`` hours and saves its progress every ``tau + C`` hours, where
``n = ceil(W / tau)`` (the last stretch needs no checkpoint).

>>> round(effective_saving(1.0, 0.0, 0.61), 2)          # no interruptions: the full discount
0.61
>>> effective_saving(10.0, 0.5, 0.61) < 0                # long job, bad pool: dearer than On-Demand
True
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text
from course.pricing import catalog
from course.pricing.spot import hazard_from_monthly_rate, optimal_checkpoint_interval, spot_job

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from course.batch.client import BatchSimulator

MESSAGES = {
    "en": {
        "bucket": "Advisor bucket",
        "monthly_rate": "monthly rate used",
        "hazard": "interruptions per hour",
        "mean_gap": "mean hours between interruptions",
        "chance": "chance a {hours:g} h job is hit",
        "row_interruptions": "interruptions per job",
        "row_lost": "lost work per job (h)",
        "row_spot_hours": "Spot hours per job while attempts run",
        "row_cost": "Spot cost per job, attempts only (USD)",
        "row_billed": "Spot cost per job, billed incl. boot and idle (USD)",
        "row_on_demand": "On-Demand cost per job (USD)",
        "col_model": "analytic model",
        "col_sim": "simulator (mean of {jobs} jobs)",
        "col_margin": "± 95% (simulator)",
        "col_ratio": "simulator ÷ model",
        "bad_values": "{name} must hold at least one number, got {value!r}.",
        "bad_jobs": "jobs must be a whole number from 1 to 5000, got {value!r}.",
        "bad_seed": "seed must be a whole number, got {value!r}.",
        "bad_sim": "batch must be the simulator that run_spot_workload returned, got {value!r}.",
        "unfinished": ("{count} of {jobs} jobs did not succeed (retry attempts ran out?); "
                       "raise attempts in retry_strategy or lower the interruption rate."),
    }
}

#: Seconds the simulator needs to put a retried job back to work on a new instance
#: (EC2 boot + container start, ``course.batch.presets.Timing`` defaults).
SIM_RESTART_S = 100.0

#: A retry strategy that retries Spot reclaims only (up to 10 attempts) and stops on
#: anything else, as the AWS Batch docs recommend (a final catch-all ``EXIT`` entry).
DEFAULT_RETRY: dict[str, Any] = {
    "attempts": 10,
    "evaluateOnExit": [
        {"onStatusReason": "Host EC2*", "action": "RETRY"},
        {"onReason": "*", "action": "EXIT"},
    ],
}

MIN_INTERVAL_HOURS = 1 / 3600  # the shortest checkpoint interval the models use: one second


def _hours(name: str, value: object, low: float = 0.0) -> float:
    return check_number(name, value, low=low, high=24 * 365)


def _discount(value: object) -> float:
    return check_number("discount", value, low=0.0, high=0.999)


def _numbers(name: str, values: Iterable[float], low: float = 0.0) -> list[float]:
    try:
        items = list(values)
    except TypeError:
        raise CourseInputError(text(MESSAGES, "bad_values", name=name, value=values)) from None
    if not items:
        raise CourseInputError(text(MESSAGES, "bad_values", name=name, value=values))
    return [check_number(f"{name}[{i}]", v, low=low) for i, v in enumerate(items)]


def advisor_buckets(job_hours: Iterable[float] = (1.0, 8.0, 24.0)) -> pd.DataFrame:
    """The Spot Instance Advisor's interruption buckets as hazards, and what they mean for a job.

    Each bucket's monthly rate (midpoint; 22% for ">20%", as in ``course.pricing.catalog``)
    becomes a constant hazard per instance-hour; ``1 - exp(-hazard x hours)`` is the chance
    that a job of that length is interrupted at least once.

    >>> table = advisor_buckets((1.0,))
    >>> list(table.iloc[:, 0])
    ['<5%', '5-10%', '10-15%', '15-20%', '>20%']
    """
    import pandas as pd

    lengths = _numbers("job_hours", job_hours, low=1e-9)
    rows = []
    for bucket, monthly in catalog.BUCKET_MIDPOINTS.items():
        hazard = hazard_from_monthly_rate(monthly)
        row = {text(MESSAGES, "bucket"): bucket, text(MESSAGES, "monthly_rate"): monthly,
               text(MESSAGES, "hazard"): hazard, text(MESSAGES, "mean_gap"): 1.0 / hazard}
        for hours in lengths:
            row[text(MESSAGES, "chance", hours=hours)] = -math.expm1(-hazard * hours)
        rows.append(row)
    return pd.DataFrame(rows)


def effective_saving(work_hours: float, hazard_per_hour: float, discount: float,
                     checkpoint_interval_hours: float | None = None,
                     checkpoint_overhead_hours: float = 0.0,
                     restart_overhead_hours: float = 0.0) -> float:
    """Fraction saved against On-Demand once rework, checkpoints and restarts are paid for.

    ``1 - (1 - discount) x expected_hours / work_hours``: the nominal ``discount`` when
    nothing is interrupted, less as rework grows, negative when Spot ends up dearer.

    >>> round(effective_saving(4.0, 0.1, 0.6), 4)     # 1 - 0.4 x (e^0.4 - 1) / 0.1 / 4
    0.5082
    """
    work = _hours("work_hours", work_hours, low=1e-9)
    d = _discount(discount)
    out = spot_job(work, hazard_per_hour, 1.0 - d, checkpoint_interval_hours,
                   checkpoint_overhead_hours, restart_overhead_hours)
    return 1.0 - out["expected_cost"] / work


def saving_table(job_hours: Iterable[float], hazards: Iterable[float], discount: float,
                 checkpoint_interval_hours: float | None = None,
                 checkpoint_overhead_hours: float = 0.0) -> pd.DataFrame:
    """Effective saving for every (hazard, job length): rows are hazards, columns job hours.

    >>> t = saving_table([1, 10], [0.0, 0.1], 0.6)
    >>> round(float(t.loc[0.0, 10.0]), 2), bool(t.loc[0.1, 10.0] < t.loc[0.1, 1.0])
    (0.6, True)
    """
    import pandas as pd

    lengths = _numbers("job_hours", job_hours, low=1e-9)
    rates = _numbers("hazards", hazards)
    d = _discount(discount)
    data = [[effective_saving(w, h, d, checkpoint_interval_hours, checkpoint_overhead_hours)
             for w in lengths] for h in rates]
    frame = pd.DataFrame(data, index=pd.Index(rates, name="hazard_per_hour"),
                         columns=pd.Index(lengths, name="job_hours"))
    return frame


def interval_curve(work_hours: float, hazard_per_hour: float, checkpoint_overhead_hours: float,
                   intervals_hours: Iterable[float] | None = None, points: int = 80,
                   restart_overhead_hours: float = 0.0) -> pd.DataFrame:
    """Expected runtime of one job for a range of checkpoint intervals (analytic model).

    Columns: ``interval_hours``, ``expected_hours``, ``relative`` (expected hours / work:
    multiply by the Spot price per work-hour to get cost), ``lost_hours``,
    ``checkpoint_hours``. Without ``intervals_hours``, ``points`` log-spaced intervals
    from one minute to the job length are used.

    >>> curve = interval_curve(4.0, 0.2, 1 / 60, points=5)
    >>> len(curve), round(float(curve["interval_hours"].iloc[-1]), 6)
    (5, 4.0)
    """
    import numpy as np
    import pandas as pd

    work = _hours("work_hours", work_hours, low=1e-9)
    hazard = check_number("hazard_per_hour", hazard_per_hour, low=0)
    overhead = _hours("checkpoint_overhead_hours", checkpoint_overhead_hours)
    if intervals_hours is None:
        n = int(check_number("points", points, low=2, high=2000))
        low = min(1 / 60, work)
        grid = list(np.geomspace(low, work, n))
    else:
        grid = _numbers("intervals_hours", intervals_hours, low=1e-9)
    rows = []
    for tau in grid:
        out = spot_job(work, hazard, 1.0, tau, overhead, restart_overhead_hours)
        rows.append((tau, out["expected_hours"], out["expected_hours"] / work,
                     out["lost_hours"], out["checkpoint_hours"]))
    return pd.DataFrame(rows, columns=["interval_hours", "expected_hours", "relative",
                                       "lost_hours", "checkpoint_hours"])


def best_interval(work_hours: float, hazard_per_hour: float,
                  checkpoint_overhead_hours: float) -> dict[str, float]:
    """The checkpoint interval to use, by three rules, capped at the job length.

    Keys ``young``, ``daly``, ``exact`` (from ``optimal_checkpoint_interval``) and
    ``checkpoints_pay`` (1.0 if checkpointing at the ``exact`` interval beats not
    checkpointing at all, else 0.0). An interval at or above the job length means: do
    not checkpoint.

    >>> out = best_interval(8.0, 0.2, 2 / 60)
    >>> round(out["young"] * 60, 1), out["checkpoints_pay"]
    (34.6, 1.0)
    >>> best_interval(8.0, 0.2, 0.0)["exact"] * 3600  # free checkpoints: every second
    1.0
    """
    work = _hours("work_hours", work_hours, low=1e-9)
    hazard = check_number("hazard_per_hour", hazard_per_hour, low=0)
    overhead = _hours("checkpoint_overhead_hours", checkpoint_overhead_hours)
    # Free checkpoints (overhead 0) make every rule say "continuously": use one second instead.
    out = {m: min(work, max(optimal_checkpoint_interval(hazard, overhead, m), MIN_INTERVAL_HOURS))
           for m in ("young", "daly", "exact")}
    plain = spot_job(work, hazard, 1.0)["expected_hours"]
    best = spot_job(work, hazard, 1.0, out["exact"], overhead)["expected_hours"]
    out["checkpoints_pay"] = 1.0 if best < plain - 1e-12 else 0.0
    return out


def checkpoint_plan(work_hours: float, checkpoint_interval_hours: float | None = None,
                    checkpoint_overhead_hours: float = 0.0) -> dict[str, int]:
    """Simulator parameters that reproduce the analytic model's checkpoints (whole seconds).

    Returns ``duration_s`` (work plus the checkpoints that are written) and
    ``checkpoint_every_s`` (0 = no checkpoints).

    >>> checkpoint_plan(1.0, 0.25, 30 / 3600)     # 4 stretches, 3 checkpoints of 30 s
    {'duration_s': 3690, 'checkpoint_every_s': 930}
    """
    work = _hours("work_hours", work_hours, low=1 / 3600)
    overhead = _hours("checkpoint_overhead_hours", checkpoint_overhead_hours)
    if checkpoint_interval_hours is None:
        return {"duration_s": round(work * 3600), "checkpoint_every_s": 0}
    tau = _hours("checkpoint_interval_hours", checkpoint_interval_hours, low=1 / 3600)
    if tau >= work:
        return {"duration_s": round(work * 3600), "checkpoint_every_s": 0}
    stretches = math.ceil(work / tau - 1e-12)
    return {"duration_s": round((work + (stretches - 1) * overhead) * 3600),
            "checkpoint_every_s": round((tau + overhead) * 3600)}


def run_spot_workload(work_hours: float, hazard_per_hour: float, *, jobs: int = 200,
                      checkpoint_interval_hours: float | None = None,
                      checkpoint_overhead_hours: float = 0.0,
                      instance_type: str = "c5.large", seed: int = 1,
                      retry_strategy: Mapping[str, Any] | None = None) -> BatchSimulator:
    """Run ``jobs`` equal jobs on a Spot compute environment in the simulator; return it.

    Each job asks for all of one ``instance_type`` instance, so every job has its own
    instance and its own interruption clock. The calls are the boto3 ones of lesson 03:
    a ``SPOT`` compute environment (``SPOT_PRICE_CAPACITY_OPTIMIZED``), a queue, a job
    definition, and one array job with ``retry_strategy`` (default :data:`DEFAULT_RETRY`).

    >>> batch = run_spot_workload(0.5, 0.0, jobs=3)
    >>> batch.summary()["succeeded"], batch.summary()["interruptions"]
    (3, 0)
    """
    from course.batch import make_client

    hazard = check_number("hazard_per_hour", hazard_per_hour, low=0, high=100)
    plan = checkpoint_plan(work_hours, checkpoint_interval_hours, checkpoint_overhead_hours)
    if isinstance(jobs, bool) or not isinstance(jobs, int) or not 1 <= jobs <= 5000:
        raise CourseInputError(text(MESSAGES, "bad_jobs", value=jobs))
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise CourseInputError(text(MESSAGES, "bad_seed", value=seed))
    known = list(catalog.instance_types()["instance_type"])
    instance_type = check_choice("instance_type", instance_type, known)
    spec = catalog.instance(instance_type)
    vcpu, memory_mib = int(spec["vcpu"]), int(float(spec["memory_gib"]) * 1024) - 512
    batch = make_client(seed=seed, spot_interruptions_per_hour=hazard)
    batch.create_compute_environment(
        computeEnvironmentName="spot", type="MANAGED",
        computeResources={"type": "SPOT", "allocationStrategy": "SPOT_PRICE_CAPACITY_OPTIMIZED",
                          "maxvCpus": vcpu * jobs, "instanceTypes": [instance_type],
                          "subnets": ["subnet-1"], "instanceRole": "ecsInstanceRole"})
    batch.create_job_queue(jobQueueName="spot-queue", state="ENABLED", priority=1,
                           computeEnvironmentOrder=[{"order": 1, "computeEnvironment": "spot"}])
    batch.register_job_definition(
        jobDefinitionName="work", type="container",
        containerProperties={"image": "work:1", "resourceRequirements": [
            {"type": "VCPU", "value": str(vcpu)}, {"type": "MEMORY", "value": str(memory_mib)}]})
    parameters = {"duration": str(plan["duration_s"])}
    if plan["checkpoint_every_s"]:
        parameters["checkpointSeconds"] = str(plan["checkpoint_every_s"])
    request: dict[str, Any] = {
        "jobName": "work", "jobQueue": "spot-queue", "jobDefinition": "work",
        "parameters": parameters,
        "retryStrategy": dict(DEFAULT_RETRY if retry_strategy is None else retry_strategy)}
    if jobs > 1:
        request["arrayProperties"] = {"size": jobs}
    batch.submit_job(**request)
    batch.run_until_idle()
    return batch


def per_job(batch: BatchSimulator) -> pd.DataFrame:
    """One row per finished job of a simulated run: interruptions, lost and Spot hours.

    Columns: ``job_id``, ``attempts``, ``interruptions``, ``lost_hours`` (work not saved
    by a checkpoint), ``spot_hours`` (time attempts ran), ``succeeded``.

    >>> per_job(run_spot_workload(0.25, 0.0, jobs=2))["spot_hours"].round(4).tolist()
    [0.25, 0.25]
    """
    from course.batch.client import BatchSimulator

    if not isinstance(batch, BatchSimulator):
        raise CourseInputError(text(MESSAGES, "bad_sim", value=batch))
    attempts = batch.attempts_frame()
    attempts = attempts.assign(
        spot_hours=(attempts["stopped_s"] - attempts["running_s"]).clip(lower=0) / 3600,
        lost_hours=attempts["lost_s"] / 3600,
        interrupted=attempts["outcome"] == "spot",
        won=(attempts["outcome"] == "exit") & (attempts["exit_code"] == 0))
    grouped = attempts.groupby("job_id", sort=False)
    frame = grouped.agg(attempts=("attempt", "size"), interruptions=("interrupted", "sum"),
                        lost_hours=("lost_hours", "sum"), spot_hours=("spot_hours", "sum"),
                        succeeded=("won", "any")).reset_index()
    frame["interruptions"] = frame["interruptions"].astype(int)
    return frame


def model_vs_simulation(work_hours: float, hazard_per_hour: float, *, jobs: int = 200,
                        checkpoint_interval_hours: float | None = None,
                        checkpoint_overhead_hours: float = 0.0,
                        instance_type: str = "c5.large", seed: int = 1) -> pd.DataFrame:
    """The analytic model and the simulator side by side for one workload.

    Rows: interruptions, lost work, Spot hours and cost per job (see ``MESSAGES``); columns:
    the analytic value, the simulated mean, its 95% margin (1.96 standard errors) and the
    ratio. The billed row has no analytic counterpart beyond the attempts-only cost: the
    gap is boot time, the idle minutes before scale-down, and instances reclaimed while idle.

    >>> table = model_vs_simulation(0.5, 0.0, jobs=4)
    >>> float(table.iloc[0, 0]), float(table.iloc[0, 1])
    (0.0, 0.0)
    """
    import pandas as pd

    batch = run_spot_workload(work_hours, hazard_per_hour, jobs=jobs,
                              checkpoint_interval_hours=checkpoint_interval_hours,
                              checkpoint_overhead_hours=checkpoint_overhead_hours,
                              instance_type=instance_type, seed=seed)
    frame = per_job(batch)
    failed = int((~frame["succeeded"]).sum())
    if failed:
        raise CourseInputError(text(MESSAGES, "unfinished", count=failed, jobs=jobs))
    spot_price = catalog.spot_hourly(instance_type)
    model = spot_job(work_hours, hazard_per_hour, spot_price, checkpoint_interval_hours,
                     checkpoint_overhead_hours)
    n = len(frame)

    def margin(series: pd.Series) -> float:
        return 1.96 * float(series.std(ddof=1)) / math.sqrt(n) if n > 1 else math.nan

    billed = batch.summary()["cost_usd"] / n
    on_demand = work_hours * catalog.on_demand_hourly(instance_type)
    rows = [
        ("row_interruptions", model["expected_interruptions"], frame["interruptions"].mean(),
         margin(frame["interruptions"])),
        ("row_lost", model["lost_hours"], frame["lost_hours"].mean(), margin(frame["lost_hours"])),
        ("row_spot_hours", model["expected_hours"], frame["spot_hours"].mean(),
         margin(frame["spot_hours"])),
        ("row_cost", model["expected_cost"], frame["spot_hours"].mean() * spot_price,
         margin(frame["spot_hours"]) * spot_price),
        ("row_billed", model["expected_cost"], billed, math.nan),
        ("row_on_demand", on_demand, on_demand, 0.0),
    ]
    model_col, sim_col = text(MESSAGES, "col_model"), text(MESSAGES, "col_sim", jobs=n)
    table = pd.DataFrame(
        [(float(a), float(s), float(m)) for _key, a, s, m in rows],
        index=[text(MESSAGES, key) for key, *_ in rows],
        columns=[model_col, sim_col, text(MESSAGES, "col_margin")])
    ratio = table[sim_col] / table[model_col]
    table[text(MESSAGES, "col_ratio")] = ratio.where(table[model_col] > 0)
    return table
