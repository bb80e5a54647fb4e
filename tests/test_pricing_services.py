"""Tests for course.pricing.services (Fargate, Lambda, Athena, Glue, EMR, Step Functions)."""

from __future__ import annotations

import math

import pytest

from course.errors import CourseInputError
from course.pricing import services as sv

NAN = float("nan")


# --- Fargate -----------------------------------------------------------------------------
def test_fargate_task_cost_hand_computed():
    # 1 vCPU + 2 GB for 1 h: 0.04048 + 2 * 0.004445 = 0.04937
    assert sv.fargate_task_cost(1, 2, 3600) == pytest.approx(0.04937)
    # 10 s is billed as 60 s
    assert sv.fargate_task_cost(1, 2, 10) == pytest.approx(0.04937 / 60)
    # three tasks: 60 + 120 + 3600 s
    assert sv.fargate_task_cost(1, 2, [30, 120, 3600]) == pytest.approx(0.04937 * 3780 / 3600)
    # Spot x86: 0.01334053 + 2 * 0.00146489
    assert sv.fargate_task_cost(1, 2, 3600, spot=True) == pytest.approx(0.01627031)
    # ARM On-Demand: 0.03238 + 2 * 0.00356
    assert sv.fargate_task_cost(1, 2, 3600, arch="arm64") == pytest.approx(0.03950)


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((0.1, 2, 60), {}, "vcpu must be at least 0.25"),
    ((1, 0.1, 60), {}, "memory_gb"),
    ((1, 2, -60), {}, "seconds"),
    ((1, 2, [60, NAN]), {}, "finite"),
    ((1, 2, 60), {"arch": "arm64", "spot": True}, "x86_64 tasks only"),
    ((1, 2, 60), {"spot": "no"}, "spot must be True or False"),
    ((1, 2, 60), {"region": "eu-west-1"}, "region"),
    ((1, 2, []), {}, "empty"),
])
def test_fargate_task_cost_bad_input(args, kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        sv.fargate_task_cost(*args, **kwargs)


def test_fargate_ec2_break_even_whole_instance():
    # m5.large 0.096 $/h vs Fargate 2 vCPU + 8 GB = 0.08096 + 0.03556 = 0.11652 $/h
    out = sv.fargate_ec2_break_even("m5.large")
    assert out["break_even_utilisation"] == pytest.approx(0.096 / 0.11652)
    assert out["tasks_per_instance"] == 1


def test_fargate_ec2_break_even_packed_tasks():
    # c5.xlarge (4 vCPU / 8 GiB) holds 4 tasks of 1 vCPU / 2 GB:
    # u* = 0.17 / (4 * (0.04048 + 2 * 0.004445)) = 0.17 / 0.19748 = 0.8609
    out = sv.fargate_ec2_break_even("c5.xlarge", task_vcpu=1, task_memory_gb=2)
    assert out["tasks_per_instance"] == 4
    assert out["break_even_utilisation"] == pytest.approx(0.17 / 0.19748)
    # On Spot the instance is cheaper, so EC2 wins at lower utilisation
    spot_out = sv.fargate_ec2_break_even("c5.xlarge", task_vcpu=1, task_memory_gb=2, spot=True)
    assert spot_out["break_even_utilisation"] < out["break_even_utilisation"]


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    (("m5.larg",), {}, "Did you mean"),
    (("m5.large",), {"task_vcpu": 4}, "does not fit"),
    (("m5.large",), {"task_vcpu": 0.1}, "task_vcpu"),
    (("m5.large",), {"task_memory_gb": NAN}, "task_memory_gb"),
    (("m5.large",), {"spot": 1}, "spot"),
    (("m5.large", "eu-west-1"), {}, "region"),
])
def test_fargate_ec2_break_even_bad_input(args, kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        sv.fargate_ec2_break_even(*args, **kwargs)


# --- Lambda ------------------------------------------------------------------------------
def test_lambda_cost_hand_computed():
    # 3M invocations x 120 ms x 512 MB = 3e6 * 0.12 * 0.5 = 180,000 GB-s
    out = sv.lambda_cost(3_000_000, 120, 512)
    assert out["gb_seconds"] == pytest.approx(180_000)
    assert out["duration"] == pytest.approx(180_000 * 0.0000166667)   # 3.0000
    assert out["requests"] == pytest.approx(0.60)                      # 3 x $0.20
    # free tier: 400,000 GB-s and 1M requests free -> only 2M requests billed
    free = sv.lambda_cost(3_000_000, 120, 512, free_tier=True)
    assert free["duration"] == 0.0 and free["requests"] == pytest.approx(0.40)


def test_lambda_duration_rounds_up_to_ms_and_tiers_apply():
    out = sv.lambda_cost(1, 0.2, 1024)  # 0.2 ms billed as 1 ms
    assert out["gb_seconds"] == pytest.approx(0.001)
    # 10M x 700 s x 1 GB = 7e9 GB-s: 6e9 at 0.0000166667 + 1e9 at 0.0000150000
    big = sv.lambda_cost(10_000_000, 700_000, 1024)
    assert big["gb_seconds"] == pytest.approx(7e9)
    assert big["duration"] == pytest.approx(6e9 * 0.0000166667 + 1e9 * 0.000015)


def test_lambda_arm_is_cheaper_and_tiers_are_limited():
    x86 = sv.lambda_cost(1_000_000, 1000, 1024)["duration"]
    arm = sv.lambda_cost(1_000_000, 1000, 1024, arch="arm64")["duration"]
    assert arm == pytest.approx(1e6 * 0.0000133334) and arm < x86
    with pytest.raises(CourseInputError, match="exceeds the Lambda arm64 tiers"):
        sv.lambda_cost(10_000_000, 800_000, 1024, arch="arm64")  # 8e9 GB-s


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((-1, 100, 128), {}, "invocations"),
    ((1, 901_000, 128), {}, "duration_ms must be at most 900000"),
    ((1, 100, 64), {}, "memory_mb must be at least 128"),
    ((1, 100, 20000), {}, "memory_mb must be at most 10240"),
    ((1, NAN, 128), {}, "duration_ms"),
    ((1, 100, 128), {"arch": "arm"}, "arch"),
    ((1, 100, 128), {"region": "ap-northeast-1"}, "No sourced Lambda"),
    ((1, 100, 128), {"free_tier": "yes"}, "free_tier"),
])
def test_lambda_cost_bad_input(args, kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        sv.lambda_cost(*args, **kwargs)


def test_compare_lambda_fargate_batch_hand_computed():
    table = sv.compare_lambda_fargate_batch(60, 2048, 100, vcpu=1, instance_type="m5.large")
    # Lambda: 100 x 60 s x 2 GB = 12,000 GB-s x 0.0000166667 + 100 x 0.0000002 = 0.20002
    assert table.loc["lambda", "cost"] == pytest.approx(12_000 * 0.0000166667 + 100 * 2e-7)
    # Fargate: 100 x 60 s x (0.04048 + 2 x 0.004445) / 3600 = 0.082283
    assert table.loc["fargate", "cost"] == pytest.approx(100 * 60 * 0.04937 / 3600)
    # EC2: m5.large fits 2 such jobs -> 50 instances x 60 s x 0.096 / 3600 = 0.08
    assert table.loc["batch_ec2", "cost"] == pytest.approx(0.08)


def test_compare_marks_lambda_impossible_over_15_minutes():
    table = sv.compare_lambda_fargate_batch(1200, 1024, 10)
    assert math.isnan(table.loc["lambda", "cost"])
    assert "900" in table.loc["lambda", "note"]
    # startup time is billed on EC2: 10 jobs of 1 vCPU on m5.large -> 5 instances
    slow = sv.compare_lambda_fargate_batch(1200, 1024, 10, ec2_startup_s=300)
    assert slow.loc["batch_ec2", "cost"] == pytest.approx(5 * 1500 * 0.096 / 3600)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"duration_s": -1}, "duration_s"), ({"memory_mb": 64}, "memory_mb"),
    ({"count": 0}, "count"), ({"count": 2.5}, "whole number"), ({"vcpu": 0}, "vcpu"),
    ({"instance_type": "m5.larg"}, "Did you mean"), ({"vcpu": 4}, "does not fit"),
    ({"ec2_startup_s": NAN}, "ec2_startup_s"),
])
def test_compare_bad_input(kwargs, message):
    args = {"duration_s": 60, "memory_mb": 1024, "count": 10}
    args.update(kwargs)
    with pytest.raises(CourseInputError, match=message):
        sv.compare_lambda_fargate_batch(**args)


