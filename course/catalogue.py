"""A catalogue of AWS batch services: what each is for, and the limits that decide fit.

Every limit is a *fact* with its value, unit, source URL, the date it was read (``as_of``)
and a confidence tag (``OFFICIAL``, ``AWS-REPO``, ``SECONDARY``, ``UNVERIFIED``; see
``course/data/README.md``). Facts already kept elsewhere in ``course`` are imported, not
retyped: Lambda limits from :data:`course.serverless.LIMITS`, Fargate task sizes from
:data:`course.containers.FARGATE_SIZES`, the Express workflow limit from
:data:`course.workflows.EXPRESS_MAX_MS`. Prices are not kept here: they live in
:mod:`course.pricing`.

>>> fact_value("lambda.timeout_seconds")
900
>>> print(cite("batch.array_size_max"))  # doctest: +NORMALIZE_WHITESPACE
10,000 child jobs: largest array job [OFFICIAL,
https://docs.aws.amazon.com/batch/latest/userguide/array_jobs.html, as of 2026-11-29]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course.containers import FARGATE_SIZES, SIZES_SOURCE
from course.errors import check_choice
from course.i18n import text
from course.serverless import LIMITS as LAMBDA_LIMITS
from course.workflows import EXPRESS_MAX_MS

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

READ_ON = "2026-11-29"

MESSAGES = {
    "en": {
        "cite": "{value} {unit}: {what} [{confidence}, {source}, as of {as_of}]",
        "short": "{what}: {value} {unit}",
        # service names, sweet spots and pricing models (the lesson's map of options)
        "name.batch": "AWS Batch",
        "name.ec2_asg": "Amazon EC2 + Auto Scaling",
        "name.fargate": "Amazon ECS on AWS Fargate",
        "name.lambda": "AWS Lambda (+ EventBridge Scheduler)",
        "name.step_functions": "AWS Step Functions",
        "name.emr": "Amazon EMR",
        "name.glue": "AWS Glue",
        "name.athena": "Amazon Athena (+ S3)",
        "name.data_pipeline": "AWS Data Pipeline",
        "role.batch": "mainstream: serious batch and HPC",
        "role.ec2_asg": "do it yourself",
        "role.fargate": "containers without servers",
        "role.lambda": "lightweight",
        "role.step_functions": "workflow",
        "role.emr": "data analytics",
        "role.glue": "data analytics",
        "role.athena": "data analytics",
        "role.data_pipeline": "legacy (closed to new customers)",
        "sweet.batch": "many containerised jobs of any length: queues, retries, array jobs, Spot",
        "sweet.ec2_asg": "scripts on instances you manage, when you need full control",
        "sweet.fargate": "one or a few container tasks on a schedule, no cluster to run",
        "sweet.lambda": "short, stateless tasks fanned out in parallel, triggered by schedules or S3",
        "sweet.step_functions": "several steps in order, with retries, branches and waits",
        "sweet.emr": "big Spark/Hadoop jobs where you tune the cluster (or EMR Serverless)",
        "sweet.glue": "serverless Spark or Python ETL: transform files and tables",
        "sweet.athena": "SQL over files already in S3, paid per data scanned",
        "sweet.data_pipeline": "existing pipelines only; move to Glue, Step Functions or MWAA",
        "price.batch": "no Batch fee; you pay the EC2, Spot or Fargate it runs on",
        "price.ec2_asg": "per instance-second (60 s minimum); Spot up to 90% off",
        "price.fargate": "per vCPU-second and GB-second (1-minute minimum); Fargate Spot",
        "price.lambda": "per request + per GB-second of memory × duration (1 ms steps)",
        "price.step_functions": "Standard: per state transition; Express: per request + GB-second",
        "price.emr": "EC2 price + EMR fee per instance-second; Serverless per vCPU/GB-hour",
        "price.glue": "per DPU-hour (1 DPU = 4 vCPU + 16 GB), billed per second",
        "price.athena": "per TB scanned (10 MB minimum per query)",
        "price.data_pipeline": "existing customers only; AWS plans no new features",
        "lesson.batch": "03, 04",
        "lesson.ec2_asg": "05",
        "lesson.fargate": "06",
        "lesson.lambda": "07",
        "lesson.step_functions": "08",
        "lesson.emr": "09",
        "lesson.glue": "09",
        "lesson.athena": "09",
        "lesson.data_pipeline": "02 (this lesson)",
        "col.service": "service",
        "col.role": "role in the study note",
        "col.sweet_spot": "sweet spot",
        "col.limits": "limits that decide fit",
        "col.pricing": "pricing model",
        "col.lesson": "lesson",
    }
}

#: The services on the course's map, in the order the lesson shows them.
SERVICES: tuple[str, ...] = ("batch", "ec2_asg", "fargate", "lambda", "step_functions",
                             "emr", "glue", "athena", "data_pipeline")

_BATCH_ARRAY = "https://docs.aws.amazon.com/batch/latest/userguide/array_jobs.html"
_BATCH_TIMEOUT = "https://docs.aws.amazon.com/batch/latest/APIReference/API_JobTimeout.html"
_BATCH_RETRY = "https://docs.aws.amazon.com/batch/latest/userguide/job_retries.html"
_BATCH_DEPS = "https://docs.aws.amazon.com/batch/latest/userguide/job_dependencies.html"
_BATCH_MANAGED = "https://docs.aws.amazon.com/batch/latest/userguide/managed_compute_environments.html"
_SFN_TYPES = "https://docs.aws.amazon.com/step-functions/latest/dg/concepts-standard-vs-express.html"
_SFN_MAP = "https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html"
_SPOT_NOTICE = "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html"
_GLUE_DPU = "https://docs.aws.amazon.com/cdk/api/v2/docs/aws-cdk-lib.aws_glue.MaxCapacity.html"
_DATA_PIPELINE = "https://aws.amazon.com/blogs/big-data/migrate-workloads-from-aws-data-pipeline/"
_SCHEDULE = "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html"


def _fact(service: str, value: Any, unit: str, what: str, source: str,
          confidence: str = "OFFICIAL", as_of: str = READ_ON) -> dict[str, Any]:
    return {"service": service, "value": value, "unit": unit, "what": what, "source": source,
            "as_of": as_of, "confidence": confidence}


def _lambda(key: str, what: str) -> dict[str, Any]:
    row = LAMBDA_LIMITS[key]
    return _fact("lambda", row["value"], row["unit"], what, row["source"], row["confidence"],
                 row["as_of"])


_LARGEST_CPU = max(FARGATE_SIZES)

#: The limits that decide which service fits, keyed ``service.name``.
FACTS: dict[str, dict[str, Any]] = {
    "lambda.timeout_seconds": _lambda("timeout_seconds", "longest run of one invocation (15 min)"),
    "lambda.memory_max_mb": _lambda("memory_max_mb", "most memory for one function"),
    "lambda.tmp_max_mb": _lambda("tmp_max_mb", "most ephemeral storage (/tmp)"),
    "lambda.concurrency_default": _lambda("concurrency_default",
                                          "concurrent executions per Region by default"),
    "fargate.max_vcpu": _fact("fargate", _LARGEST_CPU // 1024, "vCPU", "largest Fargate task",
                              SIZES_SOURCE),
    "fargate.max_memory_gb": _fact("fargate", max(FARGATE_SIZES[_LARGEST_CPU]) // 1024, "GB",
                                   "most memory for one Fargate task", SIZES_SOURCE),
    "fargate.spot_discount_pct": _fact("fargate", 70, "%", "Fargate Spot: up to this much off",
                                       "https://aws.amazon.com/fargate/pricing/"),
    "batch.array_size_min": _fact("batch", 2, "child jobs", "smallest array job", _BATCH_ARRAY),
    "batch.array_size_max": _fact("batch", 10_000, "child jobs", "largest array job", _BATCH_ARRAY),
    "batch.timeout_min_seconds": _fact("batch", 60, "s", "shortest job timeout you can set",
                                       _BATCH_TIMEOUT),
    "batch.retry_attempts_max": _fact("batch", 10, "attempts", "most attempts per job", _BATCH_RETRY),
    "batch.depends_on_max": _fact("batch", 20, "jobs", "most jobs one job can depend on", _BATCH_DEPS),
    "ec2.spot_notice_seconds": _fact("ec2_asg", 120, "s", "warning before Spot takes an instance back",
                                     _SPOT_NOTICE),
    "ec2.spot_discount_pct": _fact("ec2_asg", 90, "%", "EC2 Spot: up to this much off On-Demand",
                                   "https://aws.amazon.com/ec2/spot/pricing/"),
    "ec2.batch_manages_asg": _fact("ec2_asg", "yes", "", "AWS Batch builds the Auto Scaling "
                                   "groups, Spot Fleets and launch templates for you", _BATCH_MANAGED),
    "schedule.min_interval_seconds": _fact("lambda", 60, "s", "most frequent EventBridge schedule "
                                           "(once a minute)", _SCHEDULE),
    "step_functions.standard_max_seconds": _fact(
        "step_functions", 365, "days", "longest Standard workflow (1 year)", _SFN_TYPES,
        "AWS-REPO"),
    "step_functions.express_max_seconds": _fact(
        "step_functions", EXPRESS_MAX_MS // 1000, "s", "longest Express workflow (5 min)", _SFN_TYPES,
        "AWS-REPO"),
    "step_functions.express_no_sync": _fact(
        "step_functions", "no", "", "Express cannot wait for a Batch job or ECS task (.sync)",
        _SFN_TYPES, "AWS-REPO"),
    "step_functions.distributed_map_children": _fact(
        "step_functions", 10_000, "child workflows", "Distributed Map: parallel children by default",
        _SFN_MAP),
    "glue.dpu_vcpu": _fact("glue", 4, "vCPU", "one DPU (with 16 GB of memory)", _GLUE_DPU),
    "glue.python_shell_min_dpu": _fact(
        "glue", 0.0625, "DPU", "smallest Python shell job",
        "https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/glue/aws.sdk.kotlin.services.glue.model/-job-run/max-capacity.html"),
    "emr.min_billing_seconds": _fact("emr", 60, "s", "minimum billed time (then per second)",
                                     "https://aws.amazon.com/emr/pricing/", "SECONDARY"),
    "athena.min_mb_per_query": _fact("athena", 10, "MB", "minimum scanned data billed per query",
                                     "https://aws.amazon.com/athena/pricing/", "SECONDARY", "2020-10-15"),
    "data_pipeline.closed_since": _fact("data_pipeline", "2024-07-25", "",
                                        "closed to new customers", _DATA_PIPELINE),
}

#: The facts the map of options shows for each service, in order.
DECIDING: dict[str, tuple[str, ...]] = {
    "batch": ("batch.array_size_max", "batch.timeout_min_seconds", "batch.retry_attempts_max"),
    "ec2_asg": ("ec2.spot_notice_seconds", "ec2.batch_manages_asg"),
    "fargate": ("fargate.max_vcpu", "fargate.max_memory_gb"),
    "lambda": ("lambda.timeout_seconds", "lambda.memory_max_mb", "lambda.tmp_max_mb"),
    "step_functions": ("step_functions.standard_max_seconds", "step_functions.express_max_seconds"),
    "emr": ("emr.min_billing_seconds",),
    "glue": ("glue.dpu_vcpu", "glue.python_shell_min_dpu"),
    "athena": ("athena.min_mb_per_query",),
    "data_pipeline": ("data_pipeline.closed_since",),
}


def fact(key: str) -> dict[str, Any]:
    """Return one fact (value, unit, what, source, as_of, confidence) as a new dict.

    >>> fact("fargate.max_memory_gb")["value"], fact("fargate.max_memory_gb")["unit"]
    (120, 'GB')
    """
    return dict(FACTS[check_choice("key", key, FACTS)])


def fact_value(key: str) -> Any:
    """Return only the value of fact ``key``.

    >>> fact_value("step_functions.express_max_seconds")
    300
    """
    return fact(key)["value"]


def _number(value: Any) -> str:
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,g}"
    return str(value)


def short(key: str) -> str:
    """Return a fact in a few words, for a table cell.

    >>> short("lambda.memory_max_mb")
    'most memory for one function: 10,240 MB'
    """
    row = fact(key)
    return text(MESSAGES, "short", value=_number(row["value"]), unit=row["unit"],
                what=row["what"]).replace("  ", " ").strip()


def cite(key: str) -> str:
    """Return a fact with its confidence, source URL and date, ready to quote.

    >>> cite("lambda.timeout_seconds").split(" [")[0]
    '900 s: longest run of one invocation (15 min)'
    """
    row = fact(key)
    return text(MESSAGES, "cite", **{**row, "value": _number(row["value"])}).replace("  ", " ").strip()


def service_name(service: str) -> str:
    """Return a service's display name.

    >>> service_name("glue")
    'AWS Glue'
    """
    return text(MESSAGES, "name." + check_choice("service", service, SERVICES))


def facts_table(service: str | None = None) -> pd.DataFrame:
    """Return the facts as a table (one row per fact), optionally for one service only.

    >>> int(facts_table("batch").loc["batch.array_size_max", "value"])
    10000
    """
    import pandas as pd

    keys = [k for k, row in FACTS.items()
            if service is None or row["service"] == check_choice("service", service, SERVICES)]
    table = pd.DataFrame.from_dict({k: FACTS[k] for k in keys}, orient="index")
    return table[["service", "value", "unit", "what", "confidence", "as_of", "source"]]


def services_table() -> pd.DataFrame:
    """Return the map of options: one row per service with its sweet spot, deciding limits,
    pricing model and the lesson that covers it.

    >>> services_table().loc["lambda", "lesson"]
    '07'
    """
    import pandas as pd

    rows = {}
    for s in SERVICES:
        rows[s] = {
            text(MESSAGES, "col.service"): service_name(s),
            text(MESSAGES, "col.role"): text(MESSAGES, "role." + s),
            text(MESSAGES, "col.sweet_spot"): text(MESSAGES, "sweet." + s),
            text(MESSAGES, "col.limits"): "; ".join(short(k) for k in DECIDING[s]),
            text(MESSAGES, "col.pricing"): text(MESSAGES, "price." + s),
            text(MESSAGES, "col.lesson"): text(MESSAGES, "lesson." + s),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
