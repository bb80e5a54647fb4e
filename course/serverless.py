"""AWS Lambda as a batch worker: its limits, whether a job fits, and fanning out over S3 objects.

Prices come from :func:`course.pricing.services.lambda_cost`; this module only adds the
limits that are not prices and a model of many invocations running side by side.

>>> fits_lambda(duration_s=1200, memory_mb=2048)["fits"]
False
>>> plan = fan_out(objects=10_000, seconds_per_object=2, concurrency=1000)
>>> plan["waves"], plan["makespan_seconds"]                       # 10 waves of 1,000 x 2 s
(10, 20.0)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from course.errors import CourseInputError, check_number, check_whole
from course.i18n import text
from course.pricing.services import lambda_cost

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "timeout": "runs {duration:,.0f} s, over the {limit:,.0f} s maximum timeout",
        "memory_high": "needs {memory:,.0f} MB, over the {limit:,.0f} MB maximum memory",
        "memory_low": "asks for {memory:,.0f} MB, under the {limit:,.0f} MB minimum (use {limit:,.0f})",
        "tmp": "needs {tmp:,.0f} MB of /tmp, over the {limit:,.0f} MB maximum",
        "whole": "{name} must be a whole number, got {value!r}.",
        "page_size": "page_size must be at most 1000 (S3's largest page), got {value!r}.",
        "bad_text": "{name} must be {what}, got {value!r}.",
        "no_client": "client must be a boto3 S3 client (it needs get_paginator), got {value!r}.",
    }
}

LAMBDA_DOCS = "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html"

#: Lambda limits that matter for batch work (us-east-1 and most Regions), with their sources.
LIMITS: dict[str, dict[str, Any]] = {
    "timeout_seconds": {
        "value": 900, "default": 3, "unit": "s", "what": "maximum function timeout (15 minutes)",
        "source": LAMBDA_DOCS, "as_of": "2026-11-29", "confidence": "OFFICIAL"},
    "memory_min_mb": {
        "value": 128, "default": 128, "unit": "MB", "what": "smallest memory setting",
        "source": LAMBDA_DOCS, "as_of": "2026-11-29", "confidence": "OFFICIAL"},
    "memory_max_mb": {
        "value": 10_240, "default": 128, "unit": "MB",
        "what": "largest memory setting (1 MB steps); CPU grows with memory, 1,769 MB = 1 vCPU",
        "source": "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html",
        "as_of": "2026-11-29", "confidence": "OFFICIAL"},
    "tmp_max_mb": {
        "value": 10_240, "default": 512, "unit": "MB",
        "what": "ephemeral storage /tmp (512 MB by default; more is billed)",
        "source": "https://docs.aws.amazon.com/lambda/latest/dg/API_EphemeralStorage.html",
        "as_of": "2026-11-29", "confidence": "OFFICIAL"},
    "concurrency_default": {
        "value": 1_000, "default": 1_000, "unit": "executions",
        "what": "concurrent executions per Region by default (a quota you can ask to raise; "
                "new accounts may start lower)",
        "source": LAMBDA_DOCS, "as_of": "2026-11-29", "confidence": "OFFICIAL"},
    "managed_instances_timeout_seconds": {
        "value": 5_400, "default": None, "unit": "s",
        "what": "Lambda Managed Instances: async and event-source-mapping invocations (90 minutes)",
        "source": "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
        "as_of": "2026-11-29", "confidence": "OFFICIAL"},
    "durable_execution_seconds": {
        "value": 31_622_400, "default": None, "unit": "s",
        "what": "durable functions: one execution up to 1 year; each invocation still <= 900 s",
        "source": "https://docs.aws.amazon.com/lambda/latest/dg/durable-basic-concepts.html",
        "as_of": "2026-11-29", "confidence": "OFFICIAL"},
}


def limit(name: str) -> float:
    """Return one limit's value from :data:`LIMITS`.

    >>> limit("timeout_seconds")
    900
    """
    from course.errors import check_choice

    return LIMITS[check_choice("name", name, LIMITS)]["value"]


def limits_table() -> pd.DataFrame:
    """Return :data:`LIMITS` as a table with one row per limit (value, unit, source, as of).

    >>> int(limits_table().loc["timeout_seconds", "value"])
    900
    """
    import pandas as pd

    table = pd.DataFrame.from_dict(LIMITS, orient="index")
    return table[["value", "default", "unit", "what", "source", "as_of", "confidence"]]


def fits_lambda(duration_s: float, memory_mb: float, tmp_mb: float = 512) -> dict[str, Any]:
    """Say whether one invocation of this size fits in standard Lambda, and if not, why.

    >>> fits_lambda(600, 3008)
    {'fits': True, 'reasons': []}
    >>> fits_lambda(1200, 16384)["reasons"]
    ['runs 1,200 s, over the 900 s maximum timeout', 'needs 16,384 MB, over the 10,240 MB maximum memory']
    """
    duration = check_number("duration_s", duration_s, low=0)
    memory = check_number("memory_mb", memory_mb, low=1)
    tmp = check_number("tmp_mb", tmp_mb, low=0)
    reasons = []
    if duration > limit("timeout_seconds"):
        reasons.append(text(MESSAGES, "timeout", duration=duration, limit=limit("timeout_seconds")))
    if memory > limit("memory_max_mb"):
        reasons.append(text(MESSAGES, "memory_high", memory=memory, limit=limit("memory_max_mb")))
    if memory < limit("memory_min_mb"):
        reasons.append(text(MESSAGES, "memory_low", memory=memory, limit=limit("memory_min_mb")))
    if tmp > limit("tmp_max_mb"):
        reasons.append(text(MESSAGES, "tmp", tmp=tmp, limit=limit("tmp_max_mb")))
    return {"fits": not reasons, "reasons": reasons}


def _shape(n: int, per_object: float, c: int, k: int,
           overhead: float) -> tuple[int, int, int, float, float, int, float]:
    """Pure arithmetic of a fan-out: invocations, their lengths, waves and makespan."""
    full, rest = divmod(n, k)
    invocations = full + (1 if rest else 0)
    longest = overhead + min(k, n) * per_object
    last = overhead + rest * per_object if rest else longest
    waves = math.ceil(invocations / c)
    # The last wave is shorter only if it holds nothing but the partly filled invocation.
    last_wave = longest if (waves - 1) * c < full else last
    return full, rest, invocations, longest, last, waves, (waves - 1) * longest + last_wave


def fan_out(objects: int, seconds_per_object: float, *, concurrency: int = 1000,
            objects_per_invocation: int = 1, memory_mb: float = 1024,
            overhead_seconds: float = 0.0, free_tier: bool = False) -> dict[str, Any]:
    """Model one fan-out: ``objects`` S3 objects handled by parallel Lambda invocations.

    Each invocation handles ``objects_per_invocation`` objects one after another and pays
    ``overhead_seconds`` once (start-up, loading libraries). At most ``concurrency``
    invocations run at once, so they run in *waves*; the makespan is the waves' total
    length. Cost is :func:`~course.pricing.services.lambda_cost` on the invocations and
    their mean billed duration. An invocation over 900 s cannot run: ``fits`` is False
    and the cost is NaN.

    >>> plan = fan_out(2_500, 3, concurrency=1000, memory_mb=1024)
    >>> plan["invocations"], plan["waves"], plan["makespan_seconds"]   # 1000 + 1000 + 500
    (2500, 3, 9.0)
    >>> round(plan["cost"], 6)           # 2,500 x 3 s x 1 GB = 7,500 GB-s x 0.0000166667 + 2,500 x 0.0000002
    0.1255
    """
    n = check_whole("objects", objects, 1)
    per_object = check_number("seconds_per_object", seconds_per_object, low=0.001, high=86_400)
    c = check_whole("concurrency", concurrency, 1)
    k = check_whole("objects_per_invocation", objects_per_invocation, 1)
    memory = check_number("memory_mb", memory_mb, low=limit("memory_min_mb"), high=limit("memory_max_mb"))
    overhead = check_number("overhead_seconds", overhead_seconds, low=0, high=900)
    shape = _shape(n, per_object, c, k, overhead)
    full, rest, invocations, longest, last, waves, makespan = shape
    busy_seconds = full * longest + (last if rest else 0.0)
    fits = longest <= limit("timeout_seconds")
    cost = {"requests": math.nan, "duration": math.nan, "total": math.nan,
            "gb_seconds": busy_seconds * memory / 1024.0}
    if fits:
        cost = lambda_cost(invocations, 1000.0 * busy_seconds / invocations, memory, free_tier=free_tier)
    return {"objects": n, "invocations": invocations, "invocation_seconds": longest,
            "waves": waves, "makespan_seconds": makespan, "peak_concurrency": min(invocations, c),
            "busy_seconds": busy_seconds, "gb_seconds": cost["gb_seconds"], "fits": fits,
            "request_cost": cost["requests"], "duration_cost": cost["duration"], "cost": cost["total"]}


def fan_out_curve(objects: int, seconds_per_object: float, concurrencies: list[int],
                  **options: Any) -> dict[str, list[float]]:
    """Return the makespan (s) for each concurrency in ``concurrencies``; the other inputs are fixed.

    >>> fan_out_curve(4_000, 10, [1000, 2000, 4000])["makespan_seconds"]
    [40.0, 20.0, 10.0]
    """
    fan_out(objects, seconds_per_object, concurrency=1, **options)  # checks every input once
    n, per_object = int(objects), float(seconds_per_object)
    k, overhead = int(options.get("objects_per_invocation", 1)), float(options.get("overhead_seconds", 0))
    values = [_shape(n, per_object, check_whole("concurrency", c, 1), k, overhead)[-1] for c in concurrencies]
    return {"concurrency": [float(c) for c in concurrencies], "makespan_seconds": values}


def list_objects(client: Any, bucket: str, prefix: str = "", page_size: int = 1000) -> list[dict[str, Any]]:
    """List every object under ``prefix`` with boto3's paginator (S3 returns 1,000 keys per page at most).

    Returns ``[{"key": ..., "size": ..., "page": ...}]`` in key order. ``client`` is a boto3
    S3 client: a real one, or one inside ``moto.mock_aws()`` as in the lesson.

    >>> class FakePaginator:
    ...     def paginate(self, **kwargs):
    ...         return [{"Contents": [{"Key": "in/a.csv", "Size": 10}]}, {"KeyCount": 0}]
    >>> class FakeClient:
    ...     def get_paginator(self, name):
    ...         return FakePaginator()
    >>> list_objects(FakeClient(), "my-bucket", "in/")
    [{'key': 'in/a.csv', 'size': 10, 'page': 1}]
    """
    if not hasattr(client, "get_paginator"):
        raise CourseInputError(text(MESSAGES, "no_client", value=client))
    if not isinstance(bucket, str) or not bucket:
        raise CourseInputError(text(MESSAGES, "bad_text", name="bucket", what="a non-empty bucket name",
                                    value=bucket))
    if not isinstance(prefix, str):
        raise CourseInputError(text(MESSAGES, "bad_text", name="prefix", what="a string", value=prefix))
    size = check_whole("page_size", page_size, 1)
    if size > 1000:
        raise CourseInputError(text(MESSAGES, "page_size", value=page_size))
    pages = client.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=prefix, PaginationConfig={"PageSize": size})
    return [{"key": item["Key"], "size": int(item["Size"]), "page": number}
            for number, page in enumerate(pages, start=1) for item in page.get("Contents", [])]