# --- Athena, Glue, EMR, Step Functions ---------------------------------------------------
def test_athena_hand_computed():
    assert sv.athena_query_cost(2**40) == pytest.approx(5.0)            # 1 TB -> $5
    # 1 KB is billed as the 10 MB minimum: 10 * 2**20 / 2**40 * 5
    assert sv.athena_query_cost(1024) == pytest.approx(10 * 5 / 2**20)
    # 10.5 MB rounds up to 11 MB; three queries of 100 GB = 300 GB
    assert sv.athena_query_cost(10.5 * 2**20) == pytest.approx(11 * 5 / 2**20)
    assert sv.athena_query_cost([100 * 2**30] * 3) == pytest.approx(300 / 1024 * 5)


@pytest.mark.parametrize(("value", "region", "message"), [
    (-1, "us-east-1", "bytes_scanned"), ([1, NAN], "us-east-1", "finite"),
    ([], "us-east-1", "empty"), ("1GB", "us-east-1", "bytes_scanned"),
    (1, "ap-northeast-1", "No sourced athena"),
])
def test_athena_bad_input(value, region, message):
    with pytest.raises(CourseInputError, match=message):
        sv.athena_query_cost(value, region)


def test_glue_hand_computed():
    assert sv.glue_job_cost(6, 900) == pytest.approx(0.66)       # 6 DPU x 0.25 h x 0.44
    assert sv.glue_job_cost(2, 10) == pytest.approx(2 * 60 / 3600 * 0.44)   # 1-min minimum
    assert sv.glue_job_cost(10, 3600, flex=True) == pytest.approx(2.9)      # 10 x 1 h x 0.29


