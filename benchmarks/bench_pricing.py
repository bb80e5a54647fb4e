"""Time the pricing calculators on a one-year hourly profile (8,760 hours).

Run: ``.venv/bin/python benchmarks/bench_pricing.py``. Prints one line per calculator with
the median time of several calls in milliseconds (target: <= 10 ms each).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import numpy as np

from course.pricing import catalog, discounts, profiles, services, spot

TARGET_MS = 10.0


def _time(func: Callable[[], object], repeat: int = 30) -> float:
    func()  # warm caches (data files are read once)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def main() -> None:
    usage = profiles.hourly_profile(seed=1)                # 8,760 hourly values
    spend = profiles.to_spend(usage, catalog.on_demand_hourly("m5.large"))
    values = spend.to_numpy()
    drift = {"m5.large": np.where(np.arange(8760) < 4380, usage, 0.0),
             "m6i.large": np.where(np.arange(8760) >= 4380, usage, 0.0)}
    mixed = {"ec2/m5/us-east-1": values * 0.6, "fargate/-/us-east-1": values * 0.3,
             "lambda/-/us-east-1": values * 0.1}
    rng = np.random.default_rng(0)
    runs = rng.uniform(1, 7200, size=8760)
    cases: dict[str, Callable[[], object]] = {
        "on_demand_cost (8760 h)": lambda: discounts.on_demand_cost(usage, 0.096),
        "run_cost per-second (8760 runs)": lambda: discounts.run_cost(runs, 0.096),
        "savings_plan_cost (8760 h)": lambda: discounts.savings_plan_cost(values, 0.3, 0.28),
        "optimal_commitment (8760 h)": lambda: discounts.optimal_commitment(spend, 0.28),
        "apply_reserved_instances (2 types x 8760 h)":
            lambda: discounts.apply_reserved_instances(drift, "m5.large", 3, 0.0635),
        "compare_savings_plans (3 columns x 8760 h)":
            lambda: discounts.compare_savings_plans(mixed, 0.3, 0.2, 0.3, "m5"),
        "reserved_instance lookup": lambda: discounts.reserved_instance("m5.large"),
        "spot_job (checkpointed)": lambda: spot.spot_job(24.0, 0.01, 0.04, 2.0, 0.05, 0.1),
        "spot_job_for_instance": lambda: spot.spot_job_for_instance(24.0, "c6g.xlarge"),
        "optimal_checkpoint_interval (exact)":
            lambda: spot.optimal_checkpoint_interval(0.01, 0.05, "exact"),
        "fargate_task_cost (8760 tasks)": lambda: services.fargate_task_cost(1, 2, runs),
        "fargate_ec2_break_even": lambda: services.fargate_ec2_break_even("c5.xlarge", "us-east-1",
                                                                          1, 2),
        "lambda_cost": lambda: services.lambda_cost(3e6, 120, 512),
        "compare_lambda_fargate_batch (100 jobs)":
            lambda: services.compare_lambda_fargate_batch(60, 2048, 100),
        "athena_query_cost (8760 queries)": lambda: services.athena_query_cost(runs * 2**20),
        "glue_job_cost (8760 runs)": lambda: services.glue_job_cost(10, runs),
        "emr_cluster_cost": lambda: services.emr_cluster_cost("m5.xlarge", 5, 3.0),
        "step_functions_express_cost": lambda: services.step_functions_express_cost(1e6, 250, 64),
        "hourly_profile (1 year)": lambda: profiles.hourly_profile(seed=1),
        "catalog.instance lookup": lambda: catalog.instance("m5.large"),
    }
    print(f"{'calculator':48s} {'ms':>8s}  (target <= {TARGET_MS:g} ms)")
    for name, func in cases.items():
        ms = _time(func)
        flag = "" if ms <= TARGET_MS else "  SLOW"
        print(f"{name:48s} {ms:8.3f}{flag}")


if __name__ == "__main__":
    main()
