"""Tests for the AWS Price List offer-file parser and the refresh command line."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from course.errors import CourseInputError
from course.pricing import __main__ as cli
from course.pricing import catalog, pricelist

FIXTURE = Path(__file__).parent / "fixtures" / "pricing" / "ec2_offer_small.json"


@pytest.fixture(scope="module")
def offer():
    return pricelist.load_offer(FIXTURE)


def test_fixture_is_in_price_list_format(offer):
    assert offer["formatVersion"] == "v1.0" and offer["offerCode"] == "AmazonEC2"
    sku, product = next(iter(offer["products"].items()))
    assert product["sku"] == sku and "attributes" in product
    term = next(iter(offer["terms"]["OnDemand"][sku].values()))
    assert term["offerTermCode"] == "JRTCKXETXF"
    assert all(k.startswith(f"{sku}.JRTCKXETXF.") for k in term["priceDimensions"])


def test_on_demand_rows_keep_only_linux_shared_used_na(offer):
    rows = pricelist.on_demand_rows(offer)
    # 7 m5/c6g compute SKUs + 1 storage SKU in the file; only 3 are Linux/Shared/Used/NA
    assert rows[["region", "instance_type", "on_demand_hourly"]].values.tolist() == [
        ["ap-northeast-1", "m5.large", 0.124],
        ["us-east-1", "c6g.large", 0.068],
        ["us-east-1", "m5.large", 0.096],
    ]
    assert set(rows["sku"]) == {"M5LARGEAPN1LNX01", "C6GLARGEUSE1LNX1", "M5LARGEUSE1LNX01"}
    assert rows["vcpu"].tolist() == [2, 2, 2] and rows["memory_gib"].tolist() == [8.0, 4.0, 8.0]


def test_rows_carry_provenance(offer):
    rows = pricelist.on_demand_rows(offer)
    assert (rows["as_of"] == "2026-11-20").all()          # publicationDate's date
    assert (rows["confidence"] == "OFFICIAL").all()
    assert rows.loc[2, "source"] == ("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
                                     "AmazonEC2/20261120193253/us-east-1/index.json")


def test_parsed_prices_agree_with_the_snapshot(offer):
    rows = pricelist.on_demand_rows(offer).set_index(["region", "instance_type"])
    for (region, instance_type), row in rows.iterrows():
        assert row["on_demand_hourly"] == catalog.on_demand_hourly(instance_type, region)


def test_reserved_rows(offer):
    rows = pricelist.reserved_rows(offer)
    # only the Linux m5.large SKU has RI terms we keep (the Windows one is filtered out)
    assert len(rows) == 9 and set(rows["instance_type"]) == {"m5.large"}
    std = rows[rows.offering_class == "standard"].set_index(["term_years", "payment"])
    # 1-yr No Upfront: hourly only, 0.096 * (1 - 0.3385) = 0.063504
    assert std.loc[(1, "no_upfront"), "upfront"] == 0.0
    assert std.loc[(1, "no_upfront"), "effective_hourly"] == pytest.approx(0.063504)
    # Partial Upfront: effective = upfront / 8760 + hourly
    pu = std.loc[(1, "partial_upfront")]
    assert pu["effective_hourly"] == pytest.approx(pu["upfront"] / 8760 + pu["recurring_hourly"])
    assert pu["upfront"] == 265.0
    # 3-yr All Upfront: 0.096 * (1 - 0.5799) * 26280 = 1059.87 -> 1060 upfront, nothing hourly
    au = std.loc[(3, "all_upfront")]
    assert au["upfront"] == 1060.0 and au["recurring_hourly"] == 0.0
    assert au["effective_hourly"] == pytest.approx(1060 / 26280)
    assert set(rows["offer_term_code"]) >= {"4NA7Y494T4", "NQ3QZPMQV9", "VJWZNREJX2"}


def test_region_from_location_when_region_code_missing(offer):
    data = copy.deepcopy(offer)
    del data["products"]["M5LARGEAPN1LNX01"]["attributes"]["regionCode"]
    rows = pricelist.on_demand_rows(data)
    assert "ap-northeast-1" in set(rows["region"])
    data["products"]["M5LARGEAPN1LNX01"]["attributes"]["location"] = "Mars (Olympus)"
    with pytest.raises(CourseInputError, match="unknown location 'Mars"):
        pricelist.on_demand_rows(data)


def test_bad_price_is_reported(offer):
    data = copy.deepcopy(offer)
    term = next(iter(data["terms"]["OnDemand"]["M5LARGEUSE1LNX01"].values()))
    next(iter(term["priceDimensions"].values()))["pricePerUnit"]["USD"] = "n/a"
    with pytest.raises(CourseInputError, match="price 'n/a'"):
        pricelist.on_demand_rows(data)


@pytest.mark.parametrize(("content", "message"), [
    ('{"a": ', "not valid JSON"),
    ("[1, 2]", "not an AWS Price List offer file"),
    ('{"formatVersion": "v1.0"}', "missing offerCode"),
    (json.dumps({"formatVersion": "v1.0", "offerCode": "AmazonS3", "publicationDate": "x",
                 "products": {}, "terms": {}}), "'AmazonS3'"),
    (json.dumps({"formatVersion": "v1.0", "offerCode": "AmazonEC2", "publicationDate": "x",
                 "products": [], "terms": {}}), "'products'/'terms'"),
    ("", "not valid JSON"),
])
def test_load_offer_bad_files(tmp_path, content, message):
    path = tmp_path / "offer.json"
    path.write_text(content)
    with pytest.raises(CourseInputError, match=message):
        pricelist.load_offer(path)


def test_load_offer_bad_paths(tmp_path):
    with pytest.raises(CourseInputError, match="does not exist"):
        pricelist.load_offer(tmp_path / "missing.json")
    with pytest.raises(CourseInputError, match="is a directory"):
        pricelist.load_offer(tmp_path)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CourseInputError, match="cannot read|not valid JSON"):
        pricelist.load_offer(binary)


# --- command line ------------------------------------------------------------------------
def test_refresh_writes_and_reports(tmp_path, capsys):
    assert cli.main(["refresh", "--offer-file", str(FIXTURE), "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [f"wrote {tmp_path / 'ec2_on_demand_snapshot.csv'} (3 rows, as of 2026-11-20)",
                   f"wrote {tmp_path / 'ec2_reserved_snapshot.csv'} (9 rows, as of 2026-11-20)"]
    import pandas as pd

    snapshot = pd.read_csv(tmp_path / "ec2_on_demand_snapshot.csv")
    assert snapshot["on_demand_hourly"].tolist() == [0.124, 0.068, 0.096]


def test_refresh_never_overwrites_silently(tmp_path, capsys):
    target = tmp_path / "ec2_on_demand_snapshot.csv"
    target.write_text("keep me\n")
    assert cli.main(["refresh", "--offer-file", str(FIXTURE), "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.strip() == f"error: {target} already exists; pass --force to replace it."
    assert target.read_text() == "keep me\n"
    assert not (tmp_path / "ec2_reserved_snapshot.csv").exists()
    assert cli.main(["refresh", "--offer-file", str(FIXTURE), "--out", str(tmp_path),
                     "--force"]) == 0
    out = capsys.readouterr().out
    assert f"replaced {target} (3 rows" in out and "wrote " in out


def test_refresh_out_must_be_a_folder(tmp_path, capsys):
    file = tmp_path / "file.txt"
    file.write_text("x")
    assert cli.main(["refresh", "--offer-file", str(FIXTURE), "--out", str(file)]) == 2
    assert "is not a folder" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["refresh", "--offer-file", "/no/such/offer.json"],
    ["refresh", "--offer-file", "."],
])
def test_cli_bad_path_is_one_line_exit_2(args):
    result = subprocess.run([sys.executable, "-m", "course.pricing", *args],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in result.stderr


def test_cli_bad_json_is_one_line_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"products": ')
    result = subprocess.run([sys.executable, "-m", "course.pricing", "refresh", "--offer-file",
                             str(bad), "--out", str(tmp_path)], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"error: offer file {bad} is not valid JSON (line 1, column 14: Expecting value)."]


@pytest.mark.parametrize("args", [[], ["refresh"], ["refresh", "--offer-file", "a", "--download",
                                                      "us-east-1"], ["fetch"]])
def test_cli_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(args)
    assert info.value.code == 2
