"""Tests for course.workflows, its plots and its explorer (lesson 08)."""

from __future__ import annotations

import copy
import json

import pytest

from course.errors import CourseInputError
from course.workflows import (
    batch_submit_job_request,
    check_definition,
    compare_standard_express,
    definition_problems,
    example_objects,
    example_pipeline,
    history_frame,
    run_workflow,
    state_transitions,
    visited_states,
)

HELLO = {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": True}}}
INPUT = {"bucket": "raw", "date": "2026-11-29"}


@pytest.fixture(scope="module")
def pipeline_run():
    """The lesson's pipeline, run once on moto (its retry waits 1 s)."""
    with pytest.MonkeyPatch.context() as mp:
        for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                            ("AWS_DEFAULT_REGION", "us-east-1")):
            mp.setenv(name, value)
        yield run_workflow(example_pipeline(), INPUT, objects=example_objects())


@pytest.fixture()
def aws_env(monkeypatch):
    for name, value in (("AWS_ACCESS_KEY_ID", "testing"), ("AWS_SECRET_ACCESS_KEY", "testing"),
                        ("AWS_DEFAULT_REGION", "us-east-1")):
        monkeypatch.setenv(name, value)


# --- definition checks ---------------------------------------------------------------------------------
def test_valid_definitions_have_no_problems():
    assert definition_problems(HELLO) == []
    assert definition_problems(json.dumps(HELLO)) == []
    assert definition_problems(example_pipeline()) == []


def _broken(path, value):
    machine = copy.deepcopy(example_pipeline())
    target = machine
    for key in path[:-1]:
        target = target[key]
    if value is None:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return machine


ITEM = ("States", "Transform", "ItemProcessor", "States")


@pytest.mark.parametrize(("path", "value", "expected"), [
    (("StartAt",), "Nowhere", "StartAt names 'Nowhere'"),
    (("States", "Load", "Next"), "Reprot", "goes to 'Reprot' (Next)"),
    (("States", "Report", "End"), None, "needs exactly one of Next or End"),
    (("States", "Load", "Type"), "Job", "has Type 'Job'"),
    (("States", "Extract", "Resource"), None, "needs a Resource"),
    ((*ITEM, "IsCsv", "Default"), "Nope", "Transform > state 'IsCsv' goes to 'Nope' (Default)"),
    ((*ITEM, "IsCsv", "Choices"), [], "needs a non-empty Choices list"),
    ((*ITEM, "CheckReady", "Catch"), [{"ErrorEquals": [], "Next": "Quarantine"}],
     "Catch[0] needs a non-empty ErrorEquals"),
    ((*ITEM, "CheckReady", "Retry"), [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 0}],
     "IntervalSeconds must be a whole number >= 1"),
    ((*ITEM, "CheckReady", "Retry"), [{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["X"]}],
     "States.ALL must be alone in the last Retry entry"),
    (("States", "Transform", "ItemProcessor"), None, "needs an ItemProcessor"),
    ((*ITEM, "Skip", "Next"), "Quarantine", "state 'Skip' (Pass) needs exactly one of Next or End"),
])
def test_structural_problems_are_named(path, value, expected):
    problems = definition_problems(_broken(path, value))
    assert any(expected in p for p in problems), problems


def test_unreachable_state_and_choice_with_next():
    machine = {"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Pass", "End": True},
                                          "C": {"Type": "Choice", "Next": "A",
                                                "Choices": [{"Next": "A"}]}}}
    problems = definition_problems(machine)
    assert "state 'B' can never be reached from StartAt." in problems
    assert "state 'C' (Choice) must not have Next or End." in problems


def test_parallel_branches_are_checked():
    machine = {"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": True, "Branches": [
        {"StartAt": "A", "States": {"A": {"Type": "Pass", "End": True}}},
        {"StartAt": "X", "States": {"A": {"Type": "Pass", "End": True}}}]}}}
    assert definition_problems(machine) == ["P[1] > StartAt names 'X', which is not in States."]


@pytest.mark.parametrize("bad", [None, 42, ["StartAt"], "{not json", "[]",
                                 {"StartAt": "A"}, {"StartAt": 3, "States": {"A": {"Type": "Succeed"}}}])
def test_check_definition_rejects_bad_input(bad):
    with pytest.raises(CourseInputError):
        check_definition(bad)


def test_check_definition_lists_every_problem():
    with pytest.raises(CourseInputError, match=r"2 problem\(s\)"):
        check_definition({"StartAt": "A", "States": {"A": {"Type": "Pass"},
                                                     "B": {"Type": "Succeed"}}})


