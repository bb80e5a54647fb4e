"""The service chooser: scenarios with their expected recommendation and exclusions, and bad input."""

from __future__ import annotations

import pytest

from course.chooser import BIG_DATA_GB, HEAVY_TASK_HOURS, choose, rules_table, workload
from course.errors import CourseInputError

# (workload, expected service, expected capacity, expected orchestrator, {service: phrase in its verdict})
SCENARIOS = [
    # 1. nightly 5-minute report: Lambda. 1 task x 5 min = 0.08 task-hours < 100.
    (dict(task_minutes=5, memory_gb=1), "lambda", None, None,
     {"data_pipeline": "closed to new customers since 2024-07-25", "batch": "overhead"}),
    # 2. a 40-minute job: 2,400 s > 900 s, so Lambda is out; one task -> Fargate.
    (dict(task_minutes=40, memory_gb=4), "fargate", "On-Demand", None,
     {"lambda": "each task runs 40 min, above Lambda's 900 s (15 min) timeout"}),
    # 3. 16 GB of memory: 16 x 1024 = 16,384 MB > 10,240 MB.
    (dict(task_minutes=3, memory_gb=16), "fargate", "On-Demand", None,
     {"lambda": "each task needs 16 GB, above Lambda's 10,240 MB of memory"}),
    # 4. 5,000 x 10 min = 833.3 task-hours a day >= 100: Batch; tolerates interruptions -> Spot.
    (dict(task_minutes=10, memory_gb=2, tasks=5000, interruptible=True), "batch", "Spot", None,
     {"lambda": "833.3 task-hours a day is heavy", "fargate": "5,000 tasks want a queue"}),
    # 5. 200 x 2 min hourly = 200 x 2/60 x 24 = 160 task-hours a day: heavy -> Batch On-Demand.
    (dict(task_minutes=2, memory_gb=1, tasks=200, runs_per_day=24), "batch", "On-Demand", None,
     {"lambda": "160.0 task-hours a day"}),
    # 6. the same 200 tasks once a day: 6.7 task-hours -> Lambda.
    (dict(task_minutes=2, memory_gb=1, tasks=200, runs_per_day=1), "lambda", None, None,
     {"fargate": "bills per millisecond", "ec2_asg": "Auto Scaling groups"}),
    # 7. one task with 200 GB: above Lambda (10,240 MB) and Fargate (120 GB) -> Batch on EC2.
    (dict(task_minutes=90, memory_gb=200), "batch", "On-Demand", None,
     {"fargate": "above Fargate's largest task (120 GB)", "lambda": "above Lambda's 900 s"}),
    # 8. SQL over 800 GB of files -> Athena.
    (dict(task_minutes=1, memory_gb=1, data_gb=800, kind="sql"), "athena", None, None,
     {"glue": "SQL alone needs no Spark job", "emr": "Athena needs none"}),
    # 9. ETL over 50 GB -> Glue (50 < 1,000 GB).
    (dict(task_minutes=20, memory_gb=16, data_gb=50, kind="etl"), "glue", None, None,
     {"emr": "under 1,000 GB a run", "lambda": "above Lambda's 900 s"}),
    # 10. ETL over 5,000 GB -> EMR.
    (dict(task_minutes=45, memory_gb=32, data_gb=5000, kind="etl"), "emr", None, None,
     {"glue": "from 1,000 GB a run", "athena": "written as SQL"}),
    # 11. 3 short Lambda steps, 3 x 0.5 min = 90 s <= 300 s -> Express.
    (dict(task_minutes=0.5, memory_gb=0.5, steps=3), "lambda", None, "Step Functions Express",
     {"step_functions": "an Express workflow fits"}),
    # 12. 3 Lambda steps of 5 min = 900 s > 300 s -> Standard.
    (dict(task_minutes=5, memory_gb=1, steps=3), "lambda", None, "Step Functions Standard",
     {"step_functions": "Express stops at 300 s"}),
    # 13. 2 Batch steps of 20 min; 25,000 tasks -> ceil(25,000 / 10,000) = 3 array jobs.
    (dict(task_minutes=20, memory_gb=8, tasks=25_000, steps=2, interruptible=True), "batch", "Spot",
     "Step Functions Standard", {"step_functions": "cannot wait for a Batch job",
                                 "lambda": "20 min, above Lambda's 900 s"}),
    # 14. a Batch step of 1 min, 2 steps = 120 s <= 300 s, but Express has no .sync -> Standard.
    (dict(task_minutes=1, memory_gb=200, tasks=2, steps=2), "batch", "On-Demand",
     "Step Functions Standard", {"step_functions": "cannot wait for a Batch job",
                                 "fargate": "200 GB"}),
    # 15. 400 GB of data over 10 tasks = 40 GB each > 10,240 MB of /tmp; Fargate can't take 10 tasks.
    (dict(task_minutes=5, memory_gb=4, tasks=10, data_gb=400), "batch", "On-Demand", None,
     {"lambda": "share of the data is 40.0 GB, above Lambda's 10,240 MB of /tmp"}),
    # 16. a weekly Fargate Spot task of 3 hours (180 min > 15 min).
    (dict(task_minutes=180, memory_gb=30, runs_per_day=1 / 7, interruptible=True), "fargate", "Spot",
     None, {"lambda": "180 min", "batch": "one task needs no queue"}),
]


