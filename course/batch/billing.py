"""Billing rules of the simulated resources.

* EC2 (On-Demand and Spot, Linux): per second with a 60-second minimum, at the
  On-Demand price or the (discounted) Spot price of the catalogue.
* Fargate and Fargate Spot: per vCPU-second and GB-second, 1-minute minimum, from the
  start of the image pull (STARTING) until the task stops.
* AWS Batch itself adds no charge.

>>> round(billed_cost(0.096, 0, 360_000), 6)  # 360 s of a $0.096/h instance
0.0096
>>> round(billed_cost(0.096, 0, 10_000), 6)   # 10 s is billed as 60 s
0.0016
"""

from __future__ import annotations

import math

MINIMUM_S = 60


def billed_seconds(start_ms: int, stop_ms: int, minimum_s: int = MINIMUM_S) -> int:
    """Whole seconds billed for a resource running from ``start_ms`` to ``stop_ms``.

    >>> billed_seconds(0, 61_200)
    62
    """
    return max(minimum_s, math.ceil(max(0, stop_ms - start_ms) / 1000))


def billed_cost(hourly: float, start_ms: int, stop_ms: int,
                minimum_s: int = MINIMUM_S) -> float:
    """USD for a resource billed per second at ``hourly`` USD per hour.

    >>> billed_cost(3.6, 0, 1000)  # 60 s minimum at $0.001/s
    0.06
    """
    return billed_seconds(start_ms, stop_ms, minimum_s) * hourly / 3600.0


def fargate_hourly(vcpu: float, memory_mib: int, vcpu_hour: float, gb_hour: float) -> float:
    """Hourly price of one Fargate task of ``vcpu`` vCPU and ``memory_mib`` MiB.

    >>> round(fargate_hourly(1, 2048, 0.04048, 0.004445), 6)
    0.04937
    """
    return vcpu * vcpu_hour + memory_mib / 1024 * gb_hour
