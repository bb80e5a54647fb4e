"""AWS Batch in simulated time, behind real boto3 call shapes.

A lesson writes the calls it would write against AWS, then lets simulated time pass::

    from course.batch import make_client
    from course.plots.timeline import plot_timeline

    batch = make_client(seed=42, spot_interruptions_per_hour=0.5)  # "moto" / "aws" too
    batch.create_compute_environment(
        computeEnvironmentName="spot", type="MANAGED",
        computeResources={"type": "SPOT", "allocationStrategy": "SPOT_PRICE_CAPACITY_OPTIMIZED",
                          "maxvCpus": 64, "instanceTypes": ["optimal"],
                          "subnets": ["subnet-1"], "instanceRole": "ecsInstanceRole"})
    batch.create_job_queue(jobQueueName="q", state="ENABLED", priority=1,
                           computeEnvironmentOrder=[{"order": 1, "computeEnvironment": "spot"}])
    batch.register_job_definition(
        jobDefinitionName="render", type="container",
        containerProperties={"image": "render:1", "resourceRequirements": [
            {"type": "VCPU", "value": "2"}, {"type": "MEMORY", "value": "4096"}]})
    job = batch.submit_job(
        jobName="frames", jobQueue="q", jobDefinition="render",
        arrayProperties={"size": 1000}, parameters={"duration": "600", "checkpointSeconds": "60"},
        retryStrategy={"attempts": 3, "evaluateOnExit": [
            {"onStatusReason": "Host EC2*", "action": "RETRY"},
            {"onReason": "*", "action": "EXIT"}]})
    batch.run_until_idle()                      # or batch.advance(600) to watch states
    batch.describe_jobs(jobs=[job["jobId"]])    # boto3-shaped dicts
    batch.summary(); batch.attempts_frame()     # makespan, cost, retries, lost work
    plot_timeline(batch)                        # Gantt of jobs on instances

>>> from course.batch import make_client
>>> callable(make_client)
True

Public names: :func:`make_client`, :class:`BatchSimulator`, :class:`PriceBook`,
:class:`InstanceSpec`, :class:`Timing`. They are imported lazily so that
``import course.batch`` stays fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BatchSimulator", "InstanceSpec", "PriceBook", "Timing", "make_client"]

_WHERE = {
    "BatchSimulator": "course.batch.client",
    "InstanceSpec": "course.batch.prices",
    "PriceBook": "course.batch.prices",
    "Timing": "course.batch.presets",
    "make_client": "course.batch.factory",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'course.batch' has no attribute {name!r}")
