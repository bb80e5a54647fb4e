"""Step Functions workflows offline: check an ASL definition, run it with moto, read its history.

Lesson 08 writes Amazon States Language (ASL) definitions as Python dicts. This module

* checks a definition's structure the way the Step Functions console does before it saves
  (:func:`definition_problems`, :func:`check_definition`);
* runs it on moto's Step Functions interpreter, with S3 objects staged first and Lambda
  functions that echo their payload (:func:`run_workflow`);
* turns the execution history into a table (:func:`history_frame`), the path of states
  (:func:`visited_states`) and the billed state transitions (:func:`state_transitions`);
* checks a Batch ``submitJob`` task against botocore's model without sending it
  (:func:`batch_submit_job_request`);
* prices Standard against Express workflows (:func:`compare_standard_express`).

moto is imported only inside :func:`run_workflow`. Its first run in a process also loads
moto's ASL grammar, which takes a few seconds; later runs take tens of milliseconds.

>>> definition = {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": True}}}
>>> definition_problems(definition)
[]
>>> definition_problems({"StartAt": "Hello", "States": {}})
['States must hold at least one state.']
"""

from __future__ import annotations

import json
import logging
import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from course.errors import CourseInputError, check_choice, check_number
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "not_definition": "definition must be a dict or a JSON string of one, got {kind}.",
        "bad_json": "definition is not valid JSON: {error}",
        "problems": "The state machine definition has {count} problem(s):\n- {problems}",
        "start_at": "{where}StartAt must name a state, got {value!r}.",
        "start_missing": "{where}StartAt names {value!r}, which is not in States.",
        "states_empty": "{where}States must hold at least one state.",
        "state_not_dict": "{where}state {name!r} must be a dict, got {kind}.",
        "bad_type": "{where}state {name!r} has Type {value!r}; allowed: {allowed}.",
        "next_or_end": "{where}state {name!r} ({kind}) needs exactly one of Next or End: true.",
        "no_next": "{where}state {name!r} ({kind}) must not have Next or End.",
        "unknown_target": "{where}state {name!r} goes to {target!r} ({field}), which is not in this "
                          "States block.",
        "choices": "{where}Choice state {name!r} needs a non-empty Choices list.",
        "choice_rule": "{where}Choice state {name!r}: rule {index} needs a Next.",
        "resource": "{where}Task state {name!r} needs a Resource (a string ARN).",
        "errors_list": "{where}state {name!r}: {field}[{index}] needs a non-empty ErrorEquals list.",
        "all_last": "{where}state {name!r}: States.ALL must be alone in the last {field} entry.",
        "retry_number": "{where}state {name!r}: Retry[{index}].{setting} must be {rule}, got {value!r}.",
        "map_body": "{where}Map state {name!r} needs an ItemProcessor (or the older Iterator).",
        "branches": "{where}Parallel state {name!r} needs a non-empty Branches list.",
        "unreachable": "{where}state {name!r} can never be reached from StartAt.",
        "not_finished": "The execution did not finish within {seconds} s (status {status}).",
        "bad_objects": "objects must map 'bucket/key' to text or bytes, got {entry!r}.",
        "task_state": "task_state must be a dict (one ASL Task state), got {kind}.",
        "not_batch": "task_state Resource must be one of {allowed}, got {value!r}.",
        "no_parameters": "task_state needs a Parameters dict with JobName, JobQueue and JobDefinition.",
        "path_missing": "Parameters field {field!r} reads {path!r}, which example_input does not have.",
        "path_form": "Parameters field {field!r}: this helper resolves only simple paths such as "
                     "'$.date' or '$.job.queue', got {path!r}.",
        "botocore": "The SubmitJob request does not match the Batch API model:\n{error}",
        "express_too_long": "over Express's 5-minute limit",
        "no_extra": "run_workflow needs moto's Step Functions extra ({missing} is missing). "
                    "Install it with: pip install 'moto[stepfunctions]'",
    }
}

