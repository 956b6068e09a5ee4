"""The shipped price table is data with provenance: every row complete and positive, an
as-of date, a labelled region fallback, and every key the estimators ask for present."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from awsx.cost.table import BASE_REGION, PriceTable, default_table

FIELDS = {"service", "region", "key", "unit", "usd", "verified", "source"}


@pytest.fixture(scope="module")
def document() -> dict:
    return json.loads(resources.files("awsx.cost").joinpath("prices", "aws.json").read_text(encoding="utf-8"))


def test_table_has_an_as_of_date_and_hours_per_month(document):
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", document["as_of"])
    assert document["currency"] == "USD" and document["hours_per_month"] == 730


def test_every_row_has_all_fields_a_source_and_a_positive_price(document):
    keys = set()
    for row in document["items"]:
        assert set(row) == FIELDS, row
        assert isinstance(row["usd"], (int, float)) and row["usd"] > 0, row
        assert isinstance(row["verified"], bool) and row["source"].strip() and row["unit"].strip(), row
        assert (row["region"], row["key"]) not in keys, f"duplicate row {row['region']} {row['key']}"
        keys.add((row["region"], row["key"]))


def test_region_multipliers_are_labelled_estimates(document):
    fallback = document["region_multipliers"]
    assert fallback["estimated"] is True and fallback["source"] and fallback["baseline"] == BASE_REGION
    assert all(m > 0 for m in fallback["multipliers"].values())


def test_every_key_the_estimators_need_has_a_us_east_1_row():
    table = default_table()
    needed = ["ec2/instance/t3.micro", "ec2/instance/m5.large", "ebs/gp2/storage", "ebs/gp3/storage", "ebs/gp3/iops",
              "ebs/gp3/throughput", "ebs/io1/storage", "ebs/io1/iops", "ebs/io2/storage", "ebs/io2/iops",
              "ebs/st1/storage", "ebs/sc1/storage", "ebs/standard/storage", "ebs/snapshot/standard", "nat/hour",
              "vpc/public-ipv4/in-use", "vpc/public-ipv4/idle", "elb/application/hour", "elb/network/hour",
              "elb/classic/hour", "rds/instance/db.t3.large/postgres", "rds/instance/db.t3.large/mysql",
              "rds/storage/gp2", "rds/storage/gp3", "efs/standard", "efs/ia", "s3/standard",
              "vpc/interface-endpoint/hour"]
    missing = [key for key in needed if not table.has_key(key)]
    assert not missing


def test_worked_prices_from_costs_md():
    table = default_table()
    assert table.row("nat/hour", "us-east-1").usd * 730 == pytest.approx(32.85)
    assert table.row("vpc/public-ipv4/idle", "us-east-1").usd * 730 == pytest.approx(3.65)
    assert table.row("elb/application/hour", "us-east-1").usd * 730 == pytest.approx(16.425)


def test_unverified_rows_are_approximate_when_used():
    table = PriceTable({"as_of": "2026-01-01", "items": [
        {"service": "s", "region": "us-east-1", "key": "k", "unit": "hour", "usd": 1.0, "verified": False, "source": "memory"}]})
    price = table.price("k", "us-east-1")
    assert price.approximate and price.label() == "≈$1.00"
    assert table.price("k", "eu-west-1") is None  # no multiplier in this table: unknown, not a guess


def test_a_snapshot_that_stores_its_price_table_is_estimated_with_it(tmp_path):
    from awsx.core.graph import Estate, EstateInfo
    from awsx.core.model import Resource
    from awsx.cost.report import cost_report
    from awsx.cost.table import price_table_document
    from awsx.store.snapshot import open_snapshot, write_snapshot

    document = price_table_document()
    document["as_of"] = "2030-01-01"
    for row in document["items"]:
        if row["key"] == "nat/hour" and row["region"] == "us-east-1":
            row["usd"] = 0.05
    nat = Resource(arn="arn:aws:ec2:us-east-1:111122223333:natgateway/nat-1", kind="ec2:nat-gateway", id="nat-1",
                   name="nat-1", account="111122223333", region="us-east-1", data={"State": "available"})
    path = write_snapshot(Estate([nat], info=EstateInfo("test", "2026-11-22T00:00:00+00:00")), tmp_path / "t.awsx",
                          extra={"price_table": document})
    report = cost_report(open_snapshot(path))
    assert report.prices_as_of == "2030-01-01" and report.total_monthly == pytest.approx(0.05 * 730)
    assert cost_report(Estate([nat])).prices_as_of == default_table().as_of  # none stored: the shipped table