# --- history --------------------------------------------------------------------------------------------
EVENTS = [
    {"id": 1, "previousEventId": 0, "timestamp": 0, "type": "ExecutionStarted"},
    {"id": 2, "previousEventId": 1, "timestamp": 0, "type": "MapStateEntered",
     "stateEnteredEventDetails": {"name": "Each"}},
    {"id": 3, "previousEventId": 2, "timestamp": 0, "type": "MapStateStarted",
     "mapStateStartedEventDetails": {"length": 1}},
    {"id": 4, "previousEventId": 3, "timestamp": 0, "type": "MapIterationStarted",
     "mapIterationStartedEventDetails": {"name": "Each", "index": 0}},
    {"id": 5, "previousEventId": 4, "timestamp": 0, "type": "TaskStateEntered",
     "stateEnteredEventDetails": {"name": "Work"}},
    {"id": 6, "previousEventId": 5, "timestamp": 0, "type": "TaskScheduled",
     "taskScheduledEventDetails": {"resourceType": "lambda", "resource": "invoke"}},
    {"id": 7, "previousEventId": 6, "timestamp": 0, "type": "TaskFailed",
     "taskFailedEventDetails": {"error": "Boom"}},
    {"id": 8, "previousEventId": 7, "timestamp": 0, "type": "TaskScheduled",
     "taskScheduledEventDetails": {"resourceType": "lambda", "resource": "invoke"}},
    {"id": 9, "previousEventId": 8, "timestamp": 0, "type": "TaskSucceeded"},
    {"id": 10, "previousEventId": 9, "timestamp": 0, "type": "TaskStateExited",
     "stateExitedEventDetails": {"name": "Work"}},
    {"id": 11, "previousEventId": 10, "timestamp": 0, "type": "MapIterationSucceeded",
     "mapIterationSucceededEventDetails": {"name": "Each", "index": 0}},
    {"id": 12, "previousEventId": 10, "timestamp": 0, "type": "MapStateSucceeded"},
    {"id": 13, "previousEventId": 12, "timestamp": 0, "type": "MapStateExited",
     "stateExitedEventDetails": {"name": "Each"}},
    {"id": 14, "previousEventId": 13, "timestamp": 0, "type": "ExecutionSucceeded"},
]


def test_history_frame_attributes_events_to_states():
    history = history_frame(list(reversed(EVENTS)))  # order comes from the ids
    assert history["id"].tolist() == list(range(1, 15))
    assert history["state"].tolist() == ["", "Each", "Each", "Each", "Work", "Work", "Work", "Work",
                                         "Work", "Work", "Each", "Each", "Each", ""]
    assert history.loc[history["type"] == "TaskFailed", "detail"].item() == "Boom"
    assert history.loc[history["type"] == "MapStateStarted", "detail"].item() == "1 items"
    assert history.loc[history["id"] == 6, "detail"].item() == "lambda:invoke"


def test_path_and_transitions_of_a_synthetic_history():
    history = history_frame(EVENTS)
    assert visited_states(history) == ["Each", "Work"]
    # 2 states entered (Each, Work) + 1 retry (Work scheduled twice in one visit) = 3
    assert state_transitions(history) == 3


# --- running with moto -------------------------------------------------------------------------------
def test_pipeline_output_and_report(pipeline_run):
    run = pipeline_run
    assert run.succeeded and run.error is None
    assert run.output == {"files": 4, "ok": ["incoming/orders.csv", "incoming/refunds.csv"],
                          "quarantined": ["incoming/late.csv"]}
    report = json.loads(run.objects["curated/reports/2026-11-29.json"])
    assert [r["status"] for r in report] == ["quarantined", "ok", "skipped", "ok"]


def test_pipeline_history_shows_map_choice_retry_and_catch(pipeline_run):
    history = pipeline_run.history
    assert list(history.columns) == ["id", "timestamp", "type", "state", "detail"]
    kinds = history["type"].value_counts()
    assert kinds["MapIterationStarted"] == 4 and kinds["MapIterationSucceeded"] == 4
    failed = history[history["type"] == "TaskFailed"]
    assert failed["state"].tolist() == ["CheckReady", "CheckReady"]  # first try + 1 retry
    path = pipeline_run.path
    assert path.count("IsCsv") == 4 and path.count("Skip") == 1 and path.count("Quarantine") == 1
    assert path[:2] == ["Extract", "Transform"] and path[-2:] == ["Load", "Report"]
    # Extract, Transform, 4 x IsCsv, 3 x CheckReady, 2 x Summarise, Skip, Quarantine, Load, Report
    # = 15 states entered, + 1 retry of CheckReady = 16 transitions
    assert state_transitions(history) == 16