#: The eight ASL state types.
STATE_TYPES = ("Task", "Pass", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map")
#: Types that end a path by themselves and so take neither Next nor End.
TERMINAL_TYPES = ("Choice", "Succeed", "Fail")
#: The Batch integrations of Step Functions (run-and-continue and run-and-wait).
BATCH_RESOURCES = ("arn:aws:states:::batch:submitJob", "arn:aws:states:::batch:submitJob.sync")
#: Longest Express execution (5 minutes), in milliseconds.
EXPRESS_MAX_MS = 5 * 60 * 1000
#: Region used for every offline run.
REGION = "us-east-1"
_ROLE = "arn:aws:iam::123456789012:role/course-step-functions"


# --- structure checks -----------------------------------------------------------------------------
def _load(definition: object) -> dict[str, Any]:
    if isinstance(definition, str):
        try:
            definition = json.loads(definition)
        except json.JSONDecodeError as err:
            raise CourseInputError(text(MESSAGES, "bad_json", error=err)) from None
    if not isinstance(definition, dict):
        raise CourseInputError(text(MESSAGES, "not_definition", kind=type(definition).__name__))
    return definition


def _targets(state: Mapping[str, Any]) -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    if "Next" in state:
        found.append(("Next", state["Next"]))
    if state.get("Type") == "Choice":
        for rule in state.get("Choices") or []:
            if isinstance(rule, dict) and "Next" in rule:
                found.append(("Choices", rule["Next"]))
        if "Default" in state:
            found.append(("Default", state["Default"]))
    for catcher in state.get("Catch") or []:
        if isinstance(catcher, dict) and "Next" in catcher:
            found.append(("Catch", catcher["Next"]))
    return found


def _error_lists(name: str, state: Mapping[str, Any], where: str) -> list[str]:
    problems: list[str] = []
    for field_name in ("Retry", "Catch"):
        entries = state.get(field_name) or []
        for index, entry in enumerate(entries):
            errors = entry.get("ErrorEquals") if isinstance(entry, dict) else None
            if not isinstance(errors, list) or not errors:
                problems.append(text(MESSAGES, "errors_list", where=where, name=name,
                                     field=field_name, index=index))
            elif "States.ALL" in errors and (len(errors) > 1 or index != len(entries) - 1):
                problems.append(text(MESSAGES, "all_last", where=where, name=name, field=field_name))
    rules = (("MaxAttempts", 0, "a whole number >= 0"), ("IntervalSeconds", 1, "a whole number >= 1"),
             ("BackoffRate", 1, "a number >= 1"))
    for index, entry in enumerate(state.get("Retry") or []):
        for key, low, rule in rules:
            if not isinstance(entry, dict) or key not in entry:
                continue
            value = entry[key]
            whole = key != "BackoffRate"
            ok = (isinstance(value, int | float) and not isinstance(value, bool) and value >= low
                  and (not whole or float(value).is_integer()))
            if not ok:
                problems.append(text(MESSAGES, "retry_number", where=where, name=name, index=index,
                                     setting=key, rule=rule, value=value))
    return problems


def _state_problems(name: str, state: object, names: set[str], where: str) -> list[str]:
    if not isinstance(state, dict):
        return [text(MESSAGES, "state_not_dict", where=where, name=name, kind=type(state).__name__)]
    kind = state.get("Type")
    if kind not in STATE_TYPES:
        return [text(MESSAGES, "bad_type", where=where, name=name, value=kind,
                     allowed=", ".join(STATE_TYPES))]
    problems: list[str] = []
    has_next, has_end = "Next" in state, state.get("End") is True
    if kind in TERMINAL_TYPES:
        if has_next or "End" in state:
            problems.append(text(MESSAGES, "no_next", where=where, name=name, kind=kind))
    elif has_next == has_end:
        problems.append(text(MESSAGES, "next_or_end", where=where, name=name, kind=kind))
    for field_name, target in _targets(state):
        if target not in names:
            problems.append(text(MESSAGES, "unknown_target", where=where, name=name, target=target,
                                 field=field_name))
    if kind == "Choice":
        rules = state.get("Choices")
        if not isinstance(rules, list) or not rules:
            problems.append(text(MESSAGES, "choices", where=where, name=name))
        else:
            problems += [text(MESSAGES, "choice_rule", where=where, name=name, index=i)
                         for i, rule in enumerate(rules) if not isinstance(rule, dict) or "Next" not in rule]
    if kind == "Task" and not isinstance(state.get("Resource"), str):
        problems.append(text(MESSAGES, "resource", where=where, name=name))
    if kind in ("Task", "Parallel", "Map"):
        problems += _error_lists(name, state, where)
    if kind == "Map":
        body = state.get("ItemProcessor", state.get("Iterator"))
        if not isinstance(body, dict):
            problems.append(text(MESSAGES, "map_body", where=where, name=name))
        else:
            problems += _machine_problems(body, f"{where}{name} > ")
    if kind == "Parallel":
        branches = state.get("Branches")
        if not isinstance(branches, list) or not branches:
            problems.append(text(MESSAGES, "branches", where=where, name=name))
        else:
            for index, branch in enumerate(branches):
                problems += _machine_problems(_as_dict(branch), f"{where}{name}[{index}] > ")
    return problems


def _as_dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _machine_problems(machine: Mapping[str, Any], where: str) -> list[str]:
    states = machine.get("States")
    if not isinstance(states, dict) or not states:
        return [text(MESSAGES, "states_empty", where=where)]
    start = machine.get("StartAt")
    problems: list[str] = []
    if not isinstance(start, str):
        problems.append(text(MESSAGES, "start_at", where=where, value=start))
    elif start not in states:
        problems.append(text(MESSAGES, "start_missing", where=where, value=start))
    names = set(states)
    for name, state in states.items():
        problems += _state_problems(name, state, names, where)
    reached: set[str] = set()
    todo = [start] if start in states else []
    while todo:
        current = todo.pop()
        if current in reached:
            continue
        reached.add(current)
        todo += [t for _f, t in _targets(_as_dict(states[current])) if t in states]
    if start in states:
        problems += [text(MESSAGES, "unreachable", where=where, name=name)
                     for name in states if name not in reached]
    return problems


def definition_problems(definition: object) -> list[str]:
    """Return what is structurally wrong with an ASL definition (an empty list when nothing is).

    It checks StartAt, state types, Next/End, every transition target (Next, Choices,
    Default, Catch), Retry/Catch error lists, Map and Parallel bodies, and unreachable states.
    It does not evaluate JSONPath or intrinsic functions: running the workflow does that.

    >>> definition_problems({"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "B"}}})
    ["state 'A' goes to 'B' (Next), which is not in this States block."]
    """
    return _machine_problems(_load(definition), "")


def check_definition(definition: object) -> dict[str, Any]:
    """Return the definition as a dict if it has no structural problems; otherwise raise.

    >>> check_definition('{"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}')["StartAt"]
    'A'
    """
    machine = _load(definition)
    problems = _machine_problems(machine, "")
    if problems:
        raise CourseInputError(text(MESSAGES, "problems", count=len(problems),
                                    problems="\n- ".join(problems)))
    return machine


# --- history ----------------------------------------------------------------------------------------
def _details(event: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in event.items():
        if key.endswith("EventDetails") and isinstance(value, dict):
            return value
    return {}


def _detail_text(kind: str, details: Mapping[str, Any]) -> str:
    if "error" in details:
        return str(details["error"])
    if "index" in details:
        return f"item {details['index']}"
    if kind == "MapStateStarted" and "length" in details:
        return f"{details['length']} items"
    if kind in ("TaskScheduled", "LambdaFunctionScheduled"):
        return ":".join(str(details[k]) for k in ("resourceType", "resource") if k in details)
    return ""


def history_frame(events: list[Mapping[str, Any]]) -> pd.DataFrame:
    """Turn ``get_execution_history`` events into a table: one row per event, in order.

    Columns: ``id``, ``timestamp``, ``type``, ``state`` (the state the event belongs to;
    empty for execution-level events) and ``detail`` (error name, Map item, task resource).

    >>> events = [{"id": 1, "timestamp": 0, "type": "ExecutionStarted"},
    ...           {"id": 2, "previousEventId": 1, "timestamp": 0, "type": "PassStateEntered",
    ...            "stateEnteredEventDetails": {"name": "Hello"}}]
    >>> history_frame(events)["state"].tolist()
    ['', 'Hello']
    """
    import pandas as pd

    state_of: dict[int, str] = {}
    open_blocks: list[str] = []
    rows = []
    for event in sorted(events, key=lambda e: e["id"]):
        kind, details = str(event["type"]), _details(event)
        name = details.get("name")
        if kind.startswith(("MapState", "ParallelState")) and not kind.endswith("Entered"):
            name = name or (open_blocks[-1] if open_blocks else "")
            if kind.endswith("Exited") and open_blocks:
                open_blocks.pop()
        elif kind.endswith("StateEntered") and kind[:-len("StateEntered")] in ("Map", "Parallel"):
            open_blocks.append(name)
        if name is None and not kind.startswith("Execution"):
            name = state_of.get(int(event.get("previousEventId") or 0), "")
        state_of[int(event["id"])] = name or ""
        rows.append({"id": int(event["id"]), "timestamp": event.get("timestamp"), "type": kind,
                     "state": name or "", "detail": _detail_text(kind, details)})
    return pd.DataFrame(rows, columns=["id", "timestamp", "type", "state", "detail"])


def visited_states(history: pd.DataFrame) -> list[str]:
    """Return the states entered, in order (a Map's inner states once per item).

    >>> import pandas as pd
    >>> h = pd.DataFrame({"type": ["ExecutionStarted", "PassStateEntered", "PassStateExited"],
    ...                   "state": ["", "Hello", "Hello"]})
    >>> visited_states(h)
    ['Hello']
    """
    entered = history[history["type"].str.endswith("StateEntered")]
    return entered["state"].tolist()


def state_transitions(history: pd.DataFrame) -> int:
    """Estimate the billed state transitions of one Standard execution from its history.

    Step Functions bills each step it executes, retries included: here, each state entered
    plus each extra attempt (a Task scheduled again, or a Map started again, in one visit).

    >>> import pandas as pd
    >>> h = pd.DataFrame({"type": ["TaskStateEntered", "TaskScheduled", "TaskFailed",
    ...                            "TaskScheduled", "TaskStateExited"], "state": ["T"] * 5})
    >>> state_transitions(h)          # 1 state entered + 1 retry
    2
    """
    entered = int(history["type"].str.endswith("StateEntered").sum())
    retries = 0
    attempts: dict[str, int] = {}
    for kind, state in zip(history["type"], history["state"], strict=True):
        if kind.endswith("StateEntered"):
            attempts[state] = 0
        elif kind in ("TaskScheduled", "LambdaFunctionScheduled", "MapStateStarted"):
            attempts[state] = attempts.get(state, 0) + 1
            retries += attempts[state] > 1
    return entered + retries


# --- running with moto ---------------------------------------------------------------------------
@dataclass
class WorkflowRun:
    """What one offline execution produced.

    >>> WorkflowRun(status="SUCCEEDED", output={"n": 1}).succeeded
    True
    """

    status: str
    output: Any = None
    error: str | None = None
    cause: str | None = None
    history: Any = None
    objects: dict[str, str] = field(default_factory=dict)

    @property
    def succeeded(self) -> bool:
        """True when the execution ended in SUCCEEDED."""
        return self.status == "SUCCEEDED"

    @property
    def path(self) -> list[str]:
        """The states entered, in order (see :func:`visited_states`)."""
        return visited_states(self.history)


def _check_objects(objects: object) -> dict[str, bytes]:
    if objects is None:
        return {}
    if not isinstance(objects, Mapping):
        raise CourseInputError(text(MESSAGES, "bad_objects", entry=type(objects).__name__))
    staged: dict[str, bytes] = {}
    for key, body in objects.items():
        if not isinstance(key, str) or "/" not in key.strip("/") or not isinstance(body, str | bytes):
            raise CourseInputError(text(MESSAGES, "bad_objects", entry=key))
        staged[key] = body.encode() if isinstance(body, str) else body
    return staged


def _poll(client: Any, execution_arn: str, timeout_seconds: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_seconds
    while True:
        described = client.describe_execution(executionArn=execution_arn)
        if described["status"] != "RUNNING":
            return described
        if time.monotonic() > deadline:
            raise CourseInputError(text(MESSAGES, "not_finished", seconds=timeout_seconds,
                                        status=described["status"]))
        time.sleep(0.01)


def _require_stepfunctions_extra() -> None:
    import importlib.util

    for module in ("antlr4", "jsonpath_ng"):
        if importlib.util.find_spec(module) is None:
            raise ImportError(text(MESSAGES, "no_extra", missing=module))


def run_workflow(definition: object, input: object = None, *, objects: Mapping[str, object] | None = None,
                 buckets: tuple[str, ...] = (), timeout_seconds: float = 60) -> WorkflowRun:
    """Run an ASL definition on moto's Step Functions interpreter, offline, and return the result.

    ``objects`` ({"bucket/key": text}) and ``buckets`` are created in moto's S3 first, so
    ``aws-sdk:s3:*`` tasks find them; ``WorkflowRun.objects`` holds every S3 object afterwards.
    ``lambda:invoke`` tasks return their payload unchanged (moto runs no Lambda code without
    Docker). Retry waits are real: ``IntervalSeconds: 1`` costs a second.

    >>> run = run_workflow({"StartAt": "Hi", "States": {"Hi": {"Type": "Pass", "Result": 1,
    ...                                                         "End": True}}})
    >>> run.status, run.output, run.path
    ('SUCCEEDED', 1, ['Hi'])
    """
    machine = check_definition(definition)
    payload = json.dumps({} if input is None else input)
    staged = _check_objects(objects)
    for bucket in buckets:
        if not isinstance(bucket, str) or not bucket:
            raise CourseInputError(text(MESSAGES, "bad_objects", entry=bucket))
    timeout = check_number("timeout_seconds", timeout_seconds, low=0.1, high=600)

    _require_stepfunctions_extra()
    import boto3
    from moto import mock_aws

    quiet = logging.getLogger("moto.stepfunctions")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    config = {"stepfunctions": {"execute_state_machine": True}, "lambda": {"use_docker": False}}
    try:
        with mock_aws(config=config):
            s3 = boto3.client("s3", region_name=REGION)
            for bucket in sorted(set(buckets) | {key.split("/", 1)[0] for key in staged}):
                s3.create_bucket(Bucket=bucket)
            for key, body in staged.items():
                bucket, name = key.split("/", 1)
                s3.put_object(Bucket=bucket, Key=name, Body=body)
            sfn = boto3.client("stepfunctions", region_name=REGION)
            arn = sfn.create_state_machine(name="course-workflow", definition=json.dumps(machine),
                                           roleArn=_ROLE)["stateMachineArn"]
            execution = sfn.start_execution(stateMachineArn=arn, input=payload)["executionArn"]
            described = _poll(sfn, execution, timeout)
            events: list[dict[str, Any]] = []
            pages = sfn.get_paginator("get_execution_history").paginate(executionArn=execution)
            for page in pages:
                events += page["events"]
            after: dict[str, str] = {}
            for bucket in s3.list_buckets()["Buckets"]:
                for item in s3.list_objects_v2(Bucket=bucket["Name"]).get("Contents", []):
                    body = s3.get_object(Bucket=bucket["Name"], Key=item["Key"])["Body"].read()
                    after[f"{bucket['Name']}/{item['Key']}"] = body.decode("utf-8", "replace")
    finally:
        quiet.setLevel(level)
    output = described.get("output")
    return WorkflowRun(status=described["status"], output=None if output is None else json.loads(output),
                       error=described.get("error"), cause=described.get("cause"),
                       history=history_frame(events), objects=after)


# --- the lesson's pipeline -----------------------------------------------------------------------------
def example_pipeline(retry_interval_seconds: int = 1, max_attempts: int = 1) -> dict[str, Any]:
    """The lesson's ETL workflow: list files (extract), a Map over them, load a report to S3.

    Each item goes through a Choice (CSV or not), a readiness check with Retry and Catch
    (the upstream writes a ``_done/<key>`` marker when a file is complete), and a Lambda step.

    >>> sorted(example_pipeline()["States"])
    ['Extract', 'Load', 'Report', 'Transform']
    """
    interval = int(check_number("retry_interval_seconds", retry_interval_seconds, low=1, high=60))
    attempts = int(check_number("max_attempts", max_attempts, low=0, high=5))
    item_states = {
        "IsCsv": {"Type": "Choice",
                  "Choices": [{"Variable": "$.key", "StringMatches": "*.csv", "Next": "CheckReady"}],
                  "Default": "Skip"},
        "Skip": {"Type": "Pass", "Parameters": {"key.$": "$.key", "status": "skipped"}, "End": True},
        "CheckReady": {
            "Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:headObject",
            "Parameters": {"Bucket.$": "$.bucket", "Key.$": "States.Format('_done/{}', $.key)"},
            "ResultPath": None,
            "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": interval,
                       "MaxAttempts": attempts, "BackoffRate": 2.0}],
            "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Quarantine"}],
            "Next": "Summarise"},
        "Summarise": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                      "Parameters": {"FunctionName": "summarise-file",
                                     "Payload": {"key.$": "$.key", "status": "ok"}},
                      "OutputPath": "$.Payload", "End": True},
        "Quarantine": {"Type": "Pass", "Parameters": {"key.$": "$.key", "status": "quarantined",
                                                      "error.$": "$.error.Error"}, "End": True},
    }
    return {
        "Comment": "Nightly ETL: extract the file list, transform each file, load a report.",
        "StartAt": "Extract",
        "States": {
            "Extract": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listObjectsV2",
                        "Parameters": {"Bucket.$": "$.bucket", "Prefix": "incoming/"},
                        "ResultSelector": {"keys.$": "$.Contents[*].Key"},
                        "ResultPath": "$.extracted", "Next": "Transform"},
            "Transform": {"Type": "Map", "ItemsPath": "$.extracted.keys", "MaxConcurrency": 1,
                          "ItemSelector": {"bucket.$": "$.bucket", "key.$": "$$.Map.Item.Value"},
                          "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"},
                                            "StartAt": "IsCsv", "States": item_states},
                          "ResultPath": "$.results", "Next": "Load"},
            "Load": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:putObject",
                     "Parameters": {"Bucket": "curated",
                                    "Key.$": "States.Format('reports/{}.json', $.date)",
                                    "Body.$": "States.JsonToString($.results)"},
                     "ResultPath": None, "Next": "Report"},
            "Report": {"Type": "Pass", "End": True, "Parameters": {
                "files.$": "States.ArrayLength($.results)",
                "ok.$": "$.results[?(@.status == 'ok')].key",
                "quarantined.$": "$.results[?(@.status == 'quarantined')].key"}},
        },
    }


