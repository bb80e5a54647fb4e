"""Every example in every docstring of ``course`` runs and gives what it says."""

from __future__ import annotations

import doctest
import importlib
import inspect
import pkgutil

import pytest

import course

MODULES = sorted(m.name for m in pkgutil.walk_packages(course.__path__, prefix="course."))


def _has_public_code(module) -> bool:
    return any(not name.startswith("_") and getattr(obj, "__module__", None) == module.__name__
               for name, obj in vars(module).items()
               if inspect.isfunction(obj) or inspect.isclass(obj))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # examples that write files write them here
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    if _has_public_code(module):
        assert result.attempted > 0, f"{name} has public functions but no examples"
