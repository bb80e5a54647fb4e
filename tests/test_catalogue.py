"""The service catalogue: every fact sourced and dated, reused from other modules, and tables."""

from __future__ import annotations

import re

import pytest

from course.catalogue import (
    DECIDING,
    FACTS,
    SERVICES,
    cite,
    fact,
    fact_value,
    facts_table,
    service_name,
    services_table,
    short,
)
from course.containers import FARGATE_SIZES
from course.errors import CourseInputError
from course.serverless import LIMITS
from course.workflows import EXPRESS_MAX_MS

CONFIDENCE = {"OFFICIAL", "AWS-REPO", "SECONDARY", "UNVERIFIED"}


def test_every_fact_is_sourced_dated_and_tagged():
    for key, row in FACTS.items():
        assert row["service"] in SERVICES, key
        assert row["source"].startswith("https://"), key
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["as_of"]), key
        assert row["confidence"] in CONFIDENCE, key
        assert key.split(".")[0] in {*SERVICES, "ec2", "schedule"}, key


def test_canonical_aws_sources():
    hosts = {re.match(r"https://([^/]+)/", row["source"]).group(1) for row in FACTS.values()}
    assert hosts <= {"docs.aws.amazon.com", "aws.amazon.com"}, hosts


def test_facts_are_reused_not_retyped():
    assert fact_value("lambda.timeout_seconds") == LIMITS["timeout_seconds"]["value"] == 900
    assert fact("lambda.timeout_seconds")["source"] == LIMITS["timeout_seconds"]["source"]
    assert fact_value("lambda.memory_max_mb") == 10_240
    # largest Fargate size: 16384 CPU units / 1024 = 16 vCPU; 122880 MiB / 1024 = 120 GB
    assert fact_value("fargate.max_vcpu") == max(FARGATE_SIZES) // 1024 == 16
    assert fact_value("fargate.max_memory_gb") == 120
    assert fact_value("step_functions.express_max_seconds") == EXPRESS_MAX_MS // 1000 == 300


def test_limits_the_issue_asks_for():
    assert (fact_value("batch.array_size_min"), fact_value("batch.array_size_max")) == (2, 10_000)
    assert fact_value("batch.timeout_min_seconds") == 60
    assert fact_value("step_functions.standard_max_seconds") == 365  # days
    assert fact_value("data_pipeline.closed_since") == "2024-07-25"


def test_fact_returns_a_copy():
    row = fact("batch.array_size_max")
    row["value"] = 3
    assert fact_value("batch.array_size_max") == 10_000


def test_cite_and_short():
    assert cite("lambda.timeout_seconds") == (
        "900 s: longest run of one invocation (15 min) [OFFICIAL, "
        "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html, as of 2026-11-29]")
    assert short("data_pipeline.closed_since") == "closed to new customers: 2024-07-25"
    assert short("glue.python_shell_min_dpu") == "smallest Python shell job: 0.0625 DPU"


def test_services_table_has_every_service_and_its_lesson():
    table = services_table()
    assert list(table.index) == list(SERVICES)
    assert table.loc["batch", "lesson"] == "03, 04"
    assert "900 s" in table.loc["lambda", "limits that decide fit"]
    assert "120 GB" in table.loc["fargate", "limits that decide fit"]
    assert table.loc["data_pipeline", "service"] == "AWS Data Pipeline"
    assert set(DECIDING) == set(SERVICES)


def test_facts_table_filters_by_service():
    assert len(facts_table()) == len(FACTS)
    batch = facts_table("batch")
    assert set(batch["service"]) == {"batch"} and len(batch) == 5
    assert service_name("athena") == "Amazon Athena (+ S3)"


@pytest.mark.parametrize("bad", ["lambda.timeout", "", None, 3, "LAMBDA.TIMEOUT_SECONDS", ["x"]])
def test_fact_rejects_unknown_keys(bad):
    with pytest.raises(CourseInputError, match="key"):
        fact(bad)


@pytest.mark.parametrize("function", [fact_value, cite, short])
@pytest.mark.parametrize("bad", ["nope", None, 1.5, "batch", "batch.array_size"])
def test_fact_helpers_reject_unknown_keys(function, bad):
    with pytest.raises(CourseInputError, match="key"):
        function(bad)


@pytest.mark.parametrize("function", [facts_table, service_name])
@pytest.mark.parametrize("bad", ["aws_batch", "Lambda", "", 7, "ecs"])
def test_service_functions_reject_unknown_services(function, bad):
    with pytest.raises(CourseInputError, match="service"):
        function(bad)
