"""Seeded, realistic hourly usage profiles for the discount lessons (10-14).

A profile is a ``pandas.Series`` of non-negative numbers indexed by hourly timestamps,
e.g. instances running, vCPUs in use or On-Demand-equivalent $/h.

>>> p = hourly_profile(days=7, seed=1)
>>> len(p), p.index.freq is not None, bool((p >= 0).all())
(168, True, True)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from course.errors import CourseInputError
from course.i18n import text
from course.pricing._validate import check_int, check_number

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "window": (
            "batch_window must be (start_hour, end_hour) with whole hours 0-23 and "
            "start != end, got {value!r}."
        ),
        "start": "start must be a date like '2026-01-01', got {value!r}.",
    }
}


def hourly_profile(days: int = 365, start: str = "2026-01-01", baseline: float = 2.0,
                   batch_peak: float = 10.0, batch_window: tuple[int, int] = (1, 5),
                   weekday_daytime: float = 3.0, weekend_factor: float = 0.3,
                   annual_growth: float = 0.2, noise: float = 0.1, seed: int = 0,
                   name: str = "usage") -> pd.Series:
    """Return an hourly usage profile with a nightly batch window, weekday/weekend pattern,
    growth and noise.

    * ``baseline``: always-on usage.
    * ``batch_peak``: extra usage during the nightly ``batch_window`` (start, end hour; the
      window may wrap past midnight, e.g. (22, 4)), every day.
    * ``weekday_daytime``: extra usage 09:00-18:00 on weekdays.
    * ``weekend_factor``: multiplies the batch and daytime parts on Saturday and Sunday.
    * ``annual_growth``: linear growth, e.g. 0.2 = +20 % after one year.
    * ``noise``: relative log-normal noise (standard deviation); ``seed`` fixes it.

    >>> p = hourly_profile(days=2, noise=0, annual_growth=0, weekday_daytime=0)
    >>> float(p.iloc[2]), float(p.iloc[12])     # 02:00 in the window, 12:00 outside
    (12.0, 2.0)
    """
    import pandas as pd

    n_days = check_int("days", days, low=1, high=3660)
    base = check_number("baseline", baseline, low=0)
    peak = check_number("batch_peak", batch_peak, low=0)
    daytime = check_number("weekday_daytime", weekday_daytime, low=0)
    weekend = check_number("weekend_factor", weekend_factor, low=0)
    growth = check_number("annual_growth", annual_growth, low=-0.99)
    sigma = check_number("noise", noise, low=0, high=2)
    seed = check_int("seed", seed, low=0)
    window = _window(batch_window)
    try:
        first = pd.Timestamp(start)
    except (TypeError, ValueError):
        raise CourseInputError(text(MESSAGES, "start", value=start)) from None
    if pd.isna(first):
        raise CourseInputError(text(MESSAGES, "start", value=start))
    index = pd.date_range(first.normalize(), periods=24 * n_days, freq="h", name="hour")
    hour = index.hour.to_numpy()
    is_weekend = index.day_of_week.to_numpy() >= 5
    lo, hi = window
    in_window = (hour >= lo) & (hour < hi) if lo < hi else (hour >= lo) | (hour < hi)
    daytime_hours = (hour >= 9) & (hour < 18) & ~is_weekend
    variable = peak * in_window + daytime * daytime_hours
    variable = np.where(is_weekend, variable * weekend, variable)
    trend = 1.0 + growth * np.arange(len(index)) / (24 * 365)
    values = (base + variable) * trend
    if sigma > 0:
        rng = np.random.default_rng(seed)
        values = values * rng.lognormal(-0.5 * sigma**2, sigma, size=len(index))
    return pd.Series(np.maximum(values, 0.0), index=index, name=str(name))


def _window(value: object) -> tuple[int, int]:
    try:
        lo, hi = value  # type: ignore[misc]
    except (TypeError, ValueError):
        raise CourseInputError(text(MESSAGES, "window", value=value)) from None
    ok = all(isinstance(v, int | np.integer) and not isinstance(v, bool) and 0 <= v <= 23
             for v in (lo, hi))
    if not ok or lo == hi:
        raise CourseInputError(text(MESSAGES, "window", value=value))
    return int(lo), int(hi)


def to_spend(profile: object, hourly_rate: float) -> pd.Series:
    """Turn a usage profile (instances per hour) into On-Demand-equivalent spend ($/h).

    >>> import pandas as pd
    >>> to_spend(pd.Series([1.0, 2.0]), 0.096).tolist()
    [0.096, 0.192]
    """
    import pandas as pd

    from course.pricing._validate import hourly_array

    values = hourly_array("profile", profile)
    rate = check_number("hourly_rate", hourly_rate, low=0)
    index = profile.index if isinstance(profile, pd.Series) else None
    return pd.Series(values * rate, index=index, name="on_demand_spend")
