"""Analytic Spot model: expected runtime and cost of a job under random interruptions.

Interruptions arrive as a Poisson process with constant ``hazard_per_hour`` (lambda). An
interruption loses the work done since the last checkpoint; each restart adds a fixed,
billed ``restart_overhead_hours`` (new instance, image pull), which is not itself
interrupted. For a stretch of ``s`` hours that must finish without interruption the
expected wall time is ``(1/lambda + R) * (exp(lambda*s) - 1)`` and the expected number of
interruptions is ``exp(lambda*s) - 1`` (the classic restart model; see Daly 2006).

With checkpoints every ``tau`` hours of work, each costing ``C`` hours, the job is
``ceil(W/tau)`` stretches: all but the last are ``tau + C`` long, the last is the rest of
the work. The two-minute interruption notice is not used (a conservative assumption).

>>> round(expected_runtime(1.0, 0.0), 6)            # no interruptions: just the work
1.0
>>> round(expected_runtime(10.0, 0.1), 4)           # (e^1 - 1) / 0.1, restart from scratch
17.1828
"""

from __future__ import annotations

import math

from course.errors import CourseInputError
from course.i18n import text
from course.pricing import catalog
from course.pricing._validate import check_choice, check_number

MESSAGES = {
    "en": {
        "interval_needs_hazard": (
            "hazard_per_hour must be greater than 0 to choose a checkpoint interval "
            "(with no interruptions, never checkpoint)."
        ),
        "overhead_too_big": (
            "checkpoint_overhead_hours={overhead} is at least twice the mean time between "
            "interruptions ({mtbi:.4g} h); Daly's formula then says: checkpoint every {mtbi:.4g} h."
        ),
    }
}

METHODS: tuple[str, ...] = ("young", "daly", "exact")
HOURS_PER_MONTH = 730.0


def hazard_from_monthly_rate(rate: float, hours_per_month: float = HOURS_PER_MONTH) -> float:
    """Convert a monthly interruption probability into a constant hazard per hour.

    ``lambda = -ln(1 - rate) / hours_per_month``; e.g. the Spot Advisor bucket "<5%"
    (midpoint 0.025 per month) gives about 3.5e-5 interruptions per hour.

    >>> round(hazard_from_monthly_rate(0.22), 7)   # -ln(0.78) / 730
    0.0003404
    """
    p = check_number("rate", rate, low=0, high=0.999999)
    hours = check_number("hours_per_month", hours_per_month, low=1e-9)
    return -math.log1p(-p) / hours


def _stretch(hazard: float, length: float, restart: float) -> tuple[float, float]:
    """Expected wall time and interruptions for ``length`` hours that must run unbroken."""
    if hazard == 0.0:
        return length, 0.0
    failures = math.expm1(hazard * length)
    return (1.0 / hazard + restart) * failures, failures


def _segments(work: float, interval: float | None) -> tuple[int, float, float]:
    """Return (number of checkpointed stretches, their work length, last stretch work)."""
    if interval is None or interval >= work:
        return 0, 0.0, work
    count = math.ceil(work / interval - 1e-12)
    return count - 1, interval, work - (count - 1) * interval


def _check(work_hours: float, hazard_per_hour: float, checkpoint_interval_hours: float | None,
           checkpoint_overhead_hours: float, restart_overhead_hours: float
           ) -> tuple[float, float, float | None, float, float]:
    work = check_number("work_hours", work_hours, low=0)
    hazard = check_number("hazard_per_hour", hazard_per_hour, low=0)
    interval = None
    if checkpoint_interval_hours is not None:
        interval = check_number("checkpoint_interval_hours", checkpoint_interval_hours,
                                low=1e-9)
    overhead = check_number("checkpoint_overhead_hours", checkpoint_overhead_hours, low=0)
    restart = check_number("restart_overhead_hours", restart_overhead_hours, low=0)
    return work, hazard, interval, overhead, restart


def expected_runtime(work_hours: float, hazard_per_hour: float,
                     checkpoint_interval_hours: float | None = None,
                     checkpoint_overhead_hours: float = 0.0,
                     restart_overhead_hours: float = 0.0) -> float:
    """Return the expected wall-clock hours (makespan) to finish ``work_hours`` of work.

    ``checkpoint_interval_hours=None`` means no checkpoints: every interruption restarts
    the job from the beginning.

    >>> round(expected_runtime(10.0, 0.1, checkpoint_interval_hours=5.0), 4)  # 2*(e^0.5-1)/0.1
    12.9744
    """
    return spot_job(work_hours, hazard_per_hour, 0.0, checkpoint_interval_hours,
                    checkpoint_overhead_hours, restart_overhead_hours)["expected_hours"]


