"""The work model: how long a simulated job runs and how it exits.

No container runs in the simulator, so each job says what it would do, through job
parameters (strings, as on AWS) or a Python callable registered with the simulator.

Parameters understood (job definition parameters, overridden by submit_job's):

* ``duration``: seconds the container runs (required unless a callable is registered);
* ``exitCode``: exit code, or a comma-separated list per attempt (``"1,1,0"``: the first
  two attempts exit 1, the third 0; the last value repeats);
* ``checkpointSeconds``: the job saves its progress every N seconds, so a retried attempt
  only redoes the work since the last checkpoint (lesson 12).

>>> parse_parameters("demo", {"duration": "300", "exitCode": "1,0"})
(300000, (1, 0), 0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping

from course.batch.messages import MESSAGES
from course.errors import CourseInputError
from course.i18n import text

#: A work model: ``fn(job_name, array_index_or_None, attempt_number) -> (seconds, exit_code)``.
WorkModel = Callable[[str, "int | None", int], tuple[float, int]]


def _seconds(name: str, value: str, what: str) -> int:
    try:
        number = float(value)
    except (TypeError, ValueError):
        number = math.nan
    if not math.isfinite(number) or number < 0:
        raise CourseInputError(text(MESSAGES, "bad_param", name=name, value=value, what=what))
    return int(round(number * 1000))


def parse_parameters(job_name: str, params: Mapping[str, str], *,
                     has_model: bool = False) -> tuple[int, tuple[int, ...], int]:
    """Read ``duration``/``exitCode``/``checkpointSeconds`` into (ms, exit codes, ms).

    >>> parse_parameters("j", {"duration": "1.5"})
    (1500, (0,), 0)
    >>> parse_parameters("j", {}, has_model=True)
    (0, (0,), 0)
    """
    if "duration" in params:
        dur_ms = _seconds("duration", params["duration"], "a number of seconds >= 0")
    elif has_model:
        dur_ms = 0
    else:
        raise CourseInputError(text(MESSAGES, "no_duration", job=job_name))
    raw = params.get("exitCode", "0")
    try:
        codes = tuple(int(part) for part in str(raw).split(","))
    except ValueError:
        raise CourseInputError(text(MESSAGES, "bad_param", name="exitCode", value=raw,
                                    what="an integer or a comma-separated list of integers")
                               ) from None
    if any(c < 0 or c > 255 for c in codes):
        raise CourseInputError(text(MESSAGES, "bad_param", name="exitCode", value=raw,
                                    what="between 0 and 255"))
    ckpt = 0
    if "checkpointSeconds" in params:
        ckpt = _seconds("checkpointSeconds", params["checkpointSeconds"],
                        "a number of seconds > 0")
        if ckpt <= 0:
            raise CourseInputError(text(MESSAGES, "bad_param", name="checkpointSeconds",
                                        value=params["checkpointSeconds"],
                                        what="a number of seconds > 0"))
    return dur_ms, codes, ckpt


def check_work_model(fn: object) -> WorkModel:
    """Return ``fn`` if it is callable, else raise a clear error.

    >>> check_work_model(lambda name, index, attempt: (60, 0))(  "j", None, 1)
    (60, 0)
    """
    if not callable(fn):
        raise CourseInputError(text(MESSAGES, "not_callable", name="work model", value=fn))
    return fn  # type: ignore[return-value]
