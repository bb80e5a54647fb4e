"""Clear errors for bad input: each names the parameter and what is allowed.

>>> try:
...     check_choice("region", "us-east-9", ["us-east-1", "ap-northeast-1"])
... except CourseInputError as err:
...     print(err)
region='us-east-9' is not allowed. Allowed: 'ap-northeast-1', 'us-east-1'. Did you mean 'us-east-1'?
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable

from course.i18n import text

MESSAGES = {
    "en": {
        "not_allowed": "{name}={value!r} is not allowed. Allowed: {allowed}.",
        "did_you_mean": " Did you mean {match!r}?",
        "not_number": "{name} must be a number, got {value!r}.",
        "not_finite": "{name} must be a finite number, got {value!r}.",
        "not_whole": "{name} must be a whole number, got {value!r}.",
        "below": "{name} must be at least {low}, got {value!r}.",
        "above": "{name} must be at most {high}, got {value!r}.",
        "empty": "{name} must not be empty.",
    }
}


class CourseInputError(ValueError):
    """Raised when a learner passes a value that a course function cannot use."""


def check_choice(name: str, value: object, allowed: Iterable[str]) -> str:
    """Return ``value`` if it is one of ``allowed``; otherwise raise a helpful error.

    >>> check_choice("arch", "arm64", ["x86_64", "arm64"])
    'arm64'
    """
    options = sorted(allowed)
    if isinstance(value, str) and value in options:
        return value
    message = text(MESSAGES, "not_allowed", name=name, value=value,
                   allowed=", ".join(repr(o) for o in options[:20]) + (" …" if len(options) > 20 else ""))
    close = difflib.get_close_matches(str(value), options, n=1)
    if close:
        message += text(MESSAGES, "did_you_mean", match=close[0])
    raise CourseInputError(message)


def check_number(name: str, value: object, *, low: float | None = None,
                 high: float | None = None) -> float:
    """Return ``value`` as a float if it is a finite number within ``[low, high]``.

    >>> check_number("hours", 3, low=0)
    3.0
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        try:
            import numpy as np  # numpy scalars are numbers too
        except ImportError:  # pragma: no cover
            np = None
        if np is None or not isinstance(value, np.integer | np.floating):
            raise CourseInputError(text(MESSAGES, "not_number", name=name, value=value))
    number = float(value)
    if not math.isfinite(number):
        raise CourseInputError(text(MESSAGES, "not_finite", name=name, value=value))
    if low is not None and number < low:
        raise CourseInputError(text(MESSAGES, "below", name=name, low=low, value=value))
    if high is not None and number > high:
        raise CourseInputError(text(MESSAGES, "above", name=name, high=high, value=value))
    return number


def check_whole(name: str, value: object, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number within ``[low, high]``.

    >>> check_whole("jobs", 40.0, 1, 100)
    40
    >>> check_whole("jobs", 2.5)
    Traceback (most recent call last):
    ...
    course.errors.CourseInputError: jobs must be a whole number, got 2.5.
    """
    number = check_number(name, value, low=low, high=high)
    if not number.is_integer():
        raise CourseInputError(text(MESSAGES, "not_whole", name=name, value=value))
    return int(number)


def check_not_empty(name: str, values: object) -> None:
    """Raise a clear error when ``values`` has no items.

    >>> check_not_empty("profile", [1.0])
    """
    try:
        size = len(values)  # type: ignore[arg-type]
    except TypeError:
        size = 1
    if size == 0:
        raise CourseInputError(text(MESSAGES, "empty", name=name))
