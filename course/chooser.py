"""Choose an AWS service for a batch workload, with the reasons and the limits that rule others out.

Describe the workload (minutes per task, memory per task, number of tasks per run, runs per
day, data per run, number of steps, whether interruptions are tolerable, and what kind of
work it is); :func:`choose` returns a :class:`Choice` holding one verdict per service. The
rules are fixed and run in this order (:func:`rules_table` prints them):

1. **Hard limits.** A service whose published limit the workload exceeds is *ruled out*,
   and the verdict names the limit with its source (:mod:`course.catalogue`). AWS Data
   Pipeline is always ruled out: it is closed to new customers.
2. **SQL over files in S3** → Amazon Athena.
3. **Spark/ETL over tables or files** → AWS Glue, or Amazon EMR from
   :data:`BIG_DATA_GB` per run.
4. **A program** (a script or container):

   a. AWS Lambda if each task fits Lambda's timeout, memory and /tmp (the task's share of
      the data is staged in /tmp) and the day's work is light: under
      :data:`HEAVY_TASK_HOURS` task-hours (an ad hoc run counts once);
   b. otherwise one task per run → Amazon ECS on AWS Fargate, if it fits Fargate's largest task;
   c. otherwise → AWS Batch (array jobs, retries, EC2 or Fargate capacity).

   Fargate and Batch run on Spot capacity when interruptions are tolerable.
5. **EC2 + Auto Scaling** is never the first choice: AWS Batch builds it for you.
6. **Two or more steps** → AWS Step Functions orchestrates them: Express if the whole
   workflow (steps × minutes per task; each step's tasks run in parallel) fits in 5 minutes
   and no step waits for a Batch job or ECS task, otherwise Standard (up to 1 year).

Every other service gets a *poor fit* verdict with the rule that prefers the recommendation.
:data:`HEAVY_TASK_HOURS` and :data:`BIG_DATA_GB` are this course's rules of thumb, not AWS
limits; lesson 02 shows the prices behind them.

>>> choice = choose(task_minutes=40, memory_gb=4)
>>> choice.service, choice.capacity
('fargate', 'On-Demand')
>>> print(choice.reason("lambda"))
ruled out: each task runs 40 min, above Lambda's 900 s (15 min) timeout
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from course.catalogue import SERVICES, fact, fact_value, service_name
from course.errors import CourseInputError, check_choice, check_number, check_whole
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

#: What kind of work a workload is.
KINDS: tuple[str, ...] = ("code", "etl", "sql")
#: Task-hours per day from which the chooser prefers AWS Batch to Lambda (course rule of thumb).
HEAVY_TASK_HOURS = 100.0
#: Data per run (GB) from which the chooser prefers Amazon EMR to AWS Glue (course rule of thumb).
BIG_DATA_GB = 1000.0
#: Input ranges the chooser accepts (its own, not AWS limits): up to a week per task, 4 TB memory,
#: a million tasks per run and 100 steps.
MAX_TASK_MINUTES = 7 * 24 * 60
MAX_MEMORY_GB = 4096.0
MAX_TASKS = 1_000_000
MAX_STEPS = 100

STATUSES = ("recommended", "orchestrator", "poor fit", "not needed", "ruled out")

MESSAGES = {
    "en": {
        "kind.code": "a program (script or container)",
        "kind.etl": "Spark/ETL over tables or files",
        "kind.sql": "SQL over files in S3",
        "engine.code": "",
        "engine.etl": "Spark",
        "engine.sql": "SQL query",
        "whole": "{name} must be a whole number, got {value!r}.",
        "positive": "{name} must be above 0, got {value!r}.",
        "bool": "interruptible must be True or False, got {value!r}.",
        "runs": "runs_per_day must be at most {limit} (EventBridge schedules run at most once a "
                "minute), got {value!r}.",
        "no_service": "service must be one of {allowed}, got {value!r}.",
        "status.recommended": "recommended",
        "status.orchestrator": "orchestrator",
        "status.poor fit": "poor fit",
        "status.not needed": "not needed",
        "status.ruled out": "ruled out",
        # ruled out by a limit
        "out.lambda_timeout": "each task runs {minutes:g} min, above Lambda's {limit:,} s ({limit_min:g} min)"
                              " timeout",
        "out.lambda_memory": "each task needs {memory:g} GB, above Lambda's {limit:,} MB of memory",
        "out.lambda_tmp": "each task's share of the data is {share:,.1f} GB, above Lambda's {limit:,} MB "
                          "of /tmp",
        "out.fargate_memory": "each task needs {memory:g} GB, above Fargate's largest task ({limit:g} GB)",
        "out.standard": "the workflow runs about {days:,.0f} days, above Standard's {limit} days",
        "out.data_pipeline": "closed to new customers since {date}; use Glue, Step Functions or MWAA",
        # why the recommendation
        "why.lambda": "each task ({minutes:g} min, {memory:g} GB) fits Lambda's limits, and the day's "
                      "{hours} task-hours are light (under {heavy:g})",
        "why.fargate": "one {minutes:g}-minute task of {memory:g} GB fits one Fargate task (up to {cpu:g} "
                       "vCPU, {max_memory:g} GB), with no servers and no queue to run",
        "why.batch_many": "{tasks:,} tasks a run ({hours} task-hours a day): AWS Batch queues them as "
                          "array jobs, retries failures and scales {capacity} capacity to zero afterwards",
        "why.batch_big": "one task of {memory:g} GB is too big for Fargate; AWS Batch runs it on a large "
                         "EC2 instance ({capacity}) and stops it afterwards",
        "why.athena": "SQL over {data:,g} GB of files in S3: Athena runs it with no servers, billed per "
                      "data scanned",
        "why.glue": "ETL over {data:,g} GB a run: a serverless Glue Spark job, billed per DPU-second",
        "why.emr": "ETL over {data:,g} GB a run (at least {big:,g} GB): an EMR cluster you can tune and "
                   "run on Spot pays off at this size",
        "why.standard": "{steps} steps in order, about {minutes:,g} min in all: Standard workflow (Express "
                        "stops at {express} s{sync})",
        "why.express": "{steps} steps in order, about {minutes:,g} min in all: an Express workflow fits "
                       "(under {express} s)",
        "express": "Step Functions Express",
        "standard": "Step Functions Standard",
        "sync": " and cannot wait for a Batch job or ECS task",
        # poor fit (a rule prefers the recommendation)
        "poor.lambda_heavy": "fits each task, but {hours} task-hours a day is heavy (from {heavy:g}, "
                             "EC2 or Spot capacity costs less per GB-hour than Lambda)",
        "poor.lambda_data": "you would write your own {engine} engine in functions",
        "poor.fargate_many": "fits each task, but {tasks:,} tasks want a queue, retries and array jobs: "
                             "AWS Batch adds them (and can run on Fargate too)",
        "poor.fargate_short": "fits, but Lambda needs no container image and bills per millisecond for "
                              "tasks this short",
        "poor.fargate_data": "you would run your own {engine} engine in a container",
        "poor.batch_short": "fits, but a job queue and instance start-up are overhead that "
                            "{minutes:g}-minute tasks do not need",
        "poor.batch_single": "fits, but one task needs no queue: a scheduled Fargate task is simpler",
        "poor.batch_data": "you would run your own {engine} engine in containers",
        "poor.ec2_asg": "AWS Batch builds the Auto Scaling groups and Spot Fleets for you, and adds a "
                        "job queue and retries",
        "poor.athena_code": "Athena runs SQL queries; this work is a program, not SQL",
        "poor.athena_etl": "Athena runs SQL; use it if the transform can be written as SQL",
        "poor.glue_code": "Glue runs Spark and Python ETL jobs over data, not general programs",
        "poor.glue_sql": "SQL alone needs no Spark job: Athena runs it and bills per data scanned",
        "poor.glue_big": "fits, but from {big:,g} GB a run a tuned EMR cluster (with Spot) usually "
                         "costs less",
        "poor.emr_code": "EMR runs Spark and Hadoop frameworks, not general programs",
        "poor.emr_sql": "a cluster for SQL alone; Athena needs none",
        "poor.emr_small": "fits, but under {big:,g} GB a run a cluster is more to manage than a Glue job",
        "not_needed.step_functions": "one step needs no workflow",
        # notes
        "note.arrays": "{tasks:,} tasks: split them into {arrays} array jobs (at most {limit:,} child "
                       "jobs each)",
        "note.schedule": "start each run with EventBridge Scheduler (a schedule, not a legacy "
                         "EventBridge rule)",
        "note.spot": "interruptions are tolerable, so use Spot capacity (up to {pct}% off) with retries",
        "summary": "Use {service}{capacity}.{orchestrator}",
        "summary_capacity": " ({capacity} capacity)",
        "capacity.Spot": "Spot",
        "capacity.On-Demand": "On-Demand",
        "summary_orchestrator": " Orchestrate the {steps} steps with {name}.",
        "col.service": "service",
        "col.status": "verdict",
        "col.reason": "reason",
        "col.source": "source",
        "rule.1": "Hard limits: a limit the workload exceeds rules the service out (the verdict cites "
                  "it). Data Pipeline is always ruled out.",
        "rule.2": "SQL over files in S3 → Athena.",
        "rule.3": "Spark/ETL → Glue; EMR from {big:,g} GB of data per run.",
        "rule.4a": "A program that fits Lambda's limits, under {heavy:g} task-hours a day → Lambda.",
        "rule.4b": "Otherwise one task per run that fits Fargate → ECS on Fargate.",
        "rule.4c": "Otherwise → AWS Batch. Fargate and Batch use Spot when interruptions are tolerable.",
        "rule.5": "EC2 + Auto Scaling is never first: AWS Batch builds it for you.",
        "rule.6": "Two or more steps → Step Functions: Express if the workflow fits in 5 min and "
                  "waits for no Batch job or ECS task, else Standard.",
    }
}


@dataclass(frozen=True)
class Workload:
    """A validated description of a batch workload (build it with :func:`workload`).

    >>> workload(task_minutes=40, memory_gb=4).kind
    'code'
    """

    task_minutes: float
    memory_gb: float
    tasks: int
    runs_per_day: float
    data_gb: float
    steps: int
    interruptible: bool
    kind: str

    @property
    def task_hours_per_day(self) -> float:
        """Task-hours of work a day; an ad hoc workload (0 runs a day) counts one run.

        >>> workload(task_minutes=30, memory_gb=1, tasks=10, runs_per_day=4).task_hours_per_day
        20.0
        """
        return self.tasks * self.task_minutes / 60 * max(self.runs_per_day, 1.0)


@dataclass(frozen=True)
class Verdict:
    """What the chooser says about one service: status, reason and the fact behind it.

    >>> choose(task_minutes=40, memory_gb=4).verdict("lambda").fact
    'lambda.timeout_seconds'
    """

    service: str
    status: str
    reason: str
    fact: str | None = None


def workload(task_minutes: float, memory_gb: float, *, tasks: int = 1, runs_per_day: float = 1,
             data_gb: float = 0, steps: int = 1, interruptible: bool = False,
             kind: str = "code") -> Workload:
    """Check a workload's description and return it as a :class:`Workload`.

    ``runs_per_day`` may be 0 for work started by hand, and at most 1,440 (once a minute).

    >>> workload(task_minutes=5, memory_gb=0.5, tasks=200).tasks
    200
    """
    minutes = check_number("task_minutes", task_minutes, low=0, high=MAX_TASK_MINUTES)
    if minutes == 0:
        raise CourseInputError(text(MESSAGES, "positive", name="task_minutes", value=task_minutes))
    memory = check_number("memory_gb", memory_gb, low=0.125, high=MAX_MEMORY_GB)
    per_day_limit = 24 * 3600 // fact_value("schedule.min_interval_seconds")
    runs = check_number("runs_per_day", runs_per_day, low=0)
    if runs > per_day_limit:
        raise CourseInputError(text(MESSAGES, "runs", limit=per_day_limit, value=runs_per_day))
    if not isinstance(interruptible, bool):
        raise CourseInputError(text(MESSAGES, "bool", value=interruptible))
    return Workload(task_minutes=minutes, memory_gb=memory,
                    tasks=check_whole("tasks", tasks, 1, MAX_TASKS), runs_per_day=runs,
                    data_gb=check_number("data_gb", data_gb, low=0),
                    steps=check_whole("steps", steps, 1, MAX_STEPS), interruptible=interruptible,
                    kind=check_choice("kind", kind, KINDS))


def _limits(w: Workload) -> dict[str, list[tuple[str, str]]]:
    """Hard exclusions: service -> [(reason, fact key)], in the order of the rules."""
    out: dict[str, list[tuple[str, str]]] = {s: [] for s in SERVICES}
    timeout = fact_value("lambda.timeout_seconds")
    if w.task_minutes * 60 > timeout:
        out["lambda"].append((text(MESSAGES, "out.lambda_timeout", minutes=w.task_minutes,
                                   limit=timeout, limit_min=timeout / 60), "lambda.timeout_seconds"))
    memory_mb = fact_value("lambda.memory_max_mb")
    if w.memory_gb * 1024 > memory_mb:
        out["lambda"].append((text(MESSAGES, "out.lambda_memory", memory=w.memory_gb, limit=memory_mb),
                              "lambda.memory_max_mb"))
    tmp_mb = fact_value("lambda.tmp_max_mb")
    share = w.data_gb / w.tasks
    if share * 1024 > tmp_mb:
        out["lambda"].append((text(MESSAGES, "out.lambda_tmp", share=share, limit=tmp_mb),
                              "lambda.tmp_max_mb"))
    fargate_gb = fact_value("fargate.max_memory_gb")
    if w.memory_gb > fargate_gb:
        out["fargate"].append((text(MESSAGES, "out.fargate_memory", memory=w.memory_gb, limit=fargate_gb),
                               "fargate.max_memory_gb"))
    standard_days = fact_value("step_functions.standard_max_seconds")
    if w.steps > 1 and w.steps * w.task_minutes / (24 * 60) > standard_days:
        out["step_functions"].append((text(MESSAGES, "out.standard", days=w.steps * w.task_minutes / 1440,
                                           limit=standard_days), "step_functions.standard_max_seconds"))
    out["data_pipeline"].append((text(MESSAGES, "out.data_pipeline",
                                      date=fact_value("data_pipeline.closed_since")),
                                 "data_pipeline.closed_since"))
    return out


def _pick(w: Workload, limits: dict[str, list[tuple[str, str]]]) -> str:
    if w.kind == "sql":
        return "athena"
    if w.kind == "etl":
        return "emr" if w.data_gb >= BIG_DATA_GB else "glue"
    if not limits["lambda"] and w.task_hours_per_day < HEAVY_TASK_HOURS:
        return "lambda"
    if w.tasks == 1 and not limits["fargate"]:
        return "fargate"
    return "batch"


def _hours(value: float) -> str:
    return f"{value:,.1f}" if value >= 0.1 else f"{value:.2g}"


def _capacity_label(capacity: str | None) -> str | None:
    """``Spot`` or ``On-Demand`` in the learner's language (the value itself stays English)."""
    return text(MESSAGES, f"capacity.{capacity}") if capacity else capacity


