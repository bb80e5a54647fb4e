"""Check AWS API requests offline against botocore's service models.

boto3 checks every request against the API's model before it sends anything. This
module runs the same check without a client, credentials or network, so a lesson
can show a request shape and prove it is well formed. It adds one check that
botocore leaves to the server: string values must be one of the model's enum values.

>>> request = {"taskDefinition": "nightly-report:3", "launchType": "FARGATE"}
>>> validate_request("ecs", "run_task", request) == request
True
>>> validate_request("ecs", "RunTask", {"taskDefinition": "x", "lanchType": "FARGATE"})
Traceback (most recent call last):
...
botocore.exceptions.ParamValidationError: Parameter validation failed:
Unknown parameter in input: "lanchType", must be one of: ...
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from course.errors import CourseInputError, check_choice
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    from botocore.model import OperationModel, ServiceModel, Shape

MESSAGES = {
    "en": {
        "not_dict": "params must be a dict of request parameters, got {kind}.",
        "bad_enum": "Invalid value for parameter {path}, value: {value!r}, valid values: {allowed}",
        "required": "required",
        "optional": "optional",
    }
}


@functools.cache
def _session() -> Any:
    import botocore.session

    return botocore.session.get_session()


@functools.cache
def available_services() -> tuple[str, ...]:
    """Return the service names that botocore has models for (no network needed).

    >>> "ecs" in available_services() and "scheduler" in available_services()
    True
    """
    return tuple(_session().get_available_services())


@functools.cache
def _service_model(service: str) -> ServiceModel:
    return _session().get_service_model(service)


def operation_model(service: str, operation: str) -> OperationModel:
    """Return botocore's model of one API operation.

    ``operation`` is the API name (``"RunTask"``) or the boto3 method name (``"run_task"``).

    >>> operation_model("ecs", "run_task").name
    'RunTask'
    """
    from botocore import xform_name

    service = check_choice("service", service, available_services())
    model = _service_model(service)
    names = list(model.operation_names)
    by_method = {xform_name(name): name for name in names}
    if isinstance(operation, str) and operation in by_method:
        operation = by_method[operation]
    operation = check_choice("operation", operation, names + list(by_method))
    return model.operation_model(operation)


def request_members(service: str, operation: str) -> list[dict[str, object]]:
    """List the top-level request parameters of an operation: name, type, required, enum.

    >>> rows = request_members("ecs", "RunTask")
    >>> launch = [r for r in rows if r["name"] == "launchType"][0]
    >>> launch["type"], launch["required"], "FARGATE" in launch["enum"]
    ('string', False, True)
    """
    shape = operation_model(service, operation).input_shape
    if shape is None:
        return []
    required = set(shape.required_members)
    return [{"name": name, "type": member.type_name,
             "required": name in required, "enum": list(getattr(member, "enum", []) or [])}
            for name, member in shape.members.items()]


def _enum_errors(value: Any, shape: Shape, path: str) -> list[str]:
    errors: list[str] = []
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        for name, member in shape.members.items():
            if name in value:
                errors += _enum_errors(value[name], member, f"{path}.{name}" if path else name)
    elif kind == "list" and isinstance(value, list | tuple):
        for index, item in enumerate(value):
            errors += _enum_errors(item, shape.member, f"{path}[{index}]")
    elif kind == "map" and isinstance(value, dict):
        for key, item in value.items():
            errors += _enum_errors(item, shape.value, f"{path}.{key}")
    elif kind == "string" and isinstance(value, str):
        allowed = list(getattr(shape, "enum", []) or [])
        if allowed and value not in allowed:
            errors.append(text(MESSAGES, "bad_enum", path=path, value=value,
                               allowed=", ".join(allowed)))
    return errors


def validate_request(service: str, operation: str, params: dict[str, Any], *,
                     check_enums: bool = True) -> dict[str, Any]:
    """Check ``params`` as boto3 would before sending them; return them unchanged if valid.

    Raises botocore's ``ParamValidationError`` (the error boto3 raises) for a missing
    required parameter, an unknown parameter or a wrong type, and, when ``check_enums``
    is true, for a string that is not one of the model's allowed values. Nothing is sent.

    >>> validate_request("ecs", "RunTask", {"taskDefinition": "job", "launchType": "FARGAT"})
    Traceback (most recent call last):
    ...
    botocore.exceptions.ParamValidationError: Parameter validation failed:
    Invalid value for parameter launchType, value: 'FARGAT', valid values: EC2, FARGATE, ...
    """
    from botocore.exceptions import ParamValidationError
    from botocore.validate import validate_parameters

    op = operation_model(service, operation)
    if not isinstance(params, dict):
        raise CourseInputError(text(MESSAGES, "not_dict", kind=type(params).__name__))
    validate_parameters(params, op.input_shape)
    if check_enums:
        errors = _enum_errors(params, op.input_shape, "")
        if errors:
            raise ParamValidationError(report="\n".join(errors))
    return params
