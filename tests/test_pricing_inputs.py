"""Bad-input tests for the smaller public helpers of course.data and course.pricing."""

from __future__ import annotations

import numpy as np
import pytest

from course.data import table_path
from course.errors import CourseInputError
from course.pricing import __main__ as cli
from course.pricing import _validate as v
from course.pricing import discounts, pricelist, services

NAN = float("nan")
GOOD_OFFER = {"formatVersion": "v1.0", "offerCode": "AmazonEC2",
              "publicationDate": "2026-11-20T00:00:00Z", "products": {}, "terms": {}}


@pytest.mark.parametrize("name", ["", "ec2", None, 1, "lambda.csv"])
def test_table_path_bad_name(name):
    with pytest.raises(CourseInputError, match="name"):
        table_path(name)


@pytest.mark.parametrize(("args", "message"), [
    (("glue", "dpu_hours"), "dpu_hours"), (("Glue", "dpu_hour"), "Glue"),
    (("athena", "per_tb_scanned", "ap-northeast-1"), "ap-northeast-1"),
    (("", ""), "No sourced"), (("emr_serverless", "vcpu_hour", "eu-west-1"), "eu-west-1"),
])
def test_service_rate_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        services.service_rate(*args)


def test_service_rate_falls_back_to_any_region():
    assert services.service_rate("fargate", "min_billing_seconds", "ap-northeast-1") == 60.0


@pytest.mark.parametrize(("item", "region"), [
    ("free_request", "us-east-1"), ("duration", "ap-northeast-1"), ("", "us-east-1"),
    ("max_timeout", "us-east-1"), ("free_requests", "eu-west-1"),
])
def test_service_rate_lambda_bad_input(item, region):
    with pytest.raises(CourseInputError, match="No sourced Lambda"):
        services.service_rate_lambda(item, region)


@pytest.mark.parametrize(("instance_type", "region", "message"), [
    ("m5.xlarg", "us-east-1", "Did you mean 'm5.xlarge'"),
    ("m5.large", "us-east-1", "instance_type"),
    ("m5.xlarge", "ap-northeast-1", "No EMR uplift"),
    ("m5.xlarge", "eu-west-1", "region"),
    (None, "us-east-1", "instance_type"),
])
def test_emr_uplift_bad_input(instance_type, region, message):
    with pytest.raises(CourseInputError, match=message):
        services.emr_uplift_hourly(instance_type, region)


@pytest.mark.parametrize(("seconds", "minimum", "message"), [
    (-1, 60, "seconds"), ([1, NAN], 60, "finite"), ([], 60, "empty"), ("60", 60, "seconds"),
    (60, NAN, "min_seconds"), ([[60]], 60, "one-dimensional"),
])
def test_billed_seconds_bad_input(seconds, minimum, message):
    with pytest.raises(CourseInputError, match=message):
        discounts.billed_seconds(seconds, minimum)


@pytest.mark.parametrize(("args", "message"), [
    (("savings_plans", "compute"), "model"), (("savings_plan", "computer"), "Did you mean"),
    (("savings_plan", "compute", 0), "term_years"), (("savings_plan", "compute", 1, ""), "payment"),
    (("savings_plan", "compute", NAN), "term_years"),
])
def test_discount_row_bad_input(args, message):
    with pytest.raises(CourseInputError, match=message):
        discounts.discount_row(*args)


BAD_OFFERS = [
    (None, "not an AWS Price List offer file"),
    ([], "not an AWS Price List offer file"),
    ({**GOOD_OFFER, "offerCode": "AWSLambda"}, "'AWSLambda'"),
    ({k: val for k, val in GOOD_OFFER.items() if k != "terms"}, "missing terms"),
    ({**GOOD_OFFER, "terms": "none"}, "'products'/'terms'"),
]


@pytest.mark.parametrize("func", [pricelist.check_offer, pricelist.on_demand_rows,
                                  pricelist.reserved_rows])
@pytest.mark.parametrize(("offer", "message"), BAD_OFFERS)
def test_offer_functions_bad_input(func, offer, message):
    with pytest.raises(CourseInputError, match=message):
        func(offer)


def test_empty_offer_gives_empty_tables():
    assert pricelist.on_demand_rows(GOOD_OFFER).empty
    assert pricelist.reserved_rows(GOOD_OFFER).empty


@pytest.mark.parametrize(("offer_file", "message"), [
    ("/no/such.json", "does not exist"), (".", "is a directory"), ("", "is a directory"),
])
def test_refresh_bad_input(offer_file, message, tmp_path):
    with pytest.raises(CourseInputError, match=message):
        cli.refresh(offer_file, tmp_path)


def test_refresh_bad_json_and_non_offer(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(CourseInputError, match="not valid JSON"):
        cli.refresh(bad, tmp_path)
    other = tmp_path / "other.json"
    other.write_text('{"x": 1}')
    with pytest.raises(CourseInputError, match="missing formatVersion"):
        cli.refresh(other, tmp_path)


@pytest.mark.parametrize(("values", "message"), [
    (None, "list/array"), ("abc", "list/array"), ({"a": 1}, "list/array"), (3.0, "list/array"),
    ([1, "x"], "list/array"), ([1, np.inf], "finite"), ([[1], [2]], "one-dimensional"),
])
def test_hourly_array_bad_input(values, message):
    with pytest.raises(CourseInputError, match=message):
        v.hourly_array("profile", values)


@pytest.mark.parametrize("value", [1, 0, "True", None, 1.0])
def test_check_bool_bad_input(value):
    with pytest.raises(CourseInputError, match="True or False"):
        v.check_bool("spot", value)


@pytest.mark.parametrize(("value", "message"), [
    (1.5, "whole number"), ("2", "number"), (NAN, "finite"), (-1, "at least 0"), (True, "number"),
])
def test_check_int_bad_input(value, message):
    with pytest.raises(CourseInputError, match=message):
        v.check_int("count", value, low=0)


@pytest.mark.parametrize("value", [0, -1, 0.0, -1e-9, NAN])
def test_check_positive_bad_input(value):
    with pytest.raises(CourseInputError, match="price"):
        v.check_positive("price", value)
