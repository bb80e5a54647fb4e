"""Costs of the other batch services and the break-even points between them.

Fargate, Lambda, Athena, Glue, EMR (on EC2 and Serverless), Step Functions; plus
Fargate-vs-EC2 and Lambda-vs-Fargate-vs-Batch-on-EC2 comparisons.

>>> round(fargate_task_cost(1, 2, 3600), 6)        # 1 vCPU x 0.04048 + 2 GB x 0.004445
0.04937
>>> athena_query_cost(1024)                          # tiny query -> 10 MB minimum
4.76837158203125e-05
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

import numpy as np

from course.data import read_table
from course.errors import CourseInputError
from course.i18n import text
from course.pricing import catalog
from course.pricing._validate import (
    check_bool,
    check_choice,
    check_int,
    check_number,
    hourly_array,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "missing": "No sourced {service} figure {item!r} for region {region!r} in this snapshot.",
        "lambda_tiers": (
            "{gb_seconds:.4g} GB-s per month exceeds the Lambda {arch} tiers sourced in this "
            "snapshot (up to {limit:.4g} GB-s)."
        ),
        "too_big": (
            "A task of {vcpu} vCPU / {memory} GB does not fit on {instance_type} "
            "({ivcpu} vCPU / {imem} GiB)."
        ),
        "over_lambda_limit": "over Lambda's 900 s limit",
        "no_emr": "No EMR uplift for {instance_type!r} in {region!r}; sourced types: {types}.",
        "instances_note": "{count} x {instance_type}",
    }
}

GIB = 1024.0


@functools.cache
def _services() -> dict[tuple[str, str, str], float]:
    table = read_table("services")
    return {(r.service, r.item, r.region): float(r.value) for r in table.itertuples()}


def service_rate(service: str, item: str, region: str = "us-east-1") -> float:
    """Return one figure from the services table (region-specific row first, then 'any').

    >>> service_rate("glue", "dpu_hour")
    0.44
    """
    rates = _services()
    for key in ((service, item, region), (service, item, "any")):
        if key in rates:
            return rates[key]
    raise CourseInputError(text(MESSAGES, "missing", service=service, item=item, region=region))


def _seconds(name: str, seconds: object) -> np.ndarray:
    if np.isscalar(seconds) and not isinstance(seconds, str):
        check_number(name, seconds, low=0)
        seconds = [seconds]
    return hourly_array(name, seconds)


# --- Fargate -----------------------------------------------------------------------------
def fargate_task_cost(vcpu: float, memory_gb: float, seconds: object, region: str = "us-east-1",
                      arch: str = "x86_64", spot: bool = False) -> float:
    """Return the cost of Fargate tasks: per second, 1-minute minimum per task.

    ``seconds`` is one task duration or an array (one per task).

    >>> round(fargate_task_cost(0.25, 0.5, 30), 8)   # billed 60 s: (0.25*0.04048+0.5*0.004445)/60
    0.00020571
    """
    v = check_number("vcpu", vcpu, low=0.25, high=16)
    m = check_number("memory_gb", memory_gb, low=0.5, high=120)
    rates = catalog.fargate_rates(region, arch, check_bool("spot", spot))
    minimum = service_rate("fargate", "min_billing_seconds", region)
    billed = np.maximum(np.ceil(_seconds("seconds", seconds)), minimum)
    per_hour = v * rates["vcpu_hour"] + m * rates["gb_hour"]
    return float(billed.sum() * per_hour / 3600.0)


def fargate_ec2_break_even(instance_type: str, region: str = "us-east-1",
                           task_vcpu: float | None = None, task_memory_gb: float | None = None,
                           spot: bool = False) -> dict[str, float]:
    """Return the utilisation above which a dedicated EC2 instance is cheaper than Fargate.

    The instance runs (and is billed) all the time; Fargate bills only while tasks run.
    With ``k`` tasks packed per instance (by vCPU and memory) and utilisation ``u`` (share of
    hours the ``k`` tasks run), Fargate costs ``u * k * task_rate`` per hour against the
    instance's On-Demand (or Spot) price, so they break even at
    ``u* = instance_price / (k * task_rate)``. By default the task is the instance's shape.

    >>> out = fargate_ec2_break_even("m5.large")    # 0.096 / (2*0.04048 + 8*0.004445)
    >>> round(out["break_even_utilisation"], 4)
    0.8239
    """
    row = catalog.instance(instance_type, region)
    ivcpu, imem = float(row["vcpu"]), float(row["memory_gib"])
    tv = ivcpu if task_vcpu is None else check_number("task_vcpu", task_vcpu, low=0.25, high=16)
    tm = imem if task_memory_gb is None else check_number("task_memory_gb", task_memory_gb,
                                                           low=0.5, high=120)
    spot = check_bool("spot", spot)
    per_instance = min(math.floor(ivcpu / tv + 1e-9), math.floor(imem / tm + 1e-9))
    if per_instance < 1:
        raise CourseInputError(text(MESSAGES, "too_big", vcpu=tv, memory=tm,
                                    instance_type=instance_type, ivcpu=ivcpu, imem=imem))
    rates = catalog.fargate_rates(region, str(row["arch"]), spot=False)
    task_rate = tv * rates["vcpu_hour"] + tm * rates["gb_hour"]
    price = catalog.spot_hourly(instance_type, region) if spot else float(row["on_demand_hourly"])
    return {"break_even_utilisation": price / (per_instance * task_rate),
            "tasks_per_instance": float(per_instance), "fargate_task_hourly": task_rate,
            "instance_hourly": price}


# --- Lambda ------------------------------------------------------------------------------
@functools.cache
def _lambda() -> dict[tuple[str, str, str], list[tuple[float, float, float]]]:
    """(item, region, arch) -> sorted [(tier_start, tier_end, price)]; open end is inf."""
    index: dict[tuple[str, str, str], list[tuple[float, float, float]]] = {}
    for r in read_table("lambda").to_dict(orient="records"):
        end = math.inf if math.isnan(float(r["tier_end"])) else float(r["tier_end"])
        index.setdefault((r["item"], r["region"], r["arch"]), []).append(
            (float(r["tier_start"]), end, float(r["price"])))
    return {key: sorted(tiers) for key, tiers in index.items()}


def _lambda_item(item: str, region: str, arch: str = "any") -> list[tuple[float, float, float]]:
    index = _lambda()
    hit = index.get((item, region, arch)) or index.get((item, region, "any"))
    if not hit:
        raise CourseInputError(text(MESSAGES, "missing", service="Lambda", item=item,
                                    region=region))
    return hit


def lambda_cost(invocations: float, duration_ms: float, memory_mb: float,
                region: str = "us-east-1", arch: str = "x86_64",
                free_tier: bool = False) -> dict[str, float]:
    """Return one month of Lambda cost: requests + tiered GB-seconds (1 ms billing).

    >>> out = lambda_cost(1_000_000, 1000, 1024)   # 1M x 1 s x 1 GB = 1M GB-s
    >>> round(out["total"], 4)                     # 0.20 + 1e6 * 0.0000166667
    16.8667
    """
    region = check_choice("region", region, catalog.REGIONS)
    arch = check_choice("arch", arch, catalog.ARCHES)
    n = check_number("invocations", invocations, low=0)
    ms = check_number("duration_ms", duration_ms, low=0,
                      high=1000 * service_rate_lambda("max_timeout_seconds", region))
    mb = check_number("memory_mb", memory_mb, low=service_rate_lambda("min_memory_mb", region),
                      high=service_rate_lambda("max_memory_mb", region))
    free = check_bool("free_tier", free_tier)
    gb_seconds = n * math.ceil(ms) / 1000.0 * (mb / GIB)
    requests = n
    if free:
        gb_seconds = max(0.0, gb_seconds - service_rate_lambda("free_gb_seconds", region))
        requests = max(0.0, requests - service_rate_lambda("free_requests", region))
    request_cost = requests * _lambda_item("requests", region, arch)[0][2]
    duration_cost, remaining = 0.0, gb_seconds
    for start, end, price in _lambda_item("duration", region, arch):
        span = min(remaining, end - start)
        duration_cost += span * price
        remaining -= span
        if remaining <= 0:
            break
    if remaining > 1e-9:
        raise CourseInputError(text(MESSAGES, "lambda_tiers", gb_seconds=gb_seconds, arch=arch,
                                    limit=gb_seconds - remaining))
    return {"requests": request_cost, "duration": duration_cost,
            "total": request_cost + duration_cost, "gb_seconds": gb_seconds}


def service_rate_lambda(item: str, region: str = "us-east-1") -> float:
    """Return a single-valued Lambda figure (free tier, limits) from the Lambda table.

    >>> service_rate_lambda("free_requests")
    1000000.0
    """
    return _lambda_item(item, region)[0][2]


def compare_lambda_fargate_batch(duration_s: float, memory_mb: float, count: int,
                                 vcpu: float = 1.0, instance_type: str = "m5.large",
                                 region: str = "us-east-1",
                                 ec2_startup_s: float = 0.0) -> pd.DataFrame:
    """Compare one batch of ``count`` equal jobs on Lambda, Fargate and Batch-on-EC2.

    * Lambda: ``count`` invocations (no free tier); not possible above 900 s.
    * Fargate: ``count`` tasks of ``vcpu`` / ``memory_mb``, 1-minute minimum each.
    * Batch on EC2 (On-Demand): jobs packed onto ``instance_type`` by vCPU and memory,
      all instances run in parallel for ``ec2_startup_s + duration_s``, 60 s minimum.

    >>> table = compare_lambda_fargate_batch(60, 2048, 100, vcpu=1)
    >>> table["cost"].round(4).to_dict()
    {'lambda': 0.2, 'fargate': 0.0823, 'batch_ec2': 0.08}
    """
    import pandas as pd

    d = check_number("duration_s", duration_s, low=0)
    mb = check_number("memory_mb", memory_mb, low=128, high=120 * GIB)
    n = check_int("count", count, low=1)
    v = check_number("vcpu", vcpu, low=0.25, high=16)
    boot = check_number("ec2_startup_s", ec2_startup_s, low=0)
    rows = {}
    lam_limit = service_rate_lambda("max_timeout_seconds", region)
    if d <= lam_limit and mb <= service_rate_lambda("max_memory_mb", region):
        cost = lambda_cost(n, d * 1000.0, mb, region)["total"]
        rows["lambda"] = {"cost": cost, "note": ""}
    else:
        rows["lambda"] = {"cost": float("nan"), "note": text(MESSAGES, "over_lambda_limit")}
    rows["fargate"] = {"cost": fargate_task_cost(v, mb / GIB, [d] * n, region), "note": ""}
    row = catalog.instance(instance_type, region)
    per_instance = min(math.floor(float(row["vcpu"]) / v + 1e-9),
                       math.floor(float(row["memory_gib"]) / (mb / GIB) + 1e-9))
    if per_instance < 1:
        raise CourseInputError(text(MESSAGES, "too_big", vcpu=v, memory=mb / GIB,
                                    instance_type=instance_type, ivcpu=row["vcpu"],
                                    imem=row["memory_gib"]))
    instances = math.ceil(n / per_instance)
    billed = max(math.ceil(d + boot), service_rate("ec2", "min_billing_seconds", region))
    rows["batch_ec2"] = {"cost": instances * billed * float(row["on_demand_hourly"]) / 3600.0,
                         "note": text(MESSAGES, "instances_note", count=instances,
                                      instance_type=instance_type)}
    return pd.DataFrame.from_dict(rows, orient="index")


# --- Athena, Glue, EMR, Step Functions ---------------------------------------------------
def athena_query_cost(bytes_scanned: object, region: str = "us-east-1") -> float:
    """Return the cost of Athena queries: per TB scanned, rounded up to 1 MB, 10 MB minimum.

    ``bytes_scanned`` is one query or an array (one value per query).

    >>> athena_query_cost(2**40)                  # 1 TB -> $5
    5.0
    """
    scanned = _seconds("bytes_scanned", bytes_scanned)
    mb = service_rate("athena", "rounding_bytes", region)
    minimum = service_rate("athena", "min_bytes_per_query", region)
    billed = np.maximum(np.ceil(scanned / mb) * mb, minimum)
    return float(billed.sum() / 2**40 * service_rate("athena", "per_tb_scanned", region))


def glue_job_cost(dpus: float, seconds: object, region: str = "us-east-1",
                  flex: bool = False) -> float:
    """Return the cost of Glue Spark job runs: DPUs x hours, per second, 1-minute minimum.

    >>> round(glue_job_cost(6, 15 * 60), 4)       # 6 DPU x 0.25 h x 0.44
    0.66
    """
    dpu = check_number("dpus", dpus, low=1 / 16)
    rate = service_rate("glue", "dpu_hour_flex" if check_bool("flex", flex) else "dpu_hour",
                        region)
    billed = np.maximum(np.ceil(_seconds("seconds", seconds)),
                        service_rate("glue", "min_billing_seconds", region))
    return float(dpu * billed.sum() / 3600.0 * rate)


def emr_uplift_hourly(instance_type: str, region: str = "us-east-1") -> float:
    """Return the EMR fee per instance-hour for ``instance_type`` (on top of EC2).

    >>> emr_uplift_hourly("m5.xlarge")
    0.048
    """
    region = check_choice("region", region, catalog.REGIONS)
    uplift = _emr().get((region, instance_type))
    if uplift is None:
        types = sorted(t for (r, t) in _emr() if r == region)
        if types:
            check_choice("instance_type", instance_type, types)
        raise CourseInputError(text(MESSAGES, "no_emr", instance_type=instance_type,
                                    region=region, types=", ".join(types) or "none"))
    return uplift


@functools.cache
def _emr() -> dict[tuple[str, str], float]:
    return {(r["region"], r["instance_type"]): float(r["emr_hourly"])
            for r in read_table("emr_uplift").to_dict(orient="records")}


def emr_cluster_cost(instance_type: str, count: int, hours: float, region: str = "us-east-1",
                     spot: bool = False) -> dict[str, float]:
    """Return an EMR-on-EC2 cluster's cost: count x hours x (EC2 price + EMR uplift).

    The EMR fee is the same on Spot; billing is per second with a 1-minute minimum.

    >>> emr_cluster_cost("m5.xlarge", 3, 2.0)["total"]   # 3 x 2 h x (0.192 + 0.048)
    1.44
    """
    n = check_int("count", count, low=1)
    h = check_number("hours", hours, low=0)
    uplift = emr_uplift_hourly(instance_type, region)
    ec2_price = catalog.spot_hourly(instance_type, region) if check_bool("spot", spot) \
        else catalog.on_demand_hourly(instance_type, region)
    billed_h = max(math.ceil(h * 3600 - 1e-6), service_rate("emr", "min_billing_seconds")) / 3600
    ec2 = n * billed_h * ec2_price
    emr = n * billed_h * uplift
    return {"ec2": round(ec2, 10), "emr": round(emr, 10), "total": round(ec2 + emr, 10)}


def emr_serverless_cost(workers: int, vcpu_per_worker: float, memory_gb_per_worker: float,
                        seconds: float, region: str = "us-east-1") -> float:
    """Return an EMR Serverless run's cost: workers x (vCPU-h + GB-h), 1-minute minimum each.

    >>> round(emr_serverless_cost(2, 4, 16, 3600), 6)   # 2 x (4 x 0.052624 + 16 x 0.0057785)
    0.605904
    """
    n = check_int("workers", workers, low=1)
    v = check_number("vcpu_per_worker", vcpu_per_worker, low=0.25)
    m = check_number("memory_gb_per_worker", memory_gb_per_worker, low=0.5)
    s = check_number("seconds", seconds, low=0)
    billed = max(math.ceil(s), service_rate("emr_serverless", "min_billing_seconds")) / 3600
    return n * billed * (v * service_rate("emr_serverless", "vcpu_hour", region)
                         + m * service_rate("emr_serverless", "gb_hour", region))


def step_functions_standard_cost(transitions: float, region: str = "us-east-1",
                                 free_tier: bool = False) -> float:
    """Return the cost of Standard workflows: per state transition (retries count too).

    >>> step_functions_standard_cost(1_000_000)     # 1M x $0.025 / 1000
    25.0
    """
    t = check_number("transitions", transitions, low=0)
    if check_bool("free_tier", free_tier):
        t = max(0.0, t - service_rate("step_functions", "standard_free_transitions"))
    return t * service_rate("step_functions", "standard_per_transition", region)


def step_functions_express_cost(requests: float, duration_ms: float, memory_mb: float,
                                region: str = "us-east-1") -> dict[str, float]:
    """Return the cost of Express workflows: per request + GB-seconds.

    Duration is rounded up to 100 ms and memory up to 64 MB chunks.

    >>> out = step_functions_express_cost(1_000_000, 250, 64)   # 300 ms x 0.0625 GB each
    >>> round(out["total"], 5)          # 1.00 + 1e6 * 0.3 * 0.0625 * 0.00001667
    1.31256
    """
    n = check_number("requests", requests, low=0)
    ms = check_number("duration_ms", duration_ms, low=0, high=5 * 60 * 1000)
    mb = check_number("memory_mb", memory_mb, low=0)
    step_ms = service_rate("step_functions", "express_duration_increment_ms")
    step_mb = service_rate("step_functions", "express_memory_increment_mb")
    billed_s = math.ceil(ms / step_ms - 1e-9) * step_ms / 1000.0
    billed_gb = max(1, math.ceil(mb / step_mb - 1e-9)) * step_mb / GIB
    request_cost = n * service_rate("step_functions", "express_per_request", region)
    duration_cost = n * billed_s * billed_gb * service_rate("step_functions",
                                                            "express_gb_second", region)
    return {"requests": request_cost, "duration": duration_cost,
            "total": request_cost + duration_cost}
