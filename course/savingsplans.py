"""Savings Plans for batch workloads: commitment, coverage, utilisation and migrations.

A Savings Plan is a promise to spend a fixed number of dollars per hour (the *commitment*,
priced at Savings Plan rates) for 1 or 3 years. Each hour the commitment pays for eligible
usage at the discounted rate; usage beyond it is billed On-Demand, and commitment that no
usage consumed in that hour is lost. This module adds, on top of
:mod:`course.pricing.discounts`, what lesson 11 needs: the whole cost curve over many
commitments at once (vectorised), the hour-by-hour split for a chart, and what happens to
each plan type when usage moves to Fargate, Lambda or another instance family.

Money is in dollars. ``od_spend`` means On-Demand-equivalent spend per hour: what the
usage of that hour would cost at On-Demand prices.

>>> curve = commitment_curve([10, 10, 0, 20], 0.5, [0, 5])
>>> curve["total_cost"].tolist()          # no plan: 40; commitment 5: 4 x 5 + 10 overflow
[40.0, 30.0]
>>> curve["coverage"].tolist(), curve["utilisation"].tolist()
([0.0, 0.75], [nan, 0.75])
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text
from course.pricing import catalog, discounts
from course.pricing._validate import check_int, hourly_array

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "other_length": ("other_spend must have one value per hour like the eligible spend: "
                         "got {got} values, expected {want}."),
        "column": ("{name}={value!r} must look like 'service/family/region' with service "
                   "ec2, fargate or lambda, e.g. 'fargate/-/us-east-1' or 'ec2/m6i/us-east-1'."),
        "same_column": "to={to!r} must differ from source={source!r}: usage has to move somewhere.",
        "start_hour": "start_hour={value!r} must be an hour index from 0 to {last} (the profile's length).",
    }
}

PLANS: tuple[str, ...] = discounts.PLANS["savings_plan"]
TERMS: tuple[int, ...] = (1, 3)
PAYMENTS: tuple[str, ...] = discounts.PAYMENTS
HOURS_PER_YEAR = discounts.HOURS_PER_YEAR

#: The example workload of lesson 11: a fleet of m5.xlarge instances in us-east-1.
EXAMPLE_INSTANCE = "m5.xlarge"
EXAMPLE_SOURCE = "ec2/m5/us-east-1"
#: 1 July 2026, as an hour index of a profile that starts on 1 January 2026.
MID_YEAR_HOUR = 181 * 24

_COLUMN = re.compile(r"^(ec2|fargate|lambda)/[^/]+/[a-z0-9-]+$")


def example_spend(days: int = 365, seed: int = 11) -> pd.Series:
    """Return the lesson's hourly On-Demand-equivalent spend ($/h) for one year from 2026-01-01.

    A batch fleet of ``m5.xlarge`` instances: 12 always on, 40 more in the nightly batch
    window (01:00-05:00), 10 more in weekday office hours, 20 % growth over the year and 10 %
    noise (:func:`course.pricing.profiles.hourly_profile`), priced at the On-Demand rate.

    >>> spend = example_spend()
    >>> len(spend), spend.name, bool(spend.min() > 0)
    (8760, 'on_demand_spend', True)
    """
    from course.pricing.profiles import hourly_profile, to_spend

    profile = hourly_profile(days=days, baseline=12, batch_peak=40, weekday_daytime=10,
                             weekend_factor=0.3, annual_growth=0.2, noise=0.1, seed=seed,
                             name="instances")
    return to_spend(profile, catalog.on_demand_hourly(EXAMPLE_INSTANCE))


def plan_terms(plan: str = "compute", term_years: int = 1,
               payment: str = "no_upfront") -> dict[str, object]:
    """Return the discount and payment terms of one Savings Plan option from the snapshot.

    ``plan`` is ``'compute'`` or ``'ec2_instance'``; ``term_years`` 1 or 3; ``payment``
    ``'no_upfront'``, ``'partial_upfront'`` or ``'all_upfront'``.

    >>> terms = plan_terms("ec2_instance", 3, "partial_upfront")
    >>> terms["discount"], terms["upfront_share"], terms["confidence"]
    (0.5799, 0.5, 'UNVERIFIED')
    """
    plan = check_choice("plan", plan, PLANS)
    term = check_int("term_years", term_years, low=1, high=3)
    if term not in TERMS:
        check_choice("term_years", str(term), [str(t) for t in TERMS])
    payment = check_choice("payment", payment, PAYMENTS)
    row = discounts.discount_row("savings_plan", plan, term, payment)
    return {"plan": plan, "term_years": term, "payment": payment,
            "discount": float(row["discount"]), "upfront_share": float(row["upfront_share"]),
            "value_kind": row["value_kind"], "confidence": row["confidence"],
            "source": row["source"], "as_of": row["as_of"]}


def _other(other_spend: object, hours: int) -> np.ndarray:
    if other_spend is None:
        return np.zeros(hours)
    other = hourly_array("other_spend", other_spend)
    if len(other) != hours:
        raise CourseInputError(text(MESSAGES, "other_length", got=len(other), want=hours))
    return other


def commitment_curve(eligible_spend: object, discount: float, commitments: object,
                     other_spend: object = None) -> dict[str, np.ndarray]:
    """Return cost, coverage and utilisation for many commitments at once.

    ``eligible_spend``: On-Demand-equivalent $/h the plan may cover, one value per hour.
    ``commitments``: $/h at Savings Plan rates. ``other_spend``: spend the plan cannot
    cover (billed On-Demand whatever the commitment). The result holds one array per
    quantity, aligned with ``commitments``:

    * ``total_cost``: commitment paid every hour + eligible overflow + other spend;
    * ``coverage``: share of *all* spend (eligible + other) that the plan paid for;
    * ``utilisation``: share of the commitment that usage consumed (``nan`` at 0: no plan).

    One sort and a binary search per commitment, so a 400-point curve over a year of
    hours takes about a millisecond. Agrees with
    :func:`course.pricing.discounts.savings_plan_cost` point by point.

    >>> out = commitment_curve([2.0, 4.0], 0.5, [1.0], other_spend=[1.0, 1.0])
    >>> out["total_cost"].tolist(), out["coverage"].tolist()   # covers 2 + 2 of 8
    ([6.0], [0.5])
    """
    spend = hourly_array("eligible_spend", eligible_spend)
    d = check_number("discount", discount, low=0, high=0.999999)
    levels = hourly_array("commitments", commitments)
    other = _other(other_spend, len(spend))
    hours = len(spend)
    ordered = np.sort(spend)
    prefix = np.concatenate(([0.0], np.cumsum(ordered)))
    capacity = levels / (1.0 - d)             # On-Demand dollars one hour of commitment covers
    below = np.searchsorted(ordered, capacity, side="right")
    covered = prefix[below] + capacity * (hours - below)
    eligible_total = float(prefix[-1])
    other_total = float(other.sum())
    overflow = eligible_total - covered
    commitment_cost = levels * hours
    total = commitment_cost + overflow + other_total
    all_spend = eligible_total + other_total
    with np.errstate(divide="ignore", invalid="ignore"):
        utilisation = np.where(levels > 0, covered * (1.0 - d) / commitment_cost, np.nan)
    return {
        "commitment": levels,
        "total_cost": total,
        "commitment_cost": commitment_cost,
        "on_demand_cost": overflow + other_total,
        "covered_on_demand_value": covered,
        "coverage": covered / all_spend if all_spend else np.zeros_like(levels),
        "utilisation": utilisation,
        "savings": all_spend - total,
    }


def commitment_grid(eligible_spend: object, discount: float, points: int = 401,
                    top: float | None = None) -> np.ndarray:
    """Return evenly spaced commitments from 0 to ``top`` ($/h), plus the optimum.

    ``top`` defaults to the largest hourly usage at Savings Plan rates (committing more can
    never be used). The optimum from :func:`course.pricing.discounts.optimal_commitment`
    is inserted, so a curve on this grid has its minimum exactly there.

    >>> commitment_grid([10, 10, 10, 0], 0.5, points=3).tolist()   # 0, 2.5, 5 (optimum 5)
    [0.0, 2.5, 5.0]
    """
    spend = hourly_array("eligible_spend", eligible_spend)
    d = check_number("discount", discount, low=0, high=0.999999)
    n = check_int("points", points, low=2, high=100_000)
    upper = float(spend.max() * (1.0 - d)) if top is None else check_number("top", top, low=0)
    best = discounts.optimal_commitment(spend, d)
    return np.unique(np.concatenate((np.linspace(0.0, upper, n), [best])))


def hourly_split(eligible_spend: object, commitment: float, discount: float,
                 other_spend: object = None) -> dict[str, np.ndarray]:
    """Split every hour's spend into what the plan covers, what overflows, and what is lost.

    All values are On-Demand-equivalent $/h, ready to stack in a chart:

    * ``covered``: usage paid for by the commitment;
    * ``overflow``: eligible usage above the commitment, billed On-Demand;
    * ``other``: usage the plan cannot cover, billed On-Demand;
    * ``unused``: the part of the commitment no usage consumed (lost);
    * ``capacity``: ``commitment / (1 - discount)``, the same in every hour.

    >>> split = hourly_split([4.0, 1.0], commitment=1.0, discount=0.5)
    >>> split["covered"].tolist(), split["overflow"].tolist(), split["unused"].tolist()
    ([2.0, 1.0], [2.0, 0.0], [0.0, 1.0])
    """
    spend = hourly_array("eligible_spend", eligible_spend)
    c = check_number("commitment", commitment, low=0)
    d = check_number("discount", discount, low=0, high=0.999999)
    other = _other(other_spend, len(spend))
    capacity = c / (1.0 - d)
    covered = np.minimum(spend, capacity)
    return {"covered": covered, "overflow": spend - covered, "other": other,
            "unused": capacity - covered, "capacity": np.full(len(spend), capacity)}


def _check_column(name: str, value: object) -> str:
    if not isinstance(value, str) or not _COLUMN.match(value):
        raise CourseInputError(text(MESSAGES, "column", name=name, value=value))
    return value


def migrate(od_spend: object, share: float, start_hour: int, to: str = "fargate/-/us-east-1",
            source: str = EXAMPLE_SOURCE) -> dict[str, np.ndarray]:
    """Move a share of the usage from ``source`` to ``to`` from ``start_hour`` on.

    Returns spend columns ``'service/family/region'`` for
    :func:`course.pricing.discounts.eligible_spend`. The moved usage keeps its On-Demand
    dollar value (a simplification: on Fargate or Lambda the same work is priced differently).

    >>> cols = migrate([10.0, 10.0, 10.0], share=0.4, start_hour=1)
    >>> cols["ec2/m5/us-east-1"].tolist(), cols["fargate/-/us-east-1"].tolist()
    ([10.0, 6.0, 6.0], [0.0, 4.0, 4.0])
    """
    spend = hourly_array("od_spend", od_spend)
    part = check_number("share", share, low=0, high=1)
    hours = len(spend)
    start = check_number("start_hour", start_hour)
    if not float(start).is_integer() or not 0 <= start <= hours:
        raise CourseInputError(text(MESSAGES, "start_hour", value=start_hour, last=hours))
    to = _check_column("to", to)
    source = _check_column("source", source)
    if to == source:
        raise CourseInputError(text(MESSAGES, "same_column", to=to, source=source))
    moved = np.where(np.arange(hours) >= int(start), spend * part, 0.0)
    return {source: spend - moved, to: moved}


def plan_outcome(spend_columns: object, plan: str, commitment: float, discount: float,
                 family: str = "m5", region: str = "us-east-1") -> dict[str, float]:
    """Return the year's cost, coverage and utilisation of one plan on spend columns.

    The plan covers :func:`course.pricing.discounts.eligible_spend` of the columns (an
    EC2 Instance Savings Plan: ``family`` in ``region`` only); everything else is On-Demand.

    >>> cols = {"ec2/m5/us-east-1": [4.0, 0.0], "fargate/-/us-east-1": [0.0, 4.0]}
    >>> plan_outcome(cols, "ec2_instance", 1.0, 0.5)["total_cost"]   # 2 x 1 + 2 + 4 On-Demand
    8.0
    >>> plan_outcome(cols, "compute", 1.0, 0.5)["total_cost"]        # 2 x 1 + 2 + 2
    6.0
    """
    plan = check_choice("plan", plan, PLANS)
    everything = discounts.eligible_spend(spend_columns, "compute")   # every column
    eligible = discounts.eligible_spend(spend_columns, plan, family=family, region=region)
    other = np.maximum(everything - eligible, 0.0)           # clip rounding noise
    curve = commitment_curve(eligible, discount, [commitment], other_spend=other)
    return {key: float(values[0]) for key, values in curve.items()} | {
        "eligible_spend": float(eligible.sum()), "all_spend": float(everything.sum())}


def migration_scenarios(od_spend: object, shares: tuple[float, ...] = (0.0, 0.4),
                        destinations: tuple[str, ...] = ("fargate/-/us-east-1",
                                                         "ec2/m6i/us-east-1"),
                        start_hour: int = MID_YEAR_HOUR, term_years: int = 1,
                        payment: str = "partial_upfront") -> pd.DataFrame:
    """Compare no plan, a Compute SP and an EC2 Instance SP (m5, us-east-1) when usage moves.

    Each plan is bought on day one with the commitment that would be optimal if nothing
    moved (:func:`course.pricing.discounts.optimal_commitment` with its own discount). Then
    ``share`` of the m5 usage moves to each destination at ``start_hour``. One row per
    (destination, share, plan).

    >>> spend = [10.0] * 48
    >>> table = migration_scenarios(spend, shares=(0.5,), destinations=("lambda/-/us-east-1",),
    ...                             start_hour=24)
    >>> table.set_index("plan")["utilisation"].round(2).to_dict()
    {'none': nan, 'compute': 1.0, 'ec2_instance': 0.75}
    """
    import pandas as pd

    spend = hourly_array("od_spend", od_spend)
    rows = []
    terms = {plan: plan_terms(plan, term_years, payment) for plan in PLANS}
    bought = {plan: discounts.optimal_commitment(spend, t["discount"]) for plan, t in terms.items()}
    for to in destinations:
        for share in shares:
            columns = migrate(spend, share, start_hour, to=to)
            for plan in ("none", *PLANS):
                if plan == "none":
                    out = plan_outcome(columns, "compute", 0.0, 0.0)
                    commitment = 0.0
                else:
                    commitment = bought[plan]
                    out = plan_outcome(columns, plan, commitment, terms[plan]["discount"])
                rows.append({"moved_to": to, "moved_share": float(share), "plan": plan,
                             "commitment": commitment, "coverage": out["coverage"],
                             "utilisation": out["utilisation"], "total_cost": out["total_cost"],
                             "savings": out["savings"]})
    return pd.DataFrame(rows)
