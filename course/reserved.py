"""On-Demand billing and Reserved Instances, and how well an RI fits an AWS Batch week.

Lesson 10 uses these helpers on top of :mod:`course.pricing.discounts` (RI terms,
break-even, applying RIs to hourly usage) and the Batch simulator (:mod:`course.batch`):

* :func:`on_demand_run_cost` bills runs per second (60-second minimum) or per whole hour;
* :func:`ri_options` lists the 12 RI offers (class x term x payment) of one instance type;
* :func:`yearly_cost` and :func:`cumulative_payments` give the break-even chart's lines;
* :class:`NightlyBatch` and :func:`simulate_nightly` run a seeded week of nightly jobs;
* :func:`hourly_usage` turns the simulator's ``usage_by_hour()`` into instances per hour;
* :func:`ri_fit` and :func:`ri_count_sweep` apply RIs to that usage and price the waste.

>>> round(on_demand_run_cost([30, 90], "m5.large"), 6)   # (60 + 90) s x 0.096 / 3600
0.004
>>> round(float(ri_options("m5.large").loc[("standard", 1, "no_upfront"), "break_even"]), 4)
0.6615
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from course.errors import CourseInputError, check_choice, check_number, check_whole
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "whole": "{name} must be a whole number, got {value!r}.",
        "not_usage": "usage must be a DataFrame of instances per hour with instance types as "
                     "columns (see hourly_usage), got {kind}.",
        "not_frame": "frame must be the DataFrame returned by usage_by_hour() (columns hour, "
                     "purchase_option, instance_type, instance_hours), got {kind}.",
        "missing_column": "frame is missing the column {column!r}; pass usage_by_hour().",
        "empty_counts": "counts must list at least one RI count.",
        "not_workload": "workload must be a NightlyBatch, got {kind}.",
    }
}

CLASSES: tuple[str, ...] = ("standard", "convertible")
TERMS: tuple[int, ...] = (1, 3)
PAYMENTS: tuple[str, ...] = ("no_upfront", "partial_upfront", "all_upfront")
BILLING: tuple[str, ...] = ("per_second", "per_hour")
HOURS_PER_YEAR = 8760
#: EC2 Linux per-second billing has a 60-second minimum (aws-facts.md section 6).
MINIMUM_SECONDS = 60.0


def _term(term_years: object) -> int:
    years = check_whole("term_years", term_years, 1, 3)
    check_choice("term_years", str(years), [str(t) for t in TERMS])
    return years


def on_demand_run_cost(seconds: object, instance_type: str, region: str = "us-east-1",
                       billing: str = "per_second") -> float:
    """Return the On-Demand cost (USD) of runs of one instance type.

    ``billing="per_second"`` is how EC2 bills Linux (open-source distributions): whole
    seconds with a 60-second minimum per run. ``"per_hour"`` rounds every run up to whole
    hours, as for commercial Linux such as RHEL and SLES.

    >>> on_demand_run_cost(600, "m5.large", billing="per_hour")   # 10 min billed as 1 h
    0.096
    >>> round(on_demand_run_cost(600, "m5.large"), 4)            # 600 s x 0.096 / 3600
    0.016
    """
    from course.pricing import catalog
    from course.pricing.discounts import billed_seconds

    check_choice("billing", billing, BILLING)
    rate = catalog.on_demand_hourly(instance_type, region)
    runs = billed_seconds(seconds, MINIMUM_SECONDS)
    if billing == "per_hour":
        runs = np.ceil(runs / 3600.0) * 3600.0
    return float(runs.sum() * rate / 3600.0)


def reserved_terms(instance_type: str, plan: str = "standard", term_years: int = 1,
                   payment: str = "no_upfront", region: str = "us-east-1") -> dict[str, Any]:
    """Return one regional Linux RI's terms (``course.pricing.discounts.reserved_instance``).

    Keys include ``on_demand_hourly``, ``discount``, ``effective_hourly``, ``upfront``,
    ``recurring_hourly``, ``total_term_cost``, ``break_even_utilisation``, ``confidence``.

    >>> t = reserved_terms("c6i.xlarge", "standard", 3, "no_upfront")
    >>> round(t["break_even_utilisation"], 4)   # 1 - 0.5464
    0.4536
    """
    from course.pricing.discounts import reserved_instance

    check_choice("plan", plan, CLASSES)
    check_choice("payment", payment, PAYMENTS)
    return reserved_instance(instance_type, region, plan, _term(term_years), payment)


def ri_options(instance_type: str, region: str = "us-east-1") -> pd.DataFrame:
    """Return the 12 RI offers (class x term x payment) for ``instance_type``, one row each.

    Indexed by ``(plan, term_years, payment)``; columns ``discount, effective_hourly,
    upfront, recurring_hourly, total_term_cost, break_even, confidence``.

    >>> table = ri_options("m5.large")
    >>> len(table), bool(table["break_even"].min() < table["break_even"].max())
    (12, True)
    """
    import pandas as pd

    rows = []
    for plan in CLASSES:
        for years in TERMS:
            for payment in PAYMENTS:
                t = reserved_terms(instance_type, plan, years, payment, region)
                rows.append({"plan": plan, "term_years": years, "payment": payment,
                             "discount": t["discount"], "effective_hourly": t["effective_hourly"],
                             "upfront": t["upfront"], "recurring_hourly": t["recurring_hourly"],
                             "total_term_cost": t["total_term_cost"],
                             "break_even": t["break_even_utilisation"],
                             "confidence": t["confidence"]})
    return pd.DataFrame(rows).set_index(["plan", "term_years", "payment"])


def yearly_cost(utilisation: object, on_demand_hourly: float,
                effective_hourly: float) -> dict[str, np.ndarray]:
    """Return a year's cost of one instance On-Demand and with an RI, per utilisation.

    On-Demand is paid only while the instance runs (``u x 8760 h x price``); the RI is
    paid for all 8760 hours whether the instance runs or not.

    >>> out = yearly_cost([0.0, 0.5, 1.0], 0.1, 0.06)
    >>> out["on_demand"].round(1).tolist(), out["reserved"].round(1).tolist()
    ([0.0, 438.0, 876.0], [525.6, 525.6, 525.6])
    """
    from course.pricing._validate import hourly_array

    u = hourly_array("utilisation", utilisation)
    if u.size and u.max() > 1:
        check_number("utilisation", float(u.max()), high=1)
    od = check_number("on_demand_hourly", on_demand_hourly, low=0)
    eff = check_number("effective_hourly", effective_hourly, low=0)
    return {"on_demand": u * HOURS_PER_YEAR * od,
            "reserved": np.full(u.shape, HOURS_PER_YEAR * eff)}


def cumulative_payments(terms: dict[str, Any], months: object) -> np.ndarray:
    """Return what one RI has cost after each number of ``months`` (upfront + hourly fee).

    ``terms`` is a dict from :func:`reserved_terms`; months run from 0 to the term's end
    (12 per year; a month is 8760 / 12 = 730 hours). Past the end, payments stop.

    >>> t = {"upfront": 100.0, "recurring_hourly": 0.01, "term_hours": 8760.0}
    >>> cumulative_payments(t, [0, 12, 24]).round(1).tolist()
    [100.0, 187.6, 187.6]
    """
    from course.pricing._validate import hourly_array

    m = hourly_array("months", months)
    hours = np.minimum(m * HOURS_PER_YEAR / 12.0, float(terms["term_hours"]))
    return float(terms["upfront"]) + hours * float(terms["recurring_hourly"])


@dataclass(frozen=True)
class NightlyBatch:
    """A nightly AWS Batch run: an array of ``transform`` jobs, then a memory-hungry ``join``.

    Every night at ``start_hour`` (UTC) the workload submits ``transforms`` jobs of 2 vCPU /
    4 GiB lasting ``transform_minutes``, and ``joins`` jobs of 4 vCPU / 24 GiB lasting
    ``join_minutes`` that start when all transforms have ended.

    >>> NightlyBatch().vcpu_hours_per_night   # 48 x 2 x 0.5 h + 8 x 4 x 1/3 h
    58.666666666666664
    """

    days: int = 7
    start_hour: int = 1
    transforms: int = 48
    transform_minutes: float = 30.0
    joins: int = 8
    join_minutes: float = 20.0
    max_vcpus: int = 64
    min_vcpus: int = 0

    def __post_init__(self) -> None:
        check_whole("days", self.days, 1, 28)
        check_whole("start_hour", self.start_hour, 0, 23)
        check_whole("transforms", self.transforms, 2, 10_000)
        check_number("transform_minutes", self.transform_minutes, low=1, high=600)
        check_whole("joins", self.joins, 2, 10_000)
        check_number("join_minutes", self.join_minutes, low=1, high=600)
        check_whole("max_vcpus", self.max_vcpus, 4, 4096)
        check_whole("min_vcpus", self.min_vcpus, 0, self.max_vcpus)

    @property
    def vcpu_hours_per_night(self) -> float:
        """The night's work in vCPU-hours."""
        return (self.transforms * 2 * self.transform_minutes
                + self.joins * 4 * self.join_minutes) / 60.0


