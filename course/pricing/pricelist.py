"""Read AWS Price List bulk offer files (``AmazonEC2`` JSON) into snapshot rows.

An offer file has ``formatVersion``, ``offerCode``, ``version``, ``publicationDate``,
``products`` (``sku -> {productFamily, attributes}``) and ``terms``
(``OnDemand``/``Reserved -> sku -> offerTermCode -> {priceDimensions, termAttributes}``).
Only Linux, Shared tenancy, no pre-installed software, ``capacitystatus`` "Used"
compute instances are kept.

>>> from pathlib import Path
>>> fixture = Path(__file__).parents[2] / "tests/fixtures/pricing/ec2_offer_small.json"
>>> rows = on_demand_rows(load_offer(fixture))
>>> rows[["region", "instance_type", "on_demand_hourly"]].values.tolist()[0]
['ap-northeast-1', 'm5.large', 0.124]
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from course.errors import CourseInputError
from course.i18n import text

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

MESSAGES = {
    "en": {
        "no_file": "offer file {path} does not exist.",
        "is_dir": "offer file {path} is a directory, not a JSON file.",
        "unreadable": "cannot read offer file {path}: {reason}.",
        "bad_json": "offer file {path} is not valid JSON (line {line}, column {col}: {msg}).",
        "not_offer": "{path} is not an AWS Price List offer file: missing {missing}.",
        "not_ec2": "{path} is an offer file for {code!r}; only 'AmazonEC2' is supported.",
        "bad_price": "offer file {path}: price {value!r} of {rate} is not a number.",
        "no_region": (
            "offer file {path}: SKU {sku} has no regionCode and an unknown location {loc!r}."
        ),
    }
}

#: Price List ``location`` names for the Regions the course uses (``regionCode`` wins when set).
LOCATIONS: dict[str, str] = {
    "US East (N. Virginia)": "us-east-1",
    "US East (Ohio)": "us-east-2",
    "US West (Oregon)": "us-west-2",
    "EU (Ireland)": "eu-west-1",
    "EU (Frankfurt)": "eu-central-1",
    "Asia Pacific (Tokyo)": "ap-northeast-1",
    "Asia Pacific (Osaka)": "ap-northeast-3",
    "Asia Pacific (Singapore)": "ap-southeast-1",
}
OFFER_URL = ("https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/"
             "{code}/{version}/{region}/index.json")
PAYMENTS = {"No Upfront": "no_upfront", "Partial Upfront": "partial_upfront",
            "All Upfront": "all_upfront"}
REQUIRED = ("formatVersion", "offerCode", "publicationDate", "products", "terms")


def load_offer(path: str | Path) -> dict[str, object]:
    """Read and check an offer file; bad paths or JSON raise ``CourseInputError`` (one line).

    >>> load_offer("/no/such/file.json")
    Traceback (most recent call last):
    ...
    course.errors.CourseInputError: offer file /no/such/file.json does not exist.
    """
    file = Path(path)
    if not file.exists():
        raise CourseInputError(text(MESSAGES, "no_file", path=file))
    if file.is_dir():
        raise CourseInputError(text(MESSAGES, "is_dir", path=file))
    try:
        with file.open("r", encoding="utf-8") as fh:
            data = json.load(fh)
    except json.JSONDecodeError as err:
        raise CourseInputError(text(MESSAGES, "bad_json", path=file, line=err.lineno,
                                    col=err.colno, msg=err.msg)) from None
    except (OSError, UnicodeDecodeError) as err:
        reason = getattr(err, "strerror", None) or type(err).__name__
        raise CourseInputError(text(MESSAGES, "unreadable", path=file, reason=reason)) from None
    check_offer(data, str(file))
    return data


def check_offer(data: object, path: str = "<offer>") -> None:
    """Raise ``CourseInputError`` unless ``data`` looks like an ``AmazonEC2`` offer file.

    >>> check_offer({"formatVersion": "v1.0"}, "x.json")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    course.errors.CourseInputError: x.json is not an AWS Price List offer file: missing ...
    """
    if not isinstance(data, Mapping):
        raise CourseInputError(text(MESSAGES, "not_offer", path=path,
                                    missing=", ".join(REQUIRED)))
    missing = [key for key in REQUIRED if key not in data]
    if missing:
        raise CourseInputError(text(MESSAGES, "not_offer", path=path, missing=", ".join(missing)))
    if data["offerCode"] != "AmazonEC2":
        raise CourseInputError(text(MESSAGES, "not_ec2", path=path, code=data["offerCode"]))
    if not isinstance(data["products"], Mapping) or not isinstance(data["terms"], Mapping):
        raise CourseInputError(text(MESSAGES, "not_offer", path=path,
                                    missing="'products'/'terms' objects"))


def _kept(offer: Mapping, path: str) -> dict[str, dict[str, object]]:
    """SKU -> instance facts, for Linux/Shared/NA/Used compute instances."""
    kept = {}
    for sku, product in offer["products"].items():
        attrs = product.get("attributes", {})
        if (product.get("productFamily") != "Compute Instance"
                or attrs.get("operatingSystem") != "Linux"
                or attrs.get("tenancy") != "Shared"
                or attrs.get("preInstalledSw", "NA") != "NA"
                or attrs.get("capacitystatus", "Used") != "Used"
                or "instanceType" not in attrs):
            continue
        region = attrs.get("regionCode") or LOCATIONS.get(attrs.get("location", ""))
        if not region:
            raise CourseInputError(text(MESSAGES, "no_region", path=path, sku=sku,
                                        loc=attrs.get("location")))
        memory = str(attrs.get("memory", "nan")).replace(",", "").split()[0]
        kept[sku] = {"region": region, "instance_type": attrs["instanceType"],
                     "family": attrs["instanceType"].split(".")[0],
                     "vcpu": int(attrs.get("vcpu", 0) or 0), "memory_gib": float(memory)}
    return kept


def _price(dimension: Mapping, path: str) -> float:
    value = dimension.get("pricePerUnit", {}).get("USD")
    try:
        price = float(value)
    except (TypeError, ValueError):
        price = math.nan
    if not math.isfinite(price):
        raise CourseInputError(text(MESSAGES, "bad_price", path=path, value=value,
                                    rate=dimension.get("rateCode", "?")))
    return price


def _provenance(offer: Mapping, region: str) -> dict[str, str]:
    return {"source": OFFER_URL.format(code=offer["offerCode"],
                                       version=offer.get("version", "current"), region=region),
            "as_of": str(offer["publicationDate"])[:10], "confidence": "OFFICIAL",
            "derivation": f"AWS Price List offer file, publicationDate {offer['publicationDate']}"}


def on_demand_rows(offer: Mapping, path: str = "<offer>") -> pd.DataFrame:
    """Return one row per (region, instance type) with its Linux On-Demand $/h and provenance.

    >>> rows = on_demand_rows({"formatVersion": "v1.0", "offerCode": "AmazonEC2",
    ...     "publicationDate": "2026-11-20T00:00:00Z", "products": {}, "terms": {}})
    >>> len(rows)
    0
    """
    import pandas as pd

    check_offer(offer, path)
    kept = _kept(offer, path)
    rows = []
    for sku, terms in offer["terms"].get("OnDemand", {}).items():
        if sku not in kept:
            continue
        for term in terms.values():
            for dim in term.get("priceDimensions", {}).values():
                if dim.get("unit") != "Hrs":
                    continue
                rows.append({**kept[sku], "on_demand_hourly": _price(dim, path),
                             **_provenance(offer, kept[sku]["region"]), "sku": sku})
    columns = ["region", "instance_type", "family", "vcpu", "memory_gib", "on_demand_hourly",
               "source", "as_of", "confidence", "derivation", "sku"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["region", "instance_type"]).reset_index(drop=True)


def reserved_rows(offer: Mapping, path: str = "<offer>") -> pd.DataFrame:
    """Return one row per RI offering: class, term, payment, upfront, hourly, effective $/h.

    ``effective_hourly = upfront / (8760 * years) + recurring hourly``.

    >>> reserved_rows({"formatVersion": "v1.0", "offerCode": "AmazonEC2",
    ...     "publicationDate": "2026-11-20", "products": {}, "terms": {}}).shape[0]
    0
    """
    import pandas as pd

    check_offer(offer, path)
    kept = _kept(offer, path)
    rows = []
    for sku, terms in offer["terms"].get("Reserved", {}).items():
        if sku not in kept:
            continue
        for term in terms.values():
            attrs = term.get("termAttributes", {})
            years = int(str(attrs.get("LeaseContractLength", "0yr"))[0])
            upfront, hourly = 0.0, 0.0
            for dim in term.get("priceDimensions", {}).values():
                if dim.get("unit") == "Quantity":
                    upfront += _price(dim, path)
                elif dim.get("unit") == "Hrs":
                    hourly += _price(dim, path)
            rows.append({**kept[sku], "offering_class": attrs.get("OfferingClass", "standard"),
                         "term_years": years,
                         "payment": PAYMENTS.get(attrs.get("PurchaseOption"), "unknown"),
                         "upfront": upfront, "recurring_hourly": hourly,
                         "effective_hourly": upfront / (8760 * years) + hourly if years else hourly,
                         "offer_term_code": term.get("offerTermCode", ""),
                         **_provenance(offer, kept[sku]["region"]), "sku": sku})
    columns = ["region", "instance_type", "family", "vcpu", "memory_gib", "offering_class",
               "term_years", "payment", "upfront", "recurring_hourly", "effective_hourly",
               "offer_term_code", "source", "as_of", "confidence", "derivation", "sku"]
    table = pd.DataFrame(rows, columns=columns)
    return table.sort_values(["region", "instance_type", "offering_class", "term_years",
                              "payment"]).reset_index(drop=True)
