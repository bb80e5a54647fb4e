"""Sizing AWS Batch at scale: run one render workload under many settings, find the cheapest.

Lesson 04 uses these helpers on top of the Batch simulator (:mod:`course.batch`). A
:class:`RenderWorkload` is an array job of identical frames; :func:`simulate` runs it
in a fresh simulated account with one compute environment (``maxvCpus``, allocation
strategy, On-Demand or Spot) and returns makespan and cost; :func:`sweep` runs a grid
of settings; :func:`cheapest_plan` picks the cheapest setting that meets a deadline;
:func:`evaluate_plan` grades a learner's setting against that optimum.

>>> result = simulate(16, "BEST_FIT_PROGRESSIVE", workload=RenderWorkload(jobs=8))
>>> result["purchase"], result["succeeded"]
('EC2', 8)
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from course.errors import CourseInputError, check_choice, check_number, check_whole
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from course.batch.prices import PriceBook

STRATEGIES = ("BEST_FIT", "BEST_FIT_PROGRESSIVE", "SPOT_CAPACITY_OPTIMIZED",
              "SPOT_PRICE_CAPACITY_OPTIMIZED")
SPOT_ONLY = ("SPOT_CAPACITY_OPTIMIZED", "SPOT_PRICE_CAPACITY_OPTIMIZED")
PURCHASES = ("EC2", "SPOT")
#: (purchase option, allocation strategy) pairs that the explorer and the optimiser compare.
DEFAULT_OPTIONS: tuple[tuple[str, str], ...] = (
    ("EC2", "BEST_FIT_PROGRESSIVE"),
    ("SPOT", "SPOT_CAPACITY_OPTIMIZED"),
    ("SPOT", "SPOT_PRICE_CAPACITY_OPTIMIZED"),
)
#: maxvCpus values the explorer and the optimiser try.
DEFAULT_GRID: tuple[int, ...] = (16, 32, 48, 64, 96, 128, 160, 192, 256)
MAX_VCPUS_LIMIT = 4096
RETRY_ON_SPOT_RECLAIM = {"attempts": 3, "evaluateOnExit": [
    {"onStatusReason": "Host EC2*", "action": "RETRY"}, {"onReason": "*", "action": "EXIT"}]}

MESSAGES = {
    "en": {
        "spot_only": "strategy={strategy!r} works only with Spot capacity: use purchase='SPOT' "
                     "(or choose BEST_FIT / BEST_FIT_PROGRESSIVE for On-Demand).",
        "whole": "{name} must be a whole number, got {value!r}.",
        "no_plan": "No setting in the grid finishes within {deadline:g} minutes. Allow more "
                   "minutes or add larger maxvCpus values to the grid.",
        "plan_type": "plan must be a dict with 'max_vcpus' and 'strategy' (and optionally "
                     "'purchase'), got {value!r}.",
        "plan_key": "plan is missing the key {name!r}.",
        "label": "{purchase} · {strategy}",
        "on_demand": "On-Demand",
        "spot": "Spot",
    }
}


@dataclass(frozen=True)
class RenderWorkload:
    """An array job of ``jobs`` identical frames, each ``job_seconds`` long on ``vcpus``/``memory_mib``.

    >>> RenderWorkload().vcpu_hours  # 120 jobs × 600 s × 2 vCPU / 3600
    40.0
    """

    jobs: int = 120
    job_seconds: float = 600.0
    vcpus: int = 2
    memory_mib: int = 4096

    def __post_init__(self) -> None:
        check_whole("jobs", self.jobs, 2, 10_000)
        check_number("job_seconds", self.job_seconds, low=1, high=86_400)
        check_whole("vcpus", self.vcpus, 1, 64)
        check_whole("memory_mib", self.memory_mib, 512, 262_144)

    @property
    def vcpu_hours(self) -> float:
        """Work in vCPU-hours: jobs × seconds × vCPUs / 3600."""
        return self.jobs * self.job_seconds * self.vcpus / 3600


@functools.lru_cache(maxsize=2)
def price_book(region: str = "us-east-1") -> PriceBook:
    """The simulator's price book from the course catalogue, built once and reused.

    >>> price_book().spec("c6i.large").vcpu
    2
    """
    from course.batch.prices import PriceBook

    return PriceBook.from_catalog(region)


def stressed_spot_hazard(multiplier: float = 2000.0) -> dict[str, float]:
    """Spot interruptions per instance-hour for every catalogue type, ``multiplier`` × the real rate.

    Real monthly rates (5–20 % of instances a month) almost never hit a one-hour run; a
    multiplier makes reclaims visible while keeping the types' *relative* risk, which is
    what the capacity-optimised strategies look at.

    >>> hazard = stressed_spot_hazard(2000)
    >>> round(hazard["c6i.large"], 2), round(hazard["r6i.large"], 2)  # 15-20 % vs 10-15 % a month
    (0.53, 0.37)
    """
    factor = check_number("multiplier", multiplier, low=0, high=1e6)
    book = price_book()
    return {name: book.spec(name).hazard_per_hour * factor for name in book.names()}


def label(purchase: str, strategy: str) -> str:
    """A short label for a (purchase option, strategy) pair.

    >>> label("SPOT", "SPOT_PRICE_CAPACITY_OPTIMIZED")
    'Spot · SPOT_PRICE_CAPACITY_OPTIMIZED'
    """
    check_choice("purchase", purchase, PURCHASES)
    check_choice("strategy", strategy, STRATEGIES)
    name = text(MESSAGES, "spot" if purchase == "SPOT" else "on_demand")
    return text(MESSAGES, "label", purchase=name, strategy=strategy)


def default_purchase(strategy: str) -> str:
    """``SPOT`` for the two Spot-only strategies, else ``EC2`` (On-Demand).

    >>> default_purchase("BEST_FIT"), default_purchase("SPOT_CAPACITY_OPTIMIZED")
    ('EC2', 'SPOT')
    """
    check_choice("strategy", strategy, STRATEGIES)
    return "SPOT" if strategy in SPOT_ONLY else "EC2"


def compute_resources(max_vcpus: int, strategy: str, purchase: str | None = None, *,
                      min_vcpus: int = 0, instance_types: tuple[str, ...] = ("optimal",)
                      ) -> dict[str, Any]:
    """The ``computeResources`` dict of ``create_compute_environment`` for these settings.

    >>> cr = compute_resources(64, "SPOT_PRICE_CAPACITY_OPTIMIZED")
    >>> cr["type"], cr["maxvCpus"], cr["minvCpus"]
    ('SPOT', 64, 0)
    """
    max_v = check_whole("max_vcpus", max_vcpus, 1, MAX_VCPUS_LIMIT)
    min_v = check_whole("min_vcpus", min_vcpus, 0, max_v)
    check_choice("strategy", strategy, STRATEGIES)
    purchase = default_purchase(strategy) if purchase is None else purchase
    check_choice("purchase", purchase, PURCHASES)
    if strategy in SPOT_ONLY and purchase != "SPOT":
        raise CourseInputError(text(MESSAGES, "spot_only", strategy=strategy))
    resources: dict[str, Any] = {
        "type": purchase, "allocationStrategy": strategy, "minvCpus": min_v, "maxvCpus": max_v,
        "instanceTypes": list(instance_types), "subnets": ["subnet-1"],
        "instanceRole": "ecsInstanceRole"}
    if purchase == "SPOT":
        resources["spotIamFleetRole"] = "arn:aws:iam::123456789012:role/AmazonEC2SpotFleetRole"
    return resources


def simulate(max_vcpus: int, strategy: str = "SPOT_PRICE_CAPACITY_OPTIMIZED",
             purchase: str | None = None, *, workload: RenderWorkload | None = None,
             min_vcpus: int = 0, seed: int = 42,
             spot_interruptions_per_hour: float | dict[str, float] | None = None
             ) -> dict[str, Any]:
    """Run ``workload`` on one compute environment and return makespan, cost and more.

    The workload is one array job with a retry rule for Spot reclaims. Returned keys:
    max_vcpus, strategy, purchase, label, makespan_min, cost_usd, instances,
    instance_types, retries, succeeded, utilisation.

    >>> r = simulate(8, "BEST_FIT_PROGRESSIVE", workload=RenderWorkload(jobs=4, job_seconds=600))
    >>> r["makespan_min"]  # 1 s scheduler + 90 s boot + 10 s start + 600 s run = 701 s
    11.68
    """
    from course.batch import make_client

    workload = RenderWorkload() if workload is None else workload
    if not isinstance(workload, RenderWorkload):
        raise CourseInputError(text(MESSAGES, "plan_type", value=workload))
    resources = compute_resources(max_vcpus, strategy, purchase, min_vcpus=min_vcpus)
    batch = make_client(seed=seed, price_book=price_book(),
                        spot_interruptions_per_hour=spot_interruptions_per_hour)
    batch.create_compute_environment(computeEnvironmentName="render-ce", type="MANAGED",
                                     computeResources=resources)
    batch.create_job_queue(jobQueueName="render", state="ENABLED", priority=1,
                           computeEnvironmentOrder=[{"order": 1, "computeEnvironment": "render-ce"}])
    batch.register_job_definition(
        jobDefinitionName="render", type="container",
        containerProperties={"image": "render:1", "resourceRequirements": [
            {"type": "VCPU", "value": str(workload.vcpus)},
            {"type": "MEMORY", "value": str(workload.memory_mib)}]})
    batch.submit_job(jobName="frames", jobQueue="render", jobDefinition="render",
                     arrayProperties={"size": workload.jobs},
                     parameters={"duration": str(workload.job_seconds), "checkpointSeconds": "60"},
                     retryStrategy=RETRY_ON_SPOT_RECLAIM)
    batch.run_until_idle()
    summary = batch.summary()
    hosts = batch.engine.instances
    types = sorted({h.spec.name for h in hosts})
    return {"max_vcpus": resources["maxvCpus"], "strategy": strategy,
            "purchase": resources["type"], "label": label(resources["type"], strategy),
            "makespan_min": round(summary["makespan_s"] / 60, 2),
            "cost_usd": round(summary["cost_usd"], 4), "instances": len(hosts),
            "instance_types": ", ".join(types), "retries": summary["retries"],
            "succeeded": summary["succeeded"], "utilisation": round(summary["utilisation"], 3)}


def sweep(max_vcpus_values: tuple[int, ...] = DEFAULT_GRID,
          options: tuple[tuple[str, str], ...] = DEFAULT_OPTIONS, *,
          workload: RenderWorkload | None = None, seed: int = 42,
          spot_interruptions_per_hour: float | dict[str, float] | None = None) -> pd.DataFrame:
    """Simulate every (purchase, strategy) in ``options`` at every maxvCpus; one row each.

    >>> table = sweep((8, 16), (("EC2", "BEST_FIT_PROGRESSIVE"),), workload=RenderWorkload(jobs=8))
    >>> table["makespan_min"].tolist()  # 4 then 8 jobs at a time: 2 waves (701 + 610 s), then 1
    [21.85, 11.68]
    """
    import pandas as pd

    values = list(max_vcpus_values)
    if not values:
        raise CourseInputError(text(MESSAGES, "whole", name="max_vcpus_values", value=values))
    if not options:
        raise CourseInputError(text(MESSAGES, "plan_type", value=options))
    rows = []
    for purchase, strategy in options:
        for max_v in values:
            rows.append(simulate(max_v, strategy, purchase, workload=workload, seed=seed,
                                 spot_interruptions_per_hour=spot_interruptions_per_hour))
    return pd.DataFrame(rows)


def cheapest_plan(table: pd.DataFrame, deadline_minutes: float) -> dict[str, Any]:
    """The cheapest row of a :func:`sweep` table that finishes within the deadline.

    Ties go to the smaller maxvCpus.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"max_vcpus": [16, 64], "makespan_min": [90.0, 30.0],
    ...                   "cost_usd": [1.0, 1.2], "strategy": ["A", "A"]})
    >>> cheapest_plan(t, 60)["max_vcpus"]
    64
    """
    deadline = check_number("deadline_minutes", deadline_minutes, low=1, high=7 * 24 * 60)
    ok = table[table["makespan_min"] <= deadline]
    if ok.empty:
        raise CourseInputError(text(MESSAGES, "no_plan", deadline=deadline))
    best = ok.sort_values(["cost_usd", "max_vcpus"], kind="stable").iloc[0]
    return {key: (value.item() if hasattr(value, "item") else value) for key, value in best.items()}


def smallest_max_vcpus(table: pd.DataFrame, deadline_minutes: float, strategy: str) -> int:
    """The smallest maxvCpus in a :func:`sweep` table with which ``strategy`` meets the deadline.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"max_vcpus": [16, 32, 64], "makespan_min": [90.0, 50.0, 30.0],
    ...                   "cost_usd": [1.0, 1.1, 1.2], "strategy": ["A", "A", "A"]})
    >>> smallest_max_vcpus(t, 60, "A")
    32
    """
    check_choice("strategy", strategy, set(table["strategy"]))
    rows = table[table["strategy"] == strategy]
    return int(cheapest_plan(rows.assign(cost_usd=rows["max_vcpus"]), deadline_minutes)["max_vcpus"])


def evaluate_plan(plan: dict[str, Any], deadline_minutes: float, *,
                  workload: RenderWorkload | None = None,
                  grid: tuple[int, ...] = DEFAULT_GRID) -> dict[str, Any]:
    """Simulate a learner's plan and compare its cost with the cheapest grid setting.

    ``plan`` is ``{"max_vcpus": int, "strategy": str}`` (``"purchase"`` optional). The
    result adds meets_deadline, optimum_cost_usd and cost_ratio (plan ÷ optimum).

    >>> w = RenderWorkload(jobs=8)
    >>> r = evaluate_plan({"max_vcpus": 16, "strategy": "BEST_FIT_PROGRESSIVE"}, 15,
    ...                   workload=w, grid=(8, 16))
    >>> r["meets_deadline"]
    True
    """
    if not isinstance(plan, dict):
        raise CourseInputError(text(MESSAGES, "plan_type", value=plan))
    for key in ("max_vcpus", "strategy"):
        if key not in plan:
            raise CourseInputError(text(MESSAGES, "plan_key", name=key))
    deadline = check_number("deadline_minutes", deadline_minutes, low=1, high=7 * 24 * 60)
    result = simulate(plan["max_vcpus"], plan["strategy"], plan.get("purchase"), workload=workload)
    best = cheapest_plan(sweep(grid, workload=workload), deadline)
    result.update(meets_deadline=result["makespan_min"] <= deadline,
                  optimum_cost_usd=best["cost_usd"], optimum=best,
                  cost_ratio=round(result["cost_usd"] / best["cost_usd"], 4))
    return result
