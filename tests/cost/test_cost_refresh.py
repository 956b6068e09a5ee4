"""Price refresh, pure half: queries per table key, reading a GetProducts PriceList item, and
folding answers into a new table (the AWS call is a fake here)."""

from __future__ import annotations

import json

import pytest

from awsx.cost.refresh import on_demand_usd, query_for, refresh_document
from awsx.cost.table import PriceTable


def product(usagetype: str, *dimensions: tuple[str, str]) -> str:
    """A PriceList entry shaped like GetProducts returns it (a JSON string)."""
    dims = {f"SKU.TERM.{i}": {"unit": "Hrs", "beginRange": begin, "pricePerUnit": {"USD": usd}}
            for i, (begin, usd) in enumerate(dimensions)}
    return json.dumps({"product": {"attributes": {"usagetype": usagetype}},
                       "terms": {"OnDemand": {"SKU.TERM": {"priceDimensions": dims}}}})


def test_queries_follow_the_price_list_field_names():
    ec2 = query_for("ec2/instance/m5.large")
    filters = {f["Field"]: f["Value"] for f in ec2.api_filters("eu-west-1")}
    assert ec2.service == "AmazonEC2" and filters["instanceType"] == "m5.large" and filters["regionCode"] == "eu-west-1"
    assert filters["operatingSystem"] == "Linux" and filters["tenancy"] == "Shared"
    assert query_for("nat/hour").usage_suffix == "NatGateway-Hours"
    assert query_for("efs/standard") is None  # not covered yet: the shipped row stays


def test_on_demand_price_skips_the_free_tier():
    item = json.loads(product("VolumeP-IOPS.gp3", ("0", "0.0000000000"), ("3000", "0.0050000000")))
    assert on_demand_usd(item) == pytest.approx(0.005)
    assert on_demand_usd(json.loads(product("x", ("0", "0")))) is None


def test_refresh_updates_answered_rows_and_keeps_the_rest():
    document = {"as_of": "2026-11-22", "currency": "USD", "hours_per_month": 730, "items": [
        {"service": "AmazonEC2", "region": "us-east-1", "key": "nat/hour", "unit": "hour", "usd": 0.045,
         "verified": True, "source": "golden"},
        {"service": "AmazonEFS", "region": "us-east-1", "key": "efs/standard", "unit": "GB-month", "usd": 0.30,
         "verified": True, "source": "page"},
        {"service": "AmazonEC2", "region": "us-east-1", "key": "ec2/instance/m5.large", "unit": "hour", "usd": 0.096,
         "verified": True, "source": "golden"}]}

    def fetch(service, filters):
        fields = {f["Field"]: f["Value"] for f in filters}
        if fields.get("productFamily") == "NAT Gateway" and fields["regionCode"] == "eu-west-1":
            return [product("EUW1-NatGateway-Hours", ("0", "0.048")), product("EUW1-NatGateway-Bytes", ("0", "0.048"))]
        if fields.get("instanceType") == "m5.large":
            return [product("EUW1-BoxUsage:m5.large", ("0", "0.107")), product("EUW1-BoxUsage:m5.large", ("0", "0.2"))]
        return []

    new, report = refresh_document(document, fetch, ["eu-west-1"], "2026-12-01")
    table = PriceTable(new)
    nat = table.price("nat/hour", "eu-west-1")
    assert nat.usd == pytest.approx(0.048) and not nat.approximate
    assert table.row("nat/hour", "eu-west-1").source.startswith("AWS Price List Query API")
    assert table.row("nat/hour", "us-east-1").usd == 0.045  # untouched region kept
    assert report.updated == ["eu-west-1 nat/hour"]
    assert report.ambiguous == ["eu-west-1 ec2/instance/m5.large"]  # two prices: kept, reported, never guessed
    assert report.not_covered == ["eu-west-1 efs/standard"]
    assert new["as_of"] == "2026-12-01"