def _why(w: Workload, service: str, capacity: str | None) -> str:
    values = {"minutes": w.task_minutes, "memory": w.memory_gb, "tasks": w.tasks, "data": w.data_gb,
              "hours": _hours(w.task_hours_per_day), "heavy": HEAVY_TASK_HOURS, "big": BIG_DATA_GB,
              "capacity": _capacity_label(capacity), "cpu": fact_value("fargate.max_vcpu"),
              "max_memory": fact_value("fargate.max_memory_gb")}
    key = service
    if service == "batch":
        key = "batch_many" if w.tasks > 1 or w.memory_gb <= values["max_memory"] else "batch_big"
    return text(MESSAGES, "why." + key, **values)


def _poor(w: Workload, service: str, chosen: str) -> tuple[str, str | None]:
    values = {"minutes": w.task_minutes, "tasks": w.tasks, "hours": _hours(w.task_hours_per_day),
              "heavy": HEAVY_TASK_HOURS, "big": BIG_DATA_GB, "engine": text(MESSAGES, "engine." + w.kind)}
    data_work = w.kind != "code"
    if service == "lambda":
        key = "lambda_data" if data_work else "lambda_heavy"
    elif service == "fargate":
        key = "fargate_data" if data_work else ("fargate_short" if chosen == "lambda" else "fargate_many")
    elif service == "batch":
        key = ("batch_data" if data_work else "batch_short" if chosen == "lambda" else "batch_single")
    elif service == "ec2_asg":
        return text(MESSAGES, "poor.ec2_asg"), "ec2.batch_manages_asg"
    elif service in ("athena", "glue", "emr"):
        suffix = {"code": "code", "sql": "sql", "etl": "etl"}[w.kind]
        if service == "glue" and w.kind == "etl":
            suffix = "big"
        if service == "emr" and w.kind == "etl":
            suffix = "small"
        key = f"{service}_{suffix}"
    else:  # pragma: no cover - every other service is handled above
        raise AssertionError(service)
    return text(MESSAGES, "poor." + key, **values), None


