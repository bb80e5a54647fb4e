"""Commitment discounts: On-Demand billing, Reserved Instances and Savings Plans.

All functions take plain numbers or array-likes (one value per hour) and return plain
numbers, dicts or pandas objects, ready for widgets.

>>> on_demand_cost([1, 1, 2], 0.096)          # 4 instance-hours x 0.096 $/h
0.384
>>> ri_break_even_utilisation(0.0635, 0.096)  # RI wins above ~66 % utilisation
0.6614583333333334
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from course.data import read_table
from course.errors import CourseInputError
from course.i18n import text
from course.pricing import catalog
from course.pricing._validate import (
    check_choice,
    check_int,
    check_number,
    check_positive,
    hourly_array,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "no_row": "No discount row for {model}/{plan}/{term_years} yr/{payment} in the snapshot.",
        "bad_column": (
            "spend column {column!r} must look like 'service/family/region', e.g. "
            "'ec2/m5/us-east-1', 'fargate/-/us-east-1' or 'lambda/-/us-east-1'."
        ),
        "bad_service": "service {service!r} in column {column!r} is not one of {allowed}.",
        "lengths": (
            "All usage series must have the same length; {name!r} has {got}, expected {want}."
        ),
        "no_size": "instance_type={instance_type!r} has no size-flexibility factor for {size!r}.",
        "ec2_instance_needs": (
            "plan='ec2_instance' needs family= and region= (e.g. 'm5', 'us-east-1')."
        ),
        "not_mapping": "{name} must be a DataFrame or a dict of hourly arrays, got {kind}.",
    }
}

HOURS_PER_YEAR = 8760
MODELS: tuple[str, ...] = ("reserved_instance", "savings_plan")
PLANS: dict[str, tuple[str, ...]] = {
    "reserved_instance": ("standard", "convertible"),
    "savings_plan": ("compute", "ec2_instance"),
}
PAYMENTS: tuple[str, ...] = ("no_upfront", "partial_upfront", "all_upfront")
SP_SERVICES: tuple[str, ...] = ("ec2", "fargate", "lambda")

#: Size-flexibility normalisation factors for regional Linux RIs (EC2 User Guide,
#: "How Reserved Instances are applied"): a large counts 4 units, an xlarge 8, and so on.
NORMALIZATION_FACTORS: dict[str, float] = {
    "nano": 0.25, "micro": 0.5, "small": 1.0, "medium": 2.0, "large": 4.0, "xlarge": 8.0,
    "2xlarge": 16.0, "3xlarge": 24.0, "4xlarge": 32.0, "6xlarge": 48.0, "8xlarge": 64.0,
    "9xlarge": 72.0, "10xlarge": 80.0, "12xlarge": 96.0, "16xlarge": 128.0,
    "18xlarge": 144.0, "24xlarge": 192.0, "32xlarge": 256.0,
}
NORMALIZATION_SOURCE = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/apply_ri.html"


@functools.cache
def _table() -> pd.DataFrame:
    return read_table("discounts")


def discount_table() -> pd.DataFrame:
    """Return the RI / Savings Plans discount table (fractions off On-Demand, with provenance).

    >>> sorted(discount_table()["model"].unique())
    ['reserved_instance', 'savings_plan']
    """
    return _table().copy()


def discount_row(model: str, plan: str, term_years: int = 1,
                 payment: str = "no_upfront") -> dict[str, object]:
    """Return one discount row (discount, upfront_share, value_kind, source, confidence, ...).

    >>> discount_row("reserved_instance", "standard", 3, "no_upfront")["discount"]
    0.5464
    """
    model = check_choice("model", model, MODELS)
    plan = check_choice("plan", plan, PLANS[model])
    term_years = check_int("term_years", term_years, low=1, high=3)
    if term_years == 2:
        check_choice("term_years", "2", ["1", "3"])
    payment = check_choice("payment", payment, PAYMENTS)
    row = _index().get((model, plan, term_years, payment))
    if row is None:  # pragma: no cover - the shipped table is complete
        raise CourseInputError(text(MESSAGES, "no_row", model=model, plan=plan,
                                    term_years=term_years, payment=payment))
    return dict(row)


@functools.cache
def _index() -> dict[tuple[str, str, int, str], dict[str, object]]:
    return {(r["model"], r["plan"], int(r["term_years"]), r["payment"]): r
            for r in _table().to_dict(orient="records")}


def discount(model: str, plan: str, term_years: int = 1, payment: str = "no_upfront") -> float:
    """Return the discount fraction off On-Demand for a commitment option.

    >>> discount("reserved_instance", "standard", 1, "no_upfront")
    0.3385
    """
    return float(discount_row(model, plan, term_years, payment)["discount"])


def on_demand_cost(usage: object, hourly_rate: float) -> float:
    """Return the On-Demand cost of an hourly usage profile (instance-hours in each hour).

    >>> on_demand_cost([0, 2, 2, 0], 0.096)   # 4 instance-hours x 0.096 $/h
    0.384
    """
    hours = hourly_array("usage", usage)
    rate = check_number("hourly_rate", hourly_rate, low=0)
    return float(hours.sum() * rate)


def billed_seconds(seconds: object, min_seconds: float = 60.0) -> np.ndarray:
    """Return billed seconds per run: rounded up to whole seconds, at least ``min_seconds``.

    >>> billed_seconds([10, 59.2, 3600.4]).tolist()
    [60.0, 60.0, 3601.0]
    """
    if np.isscalar(seconds) and not isinstance(seconds, str):
        check_number("seconds", seconds, low=0)
        seconds = [seconds]
    runs = hourly_array("seconds", seconds)
    minimum = check_number("min_seconds", min_seconds, low=0)
    return np.maximum(np.ceil(runs), minimum)


def run_cost(seconds: object, hourly_rate: float, min_seconds: float = 60.0) -> float:
    """Return the cost of runs billed per second with a minimum (EC2 Linux, Fargate: 60 s).

    ``seconds`` is one duration or an array of durations (one per run).

    >>> round(run_cost(30, 0.096), 6)          # 60 s minimum: 0.096 * 60 / 3600
    0.0016
    >>> round(run_cost([90, 3600], 0.096), 6)  # (90 + 3600) s * 0.096 / 3600
    0.0984
    """
    rate = check_number("hourly_rate", hourly_rate, low=0)
    return float(billed_seconds(seconds, min_seconds).sum() * rate / 3600.0)


def ri_terms(on_demand_hourly: float, discount: float, term_years: int = 1,
             upfront_share: float = 0.0) -> dict[str, float]:
    """Return an RI's effective hourly cost, upfront payment and recurring hourly fee.

    ``effective_hourly = on_demand_hourly * (1 - discount)``; the whole term costs
    ``effective_hourly * 8760 * term_years``, of which ``upfront_share`` is paid up front.

    >>> terms = ri_terms(0.096, 0.3385, 1, 0.0)   # 0.096 * (1 - 0.3385) = 0.063504
    >>> round(terms["effective_hourly"], 6), terms["upfront"]
    (0.063504, 0.0)
    """
    od = check_number("on_demand_hourly", on_demand_hourly, low=0)
    d = check_number("discount", discount, low=0, high=1)
    term_years = check_int("term_years", term_years, low=1, high=3)
    share = check_number("upfront_share", upfront_share, low=0, high=1)
    effective = od * (1.0 - d)
    hours = HOURS_PER_YEAR * term_years
    total = effective * hours
    upfront = total * share
    return {
        "effective_hourly": effective,
        "upfront": upfront,
        "recurring_hourly": (total - upfront) / hours,
        "term_hours": float(hours),
        "total_term_cost": total,
    }


def reserved_instance(instance_type: str, region: str = "us-east-1", plan: str = "standard",
                      term_years: int = 1, payment: str = "no_upfront") -> dict[str, object]:
    """Return the terms of one regional Linux RI for ``instance_type`` from the snapshot.

    >>> ri = reserved_instance("m5.large", term_years=1, payment="all_upfront")
    >>> round(ri["upfront"], 2)        # 0.096 * (1 - 0.3699) * 8760 h
    529.89
    """
    row = discount_row("reserved_instance", plan, term_years, payment)
    od = catalog.on_demand_hourly(instance_type, region)
    terms = ri_terms(od, float(row["discount"]), int(row["term_years"]),
                     float(row["upfront_share"]))
    return {"instance_type": instance_type, "region": region, "plan": plan,
            "term_years": int(row["term_years"]), "payment": payment, "on_demand_hourly": od,
            "discount": float(row["discount"]), **terms,
            "break_even_utilisation": ri_break_even_utilisation(terms["effective_hourly"], od),
            "value_kind": row["value_kind"], "confidence": row["confidence"],
            "source": row["source"], "as_of": row["as_of"], "derivation": row["derivation"]}


def ri_break_even_utilisation(effective_hourly: float, on_demand_hourly: float) -> float:
    """Return the share of hours an instance must run for an RI to beat On-Demand.

    An RI is paid for every hour of its term; On-Demand only while running, so the two
    cost the same at ``utilisation = effective_hourly / on_demand_hourly``.

    >>> ri_break_even_utilisation(0.048, 0.096)
    0.5
    """
    eff = check_number("effective_hourly", effective_hourly, low=0)
    od = check_positive("on_demand_hourly", on_demand_hourly)
    return eff / od


def _size_factor(instance_type: str) -> float:
    size = instance_type.split(".", 1)[1]
    if size not in NORMALIZATION_FACTORS:  # pragma: no cover - catalogue sizes are all known
        raise CourseInputError(text(MESSAGES, "no_size", instance_type=instance_type, size=size))
    return NORMALIZATION_FACTORS[size]


def _usage_frame(usage: object, name: str) -> dict[str, np.ndarray]:
    import pandas as pd

    if isinstance(usage, pd.DataFrame):
        columns = {str(c): usage[c].to_numpy() for c in usage.columns}
    elif isinstance(usage, Mapping):
        columns = {str(k): v for k, v in usage.items()}
    else:
        raise CourseInputError(text(MESSAGES, "not_mapping", name=name,
                                    kind=type(usage).__name__))
    if not columns:
        from course.errors import check_not_empty

        check_not_empty(name, columns)
    arrays = {k: hourly_array(f"{name}[{k!r}]", v) for k, v in columns.items()}
    length = len(next(iter(arrays.values())))
    for key, array in arrays.items():
        if len(array) != length:
            raise CourseInputError(text(MESSAGES, "lengths", name=key, got=len(array),
                                        want=length))
    return arrays


def apply_reserved_instances(usage: object, ri_instance_type: str, ri_count: float,
                             effective_hourly: float,
                             region: str = "us-east-1") -> dict[str, object]:
    """Apply regional Linux RIs to hourly usage, with size flexibility inside one family only.

    ``usage`` maps instance types to instances running in each hour (a DataFrame or a dict
    of arrays). Each hour the RIs provide ``ri_count x factor(ri size)`` normalised units
    (large = 4, xlarge = 8, ...) to usage of the *same family*; other families (e.g. m6i
    when the RI is for m5) pay On-Demand. The RI fee is paid every hour, used or not.

    >>> out = apply_reserved_instances({"m5.xlarge": [1, 1], "m6i.xlarge": [0, 1]},
    ...                                "m5.large", 2, 0.063504)
    >>> round(out["total_cost"], 4)   # 2 RIs x 2 h x 0.063504 + 1 h m6i.xlarge x 0.192
    0.446
    """
    arrays = _usage_frame(usage, "usage")
    ri_row = catalog.instance(ri_instance_type, region)
    count = check_number("ri_count", ri_count, low=0)
    eff = check_number("effective_hourly", effective_hourly, low=0)
    family = str(ri_row["family"])
    ri_units = count * _size_factor(ri_instance_type)
    hours = len(next(iter(arrays.values())))
    family_units = np.zeros(hours)
    od_cost = np.zeros(hours)
    family_od_cost = np.zeros(hours)
    for instance_type, running in arrays.items():
        row = catalog.instance(instance_type, region)
        price = float(row["on_demand_hourly"])
        od_cost += running * price
        if row["family"] == family:
            family_units += running * _size_factor(instance_type)
            family_od_cost += running * price
    unit_price = float(ri_row["on_demand_hourly"]) / _size_factor(ri_instance_type)
    covered_units = np.minimum(family_units, ri_units)
    covered_value = covered_units * unit_price
    ri_fee = np.full(hours, count * eff)
    hourly_cost = ri_fee + od_cost - covered_value
    total_od = float(od_cost.sum())
    return {
        "total_cost": float(hourly_cost.sum()),
        "on_demand_only_cost": total_od,
        "savings": total_od - float(hourly_cost.sum()),
        "ri_fee": float(ri_fee.sum()),
        "coverage": float(covered_value.sum() / total_od) if total_od else 0.0,
        "utilisation": float(covered_units.sum() / (ri_units * hours)) if ri_units else 0.0,
        "family": family,
        "hourly": _frame({"ri_fee": ri_fee, "covered_on_demand_value": covered_value,
                          "on_demand_equivalent": od_cost, "cost": hourly_cost}),
    }


def _frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(columns)


def savings_plan_cost(od_spend: object, commitment: float, discount: float) -> dict[str, float]:
    """Return the cost of hourly usage (On-Demand-equivalent $/h) under a Savings Plan.

    Each hour the plan charges ``commitment`` ($/h, in Savings Plan dollars). It covers usage
    worth up to ``commitment / (1 - discount)`` at On-Demand prices; the rest is billed
    On-Demand. Unused commitment in an hour is lost.

    ``coverage`` = share of On-Demand-equivalent spend covered by the plan;
    ``utilisation`` = share of the commitment actually used.

    >>> out = savings_plan_cost([10, 10, 0, 20], commitment=5, discount=0.5)
    >>> out["total_cost"]       # 4 h x 5 + overflow (20 - 5 / 0.5) = 20 + 10
    30.0
    >>> out["coverage"], out["utilisation"]   # covered 10+10+0+10 of 40; used 15 of 20
    (0.75, 0.75)
    """
    spend = hourly_array("od_spend", od_spend)
    c = check_number("commitment", commitment, low=0)
    d = check_number("discount", discount, low=0, high=0.999999)
    capacity = c / (1.0 - d)                  # On-Demand dollars one hour of commitment covers
    covered = np.minimum(spend, capacity)
    overflow = spend - covered
    total_od = float(spend.sum())
    commitment_cost = c * len(spend)
    total = commitment_cost + float(overflow.sum())
    used = float(covered.sum()) * (1.0 - d)
    return {
        "total_cost": total,
        "on_demand_cost": total_od,
        "savings": total_od - total,
        "commitment_cost": commitment_cost,
        "overflow_cost": float(overflow.sum()),
        "coverage": float(covered.sum()) / total_od if total_od else 0.0,
        "utilisation": used / commitment_cost if commitment_cost else 0.0,
    }


def optimal_commitment(od_spend: object, discount: float) -> float:
    """Return the hourly commitment ($/h, Savings Plan dollars) that minimises total cost.

    Write ``x_t = od_spend_t * (1 - d)`` for hour ``t``'s usage priced in Savings Plan
    dollars, and ``p_sp / p_od = 1 - d``. The total cost of commitment ``c`` over ``T`` hours is
    ``C(c) = T*c + sum_t max(0, od_spend_t - c/(1-d))``, convex and piecewise linear with
    slope ``T - N(c)/(1-d)``, where ``N(c)`` counts hours with ``x_t > c``. Raising ``c``
    pays off while more than a fraction ``(1-d)`` of the hours exceed it, so the optimum is
    the level that usage exceeds in a fraction ``p_sp/p_od`` of hours: the
    ``(1 - p_sp/p_od)`` quantile of ``x``. Exactly: sort ``x`` in descending order and take
    the ``k``-th largest value with ``k = floor(T * (1 - d)) + 1`` (0 if ``k > T``).

    >>> optimal_commitment([10, 10, 10, 0], discount=0.5)   # 3 of 4 hours exceed 5 > 50 %
    5.0
    >>> optimal_commitment([10, 0, 0, 0], discount=0.5)     # 1 of 4 hours: do not commit
    0.0
    """
    spend = hourly_array("od_spend", od_spend)
    d = check_number("discount", discount, low=0, high=0.999999)
    x = spend * (1.0 - d)
    hours = len(x)
    k = math.floor(hours * (1.0 - d)) + 1
    if k > hours:
        return 0.0
    # k-th largest = (hours - k)-th smallest (0-based); np.partition is O(T).
    return float(np.partition(x, hours - k)[hours - k])


def _parse_column(column: str) -> tuple[str, str, str]:
    parts = column.split("/")
    if len(parts) != 3:
        raise CourseInputError(text(MESSAGES, "bad_column", column=column))
    service, family, region = parts
    if service not in SP_SERVICES:
        raise CourseInputError(text(MESSAGES, "bad_service", service=service, column=column,
                                    allowed=", ".join(SP_SERVICES)))
    return service, family, region


def eligible_spend(spend: object, plan: str, family: str | None = None,
                   region: str | None = None) -> np.ndarray:
    """Return the hourly spend a Savings Plan can cover.

    ``spend`` maps columns ``'service/family/region'`` to hourly On-Demand-equivalent spend.
    A Compute SP covers every EC2 family in every Region plus Fargate and Lambda; an EC2
    Instance SP covers one EC2 family in one Region.

    >>> eligible_spend({"ec2/m5/us-east-1": [1.0], "fargate/-/us-east-1": [2.0]},
    ...                "ec2_instance", family="m5", region="us-east-1").tolist()
    [1.0]
    """
    arrays = _usage_frame(spend, "spend")
    plan = check_choice("plan", plan, PLANS["savings_plan"])
    if plan == "ec2_instance" and (family is None or region is None):
        raise CourseInputError(text(MESSAGES, "ec2_instance_needs"))
    total = np.zeros(len(next(iter(arrays.values()))))
    for column, values in arrays.items():
        service, fam, reg = _parse_column(column)
        if plan == "compute" or (service == "ec2" and fam == family and reg == region):
            total += values
    return total


def compare_savings_plans(spend: object, commitment: float, compute_discount: float,
                          ec2_instance_discount: float, family: str,
                          region: str = "us-east-1") -> pd.DataFrame:
    """Compare a Compute SP with an EC2 Instance SP of the same commitment on the same usage.

    Usage outside a plan's scope (other families/Regions, Fargate, Lambda for the EC2
    Instance SP) is billed On-Demand.

    >>> usage = {"ec2/m5/us-east-1": [0.0, 0.0], "ec2/m6i/us-east-1": [10.0, 10.0]}
    >>> table = compare_savings_plans(usage, 5.0, 0.5, 0.6, family="m5")
    >>> table["total_cost"].to_dict()   # EC2 Instance SP wasted on m5; Compute SP covers m6i
    {'compute': 10.0, 'ec2_instance': 30.0}
    """
    import pandas as pd

    arrays = _usage_frame(spend, "spend")
    total = sum(arrays.values())
    rows = {}
    for plan, disc in (("compute", compute_discount), ("ec2_instance", ec2_instance_discount)):
        covered_scope = eligible_spend(arrays, plan, family=family, region=region)
        out = savings_plan_cost(covered_scope, commitment, disc)
        outside = float((total - covered_scope).sum())
        rows[plan] = {
            "total_cost": out["total_cost"] + outside,
            "on_demand_cost": float(total.sum()),
            "eligible_spend": float(covered_scope.sum()),
            "coverage": (out["on_demand_cost"] * out["coverage"]) / float(total.sum())
            if float(total.sum()) else 0.0,
            "utilisation": out["utilisation"],
        }
    return pd.DataFrame.from_dict(rows, orient="index")