@pytest.mark.parametrize(("kwargs", "service", "capacity", "orchestrator", "phrases"), SCENARIOS,
                         ids=[f"scenario-{i + 1}" for i in range(len(SCENARIOS))])
def test_scenarios(kwargs, service, capacity, orchestrator, phrases):
    choice = choose(**kwargs)
    assert choice.service == service
    assert choice.capacity == capacity
    assert choice.orchestrator == orchestrator
    assert choice.verdict(service).status == "recommended"
    for other, phrase in phrases.items():
        assert phrase in choice.verdict(other).reason, (other, choice.verdict(other).reason)


def test_every_service_gets_exactly_one_verdict_and_one_recommendation():
    for kwargs, *_ in SCENARIOS:
        choice = choose(**kwargs)
        services = [v.service for v in choice.verdicts]
        assert len(services) == len(set(services)) == 9
        assert [v.status for v in choice.verdicts].count("recommended") == 1


def test_ruled_out_verdicts_cite_a_fact_and_its_source():
    choice = choose(task_minutes=40, memory_gb=200, tasks=3)
    assert choice.ruled_out() == {
        "fargate": "each task needs 200 GB, above Fargate's largest task (120 GB)",
        "lambda": "each task runs 40 min, above Lambda's 900 s (15 min) timeout",
        "data_pipeline": "closed to new customers since 2024-07-25; use Glue, Step Functions or MWAA",
    }
    assert choice.verdict("lambda").fact == "lambda.timeout_seconds"
    table = choice.table()
    assert table.loc["lambda", "source"] == "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"
    assert table.loc["lambda", "verdict"] == "ruled out"


def test_lambda_limits_are_inclusive():
    # exactly 15 min (900 s) and exactly 10 GB (10,240 MB) still fit
    assert choose(task_minutes=15, memory_gb=10).service == "lambda"
    assert choose(task_minutes=15.01, memory_gb=10).verdict("lambda").status == "ruled out"
    assert choose(task_minutes=1, memory_gb=10.01).verdict("lambda").status == "ruled out"


def test_heavy_threshold_boundary():
    # 1,000 tasks x 6 min = 100 task-hours: exactly heavy -> Batch; 5.99 min -> 99.8 -> Lambda
    assert HEAVY_TASK_HOURS == 100
    assert choose(task_minutes=6, memory_gb=1, tasks=1000).service == "batch"
    assert choose(task_minutes=5.99, memory_gb=1, tasks=1000).service == "lambda"


