"""Tests for course.pricing.catalog and the shipped price tables."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from course.data import TABLES, read_table, table_path
from course.errors import CourseInputError
from course.pricing import catalog

REQUIRED_TYPES = ["m5.large", "m5.xlarge", "m5.2xlarge", "m5.4xlarge", "c5.large", "c5.xlarge",
    "c5.2xlarge", "c5.4xlarge", "r5.large", "r5.xlarge", "r5.2xlarge", "m6i.large",
    "m6i.xlarge", "m6i.2xlarge", "c6i.large", "c6i.xlarge", "c6i.2xlarge", "r6i.large",
    "r6i.xlarge", "c7i.large", "c7i.xlarge", "m6g.large", "m6g.xlarge", "c6g.large",
    "c6g.xlarge", "c6g.2xlarge", "r6g.large", "c7g.large", "c7g.xlarge", "m7g.large",
    "m7g.xlarge"]
CONFIDENCE = {"OFFICIAL", "AWS-REPO", "SECONDARY", "UNVERIFIED"}


def test_regions_include_the_two_course_regions():
    assert {"us-east-1", "ap-northeast-1"} <= set(catalog.REGIONS)


def test_us_east_1_covers_every_required_type():
    table = catalog.instance_types("us-east-1")
    assert set(REQUIRED_TYPES) <= set(table["instance_type"])
    assert table["instance_type"].is_unique


def test_tokyo_meets_the_issue_minimum():
    table = catalog.instance_types("ap-northeast-1")
    assert len(table) >= 12
    assert {"m5", "m6i", "m7g", "c5", "c6i", "c7g", "r5", "r6i"} <= set(table["family"])


@pytest.mark.parametrize("region", catalog.REGIONS)
def test_instance_table_columns_and_types(region):
    table = catalog.instance_types(region)
    for column in ("instance_type", "family", "arch", "vcpu", "memory_gib", "on_demand_hourly",
                   "spot_discount", "interruption_bucket", "interruption_rate_monthly", "source",
                   "as_of", "confidence"):
        assert column in table.columns, column
    assert table["vcpu"].dtype.kind == "i"
    assert table["memory_gib"].dtype.kind == "f"
    assert set(table["arch"]) <= {"x86_64", "arm64"}
    assert ((table["spot_discount"] > 0) & (table["spot_discount"] < 1)).all()
    assert set(table["interruption_bucket"]) <= set(catalog.BUCKET_MIDPOINTS)
    assert set(table["confidence"]) <= CONFIDENCE
    assert set(table["spot_confidence"]) <= CONFIDENCE
    assert table["source"].str.startswith("https://").all()
    pd.to_datetime(table["as_of"], format="%Y-%m-%d")  # every as_of is an ISO date


@pytest.mark.parametrize("region", catalog.REGIONS)
def test_family_is_prefix_and_arm_means_graviton(region):
    table = catalog.instance_types(region)
    assert (table["instance_type"].str.split(".").str[0] == table["family"]).all()
    graviton = table["family"].str.endswith("g")
    assert (table.loc[graviton, "arch"] == "arm64").all()
    assert (table.loc[~graviton, "arch"] == "x86_64").all()


@pytest.mark.parametrize("region", catalog.REGIONS)
def test_prices_scale_linearly_with_size_within_a_family(region):
    # AWS prices sizes in a family in proportion to vCPUs: price / vCPU is constant per family.
    table = catalog.instance_types(region)
    per_vcpu = table["on_demand_hourly"] / table["vcpu"]
    spread = per_vcpu.groupby(table["family"]).agg(lambda s: s.max() / s.min())
    assert (spread < 1.001).all(), spread[spread >= 1.001]


def test_hand_checked_prices():
    assert catalog.on_demand_hourly("m5.large") == 0.096
    assert catalog.on_demand_hourly("c7g.xlarge") == 0.145
    assert catalog.on_demand_hourly("m5.large", "ap-northeast-1") == 0.124
    # Spot: 0.096 $/h * (1 - 0.59) = 0.03936 $/h
    assert catalog.spot_hourly("m5.large") == pytest.approx(0.03936)
    # c6g.xlarge sits in the "5-10%" bucket -> midpoint 0.075 per month
    assert catalog.interruption_rate_monthly("c6g.xlarge") == 0.075
    assert catalog.instance("r5.large")["memory_gib"] == 16.0


def test_bucket_midpoints():
    assert catalog.BUCKET_MIDPOINTS["<5%"] == 0.025
    assert catalog.BUCKET_MIDPOINTS[">20%"] == 0.22
    table = catalog.instance_types()
    expected = table["interruption_bucket"].map(catalog.BUCKET_MIDPOINTS)
    assert (table["interruption_rate_monthly"] == expected).all()


def test_instance_returns_a_fresh_dict():
    row = catalog.instance("m5.large")
    row["on_demand_hourly"] = 99.0
    assert catalog.on_demand_hourly("m5.large") == 0.096


def test_instance_types_returns_a_copy():
    table = catalog.instance_types()
    table.loc[0, "on_demand_hourly"] = 123.0
    assert catalog.instance_types().loc[0, "on_demand_hourly"] != 123.0


def test_unknown_type_suggests_close_match():
    with pytest.raises(CourseInputError, match=r"instance_type='m5.larg'.*Did you mean 'm5.large'"):
        catalog.instance("m5.larg")


def test_type_priced_only_in_another_region_says_where():
    with pytest.raises(CourseInputError, match="available in: us-east-1"):
        catalog.on_demand_hourly("m6g.large", "ap-northeast-1")


BAD_LOOKUPS = [
    ("m5.larg", "us-east-1", "Did you mean"),
    ("M5.LARGE", "us-east-1", "instance_type"),
    ("", "us-east-1", "instance_type"),
    (None, "us-east-1", "instance_type"),
    (42, "us-east-1", "instance_type"),
    ("m5.large", "us-east-9", "region"),
    ("m5.large", "tokyo", "region"),
    ("m5.large", None, "region"),
]


@pytest.mark.parametrize("func", [catalog.instance, catalog.on_demand_hourly,
                                  catalog.spot_hourly, catalog.interruption_rate_monthly])
@pytest.mark.parametrize(("instance_type", "region", "message"), BAD_LOOKUPS)
def test_bad_lookups_raise_clear_errors(func, instance_type, region, message):
    with pytest.raises(CourseInputError, match=message):
        func(instance_type, region)


@pytest.mark.parametrize("region", ["us-east-2", "", None, 3, "US-EAST-1"])
def test_instance_types_bad_region(region):
    with pytest.raises(CourseInputError, match="region"):
        catalog.instance_types(region)


def test_fargate_rates_hand_checked():
    assert catalog.fargate_rates() == {"vcpu_hour": 0.04048, "gb_hour": 0.004445}
    assert catalog.fargate_rates("us-east-1", "arm64") == {"vcpu_hour": 0.03238,
                                                           "gb_hour": 0.00356}
    spot = catalog.fargate_rates("us-east-1", "x86_64", spot=True)
    # Fargate Spot about 67 % below On-Demand: 0.01334053 / 0.04048 = 0.3296
    assert spot["vcpu_hour"] / 0.04048 == pytest.approx(0.3296, abs=1e-4)
    assert catalog.fargate_rates("ap-northeast-1")["vcpu_hour"] == 0.05056


def test_fargate_arm_spot_is_not_offered():
    table = catalog.fargate_table()
    arm_spot = table[(table["arch"] == "arm64") & (table["capacity"] == "spot")]
    assert not arm_spot["available"].astype(bool).any()
    assert arm_spot["vcpu_hour"].isna().all()
    with pytest.raises(CourseInputError, match="x86_64 tasks only"):
        catalog.fargate_rates("us-east-1", "arm64", spot=True)


@pytest.mark.parametrize(("region", "arch", "spot", "message"), [
    ("us-east-9", "x86_64", False, "region"),
    ("us-east-1", "arm", False, "arch"),
    ("us-east-1", "x86", False, "Did you mean"),
    ("us-east-1", "x86_64", "yes", "spot"),
    ("ap-northeast-1", "arm64", False, "No sourced Fargate"),
    ("ap-northeast-1", "x86_64", True, "No sourced Fargate"),
    (None, "x86_64", False, "region"),
])
def test_fargate_rates_bad_input(region, arch, spot, message):
    with pytest.raises(CourseInputError, match=message):
        catalog.fargate_rates(region, arch, spot)


def test_prices_as_of_is_latest_iso_date():
    latest = catalog.prices_as_of()
    assert len(latest) == 10 and latest[4] == "-" and latest[7] == "-"
    for name in TABLES:
        assert (read_table(name)["as_of"].astype(str) <= latest).all()


@pytest.mark.parametrize("name", TABLES)
def test_every_table_row_has_provenance(name):
    table = read_table(name)
    assert len(table) > 0
    assert table["source"].str.match(r"^https://").all()
    assert set(table["confidence"]) <= CONFIDENCE
    pd.to_datetime(table["as_of"], format="%Y-%m-%d")
    assert table_path(name).endswith(f"{name}.csv")


@pytest.mark.parametrize("name", ["ec2", "", None, "fargate.csv", "Fargate"])
def test_read_table_bad_name(name):
    with pytest.raises(CourseInputError, match="name"):
        read_table(name)


def test_read_table_returns_a_copy():
    table = read_table("fargate")
    table.loc[0, "vcpu_hour"] = math.pi
    assert read_table("fargate").loc[0, "vcpu_hour"] != math.pi


def test_import_is_light():
    import subprocess
    import sys

    code = ("import sys, course.pricing; "
            "print('matplotlib' in sys.modules, 'pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["False", "False"]
