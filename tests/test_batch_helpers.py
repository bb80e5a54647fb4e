"""Shared fixtures for the Batch simulator tests (fixed test prices, never teaching data)."""

from __future__ import annotations

from typing import Any

from course.batch import BatchSimulator, InstanceSpec, PriceBook

EPOCH = 1767225600000  # 2026-01-01T00:00:00Z in ms, the simulator's default start

# Made-up round prices for hand-checkable arithmetic (tests only).
BOOK = PriceBook(
    [
        InstanceSpec("m5.large", "m5", "x86_64", 2, 8192, 0.096, 0.036, 0.05),
        InstanceSpec("m5.xlarge", "m5", "x86_64", 4, 16384, 0.192, 0.072, 0.05),
        InstanceSpec("c5.large", "c5", "x86_64", 2, 4096, 0.085, 0.030, 0.20),
        InstanceSpec("r5.large", "r5", "x86_64", 2, 16384, 0.126, 0.040, 0.01),
        InstanceSpec("m6i.large", "m6i", "x86_64", 2, 8192, 0.096, 0.040, 0.05),
        InstanceSpec("c6i.large", "c6i", "x86_64", 2, 4096, 0.085, 0.034, 0.05),
        InstanceSpec("m6g.large", "m6g", "arm64", 2, 8192, 0.077, 0.030, 0.05),
    ],
    fargate={("x86_64", False): (0.04048, 0.004445), ("x86_64", True): (0.0129, 0.0014)},
)

FAST = {"scheduler_s": 0, "instance_boot_s": 60, "container_start_s": 0,
        "fargate_start_s": 0, "scale_down_idle_s": 300}


def make_sim(**kw: Any) -> BatchSimulator:
    """A simulator with the test price book and round timings."""
    kw.setdefault("price_book", BOOK)
    kw.setdefault("timing", FAST)
    return BatchSimulator(**kw)


def add_ce(sim: BatchSimulator, name: str = "ce", kind: str = "EC2", max_vcpus: int = 16,
           types: list[str] | None = None, strategy: str | None = None,
           min_vcpus: int | None = None) -> str:
    """Create a managed compute environment; returns its name."""
    cr: dict[str, Any] = {"type": kind, "maxvCpus": max_vcpus, "subnets": ["subnet-1"]}
    if kind in ("EC2", "SPOT"):
        cr["instanceTypes"] = types or ["m5.large"]
        cr["instanceRole"] = "ecsInstanceRole"
        if strategy:
            cr["allocationStrategy"] = strategy
        if kind == "SPOT":
            cr["spotIamFleetRole"] = "arn:aws:iam::123456789012:role/spotfleet"
        if min_vcpus is not None:
            cr["minvCpus"] = min_vcpus
    sim.create_compute_environment(computeEnvironmentName=name, type="MANAGED",
                                   computeResources=cr)
    return name


def add_queue(sim: BatchSimulator, name: str = "q", ces: tuple[str, ...] = ("ce",),
              priority: int = 1, policy: str | None = None) -> str:
    """Create a job queue over ``ces`` in order."""
    kw: dict[str, Any] = {}
    if policy:
        kw["schedulingPolicyArn"] = policy
    sim.create_job_queue(jobQueueName=name, priority=priority, state="ENABLED",
                         computeEnvironmentOrder=[{"order": i + 1, "computeEnvironment": c}
                                                  for i, c in enumerate(ces)], **kw)
    return name


def add_jobdef(sim: BatchSimulator, name: str = "jd", vcpu: str = "1", mem: str = "2048",
               platform: str = "EC2", **kw: Any) -> str:
    """Register a container job definition."""
    sim.register_job_definition(
        jobDefinitionName=name, type="container", platformCapabilities=[platform],
        containerProperties={"image": "busybox", "resourceRequirements": [
            {"type": "VCPU", "value": vcpu}, {"type": "MEMORY", "value": mem}]}, **kw)
    return name


def basic(sim: BatchSimulator | None = None, **ce_kw: Any) -> BatchSimulator:
    """Simulator with compute environment ``ce``, queue ``q`` and job definition ``jd``."""
    sim = sim or make_sim()
    add_ce(sim, **ce_kw)
    add_queue(sim)
    add_jobdef(sim)
    return sim


def submit(sim: BatchSimulator, duration: int = 300, exit_code: str = "0", **kw: Any) -> str:
    """Submit a job to ``q`` with ``jd``; returns the job ID."""
    kw.setdefault("jobName", "job")
    kw.setdefault("jobQueue", "q")
    kw.setdefault("jobDefinition", "jd")
    params = {"duration": str(duration), "exitCode": exit_code, **kw.pop("parameters", {})}
    return sim.submit_job(parameters=params, **kw)["jobId"]


def describe(sim: BatchSimulator, job_id: str) -> dict[str, Any]:
    """describe_jobs for one job."""
    return sim.describe_jobs(jobs=[job_id])["jobs"][0]


def status(sim: BatchSimulator, job_id: str) -> str:
    """Current status of one job."""
    return describe(sim, job_id)["status"]
