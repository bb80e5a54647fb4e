"""Prices and discount-model calculators for the course (layer 2: data -> pricing).

Importing this package is cheap: submodules (and pandas) load only when used.

>>> from course.pricing import catalog
>>> catalog.on_demand_hourly("m5.large")
0.096
"""

__all__ = ["catalog", "discounts", "services", "spot", "profiles", "pricelist"]
