"""Container batch jobs on ECS: Fargate task sizes, packing tasks onto EC2, break-even.

Fargate bills the vCPU and memory a task asks for, per second, while it runs. An ECS
cluster on EC2 bills whole instances while they run, however full they are. This module
holds the valid Fargate sizes and the arithmetic that compares the two; every price
comes from :mod:`course.pricing`.

>>> fargate_task_size(1, 2)
{'cpu': '1024', 'memory': '2048'}
>>> tasks_per_instance("m5.large", 1, 2)      # min(2 vCPU // 1, 8 GiB // 2)
2
>>> round(break_even_utilisation(1, 2, "m5.large"), 4)   # 0.096 / (2 x (0.04048 + 2 x 0.004445))
0.9723
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text
from course.pricing import catalog
from course.pricing._validate import check_bool, check_int

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "bad_cpu": "vcpu={value!r} is not a Fargate task size. Allowed vCPU: {allowed}.",
        "bad_memory": ("memory_gb={value!r} is not allowed with {vcpu:g} vCPU on Fargate. "
                       "Allowed GB for {vcpu:g} vCPU: {allowed}."),
        "too_big": "No Fargate size has at least {vcpu:g} vCPU and {memory:g} GB (the largest is 16 vCPU / "
                   "120 GB).",
        "no_fit": ("A task of {vcpu:g} vCPU / {memory:g} GB does not fit on {instance_type} "
                   "({ivcpu:g} vCPU / {imem:g} GiB, {reserved:g} MiB kept back)."),
        "platform_8": "Linux platform 1.4.0 or later",
        "any_platform": "Linux; Windows from 1 vCPU",
        "linux_only": "Linux only",
        "not_dict": "params must be a dict of RunTask parameters, got {kind}.",
        "both": "Give launchType or capacityProviderStrategy, not both: with a strategy, "
                "launchType must be omitted.",
        "no_subnets": "Fargate tasks use the awsvpc network mode: give "
                      "networkConfiguration.awsvpcConfiguration.subnets (at least one subnet).",
        "mixed": "A capacity provider strategy cannot mix Fargate providers ({fargate}) with "
                 "Auto Scaling group providers ({other}).",
        "zero_weights": "With several capacity providers, at least one needs a weight above 0 "
                        "(the API's default weight is 0).",
        "two_bases": "Only one capacity provider in a strategy may have a base.",
        "too_many": "RunTask starts at most 10 tasks per call; count={count}.",
    }
}

#: AWS's usual month for price comparisons (the AWS Pricing Calculator uses 730 hours).
HOURS_PER_MONTH = 730.0

#: Valid Fargate task sizes: CPU units (1024 = 1 vCPU) -> allowed memory in MiB.
#: Source: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html
#: (read 2026-11-29). 8 and 16 vCPU need Linux platform version 1.4.0 or later.
FARGATE_SIZES: dict[int, tuple[int, ...]] = {
    256: (512, 1024, 2048),
    512: tuple(range(1024, 4096 + 1, 1024)),
    1024: tuple(range(2048, 8192 + 1, 1024)),
    2048: tuple(range(4096, 16384 + 1, 1024)),
    4096: tuple(range(8192, 30720 + 1, 1024)),
    8192: tuple(range(16384, 61440 + 1, 4096)),
    16384: tuple(range(32768, 122880 + 1, 8192)),
}
SIZES_SOURCE = "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html"


def fargate_cpu_options() -> list[float]:
    """Return the vCPU values a Fargate task may ask for.

    >>> fargate_cpu_options()
    [0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0]
    """
    return [units / 1024 for units in FARGATE_SIZES]


def _cpu_units(vcpu: object) -> int:
    number = check_number("vcpu", vcpu, low=0)
    units = round(number * 1024)
    if units not in FARGATE_SIZES or abs(number * 1024 - units) > 1e-6:
        allowed = ", ".join(f"{v:g}" for v in fargate_cpu_options())
        raise CourseInputError(text(MESSAGES, "bad_cpu", value=vcpu, allowed=allowed))
    return units


def fargate_memory_options(vcpu: float) -> list[float]:
    """Return the memory sizes (GB) that Fargate allows for a task of ``vcpu`` vCPU.

    >>> fargate_memory_options(0.25)
    [0.5, 1.0, 2.0]
    >>> fargate_memory_options(8)[:3]
    [16.0, 20.0, 24.0]
    """
    return [mib / 1024 for mib in FARGATE_SIZES[_cpu_units(vcpu)]]


def fargate_task_size(vcpu: float, memory_gb: float) -> dict[str, str]:
    """Return the task definition's ``cpu`` and ``memory`` strings for a valid Fargate size.

    An invalid pair raises ``CourseInputError`` listing the memory sizes that are allowed.

    >>> fargate_task_size(0.5, 4)
    {'cpu': '512', 'memory': '4096'}
    """
    units = _cpu_units(vcpu)
    memory = check_number("memory_gb", memory_gb, low=0)
    mib = memory * 1024
    allowed = FARGATE_SIZES[units]
    if not any(abs(mib - option) < 1e-6 for option in allowed):
        raise CourseInputError(text(MESSAGES, "bad_memory", value=memory_gb, vcpu=units / 1024,
                                    allowed=_ranges(allowed)))
    return {"cpu": str(units), "memory": str(round(mib))}


def _ranges(options: tuple[int, ...]) -> str:
    gb = [o / 1024 for o in options]
    if len(gb) <= 4:
        return ", ".join(f"{g:g}" for g in gb)
    return f"{gb[0]:g} to {gb[-1]:g} in steps of {gb[1] - gb[0]:g}"


def is_valid_fargate_size(vcpu: float, memory_gb: float) -> bool:
    """Say whether Fargate accepts a task of ``vcpu`` vCPU and ``memory_gb`` GB.

    >>> is_valid_fargate_size(1, 2), is_valid_fargate_size(1, 16)
    (True, False)
    """
    try:
        fargate_task_size(vcpu, memory_gb)
    except CourseInputError:
        return False
    return True


def fargate_sizes_table() -> pd.DataFrame:
    """Return one row per Fargate vCPU size: memory range (GB), step and platform note.

    >>> fargate_sizes_table().set_index("vcpu").loc[16.0, "max_memory_gb"]
    np.float64(120.0)
    """
    import pandas as pd

    rows = []
    for units, options in FARGATE_SIZES.items():
        gb = [o / 1024 for o in options]
        step = gb[1] - gb[0] if units != 256 else float("nan")
        note = ("platform_8" if units >= 8192 else "any_platform" if units >= 1024 else "linux_only")
        rows.append({"vcpu": units / 1024, "min_memory_gb": gb[0], "max_memory_gb": gb[-1],
                     "step_gb": step, "sizes": len(gb), "runs_on": text(MESSAGES, note)})
    return pd.DataFrame(rows)


def smallest_fargate_size(vcpu_needed: float, memory_gb_needed: float,
                          region: str = "us-east-1") -> tuple[float, float]:
    """Return the cheapest valid Fargate size (vCPU, GB) with at least what a job needs.

    >>> smallest_fargate_size(0.3, 1.5)      # 0.25 vCPU is too small; 0.5 vCPU allows 2 GB
    (0.5, 2.0)
    >>> smallest_fargate_size(3, 10)
    (4.0, 10.0)
    """
    need_v = check_number("vcpu_needed", vcpu_needed, low=0)
    need_m = check_number("memory_gb_needed", memory_gb_needed, low=0)
    rates = catalog.fargate_rates(region)
    best: tuple[float, float, float] | None = None
    for units, options in FARGATE_SIZES.items():
        v = units / 1024
        for mib in options:
            m = mib / 1024
            if v + 1e-9 >= need_v and m + 1e-9 >= need_m:
                price = v * rates["vcpu_hour"] + m * rates["gb_hour"]
                if best is None or price < best[0] - 1e-12:
                    best = (price, v, m)
    if best is None:
        raise CourseInputError(text(MESSAGES, "too_big", vcpu=need_v, memory=need_m))
    return best[1], best[2]


def fargate_hourly(vcpu: float, memory_gb: float, region: str = "us-east-1",
                   arch: str = "x86_64", spot: bool = False) -> float:
    """Return the price of one running Fargate task per hour (USD), for a valid size.

    >>> round(fargate_hourly(1, 2), 5)       # 0.04048 + 2 x 0.004445
    0.04937
    """
    fargate_task_size(vcpu, memory_gb)
    rates = catalog.fargate_rates(region, arch, spot)
    return float(vcpu) * rates["vcpu_hour"] + float(memory_gb) * rates["gb_hour"]


def tasks_per_instance(instance_type: str, task_vcpu: float, task_memory_gb: float,
                       region: str = "us-east-1", reserved_memory_mib: float = 0.0) -> int:
    """Return how many equal tasks fit on one EC2 instance, by vCPU and by memory (may be 0).

    ``reserved_memory_mib`` is memory the operating system and ECS agent keep: ECS registers
    less memory than the instance type advertises (an m4.large with 8 GiB registers about
    7,985 MiB), and ``ECS_RESERVED_MEMORY`` can keep back more.

    >>> tasks_per_instance("m5.large", 0.5, 2)                          # memory: 8 // 2 = 4
    4
    >>> tasks_per_instance("m5.large", 0.5, 2, reserved_memory_mib=207)  # 7985 MiB // 2048 = 3
    3
    """
    row = catalog.instance(instance_type, region)
    v = check_number("task_vcpu", task_vcpu, low=0.125, high=192)
    m = check_number("task_memory_gb", task_memory_gb, low=0.0625, high=24576)
    reserved = check_number("reserved_memory_mib", reserved_memory_mib, low=0, high=65536)
    ivcpu = float(row["vcpu"])
    imem_mib = float(row["memory_gib"]) * 1024 - reserved
    by_cpu = math.floor(ivcpu / v + 1e-9)
    by_memory = math.floor(max(imem_mib, 0.0) / (m * 1024) + 1e-9)
    return int(min(by_cpu, by_memory))


def instances_needed(instance_type: str, concurrent_tasks: int, task_vcpu: float,
                     task_memory_gb: float, region: str = "us-east-1",
                     reserved_memory_mib: float = 0.0) -> int:
    """Return how many instances hold ``concurrent_tasks`` equal tasks at once.

    >>> instances_needed("c5.xlarge", 10, 1, 2)     # 4 per c5.xlarge (4 vCPU, 8 GiB) -> ceil(10/4)
    3
    """
    n = check_int("concurrent_tasks", concurrent_tasks, low=1)
    per = tasks_per_instance(instance_type, task_vcpu, task_memory_gb, region, reserved_memory_mib)
    if per < 1:
        row = catalog.instance(instance_type, region)
        raise CourseInputError(text(MESSAGES, "no_fit", vcpu=float(task_vcpu),
                                    memory=float(task_memory_gb), instance_type=instance_type,
                                    ivcpu=float(row["vcpu"]), imem=float(row["memory_gib"]),
                                    reserved=float(reserved_memory_mib)))
    return math.ceil(n / per)


def comparable_instance_types(region: str = "us-east-1") -> list[str]:
    """Return instance types whose architecture also has Fargate On-Demand rates in ``region``.

    >>> "m5.large" in comparable_instance_types("ap-northeast-1")
    True
    >>> "m6g.large" in comparable_instance_types("ap-northeast-1")   # no Tokyo Fargate ARM rate
    False
    """
    table = catalog.instance_types(region)
    keep = []
    for row in table.itertuples():
        try:
            catalog.fargate_rates(region, str(row.arch))
        except CourseInputError:
            continue
        keep.append(str(row.instance_type))
    return keep


def _instance_price(instance_type: str, region: str, ec2_spot: bool) -> float:
    if ec2_spot:
        return catalog.spot_hourly(instance_type, region)
    return catalog.on_demand_hourly(instance_type, region)


def break_even_utilisation(task_vcpu: float, task_memory_gb: float, instance_type: str,
                           region: str = "us-east-1", ec2_spot: bool = False,
                           fargate_spot: bool = False, reserved_memory_mib: float = 0.0) -> float:
    """Return the utilisation above which an always-on instance beats Fargate for its tasks.

    The instance holds ``k`` tasks and costs ``P`` per hour whether busy or not. Fargate
    costs ``u * k * r`` per hour when the tasks run a share ``u`` of the time. They cost the
    same at ``u* = P / (k * r)``. A value above 1 means Fargate is cheaper at any utilisation.
    Returns ``nan`` when the task does not fit on the instance.

    >>> round(break_even_utilisation(2, 8, "m5.large"), 4)    # 0.096 / (1 x (2 x 0.04048 + 8 x 0.004445))
    0.8239
    """
    row = catalog.instance(instance_type, region)
    ec2_spot = check_bool("ec2_spot", ec2_spot)
    rate = fargate_hourly(task_vcpu, task_memory_gb, region, str(row["arch"]),
                          check_bool("fargate_spot", fargate_spot))
    k = tasks_per_instance(instance_type, task_vcpu, task_memory_gb, region, reserved_memory_mib)
    if k < 1:
        return float("nan")
    return _instance_price(instance_type, region, ec2_spot) / (k * rate)


def break_even_curve(task_vcpu: float, task_memory_gb: float, instance_type: str,
                     region: str = "us-east-1", ec2_spot: bool = False,
                     reserved_memory_mib: float = 0.0, points: int = 101) -> dict[str, object]:
    """Monthly cost of one instance's worth of tasks on EC2 and on Fargate, over utilisation.

    Returns arrays ``utilisation`` (0..1), ``fargate``, ``fargate_spot`` (``nan`` where Fargate
    Spot is not offered) and ``ec2`` in USD per month (730 h), and the numbers
    ``tasks_per_instance``, ``break_even``, ``break_even_spot`` (vs Fargate Spot) and
    ``instance_hourly``. With no task fitting, costs are ``nan``.

    >>> c = break_even_curve(1, 2, "m5.large", points=3)
    >>> [round(float(x), 2) for x in c["fargate"]]          # 0, 0.5, 1 x 2 tasks x 0.04937 x 730
    [0.0, 36.04, 72.08]
    >>> round(float(c["ec2"][0]), 2)                  # 0.096 x 730
    70.08
    """
    n = check_int("points", points, low=2)
    row = catalog.instance(instance_type, region)
    arch = str(row["arch"])
    price = _instance_price(instance_type, region, check_bool("ec2_spot", ec2_spot))
    rate = fargate_hourly(task_vcpu, task_memory_gb, region, arch)
    try:
        spot_rate = fargate_hourly(task_vcpu, task_memory_gb, region, arch, spot=True)
    except CourseInputError:
        spot_rate = float("nan")
    k = tasks_per_instance(instance_type, task_vcpu, task_memory_gb, region, reserved_memory_mib)
    u = np.linspace(0.0, 1.0, n)
    fits = k >= 1
    capacity = k if fits else float("nan")
    return {
        "utilisation": u,
        "fargate": u * capacity * rate * HOURS_PER_MONTH,
        "fargate_spot": u * capacity * spot_rate * HOURS_PER_MONTH,
        "ec2": np.full(n, price * HOURS_PER_MONTH if fits else float("nan")),
        "tasks_per_instance": k,
        "instance_hourly": price,
        "break_even": price / (capacity * rate),
        "break_even_spot": price / (capacity * spot_rate),
    }


def break_even_by_memory(task_vcpu: float, instance_type: str, region: str = "us-east-1",
                         ec2_spot: bool = False, reserved_memory_mib: float = 0.0) -> dict[str, np.ndarray]:
    """Break-even utilisation for every Fargate memory size allowed with ``task_vcpu``.

    Returns arrays ``memory_gb`` and ``break_even`` (``nan`` where the task does not fit).

    >>> out = break_even_by_memory(0.25, "m5.large")
    >>> out["memory_gb"].tolist(), [round(float(x), 3) for x in out["break_even"]]
    ([0.5, 1.0, 2.0], [0.972, 0.824, 1.262])

    With 2 GB, memory limits m5.large to 4 tasks, so Fargate wins at any utilisation.
    """
    memories = fargate_memory_options(task_vcpu)
    values = [break_even_utilisation(task_vcpu, m, instance_type, region, ec2_spot,
                                     reserved_memory_mib=reserved_memory_mib) for m in memories]
    return {"memory_gb": np.asarray(memories), "break_even": np.asarray(values, dtype=float)}


FARGATE_PROVIDERS = ("FARGATE", "FARGATE_SPOT")


def run_task_problems(params: dict[str, object]) -> list[str]:
    """Return the rules a RunTask request for Fargate breaks that the API model cannot check.

    Run :func:`course.awsshapes.validate_request` first for names and types; this checks
    how the parameters fit together (ECS API reference and capacity provider docs).

    >>> run_task_problems({"taskDefinition": "job", "launchType": "FARGATE",
    ...                    "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
    ...                    "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s-1"]}}})
    ['Give launchType or capacityProviderStrategy, not both: with a strategy, launchType must be omitted.']
    """
    if not isinstance(params, dict):
        raise CourseInputError(text(MESSAGES, "not_dict", kind=type(params).__name__))
    problems = []
    strategy = params.get("capacityProviderStrategy") or []
    strategy = [item for item in strategy if isinstance(item, dict)] if isinstance(strategy, list) else []
    if "launchType" in params and "capacityProviderStrategy" in params:
        problems.append(text(MESSAGES, "both"))
    providers = [str(item.get("capacityProvider")) for item in strategy]
    fargate = [p for p in providers if p in FARGATE_PROVIDERS]
    other = [p for p in providers if p not in FARGATE_PROVIDERS]
    if fargate and other:
        problems.append(text(MESSAGES, "mixed", fargate=", ".join(fargate), other=", ".join(other)))
    if len(strategy) > 1 and all(float(item.get("weight", 0) or 0) <= 0 for item in strategy):
        problems.append(text(MESSAGES, "zero_weights"))
    if sum(1 for item in strategy if float(item.get("base", 0) or 0) > 0) > 1:
        problems.append(text(MESSAGES, "two_bases"))
    if params.get("launchType") == "FARGATE" or fargate:
        network = params.get("networkConfiguration") or {}
        vpc = network.get("awsvpcConfiguration") if isinstance(network, dict) else None
        if not (isinstance(vpc, dict) and vpc.get("subnets")):
            problems.append(text(MESSAGES, "no_subnets"))
    count = params.get("count", 1)
    if isinstance(count, int) and count > 10:
        problems.append(text(MESSAGES, "too_many", count=count))
    return problems


def check_region(region: str) -> str:
    """Return ``region`` if the price snapshot covers it.

    >>> check_region("ap-northeast-1")
    'ap-northeast-1'
    """
    return check_choice("region", region, catalog.REGIONS)
