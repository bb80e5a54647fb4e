"""Look up dated, sourced prices: EC2 instance types, Spot discounts, Fargate rates.

Every figure comes from ``course/data`` with its source URL, ``as_of`` date and a
confidence tag; nothing here invents a price.

>>> on_demand_hourly("m5.large")
0.096
>>> round(spot_hourly("m5.large"), 5)   # 0.096 * (1 - 0.59)
0.03936
>>> fargate_rates()["vcpu_hour"]
0.04048
"""

from __future__ import annotations

import functools
import math
from typing import TYPE_CHECKING

from course.data import read_table
from course.errors import CourseInputError, check_choice
from course.i18n import text
from course.pricing._validate import check_bool

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "not_in_region": (
            "instance_type={instance_type!r} has no sourced price in region {region!r}. "
            "It is available in: {regions}."
        ),
        "fargate_spot_arm": (
            "Fargate Spot runs Linux x86_64 tasks only, so arch='arm64' with spot=True is not "
            "offered (ECS documentation). Use arch='x86_64' or spot=False."
        ),
        "fargate_missing": (
            "No sourced Fargate {capacity} rate for arch={arch!r} in region {region!r} in this "
            "snapshot. Available: {available}."
        ),
    }
}

#: Regions with price data in this snapshot.
REGIONS: tuple[str, ...] = ("us-east-1", "ap-northeast-1")

#: Spot Instance Advisor interruption buckets and the monthly rate used for each (midpoint;
#: 0.22 for the open-ended ">20%" bucket).
BUCKET_MIDPOINTS: dict[str, float] = {
    "<5%": 0.025,
    "5-10%": 0.075,
    "10-15%": 0.125,
    "15-20%": 0.175,
    ">20%": 0.22,
}

ARCHES: tuple[str, ...] = ("x86_64", "arm64")


@functools.cache
def _ec2() -> pd.DataFrame:
    table = read_table("ec2_instances")
    table["interruption_rate_monthly"] = table["interruption_bucket"].map(BUCKET_MIDPOINTS)
    table["vcpu"] = table["vcpu"].astype(int)
    table["memory_gib"] = table["memory_gib"].astype(float)
    return table


@functools.cache
def _rows() -> dict[tuple[str, str], dict[str, object]]:
    return {
        (rec["region"], rec["instance_type"]): rec
        for rec in _ec2().to_dict(orient="records")
    }


def _check_region(region: object) -> str:
    return check_choice("region", region, REGIONS)


def instance_types(region: str = "us-east-1") -> pd.DataFrame:
    """Return one row per EC2 instance type priced in ``region`` (Linux, On-Demand, USD/h).

    Columns include ``instance_type, family, arch, vcpu, memory_gib, on_demand_hourly,
    spot_discount, interruption_bucket, interruption_rate_monthly, source, as_of,
    confidence`` (for the On-Demand price) and ``spot_source, spot_as_of, spot_confidence``.

    >>> table = instance_types("us-east-1")
    >>> table.set_index("instance_type").loc["c5.large", "vcpu"]
    np.int64(2)
    """
    region = _check_region(region)
    table = _ec2()
    return table[table["region"] == region].reset_index(drop=True).copy()


def instance(instance_type: str, region: str = "us-east-1") -> dict[str, object]:
    """Return the catalogue row of ``instance_type`` in ``region`` as a plain dict.

    An unknown type raises ``CourseInputError`` with the closest matches.

    >>> instance("m6g.large")["arch"]
    'arm64'
    """
    region = _check_region(region)
    row = _rows().get((region, instance_type)) if isinstance(instance_type, str) else None
    if row is not None:
        return dict(row)
    elsewhere = sorted(r for (r, t) in _rows() if t == instance_type)
    if elsewhere:
        raise CourseInputError(text(MESSAGES, "not_in_region", instance_type=instance_type,
                                    region=region, regions=", ".join(elsewhere)))
    known = [t for (r, t) in _rows() if r == region]
    check_choice("instance_type", instance_type, known)
    raise AssertionError("unreachable")  # pragma: no cover


def on_demand_hourly(instance_type: str, region: str = "us-east-1") -> float:
    """Return the Linux On-Demand price of ``instance_type`` in USD per hour.

    >>> on_demand_hourly("c5.xlarge", "ap-northeast-1")
    0.214
    """
    return float(instance(instance_type, region)["on_demand_hourly"])


def spot_hourly(instance_type: str, region: str = "us-east-1") -> float:
    """Return the typical Spot price: On-Demand x (1 - typical Spot discount), USD per hour.

    >>> round(spot_hourly("c5.large"), 5)   # 0.085 * (1 - 0.61)
    0.03315
    """
    row = instance(instance_type, region)
    return float(row["on_demand_hourly"]) * (1.0 - float(row["spot_discount"]))


def interruption_rate_monthly(instance_type: str, region: str = "us-east-1") -> float:
    """Return the monthly interruption rate used for ``instance_type`` (bucket midpoint).

    >>> interruption_rate_monthly("c6g.xlarge")   # bucket "5-10%"
    0.075
    """
    return float(instance(instance_type, region)["interruption_rate_monthly"])


@functools.cache
def _fargate() -> pd.DataFrame:
    return read_table("fargate")


def fargate_table() -> pd.DataFrame:
    """Return the Fargate rate table (region, arch, capacity, available, rates, provenance).

    >>> set(fargate_table()["capacity"]) == {"on_demand", "spot"}
    True
    """
    return _fargate().copy()


def fargate_rates(region: str = "us-east-1", arch: str = "x86_64",
                  spot: bool = False) -> dict[str, float]:
    """Return Fargate Linux rates ``{"vcpu_hour": ..., "gb_hour": ...}`` in USD.

    Fargate Spot exists for Linux x86_64 only; asking for ARM Spot raises an error.

    >>> fargate_rates("us-east-1", "x86_64", spot=True)
    {'vcpu_hour': 0.01334053, 'gb_hour': 0.00146489}
    """
    region = _check_region(region)
    arch = check_choice("arch", arch, ARCHES)
    spot = check_bool("spot", spot)
    capacity = "spot" if spot else "on_demand"
    if spot and arch == "arm64":
        raise CourseInputError(text(MESSAGES, "fargate_spot_arm"))
    rates = _fargate_index()
    hit = rates.get((region, arch, capacity))
    if hit is None:
        available = ", ".join(f"{a}/{c}" for (r, a, c) in rates if r == region)
        raise CourseInputError(text(MESSAGES, "fargate_missing", capacity=capacity, arch=arch,
                                    region=region, available=available or "none"))
    return dict(hit)


@functools.cache
def _fargate_index() -> dict[tuple[str, str, str], dict[str, float]]:
    return {(r["region"], r["arch"], r["capacity"]):
            {"vcpu_hour": float(r["vcpu_hour"]), "gb_hour": float(r["gb_hour"])}
            for r in _fargate().to_dict(orient="records")
            if bool(r["available"]) and not math.isnan(float(r["vcpu_hour"]))}


def prices_as_of() -> str:
    """Return the latest ``as_of`` date (ISO) across all shipped price tables.

    >>> prices_as_of() >= "2026-01-01"
    True
    """
    from course.data import TABLES

    dates: list[str] = []
    for name in TABLES:
        table = read_table(name)
        for column in ("as_of", "spot_as_of"):
            if column in table.columns:
                dates.extend(str(d) for d in table[column].dropna())
    return max(dates)
