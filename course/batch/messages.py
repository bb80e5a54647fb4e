"""Every text a learner reads from the Batch simulator, in one catalogue.

AWS-style error messages mimic AWS and stay in English; course explanations can be
translated for the planned Japanese edition.

>>> from course.i18n import text
>>> text(MESSAGES, "queue_missing", queue="q")
'Job queue q does not exist'
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # --- AWS-style ClientException messages --------------------------------------
        "exists": "Object already exists",
        "bad_name": (
            "{what} name {name!r} is not valid: up to 128 letters (uppercase and lowercase), "
            "numbers, hyphens and underscores are allowed, starting with a letter or number"
        ),
        "ce_name_short": "{what} name {name!r} is too short",
        "bad_enum": "{field} {value!r} is not valid. Valid values: {allowed}",
        "ce_missing": "Compute environment {ce} does not exist",
        "queue_missing": "Job queue {queue} does not exist",
        "jobdef_missing": "Job definition {jobdef} does not exist",
        "jobdef_inactive": "Job definition {jobdef} is INACTIVE",
        "policy_missing": "Scheduling policy {policy} does not exist",
        "job_missing": "Job {job} not found",
        "managed_needs_resources": "computeResources must be specified for a MANAGED compute environment",
        "required_for": "{field} is required for compute resources of type {kind}",
        "not_for_fargate": "{field} is not supported for Fargate compute resources",
        "spot_strategy_needs_spot": "Allocation strategy {strategy} is only valid for SPOT compute resources",
        "bad_instance_type": "Instance type {itype} is not supported",
        "vcpu_range": "minvCpus ({low}) must be <= desiredvCpus ({desired}) <= maxvCpus ({high}), all >= 0",
        "best_fit_update": "BEST_FIT allocation strategy cannot be used when updating a compute environment",
        "priority_range": "priority must be between 0 and 1000, got {value}",
        "order_count": "computeEnvironmentOrder must have 1 to 3 compute environments, got {count}",
        "order_duplicate": "computeEnvironmentOrder has duplicate order values or compute environments",
        "order_mix": (
            "Job queue cannot mix EC2/SPOT compute environments with FARGATE/FARGATE_SPOT "
            "compute environments"
        ),
        "order_arch": "All compute environments in a job queue must use the same CPU architecture",
        "queue_disabled": "Job queue {queue} is DISABLED and cannot accept new jobs",
        "array_size": "Array job size must be between 2 and 10000, got {size}",
        "depends_count": "A job can depend on at most 20 jobs, got {count}",
        "depends_type": "dependsOn type {value!r} is not valid. Valid values: N_TO_N, SEQUENTIAL",
        "depends_seq": "SEQUENTIAL dependency is only valid for an array job and takes no jobId",
        "depends_job": "dependsOn needs a jobId unless type is SEQUENTIAL",
        "depends_n_to_n": (
            "N_TO_N dependency needs array jobs of the same size: this job has size {mine}, "
            "job {job} has size {other}"
        ),
        "attempts_range": "retryStrategy attempts must be between 1 and 10, got {value}",
        "eval_count": "retryStrategy evaluateOnExit can have at most 5 entries, got {count}",
        "eval_action": "evaluateOnExit action must be RETRY or EXIT, got {value!r}",
        "eval_empty": "evaluateOnExit entry needs onStatusReason, onReason or onExitCode",
        "pattern_chars": "Error executing request, Exception : {field} contains restricted characters",
        "pattern_long": "{field} pattern can be at most 512 characters",
        "timeout_min": "timeout attemptDurationSeconds must be at least 60, got {value}",
        "jobdef_type": "Job definition type {value!r} is not valid. Valid values: container, multinode",
        "container_missing": "containerProperties must be given for a container job definition",
        "image_missing": "containerProperties.image is required",
        "resource_value": "resourceRequirements {rtype} value {value!r} is not valid",
        "resource_missing": "The job must declare {rtype} (resourceRequirements or {legacy})",
        "platform": "platformCapabilities {value!r} is not valid. Valid values: EC2, FARGATE",
        "platform_mismatch": (
            "Job definition {jobdef} has platform {platform}, but job queue {queue} uses "
            "{kind} compute environments"
        ),
        "fargate_vcpu": "Fargate VCPU must be one of 0.25, 0.5, 1, 2, 4, 8, 16; got {value}",
        "share_required": (
            "Job queue {queue} has a fair-share scheduling policy: shareIdentifier is required"
        ),
        "share_forbidden": (
            "Job queue {queue} has no scheduling policy: shareIdentifier is not allowed"
        ),
        "sched_priority": "schedulingPriority must be between 0 and 9999, got {value}",
        "describe_limit": "describe_jobs accepts up to 100 job IDs, got {count}",
        "list_one_of": "Specify exactly one of jobQueue, arrayJobId or multiNodeJobId",
        "max_results": "maxResults must be between 1 and {high}, got {value}",
        "next_token": "nextToken {value!r} is not valid",
        "weight_range": "weightFactor must be between 0.0001 and 999.9999, got {value}",
        "share_pattern": "shareIdentifier {value!r} is not valid",
        "share_count": "shareDistribution can have at most 500 entries, got {count}",
        "reservation": "computeReservation must be between 0 and 99, got {value}",
        "decay": "shareDecaySeconds must be between 0 and 604800, got {value}",
        "filter": "Filter {value!r} is not valid. Valid values: JOB_NAME, JOB_DEFINITION, "
        "BEFORE_CREATED_AT, AFTER_CREATED_AT",
        "queue_policy_add": (
            "Job queue {queue} is a FIFO queue (no scheduling policy) and can't have a "
            "fair-share scheduling policy added"
        ),
        # --- Status reasons (AWS wording) --------------------------------------------
        "reason_exit": "Essential container in task exited",
        "reason_timeout": "Job attempt duration exceeded timeout",
        "reason_dependency": "Dependent Job failed",
        "reason_host": "Host EC2 (instance {instance}) terminated.",
        "reason_fargate_spot": "Your Spot Task was interrupted.",
        "reason_array_child": "Array Child Job failed",
        "reason_misconfig": (
            "MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement "
            "(vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue."
        ),
        # --- Course (non-AWS) messages -----------------------------------------------
        "not_modelled": (
            "{feature} is valid on AWS but not modelled by the course simulator. {hint}"
        ),
        "positional": "{method}() only accepts keyword arguments.",
        "no_duration": (
            "The simulator needs to know how long job {job!r} runs: pass "
            "parameters={{'duration': '300'}} (seconds) in submit_job or the job definition, "
            "or register a work model with sim.set_work_model(fn)."
        ),
        "bad_param": "Job parameter {name}={value!r} must be {what}.",
        "work_result": (
            "The work model must return (duration_seconds >= 0, exit_code int), got {value!r}"
        ),
        "not_callable": "{name} must be callable, got {value!r}",
        "mode_aws": (
            "mode='aws' talks to real AWS and can cost money: pass allow_real_aws=True to opt in."
        ),
        "price_missing": (
            "No price data for instance type {itype!r}. Pass a PriceBook that has it, "
            "or choose another type."
        ),
        "catalog_missing": (
            "The price catalogue course.pricing.catalog is not available yet; pass "
            "price_book=PriceBook(...) explicitly."
        ),
        "bad_mapping": "{name} must be a mapping of {what}, got {value!r}",
        "bad_value": "{name} must be {what}, got {value!r}",
        "moto_missing": "mode='moto' needs the 'moto' package (pip install 'moto[batch]').",
    }
}