@pytest.mark.parametrize(("args", "kwargs", "message"), [
    ((0, 60), {}, "dpus"), ((2, -60), {}, "seconds"), ((2, [60, NAN]), {}, "finite"),
    ((NAN, 60), {}, "dpus"), ((2, 60), {"flex": "yes"}, "flex"),
    ((2, 60), {"region": "ap-northeast-1"}, "No sourced glue"),
])
def test_glue_bad_input(args, kwargs, message):
    with pytest.raises(CourseInputError, match=message):
        sv.glue_job_cost(*args, **kwargs)


def test_emr_hand_computed():
    out = sv.emr_cluster_cost("m5.xlarge", 3, 2.0)
    assert out["ec2"] == pytest.approx(3 * 2 * 0.192)     # 1.152
    assert out["emr"] == pytest.approx(3 * 2 * 0.048)     # 0.288
    assert out["total"] == pytest.approx(1.44)
    # Spot changes the EC2 part only: 0.192 * (1 - 0.68)
    spot_out = sv.emr_cluster_cost("m5.xlarge", 3, 2.0, spot=True)
    assert spot_out["emr"] == pytest.approx(0.288)
    assert spot_out["ec2"] == pytest.approx(6 * 0.192 * 0.32)
    # 10 s is billed as a minute
    assert sv.emr_cluster_cost("c5.xlarge", 1, 10 / 3600)["total"] == pytest.approx(
        (0.17 + 0.043) / 60)


@pytest.mark.parametrize(("args", "message"), [
    (("m5.large", 1, 1.0), "instance_type"), (("m5.xlarge", 0, 1.0), "count"),
    (("m5.xlarge", 1, -1.0), "hours"), (("m5.xlarge", 1, NAN), "hours"),
    (("m5.xlarge", 1.5, 1.0), "whole number"), (("m5.xlarge", 1, 1.0, "ap-northeast-1"), "EMR"),
])
def test_emr_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        sv.emr_cluster_cost(*args)


def test_emr_serverless_hand_computed():
    # 2 workers x 1 h x (4 x 0.052624 + 16 x 0.0057785) = 2 x 0.302952
    assert sv.emr_serverless_cost(2, 4, 16, 3600) == pytest.approx(0.605904)
    assert sv.emr_serverless_cost(1, 4, 16, 1) == pytest.approx(0.302952 / 60)


@pytest.mark.parametrize(("args", "message"), [
    ((0, 4, 16, 60), "workers"), ((1, 0, 16, 60), "vcpu_per_worker"),
    ((1, 4, 0.1, 60), "memory_gb_per_worker"), ((1, 4, 16, -1), "seconds"),
    ((1, 4, 16, NAN), "seconds"),
])
def test_emr_serverless_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        sv.emr_serverless_cost(*args)


def test_step_functions_hand_computed():
    assert sv.step_functions_standard_cost(1_000_000) == pytest.approx(25.0)
    assert sv.step_functions_standard_cost(4_000, free_tier=True) == 0.0
    assert sv.step_functions_standard_cost(14_000, free_tier=True) == pytest.approx(0.25)
    assert sv.step_functions_standard_cost(1000, "ap-northeast-1") == pytest.approx(0.025)
    out = sv.step_functions_express_cost(1_000_000, 250, 64)
    # 250 ms -> 300 ms; 64 MB = 0.0625 GB: 1e6 x 0.3 x 0.0625 x 0.00001667 = 0.3125625
    assert out["requests"] == pytest.approx(1.0)
    assert out["duration"] == pytest.approx(0.3125625)
    # 100 MB rounds up to 128 MB
    assert sv.step_functions_express_cost(1, 100, 100)["duration"] == pytest.approx(
        0.1 * 0.125 * 0.00001667)


@pytest.mark.parametrize(("func", "args", "message"), [
    (sv.step_functions_standard_cost, (-1,), "transitions"),
    (sv.step_functions_standard_cost, (NAN,), "transitions"),
    (sv.step_functions_standard_cost, (10, "eu-west-1"), "No sourced step_functions"),
    (sv.step_functions_standard_cost, (10, "us-east-1", 1), "free_tier"),
    (sv.step_functions_express_cost, (-1, 100, 64), "requests"),
    (sv.step_functions_express_cost, (1, 400_000, 64), "duration_ms must be at most"),
    (sv.step_functions_express_cost, (1, 100, -64), "memory_mb"),
    (sv.step_functions_express_cost, (1, 100, 64, "ap-northeast-1"), "No sourced"),
])
def test_step_functions_bad_input(func, args, message):
    with pytest.raises(CourseInputError, match=message):
        func(*args)


@pytest.mark.parametrize(("args", "message"), [
    (("glue", "nope"), "No sourced glue"), (("nope", "dpu_hour"), "No sourced nope"),
    (("glue", "dpu_hour", "eu-west-1"), "eu-west-1"),
])
def test_service_rate_missing(args, message):
    with pytest.raises(CourseInputError, match=message):
        sv.service_rate(*args)