def spot_job(work_hours: float, hazard_per_hour: float, price_per_hour: float,
             checkpoint_interval_hours: float | None = None,
             checkpoint_overhead_hours: float = 0.0,
             restart_overhead_hours: float = 0.0) -> dict[str, float]:
    """Return expected makespan, cost and rework of one job on an interruptible instance.

    Keys: ``expected_hours`` (makespan), ``expected_cost`` (= hours x price),
    ``expected_interruptions``, ``checkpoint_hours`` (time spent writing checkpoints),
    ``lost_hours`` (rework and restarts), ``failure_free_cost`` (work x price) and
    ``extra_cost`` (what interruptions and checkpoints add).

    >>> out = spot_job(2.0, 0.0, 0.04)     # no interruptions: 2 h x 0.04 $/h
    >>> out["expected_cost"], out["extra_cost"]
    (0.08, 0.0)
    """
    work, hazard, interval, overhead, restart = _check(
        work_hours, hazard_per_hour, checkpoint_interval_hours, checkpoint_overhead_hours,
        restart_overhead_hours)
    price = check_number("price_per_hour", price_per_hour, low=0)
    full, length, last = _segments(work, interval)
    hours_full, fails_full = _stretch(hazard, length + overhead, restart) if full else (0, 0)
    hours_last, fails_last = _stretch(hazard, last, restart)
    hours = full * hours_full + hours_last
    checkpoint_hours = full * overhead
    return {
        "expected_hours": hours,
        "expected_cost": hours * price,
        "expected_interruptions": full * fails_full + fails_last,
        "checkpoint_hours": checkpoint_hours,
        "lost_hours": hours - work - checkpoint_hours,
        "failure_free_cost": work * price,
        "extra_cost": (hours - work) * price,
    }


def _lambert_w0(x: float) -> float:
    """Principal branch of Lambert W for x in [-1/e, 0] (Halley iteration)."""
    if x <= -1.0 / math.e:
        return -1.0
    w = math.sqrt(2.0 * (1.0 + math.e * x)) - 1.0  # series start near the branch point
    for _ in range(50):
        ew = math.exp(w)
        f = w * ew - x
        step = f / (ew * (w + 1.0) - (w + 2.0) * f / (2.0 * w + 2.0))
        w -= step
        if abs(step) < 1e-15 * (1.0 + abs(w)):
            break
    return w


def optimal_checkpoint_interval(hazard_per_hour: float, checkpoint_overhead_hours: float,
                                method: str = "daly") -> float:
    """Return the checkpoint interval (hours of work between checkpoints) that minimises runtime.

    * ``"young"``: ``sqrt(2 C / lambda)`` (J. W. Young, "A first order approximation to the
      optimum checkpoint interval", Comm. ACM 17(9), 1974).
    * ``"daly"``: ``sqrt(2 C M) * (1 + sqrt(C/(2M))/3 + C/(18 M)) - C`` for ``C < 2M``, else
      ``M``, with ``M = 1/lambda`` (J. T. Daly, "A higher order estimate of the optimum
      checkpoint interval for restart dumps", Future Gener. Comput. Syst. 22(3), 2006).
    * ``"exact"``: the minimiser of this module's model per unit of work,
      ``tau = (1 + W0(-exp(-1 - lambda C))) / lambda`` (Lambert W, principal branch).

    >>> round(optimal_checkpoint_interval(0.01, 0.05, "young"), 4)   # sqrt(2*0.05/0.01)
    3.1623
    """
    hazard = check_number("hazard_per_hour", hazard_per_hour, low=0)
    overhead = check_number("checkpoint_overhead_hours", checkpoint_overhead_hours, low=0)
    method = check_choice("method", method, METHODS)
    if hazard == 0:
        raise CourseInputError(text(MESSAGES, "interval_needs_hazard"))
    mtbi = 1.0 / hazard
    if method == "young":
        return math.sqrt(2.0 * overhead * mtbi)
    if method == "daly":
        if overhead >= 2.0 * mtbi:
            return mtbi
        ratio = overhead / (2.0 * mtbi)
        return math.sqrt(2.0 * overhead * mtbi) * (1 + math.sqrt(ratio) / 3 + ratio / 9) \
            - overhead
    return (1.0 + _lambert_w0(-math.exp(-1.0 - hazard * overhead))) / hazard


def spot_job_for_instance(work_hours: float, instance_type: str, region: str = "us-east-1",
                          checkpoint_interval_hours: float | None = None,
                          checkpoint_overhead_hours: float = 0.0,
                          restart_overhead_hours: float = 0.0) -> dict[str, float]:
    """Price a job on Spot for a catalogue instance type, next to the On-Demand cost.

    The hazard comes from the type's Spot Advisor interruption bucket (monthly midpoint),
    the price from its typical Spot discount.

    >>> out = spot_job_for_instance(1.0, "c6g.xlarge")
    >>> out["on_demand_cost"], round(out["spot_price_per_hour"], 5)   # 0.136 * (1 - 0.56)
    (0.136, 0.05984)
    """
    work, *_ = _check(work_hours, 0.0, checkpoint_interval_hours, checkpoint_overhead_hours,
                      restart_overhead_hours)
    hazard = hazard_from_monthly_rate(catalog.interruption_rate_monthly(instance_type, region))
    price = catalog.spot_hourly(instance_type, region)
    out = spot_job(work, hazard, price, checkpoint_interval_hours, checkpoint_overhead_hours,
                   restart_overhead_hours)
    od = catalog.on_demand_hourly(instance_type, region)
    return {**out, "hazard_per_hour": hazard, "spot_price_per_hour": price,
            "on_demand_cost": work * od,
            "saving_vs_on_demand": work * od - out["expected_cost"]}
