"""Run the doctest examples in every course.pricing / course.data module."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["course.data", "course.pricing", "course.pricing.catalog", "course.pricing.spot",
           "course.pricing.services", "course.pricing.profiles",
           "course.pricing.discounts", "course.pricing._validate", "course.pricing.pricelist",
           "course.pricing.__main__"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0, f"{name} has no examples"
    assert result.failed == 0
