"""Input checks shared by the calculators (clear ``CourseInputError`` messages)."""

from __future__ import annotations

import numpy as np

from course.errors import CourseInputError, check_choice, check_not_empty, check_number, check_whole
from course.i18n import text

MESSAGES = {
    "en": {
        "not_array": "{name} must be a list/array/Series of numbers, got {kind}.",
        "not_1d": "{name} must be one-dimensional (one value per hour), got shape {shape}.",
        "not_finite_at": "{name} must contain finite numbers; position {index} is {value!r}.",
        "negative_at": "{name} must not contain negative numbers; position {index} is {value!r}.",
        "not_bool": "{name} must be True or False, got {value!r}.",
        "not_int": "{name} must be a whole number, got {value!r}.",
        "not_positive": "{name} must be greater than 0, got {value!r}.",
    }
}

__all__ = ["check_choice", "check_number", "check_bool", "check_int", "check_positive",
           "hourly_array"]


def hourly_array(name: str, values: object) -> np.ndarray:
    """Return ``values`` as a 1-D float array of finite, non-negative numbers.

    >>> hourly_array("profile", [1, 2.5]).tolist()
    [1.0, 2.5]
    """
    if isinstance(values, str | bytes | dict | set) or values is None or np.isscalar(values):
        raise CourseInputError(text(MESSAGES, "not_array", name=name,
                                    kind=type(values).__name__))
    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise CourseInputError(text(MESSAGES, "not_array", name=name,
                                    kind=type(values).__name__)) from None
    if array.ndim != 1:
        raise CourseInputError(text(MESSAGES, "not_1d", name=name, shape=array.shape))
    check_not_empty(name, array)
    finite = np.isfinite(array)
    if not finite.all():
        index = int(np.argmin(finite))
        raise CourseInputError(text(MESSAGES, "not_finite_at", name=name, index=index,
                                    value=float(array[index])))
    if (array < 0).any():
        index = int(np.argmax(array < 0))
        raise CourseInputError(text(MESSAGES, "negative_at", name=name, index=index,
                                    value=float(array[index])))
    return array


def check_bool(name: str, value: object) -> bool:
    """Return ``value`` if it is a bool, else raise a clear error.

    >>> check_bool("spot", False)
    False
    """
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise CourseInputError(text(MESSAGES, "not_bool", name=name, value=value))


def check_int(name: str, value: object, *, low: int | None = None,
              high: int | None = None) -> int:
    """Return ``value`` as an int if it is a whole number within ``[low, high]``.

    >>> check_int("count", 3, low=1)
    3
    """
    return check_whole(name, value, low, high)


def check_positive(name: str, value: object) -> float:
    """Return ``value`` as a float if it is a finite number greater than 0.

    >>> check_positive("price", 0.5)
    0.5
    """
    number = check_number(name, value)
    if number <= 0:
        raise CourseInputError(text(MESSAGES, "not_positive", name=name, value=value))
    return number
