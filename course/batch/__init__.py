"""AWS Batch in simulated time, behind real boto3 call shapes.

>>> from course.batch import make_client
>>> callable(make_client)
True

Public names: :func:`make_client`, :class:`BatchSimulator`, :class:`PriceBook`,
:class:`InstanceSpec`, :class:`Timing`. They are imported lazily so that
``import course.batch`` stays fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["BatchSimulator", "InstanceSpec", "PriceBook", "Timing", "make_client"]

_WHERE = {
    "BatchSimulator": "course.batch.client",
    "InstanceSpec": "course.batch.prices",
    "PriceBook": "course.batch.prices",
    "Timing": "course.batch.presets",
    "make_client": "course.batch.factory",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(_WHERE[name]), name)
    raise AttributeError(f"module 'course.batch' has no attribute {name!r}")