def _orchestration(w: Workload, chosen: str,
                   limits: dict[str, list[tuple[str, str]]]) -> tuple[Verdict, str | None]:
    if w.steps == 1:
        return Verdict("step_functions", "not needed", text(MESSAGES, "not_needed.step_functions")), None
    if limits["step_functions"]:
        reason, key = limits["step_functions"][0]
        return Verdict("step_functions", "ruled out", reason, key), None
    minutes = w.steps * w.task_minutes
    express = fact_value("step_functions.express_max_seconds")
    waits = chosen in ("batch", "fargate")
    if minutes * 60 <= express and not waits:
        return Verdict("step_functions", "orchestrator",
                       text(MESSAGES, "why.express", steps=w.steps, minutes=minutes, express=express),
                       "step_functions.express_max_seconds"), text(MESSAGES, "express")
    sync = text(MESSAGES, "sync") if waits else ""
    return Verdict("step_functions", "orchestrator",
                   text(MESSAGES, "why.standard", steps=w.steps, minutes=minutes, express=express,
                        sync=sync),
                   "step_functions.express_no_sync" if waits and minutes * 60 <= express
                   else "step_functions.express_max_seconds"), text(MESSAGES, "standard")


@dataclass(frozen=True)
class Choice:
    """The chooser's answer: the service, its capacity, the orchestrator, one verdict per service."""

    workload: Workload
    service: str
    capacity: str | None
    orchestrator: str | None
    verdicts: tuple[Verdict, ...]
    notes: tuple[str, ...]

    def verdict(self, service: str) -> Verdict:
        """Return the verdict on one service.

        >>> choose(task_minutes=2, memory_gb=1).verdict("data_pipeline").status
        'ruled out'
        """
        check_choice("service", service, SERVICES)
        return next(v for v in self.verdicts if v.service == service)

    def reason(self, service: str) -> str:
        """Return ``"<verdict>: <reason>"`` for one service.

        >>> choose(task_minutes=2, memory_gb=1).reason("step_functions")
        'not needed: one step needs no workflow'
        """
        v = self.verdict(service)
        return f"{text(MESSAGES, 'status.' + v.status)}: {v.reason}"

    def ruled_out(self) -> dict[str, str]:
        """Return the services ruled out by a limit, each with the reason.

        >>> list(choose(task_minutes=40, memory_gb=4).ruled_out())
        ['lambda', 'data_pipeline']
        """
        return {v.service: v.reason for v in self.verdicts if v.status == "ruled out"}

    def summary(self) -> str:
        """Return the recommendation in one sentence.

        >>> choose(task_minutes=40, memory_gb=4, tasks=500, interruptible=True).summary()
        'Use AWS Batch (Spot capacity).'
        """
        capacity = (text(MESSAGES, "summary_capacity", capacity=_capacity_label(self.capacity))
                    if self.capacity else "")
        orchestrator = ""
        if self.orchestrator:
            orchestrator = text(MESSAGES, "summary_orchestrator", steps=self.workload.steps,
                                name=self.orchestrator)
        return text(MESSAGES, "summary", service=service_name(self.service), capacity=capacity,
                    orchestrator=orchestrator)

    def table(self) -> pd.DataFrame:
        """Return one row per service: verdict, reason and the source of the deciding fact.

        >>> choose(task_minutes=40, memory_gb=4).table().loc["lambda", "verdict"]
        'ruled out'
        """
        import pandas as pd

        rows = {v.service: {text(MESSAGES, "col.service"): service_name(v.service),
                            text(MESSAGES, "col.status"): text(MESSAGES, "status." + v.status),
                            text(MESSAGES, "col.reason"): v.reason,
                            text(MESSAGES, "col.source"): fact(v.fact)["source"] if v.fact else ""}
                for v in self.verdicts}
        return pd.DataFrame.from_dict(rows, orient="index")