def test_a_failed_execution_reports_its_error(aws_env):
    machine = {"StartAt": "Check", "States": {
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericLessThan": 0,
                                                 "Next": "Bad"}], "Default": "Good"},
        "Good": {"Type": "Succeed"},
        "Bad": {"Type": "Fail", "Error": "Negative", "Cause": "n < 0"}}}
    good, bad = run_workflow(machine, {"n": 2}), run_workflow(machine, {"n": -1})
    assert good.status == "SUCCEEDED" and good.path == ["Check", "Good"]
    assert bad.status == "FAILED" and (bad.error, bad.cause) == ("Negative", "n < 0")
    assert bad.history["type"].iloc[-1] == "ExecutionFailed"


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"definition": {"StartAt": "A", "States": {}}}, "problem"),
    ({"definition": HELLO, "objects": {"no-slash": "x"}}, "objects"),
    ({"definition": HELLO, "objects": {"b/k": 3}}, "objects"),
    ({"definition": HELLO, "objects": ["b/k"]}, "objects"),
    ({"definition": HELLO, "timeout_seconds": 0}, "timeout_seconds"),
    ({"definition": HELLO, "buckets": ("",)}, "objects"),
])
def test_run_workflow_rejects_bad_input(kwargs, match):
    with pytest.raises(CourseInputError, match=match):
        run_workflow(**kwargs)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"retry_interval_seconds": 0}, "retry_interval_seconds"),
    ({"retry_interval_seconds": "1"}, "retry_interval_seconds"),
    ({"max_attempts": -1}, "max_attempts"),
    ({"max_attempts": 6}, "max_attempts"),
    ({"max_attempts": float("nan")}, "max_attempts"),
])
def test_example_pipeline_rejects_bad_input(kwargs, match):
    with pytest.raises(CourseInputError, match=match):
        example_pipeline(**kwargs)


def test_example_pipeline_settings_reach_the_retry():
    retry = example_pipeline(3, 2)["States"]["Transform"]["ItemProcessor"]["States"]["CheckReady"]["Retry"]
    assert retry[0]["IntervalSeconds"] == 3 and retry[0]["MaxAttempts"] == 2


# --- Batch request ------------------------------------------------------------------------------------
SUBMIT = {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync", "End": True,
          "Parameters": {"JobName.$": "$.name", "JobQueue": "spot-queue", "JobDefinition": "etl:3",
                         "ArrayProperties": {"Size.$": "$.parts"},
                         "ContainerOverrides": {"Environment": [{"Name": "DAY", "Value.$": "$.day"}]},
                         "Parameters": {"InputKey": "incoming/"}}}


def test_batch_request_is_translated_and_validated():
    request = batch_submit_job_request(SUBMIT, {"name": "nightly", "parts": 4, "day": "2026-11-29"})
    assert request == {"jobName": "nightly", "jobQueue": "spot-queue", "jobDefinition": "etl:3",
                       "arrayProperties": {"size": 4},
                       "containerOverrides": {"environment": [{"name": "DAY", "value": "2026-11-29"}]},
                       "parameters": {"InputKey": "incoming/"}}


def _submit(**changes):
    state = copy.deepcopy(SUBMIT)
    state["Parameters"].update(changes)
    return state


@pytest.mark.parametrize(("state", "example", "match"), [
    ("not a state", None, "task_state must be a dict"),
    ({**SUBMIT, "Resource": "arn:aws:states:::lambda:invoke"}, None, "Resource"),
    ({k: v for k, v in SUBMIT.items() if k != "Parameters"}, None, "Parameters"),
    (SUBMIT, {"name": "n", "parts": 4}, "does not have"),
    (_submit(**{"JobName.$": "$.items[0]"}), {"items": ["a"]}, "simple paths"),
    (_submit(JobQueue=7), {"name": "n", "parts": 4, "day": "d"}, "Batch API model"),
    (_submit(Timeout={"Seconds": 5}), {"name": "n", "parts": 4, "day": "d"}, "Batch API model"),
])
def test_batch_request_rejects_bad_input(state, example, match):
    with pytest.raises(CourseInputError, match=match):
        batch_submit_job_request(state, example)


