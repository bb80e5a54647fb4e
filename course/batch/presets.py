"""Named settings of the simulator: instance-type presets and timing assumptions.

The instance-type presets follow the AWS Batch API reference (see
/work/shared/aws-facts.md §1.2). The timings are *teaching assumptions*, not AWS
figures: AWS publishes no fixed start-up or scale-down times, so every timing is a
constructor argument of :class:`course.batch.BatchSimulator`.

>>> PRESET_FAMILIES["default_arm64"]
('m6g', 'c6g', 'r6g', 'c7g')
"""

from __future__ import annotations

from dataclasses import dataclass

#: Families behind the ``instanceTypes`` presets. Since 2025-11-01 ``optimal`` behaves
#: like ``default_x86_64`` (AWS Batch API reference, ComputeResource.instanceTypes).
PRESET_FAMILIES: dict[str, tuple[str, ...]] = {
    "default_x86_64": ("m6i", "c6i", "r6i", "c7i"),
    "default_arm64": ("m6g", "c6g", "r6g", "c7g"),
    "optimal": ("m6i", "c6i", "r6i", "c7i"),
}

#: ``optimal`` before 2025-11-01, for lessons that show the change.
OPTIMAL_BEFORE_2025_11 = ("c4", "m4", "r4", "c5", "m5", "r5")

#: Monthly interruption fraction used for each Spot Instance Advisor bucket when the
#: catalogue gives only the bucket: the middle of the bucket (">20%" -> 0.25).
BUCKET_MONTHLY_RATE: dict[str, float] = {
    "<5%": 0.025,
    "5-10%": 0.075,
    "10-15%": 0.125,
    "15-20%": 0.175,
    ">20%": 0.25,
}

SPOT_NOTICE_S = 120  # two-minute interruption notice (EC2 and Fargate Spot)
HOURS_PER_MONTH = 730.0
FARGATE_VCPUS = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


@dataclass(frozen=True)
class Timing:
    """Delays the simulator uses (seconds). Teaching assumptions; change them freely.

    >>> Timing().instance_boot_s
    90.0
    """

    scheduler_s: float = 1.0  #: SUBMITTED -> PENDING/RUNNABLE evaluation delay
    instance_boot_s: float = 90.0  #: EC2 launch until the instance accepts jobs
    container_start_s: float = 10.0  #: STARTING (image pull) on EC2 before RUNNING
    fargate_start_s: float = 40.0  #: STARTING on Fargate (task provisioning + pull)
    scale_down_idle_s: float = 300.0  #: idle time before Batch terminates an instance
