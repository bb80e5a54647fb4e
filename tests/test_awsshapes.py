"""Offline request validation against botocore's models (course.awsshapes)."""

from __future__ import annotations

import doctest

import pytest
from botocore.exceptions import ParamValidationError

import course.awsshapes as shapes
from course.awsshapes import operation_model, request_members, validate_request
from course.errors import CourseInputError

NETWORK = {"awsvpcConfiguration": {"subnets": ["subnet-0abc"], "securityGroups": ["sg-0abc"],
                                   "assignPublicIp": "DISABLED"}}


def fargate_spot_run_task() -> dict:
    return {"cluster": "batch", "taskDefinition": "nightly-report:3", "count": 2,
            "capacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}],
            "networkConfiguration": NETWORK}


def test_doctests_pass():
    assert doctest.testmod(shapes, optionflags=doctest.ELLIPSIS).failed == 0


def test_valid_request_is_returned_unchanged():
    request = fargate_spot_run_task()
    assert validate_request("ecs", "RunTask", request) is request


def test_boto3_method_name_and_api_name_are_the_same_operation():
    assert operation_model("ecs", "run_task").name == operation_model("ecs", "RunTask").name == "RunTask"


@pytest.mark.parametrize("change, fragment", [
    ({"capacityProviderStrategey": []}, 'Unknown parameter in input: "capacityProviderStrategey"'),
    ({"count": "2"}, "Invalid type for parameter count"),
    ({"launchType": "FARGAT"}, "Invalid value for parameter launchType, value: 'FARGAT'"),
    ({"networkConfiguration": {"awsvpcConfiguration": {"subnets": ["s"], "assignPublicIp": "YES"}}},
     "networkConfiguration.awsvpcConfiguration.assignPublicIp"),
    ({"capacityProviderStrategy": [{"weight": 1}]}, "Missing required parameter"),
])
def test_broken_requests_raise_boto3s_error(change, fragment):
    request = {**fargate_spot_run_task(), **change}
    with pytest.raises(ParamValidationError) as err:
        validate_request("ecs", "RunTask", request)
    assert fragment in str(err.value)


def test_missing_required_parameter():
    request = fargate_spot_run_task()
    del request["taskDefinition"]
    with pytest.raises(ParamValidationError, match="taskDefinition"):
        validate_request("ecs", "RunTask", request)


def test_enum_check_can_be_switched_off_like_botocore():
    request = {"taskDefinition": "t", "launchType": "FARGAT"}
    assert validate_request("ecs", "RunTask", request, check_enums=False) is request


def test_enum_inside_a_list_is_checked():
    request = {"family": "f", "containerDefinitions": [{"name": "app", "image": "x"}],
               "requiresCompatibilities": ["FARGATE", "LAMBDA"]}
    with pytest.raises(ParamValidationError, match=r"requiresCompatibilities\[1\]"):
        validate_request("ecs", "RegisterTaskDefinition", request)


def test_scheduler_schedule_with_an_ecs_target():
    request = {
        "Name": "nightly-report", "ScheduleExpression": "cron(0 2 * * ? *)",
        "ScheduleExpressionTimezone": "Asia/Tokyo", "FlexibleTimeWindow": {"Mode": "OFF"},
        "Target": {"Arn": "arn:aws:ecs:ap-northeast-1:111122223333:cluster/batch",
                   "RoleArn": "arn:aws:iam::111122223333:role/scheduler-runs-ecs",
                   "EcsParameters": {"TaskDefinitionArn": "arn:aws:ecs:ap-northeast-1:111122223333:"
                                                          "task-definition/nightly-report:3",
                                     "LaunchType": "FARGATE",
                                     "NetworkConfiguration": {"awsvpcConfiguration": {
                                         "Subnets": ["subnet-0abc"], "AssignPublicIp": "DISABLED"}}}},
    }
    assert validate_request("scheduler", "create_schedule", request) is request
    request["FlexibleTimeWindow"] = {"Mode": "SOMETIMES"}
    with pytest.raises(ParamValidationError, match="FlexibleTimeWindow.Mode"):
        validate_request("scheduler", "create_schedule", request)


def test_request_members_mark_required_parameters():
    rows = {r["name"]: r for r in request_members("ecs", "RegisterTaskDefinition")}
    assert {n for n, r in rows.items() if r["required"]} == {"family", "containerDefinitions"}
    assert rows["cpu"]["type"] == "string" and "awsvpc" in rows["networkMode"]["enum"]


@pytest.mark.parametrize("service, operation, params", [
    ("ecss", "RunTask", {}),
    (None, "RunTask", {}),
    ("ecs", "RunTasks", {}),
    ("ecs", 42, {}),
    ("ecs", "RunTask", None),
    ("ecs", "RunTask", [("taskDefinition", "x")]),
    ("ecs", "RunTask", "taskDefinition=x"),
])
def test_bad_inputs_name_the_parameter(service, operation, params):
    with pytest.raises(CourseInputError) as err:
        validate_request(service, operation, params)
    assert any(word in str(err.value) for word in ("service", "operation", "params"))


@pytest.mark.parametrize("service, operation", [
    ("ec", "RunTask"), ("", "RunTask"), ("ecs", ""), ("ecs", "run-task"), ("ecs", None),
])
def test_request_members_bad_inputs(service, operation):
    with pytest.raises(CourseInputError):
        request_members(service, operation)


def test_unknown_operation_suggests_the_closest():
    with pytest.raises(CourseInputError, match="Did you mean 'RunTask'"):
        operation_model("ecs", "RunTak")


@pytest.mark.parametrize("service, operation", [
    ("ecs", "RunTak"), ("ecs", "runtask"), ("scheduler", "CreateScheduleGroupX"), ("lambda2", "Invoke"),
    (["ecs"], "RunTask"),
])
def test_operation_model_bad_inputs(service, operation):
    with pytest.raises(CourseInputError):
        operation_model(service, operation)