# --- Standard vs Express ---------------------------------------------------------------------------------
def test_standard_vs_express_hand_computed():
    out = compare_standard_express(3_000_000, 12, 800, 64)
    # Standard: 3e6 x 12 = 36e6 transitions x $0.000025 = $900
    assert out["standard"] == pytest.approx(900.0)
    # Express: 3e6 x $1e-6 = $3, + 3e6 x 0.8 s x (64/1024) GB x $0.00001667 = $2.50050
    assert out["express"] == pytest.approx(3.0 + 2.5005)
    assert out["cheaper"] == "Express" and out["transitions"] == 36_000_000


def test_standard_wins_for_long_or_heavy_executions():
    # 10 min cannot run as Express at all
    long = compare_standard_express(1000, 5, 600_000, 64)
    assert long["express"] is None and long["cheaper"] == "Standard" and long["note"]
    # 1,000 runs of 3 states, 4.9 min at 4 GB: Standard 3,000 x 0.000025 = $0.075;
    # Express 1,000 x (1e-6 + 294 s x 4 GB x 0.00001667) = $19.60
    heavy = compare_standard_express(1000, 3, 294_000, 4096)
    assert heavy["standard"] == pytest.approx(0.075)
    assert heavy["express"] == pytest.approx(0.001 + 1000 * 294 * 4 * 0.00001667)
    assert heavy["cheaper"] == "Standard"


def test_free_tier_reduces_standard():
    # 500 x 10 = 5,000 transitions - 4,000 free = 1,000 x 0.000025 = $0.025
    assert compare_standard_express(500, 10, 100, free_tier=True)["standard"] == pytest.approx(0.025)


@pytest.mark.parametrize(("args", "match"), [
    ((-1, 10, 100), "executions_per_month"),
    ((10, 0, 100), "states_per_execution"),
    ((10, 5, -1), "duration_ms"),
    ((10, 5, 100, 32), "memory_mb"),
    ((10, 5, 100, 64, "mars-1"), "region"),
    (("many", 5, 100), "executions_per_month"),
])
def test_compare_rejects_bad_input(args, match):
    with pytest.raises(CourseInputError, match=match):
        compare_standard_express(*args)


# --- figures and explorer ------------------------------------------------------------------------------
def test_timeline_has_one_lane_per_state(pipeline_run):
    from course.plots.workflows import history_timeline

    fig = history_timeline(pipeline_run.history)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels == ["Extract", "Transform", "IsCsv", "CheckReady", "Quarantine", "Summarise",
                      "Skip", "Load", "Report"]
    assert "15 states entered, 66 history events" in fig.axes[0].get_title()


def test_explorer_marks_the_cheaper_type():
    from course.widgets.workflows import StepFunctionsCostExplorer

    explorer = StepFunctionsCostExplorer(executions_per_month=1000, states_per_execution=3,
                                         duration_seconds=294, memory_mb=4096)
    assert explorer.result["cheaper"] == "Standard"
    standard_line, express_line = explorer.text.value.split("<br>")
    # 1,000 x 3 x $0.000025 = $0.075; Express 1,000 x (1e-6 + 294 x 4 x 0.00001667) = $19.60
    assert standard_line.startswith("Standard: <b>$0.0750</b>") and standard_line.endswith("cheaper")
    assert express_line == "Express: <b>$19.60</b> a month"
    explorer.duration.value = 0.8
    explorer.memory.value = 64
    explorer.states.value = 12
    explorer.executions.value = 3_000_000
    assert explorer.result["cheaper"] == "Express"
    assert explorer.text.value.split("<br>")[1].endswith("cheaper")
    assert explorer.image.value[:4] == b"\x89PNG"


def test_importing_the_modules_loads_neither_moto_nor_boto3():
    import subprocess
    import sys

    code = ("import sys, course.workflows, course.plots.workflows; "
            "print(sorted(m for m in ('moto', 'boto3', 'pandas', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_missing_stepfunctions_extra_is_explained(monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "antlr4" else real(name, *a))
    with pytest.raises(ImportError, match=r"moto\[stepfunctions\]"):
        run_workflow(HELLO)


def test_history_stepper_describes_each_event(pipeline_run):
    from course.widgets.workflows import HistoryStepper

    stepper = HistoryStepper(pipeline_run.history)
    assert (stepper.slider.min, stepper.slider.max) == (1, 66)
    stepper.slider.value = 15
    assert stepper.text.value == "Event 15 of 66: <b>TaskFailed</b> in <b>CheckReady</b> (s3.s3Exception)"
    assert list(stepper._cursor.get_xdata()) == [15, 15]
    stepper.slider.value = 66
    assert stepper.text.value == "Event 66 of 66: <b>ExecutionSucceeded</b>"
    assert stepper.image.value[:4] == b"\x89PNG"