def simulate_nightly(workload: NightlyBatch | None = None, *,
                     instance_types: tuple[str, ...] = ("optimal",),
                     seed: int = 10) -> Any:
    """Run ``workload`` in the Batch simulator (On-Demand, BEST_FIT_PROGRESSIVE); return the client.

    ``instance_types`` goes to ``computeResources.instanceTypes``: ``("optimal",)`` picks
    m6i/c6i/r6i/c7i today; ``("c5", "m5", "r5")`` is what ``optimal`` picked before 2025-11-01.

    >>> sim = simulate_nightly(NightlyBatch(days=1, transforms=4, joins=2))
    >>> sim.summary()["succeeded"]
    6
    """
    from course.batch import make_client
    from course.batchscale import compute_resources, price_book

    workload = NightlyBatch() if workload is None else workload
    if not isinstance(workload, NightlyBatch):
        raise CourseInputError(text(MESSAGES, "not_workload", kind=type(workload).__name__))
    batch = make_client(seed=seed, price_book=price_book())
    batch.create_compute_environment(
        computeEnvironmentName="nightly", type="MANAGED",
        computeResources=compute_resources(workload.max_vcpus, "BEST_FIT_PROGRESSIVE", "EC2",
                                           min_vcpus=workload.min_vcpus,
                                           instance_types=tuple(instance_types)))
    batch.create_job_queue(jobQueueName="nightly", state="ENABLED", priority=1,
                           computeEnvironmentOrder=[{"order": 1,
                                                     "computeEnvironment": "nightly"}])
    for name, vcpus, memory in (("transform", 2, 4096), ("join", 4, 24576)):
        batch.register_job_definition(
            jobDefinitionName=name, type="container",
            containerProperties={"image": f"{name}:1", "resourceRequirements": [
                {"type": "VCPU", "value": str(vcpus)}, {"type": "MEMORY", "value": str(memory)}]})
    for day in range(workload.days):
        batch.advance(day * 86400 + workload.start_hour * 3600 - batch.now)
        first = batch.submit_job(
            jobName=f"transform-day{day}", jobQueue="nightly", jobDefinition="transform",
            arrayProperties={"size": workload.transforms},
            parameters={"duration": str(int(workload.transform_minutes * 60))})
        batch.submit_job(
            jobName=f"join-day{day}", jobQueue="nightly", jobDefinition="join",
            arrayProperties={"size": workload.joins}, dependsOn=[{"jobId": first["jobId"]}],
            parameters={"duration": str(int(workload.join_minutes * 60))})
    end = workload.days * 86400
    batch.advance(max(0.0, end - batch.now))
    return batch