def choose(task_minutes: float, memory_gb: float, *, tasks: int = 1, runs_per_day: float = 1,
           data_gb: float = 0, steps: int = 1, interruptible: bool = False,
           kind: str = "code") -> Choice:
    """Recommend a service for a workload, following the module's rules in order.

    >>> choose(task_minutes=3, memory_gb=1, tasks=50).service
    'lambda'
    >>> choose(task_minutes=0.5, memory_gb=2, data_gb=800, kind="sql").service
    'athena'
    """
    w = workload(task_minutes, memory_gb, tasks=tasks, runs_per_day=runs_per_day, data_gb=data_gb,
                 steps=steps, interruptible=interruptible, kind=kind)
    limits = _limits(w)
    chosen = _pick(w, limits)
    capacity = None
    if chosen in ("batch", "fargate"):
        capacity = "Spot" if w.interruptible else "On-Demand"
    verdicts = []
    orchestrator = None
    for service in SERVICES:
        if service == "step_functions":
            verdict, orchestrator = _orchestration(w, chosen, limits)
            verdicts.append(verdict)
        elif service == chosen:
            verdicts.append(Verdict(service, "recommended", _why(w, service, capacity)))
        elif limits[service]:
            reason, key = limits[service][0]
            verdicts.append(Verdict(service, "ruled out", reason, key))
        else:
            reason, key = _poor(w, service, chosen)
            verdicts.append(Verdict(service, "poor fit", reason, key))
    notes = []
    array_max = fact_value("batch.array_size_max")
    if chosen == "batch" and w.tasks > array_max:
        notes.append(text(MESSAGES, "note.arrays", tasks=w.tasks, arrays=math.ceil(w.tasks / array_max),
                          limit=array_max))
    if capacity == "Spot":
        key = "fargate.spot_discount_pct" if chosen == "fargate" else "ec2.spot_discount_pct"
        notes.append(text(MESSAGES, "note.spot", pct=fact_value(key)))
    if w.runs_per_day > 0:
        notes.append(text(MESSAGES, "note.schedule"))
    return Choice(w, chosen, capacity, orchestrator, tuple(verdicts), tuple(notes))


def rules_table() -> pd.DataFrame:
    """Return the chooser's rules, in the order it applies them.

    >>> rules_table().index[0]
    '1'
    """
    import pandas as pd

    keys = ("1", "2", "3", "4a", "4b", "4c", "5", "6")
    return pd.DataFrame({"rule": [text(MESSAGES, "rule." + k, heavy=HEAVY_TASK_HOURS, big=BIG_DATA_GB)
                                  for k in keys]}, index=list(keys))