def test_big_data_boundary():
    assert BIG_DATA_GB == 1000
    assert choose(task_minutes=10, memory_gb=8, data_gb=1000, kind="etl").service == "emr"
    assert choose(task_minutes=10, memory_gb=8, data_gb=999, kind="etl").service == "glue"


def test_notes_arrays_spot_and_schedule():
    notes = choose(task_minutes=20, memory_gb=8, tasks=25_000, interruptible=True).notes
    assert notes[0] == "25,000 tasks: split them into 3 array jobs (at most 10,000 child jobs each)"
    assert "up to 90% off" in notes[1]
    fargate_spot = choose(task_minutes=30, memory_gb=2, interruptible=True, runs_per_day=0).notes
    assert fargate_spot == ("interruptions are tolerable, so use Spot capacity (up to 70% off) with retries",)


def test_summary():
    assert choose(task_minutes=40, memory_gb=4).summary() == (
        "Use Amazon ECS on AWS Fargate (On-Demand capacity).")
    assert choose(task_minutes=5, memory_gb=1, steps=3).summary() == (
        "Use AWS Lambda (+ EventBridge Scheduler). Orchestrate the 3 steps with Step Functions Standard.")


def test_standard_workflow_limit():
    # 50 steps x 10,080 min = 504,000 min = 350 days <= 365: Standard fits
    assert choose(task_minutes=10_080, memory_gb=1, steps=50).orchestrator == "Step Functions Standard"
    # 60 steps x 7 days = 420 days > 365: no Step Functions workflow can last that long
    choice = choose(task_minutes=10_080, memory_gb=1, steps=60)
    assert choice.orchestrator is None
    assert choice.reason("step_functions") == (
        "ruled out: the workflow runs about 420 days, above Standard's 365 days")
    assert choice.verdict("step_functions").fact == "step_functions.standard_max_seconds"


def test_deterministic():
    first = choose(task_minutes=12, memory_gb=3, tasks=40, steps=2)
    assert all(choose(task_minutes=12, memory_gb=3, tasks=40, steps=2) == first for _ in range(3))


def test_rules_table_lists_every_rule_in_order():
    table = rules_table()
    assert list(table.index) == ["1", "2", "3", "4a", "4b", "4c", "5", "6"]
    assert "100 task-hours" in table.loc["4a", "rule"]


def test_task_hours_per_day():
    # 10 tasks x 30 min = 5 task-hours a run; 4 runs a day = 20; by hand counts one run = 5
    assert workload(task_minutes=30, memory_gb=1, tasks=10, runs_per_day=4).task_hours_per_day == 20
    assert workload(task_minutes=30, memory_gb=1, tasks=10, runs_per_day=0).task_hours_per_day == 5


GOOD = dict(task_minutes=5, memory_gb=1)
BAD = [
    ("task_minutes", 0), ("task_minutes", -1), ("task_minutes", "5"), ("task_minutes", float("nan")),
    ("task_minutes", 20_000), ("memory_gb", 0), ("memory_gb", None), ("memory_gb", 5000),
    ("tasks", 0), ("tasks", 2.5), ("tasks", True), ("runs_per_day", 1441), ("runs_per_day", -1),
    ("data_gb", -0.1), ("data_gb", float("inf")), ("steps", 0), ("steps", 1.5), ("steps", 101),
    ("interruptible", "yes"), ("interruptible", 1), ("kind", "spark"), ("kind", None),
]


@pytest.mark.parametrize("function", [choose, workload])
@pytest.mark.parametrize(("name", "value"), BAD, ids=[f"{n}={v!r}" for n, v in BAD])
def test_bad_input_names_the_parameter(function, name, value):
    with pytest.raises(CourseInputError, match=name):
        function(**{**GOOD, name: value})


@pytest.mark.parametrize("bad", ["lambda ", "Batch", "", None, "ecs"])
def test_verdict_rejects_unknown_services(bad):
    choice = choose(**GOOD)
    with pytest.raises(CourseInputError, match="service"):
        choice.verdict(bad)
    with pytest.raises(CourseInputError, match="service"):
        choice.reason(bad)