def hourly_usage(frame: Any, hours: int) -> pd.DataFrame:
    """Return On-Demand instances running in each hour, one column per instance type.

    ``frame`` is ``usage_by_hour()`` of a simulation. Spot and Fargate rows are dropped
    (RIs never apply to them); hours with no usage become zeros; hours past ``hours`` are cut.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"hour": [1, 1, 3], "purchase_option": ["on-demand", "spot",
    ...     "on-demand"], "instance_type": ["c6i.large"] * 3, "instance_hours": [2.0, 5.0, 0.5]})
    >>> hourly_usage(frame, 4)["c6i.large"].tolist()
    [0.0, 2.0, 0.0, 0.5]
    """
    import pandas as pd

    if not isinstance(frame, pd.DataFrame):
        raise CourseInputError(text(MESSAGES, "not_frame", kind=type(frame).__name__))
    for column in ("hour", "purchase_option", "instance_type", "instance_hours"):
        if column not in frame.columns:
            raise CourseInputError(text(MESSAGES, "missing_column", column=column))
    n = check_whole("hours", hours, 1, 24 * 366)
    od = frame[(frame["purchase_option"] == "on-demand") & (frame["hour"] < n)]
    wide = od.pivot_table(index="hour", columns="instance_type", values="instance_hours",
                          aggfunc="sum", fill_value=0.0)
    wide = wide.reindex(range(n), fill_value=0.0)
    wide.index.name = "hour"
    wide.columns.name = None
    return wide.astype(float)


