"""Tests for course.pricing.profiles (seeded hourly usage profiles)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from course.errors import CourseInputError
from course.pricing import discounts, profiles

NAN = float("nan")


def test_one_year_hourly_index():
    p = profiles.hourly_profile()
    assert len(p) == 8760
    assert isinstance(p.index, pd.DatetimeIndex) and p.index.freqstr == "h"
    assert p.index[0] == pd.Timestamp("2026-01-01 00:00")
    assert (p >= 0).all() and p.name == "usage"


def test_seed_makes_it_reproducible():
    a = profiles.hourly_profile(days=30, seed=5)
    b = profiles.hourly_profile(days=30, seed=5)
    c = profiles.hourly_profile(days=30, seed=6)
    pd.testing.assert_series_equal(a, b)
    assert not a.equals(c)


def test_shape_without_noise_hand_checked():
    p = profiles.hourly_profile(days=7, start="2026-01-05", baseline=2, batch_peak=10,
                                batch_window=(1, 5), weekday_daytime=3, weekend_factor=0.5,
                                annual_growth=0, noise=0)
    monday = p["2026-01-05"]       # a Monday
    assert monday.iloc[0] == 2.0   # 00:00: baseline only
    assert monday.iloc[1] == 12.0  # 01:00: baseline + batch
    assert monday.iloc[5] == 2.0   # 05:00: window ended
    assert monday.iloc[10] == 5.0  # 10:00: baseline + daytime
    saturday = p["2026-01-10"]
    assert saturday.iloc[2] == 2.0 + 10 * 0.5   # weekend batch is halved
    assert saturday.iloc[10] == 2.0              # no weekday daytime on Saturday


def test_window_can_wrap_midnight():
    p = profiles.hourly_profile(days=1, batch_window=(22, 2), noise=0, annual_growth=0,
                                weekday_daytime=0, start="2026-01-05")
    assert p.iloc[23] == 12.0 and p.iloc[1] == 12.0 and p.iloc[2] == 2.0


def test_growth_is_linear_per_year():
    p = profiles.hourly_profile(days=365, noise=0, annual_growth=0.5, batch_peak=0,
                                weekday_daytime=0, baseline=2)
    assert p.iloc[0] == 2.0
    # last hour: 2 * (1 + 0.5 * 8759/8760)
    assert p.iloc[-1] == pytest.approx(2 * (1 + 0.5 * 8759 / 8760))


def test_noise_has_roughly_unit_mean():
    quiet = profiles.hourly_profile(noise=0)
    noisy = profiles.hourly_profile(noise=0.3, seed=1)
    assert noisy.mean() == pytest.approx(quiet.mean(), rel=0.03)
    assert noisy.std() > quiet.std()


def test_profile_feeds_the_savings_plan_calculator():
    spend = profiles.to_spend(profiles.hourly_profile(seed=2), 0.096)
    assert spend.name == "on_demand_spend" and len(spend) == 8760
    c = discounts.optimal_commitment(spend, 0.3)
    out = discounts.savings_plan_cost(spend, c, 0.3)
    assert 0 < out["total_cost"] < out["on_demand_cost"]


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"days": 0}, "days"), ({"days": 1.5}, "whole number"), ({"baseline": -1}, "baseline"),
    ({"batch_peak": NAN}, "batch_peak"), ({"batch_window": (5, 5)}, "batch_window"),
    ({"batch_window": (1, 24)}, "batch_window"), ({"batch_window": "1-5"}, "batch_window"),
    ({"noise": -0.1}, "noise"), ({"seed": -1}, "seed"), ({"start": "yesterday-ish"}, "start"),
    ({"weekend_factor": -1}, "weekend_factor"), ({"annual_growth": -2}, "annual_growth"),
])
def test_hourly_profile_bad_input(kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        profiles.hourly_profile(**kwargs)


@pytest.mark.parametrize(("profile", "rate", "message"), [
    ([], 0.1, "empty"), ([1, NAN], 0.1, "finite"), ([1, -1], 0.1, "negative"),
    ([1, 2], -0.1, "hourly_rate"), ("1,2", 0.1, "profile"),
])
def test_to_spend_bad_input(profile, rate, message):
    with pytest.raises(CourseInputError, match=message):
        profiles.to_spend(profile, rate)


def test_to_spend_keeps_the_index():
    p = profiles.hourly_profile(days=1)
    spend = profiles.to_spend(p, 2.0)
    assert spend.index.equals(p.index)
    np.testing.assert_allclose(spend.to_numpy(), p.to_numpy() * 2.0)