def example_objects() -> dict[str, str]:
    """The S3 objects the pipeline starts from: four incoming files, two completion markers.

    >>> sorted(example_objects())[:2]
    ['curated/.keep', 'raw/_done/incoming/orders.csv']
    """
    return {
        "raw/incoming/orders.csv": "order_id,amount\n1,20.0\n2,35.5\n",
        "raw/incoming/refunds.csv": "order_id,amount\n2,-35.5\n",
        "raw/incoming/readme.txt": "Files land here nightly.\n",
        "raw/incoming/late.csv": "order_id,amount\n3,12.0\n",
        "raw/_done/incoming/orders.csv": "",
        "raw/_done/incoming/refunds.csv": "",
        "curated/.keep": "",
    }


# --- Batch requests, validated not sent ---------------------------------------------------------------
def _resolve(value: object, example: object, field_name: str = "") -> object:
    if isinstance(value, dict):
        out: dict[str, object] = {}
        for key, inner in value.items():
            if key.endswith(".$"):
                out[key[:-2]] = _lookup(inner, example, key)
            else:
                out[key] = _resolve(inner, example, key)
        return out
    if isinstance(value, list):
        return [_resolve(v, example, field_name) for v in value]
    return value


def _lookup(path: object, example: object, field_name: str) -> object:
    if not isinstance(path, str) or not (path == "$" or path.startswith("$.")):
        raise CourseInputError(text(MESSAGES, "path_form", field=field_name, path=path))
    current = example
    for part in [p for p in path[2:].split(".") if p] if path != "$" else []:
        if not part.isidentifier():
            raise CourseInputError(text(MESSAGES, "path_form", field=field_name, path=path))
        if not isinstance(current, dict) or part not in current:
            raise CourseInputError(text(MESSAGES, "path_missing", field=field_name, path=path))
        current = current[part]
    return current