def _check_usage(usage: object) -> pd.DataFrame:
    import pandas as pd

    if not isinstance(usage, pd.DataFrame) or usage.empty or len(usage.columns) == 0:
        raise CourseInputError(text(MESSAGES, "not_usage", kind=type(usage).__name__))
    return usage


def ri_fit(usage: pd.DataFrame, ri_instance_type: str, ri_count: int, plan: str = "standard",
           term_years: int = 1, payment: str = "no_upfront",
           region: str = "us-east-1") -> dict[str, Any]:
    """Apply ``ri_count`` regional Linux RIs for ``ri_instance_type`` to hourly ``usage``.

    Returns ``utilisation`` (share of the RIs' hours that matched a running instance),
    ``coverage`` (share of the On-Demand bill the RIs covered), ``ri_fee`` (what the RIs
    cost over the period), ``wasted_usd`` (the fee for RI hours nothing used),
    ``total_cost``, ``on_demand_only_cost``, ``savings`` (negative = the RI loses money)
    and ``family``. Size flexibility works within the RI's family only.

    >>> import pandas as pd
    >>> usage = pd.DataFrame({"c6i.large": [2.0, 0.0, 0.0, 0.0]})
    >>> out = ri_fit(usage, "c6i.large", 2)
    >>> out["utilisation"]        # 2 RI-hours used of 2 RIs x 4 hours
    0.25
    """
    from course.pricing.discounts import apply_reserved_instances

    usage = _check_usage(usage)
    count = check_whole("ri_count", ri_count, 0, 100_000)
    terms = reserved_terms(ri_instance_type, plan, term_years, payment, region)
    out = apply_reserved_instances(usage, ri_instance_type, count, terms["effective_hourly"],
                                   region)
    wasted = out["ri_fee"] * (1.0 - out["utilisation"]) if count else 0.0
    return {"ri_instance_type": ri_instance_type, "ri_count": count, "family": out["family"],
            "utilisation": out["utilisation"], "coverage": out["coverage"],
            "ri_fee": out["ri_fee"], "wasted_usd": wasted, "total_cost": out["total_cost"],
            "on_demand_only_cost": out["on_demand_only_cost"], "savings": out["savings"],
            "effective_hourly": terms["effective_hourly"]}


def ri_count_sweep(usage: pd.DataFrame, ri_instance_type: str, counts: object = range(0, 33, 4),
                   plan: str = "standard", term_years: int = 1, payment: str = "no_upfront",
                   region: str = "us-east-1") -> pd.DataFrame:
    """Return :func:`ri_fit` for several RI counts, one row per count (index ``ri_count``).

    >>> import pandas as pd
    >>> usage = pd.DataFrame({"c6i.large": [4.0] * 10})       # 4 instances all the time
    >>> sweep = ri_count_sweep(usage, "c6i.large", [0, 4, 8])
    >>> int(sweep["total_cost"].idxmin())                       # exactly the steady 4
    4
    """
    import pandas as pd

    values = [check_whole("counts", c, 0, 100_000) for c in counts]  # type: ignore[attr-defined]
    if not values:
        raise CourseInputError(text(MESSAGES, "empty_counts"))
    rows = [ri_fit(usage, ri_instance_type, c, plan, term_years, payment, region)
            for c in values]
    return pd.DataFrame(rows).set_index("ri_count")
