"""Request checks: botocore's own service model first, then AWS's semantic rules.

botocore checks types and required members exactly as boto3 does; it does not check
enums or ranges, so :mod:`course.batch.client` adds those and raises a
:class:`ClientException` (a real ``botocore.exceptions.ClientError``).

>>> validate("CancelJob", {"jobId": "x", "reason": "r"})
>>> try:
...     validate("CancelJob", {"jobId": "x"})
... except Exception as err:
...     print(type(err).__name__)
ParamValidationError
"""

from __future__ import annotations

import re
from typing import Any

from botocore.exceptions import ClientError

from course.batch.messages import MESSAGES
from course.i18n import text

_MODEL: Any = None
_SHAPES: dict[str, Any] = {}

NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")
EXIT_CODE_RE = re.compile(r"^[0-9]*\*?$")
REASON_RE = re.compile(r"^[A-Za-z0-9.:\s]*\*?$")


def _input_shape(operation: str) -> Any:
    global _MODEL
    shape = _SHAPES.get(operation)
    if shape is None:
        if _MODEL is None:
            import botocore.session

            _MODEL = botocore.session.get_session().get_service_model("batch")
        shape = _MODEL.operation_model(operation).input_shape
        _SHAPES[operation] = shape
    return shape


def validate(operation: str, params: dict[str, Any]) -> None:
    """Check ``params`` against botocore's model of Batch ``operation``.

    Raises ``botocore.exceptions.ParamValidationError``, exactly as boto3 would.

    >>> validate("DescribeJobs", {"jobs": ["a"]})
    """
    from botocore.validate import validate_parameters

    validate_parameters(params, _input_shape(operation))


class ClientException(ClientError):
    """AWS Batch's ``ClientException``: a ``botocore.exceptions.ClientError`` subclass.

    >>> err = client_error("SubmitJob", "queue_missing", queue="q")
    >>> err.response["Error"]["Code"], isinstance(err, ClientError)
    ('ClientException', True)
    """


class ServerException(ClientError):
    """AWS Batch's ``ServerException`` (never raised by the simulator; here for parity).

    >>> issubclass(ServerException, ClientError)
    True
    """


def client_error(operation: str, key: str, **values: object) -> ClientException:
    """Build (not raise) a ``ClientException`` with an AWS-style message.

    >>> str(client_error("CreateJobQueue", "exists"))
    'An error occurred (ClientException) when calling the CreateJobQueue operation: Object already exists'
    """
    message = text(MESSAGES, key, **values)
    return ClientException(
        {"Error": {"Code": "ClientException", "Message": message},
         "ResponseMetadata": {"HTTPStatusCode": 400}},
        operation,
    )


def check_pattern(operation: str, field: str, value: str) -> None:
    """Check an ``evaluateOnExit`` glob pattern by AWS's character rules.

    >>> check_pattern("SubmitJob", "onStatusReason", "Host EC2*")
    >>> check_pattern("SubmitJob", "onExitCode", "*1")
    Traceback (most recent call last):
    course.batch.validation.ClientException: ...restricted characters
    """
    if len(value) > 512:
        raise client_error(operation, "pattern_long", field=field)
    regex = EXIT_CODE_RE if field == "onExitCode" else REASON_RE
    if not regex.match(value) or value.startswith("*") and len(value) > 1:
        raise client_error(operation, "pattern_chars", field=field)


def glob_match(pattern: str, value: str | None) -> bool:
    """AWS's retry pattern match: exact, or prefix when the pattern ends with ``*``.

    A missing value (no exit code after a Spot reclaim, no container reason) is matched
    as an empty string, so the documented catch-all ``{"onReason": "*"}`` catches it.

    >>> glob_match("Host EC2*", "Host EC2 (instance i-1) terminated.")
    True
    >>> glob_match("1", "137")
    False
    >>> glob_match("*", None), glob_match("1", None)
    (True, False)
    """
    if value is None:
        value = ""
    if pattern.endswith("*"):
        return value.startswith(pattern[:-1])
    return value == pattern