def _camel(value: object, keep_keys: bool = False) -> object:
    if isinstance(value, dict):
        return {(k if keep_keys else k[:1].lower() + k[1:]): _camel(v, k in ("Parameters", "Tags"))
                for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def batch_submit_job_request(task_state: object, example_input: object = None) -> dict[str, Any]:
    """Check a Step Functions Batch task against botocore's SubmitJob model; return the request.

    Step Functions writes the SubmitJob fields in PascalCase (``JobName``); the Batch API
    uses camelCase (``jobName``). Fields ending in ``.$`` are read from ``example_input``
    (simple paths such as ``$.date`` only). Nothing is sent anywhere.

    >>> state = {"Type": "Task", "Resource": "arn:aws:states:::batch:submitJob.sync",
    ...          "Parameters": {"JobName.$": "$.name", "JobQueue": "q", "JobDefinition": "d:1"}}
    >>> batch_submit_job_request(state, {"name": "nightly"})
    {'jobName': 'nightly', 'jobQueue': 'q', 'jobDefinition': 'd:1'}
    """
    if not isinstance(task_state, dict):
        raise CourseInputError(text(MESSAGES, "task_state", kind=type(task_state).__name__))
    check_choice("Resource", task_state.get("Resource"), BATCH_RESOURCES)
    parameters = task_state.get("Parameters")
    if not isinstance(parameters, dict):
        raise CourseInputError(text(MESSAGES, "no_parameters"))
    request = _camel(_resolve(parameters, {} if example_input is None else example_input))
    import botocore.session
    from botocore.exceptions import ParamValidationError
    from botocore.validate import validate_parameters

    model = botocore.session.get_session().get_service_model("batch").operation_model("SubmitJob")
    try:
        validate_parameters(request, model.input_shape)
    except ParamValidationError as err:
        raise CourseInputError(text(MESSAGES, "botocore", error=err)) from None
    return request  # type: ignore[return-value]


# --- Standard or Express ---------------------------------------------------------------------------------
def compare_standard_express(executions_per_month: float, states_per_execution: float,
                             duration_ms: float, memory_mb: float = 64, region: str = "us-east-1",
                             free_tier: bool = False) -> dict[str, Any]:
    """Monthly cost of one workload as Standard and as Express workflows, and the cheaper type.

    Standard bills state transitions (here ``executions x states``, no retries); Express
    bills requests plus GB-seconds and cannot run longer than 5 minutes (then it is ``None``).

    >>> out = compare_standard_express(1_000_000, 10, 250, 64)
    >>> out["standard"], round(out["express"], 5), out["cheaper"]   # 10M x 0.000025; 1.00 + 0.31256
    (250.0, 1.31256, 'Express')
    """
    from course.pricing.services import step_functions_express_cost, step_functions_standard_cost

    runs = check_number("executions_per_month", executions_per_month, low=0)
    states = check_number("states_per_execution", states_per_execution, low=1)
    ms = check_number("duration_ms", duration_ms, low=0, high=366 * 24 * 3600 * 1000)
    mb = check_number("memory_mb", memory_mb, low=64, high=10240)
    standard = step_functions_standard_cost(runs * states, region=region, free_tier=free_tier)
    express = None
    if ms <= EXPRESS_MAX_MS:
        express = step_functions_express_cost(runs, ms, mb, region=region)["total"]
    cheaper = "Standard" if express is None or standard < express else "Express"
    if express is not None and math.isclose(standard, express):
        cheaper = "same"
    return {"standard": standard, "express": express, "cheaper": cheaper,
            "transitions": runs * states,
            "note": text(MESSAGES, "express_too_long") if express is None else ""}
