"""``awsx prices refresh``: the read-only GetProducts call (answered here at botocore's event
layer: moto has no Price List API and tests never touch the network), folded into a new table
that the estimators then use without "≈"."""

from __future__ import annotations

import asyncio
import json
from dataclasses import replace
from types import SimpleNamespace

import pytest
from test_cost_refresh import product

from awsx.cli import main as cli
from awsx.cost.refresh import needed_queries
from awsx.cost.table import PriceTable, price_table_document
from awsx.inventory.pricing import fetch_price_lists
from awsx.inventory.readonly import is_allowed
from awsx.inventory.session import SessionOptions


def price_list_api(asked: list[dict]):
    """A before-call hook standing in for the Price List API: NAT gateway hours in eu-west-1 cost
    $0.048 (two pages), everything else has no product."""

    def answer(params, **_):
        params = json.loads(params["body"])  # the serialised request: this API speaks JSON
        asked.append(params)
        fields = {f["Field"]: f["Value"] for f in params["Filters"]}
        items = []
        if fields.get("productFamily") == "NAT Gateway" and fields["regionCode"] == "eu-west-1":
            if "NextToken" not in params:
                return SimpleNamespace(status_code=200, headers={}), {
                    "PriceList": [product("EUW1-NatGateway-Bytes", ("0", "0.048"))], "NextToken": "page-2"}
            items = [product("EUW1-NatGateway-Hours", ("0", "0.048"))]
        return SimpleNamespace(status_code=200, headers={}), {"PriceList": items, "FormatVersion": "aws_v1"}

    return ("before-call.pricing.GetProducts", answer)


OPTIONS = SessionOptions(credentials=("testing", "testing"))


def test_get_products_is_an_allowed_read_outside_the_crawl_policy():
    from awsx.inventory.readonly import minimal_policy

    assert is_allowed("pricing", "GetProducts")
    assert "pricing:GetProducts" not in minimal_policy()["Statement"][0]["Action"]


def test_every_query_is_asked_once_and_every_page_is_read():
    asked: list[dict] = []
    queries = needed_queries(price_table_document(), ["eu-west-1"])
    answers = asyncio.run(fetch_price_lists(replace(OPTIONS, hooks=(price_list_api(asked),)), queries + queries))
    assert len({json.dumps(p["Filters"], sort_keys=True) for p in asked if "NextToken" not in p}) == len(set(queries))
    nat = next(q for q in answers if ("productFamily", "NAT Gateway") in q[1])
    assert len(answers[nat]) == 2  # both pages


def test_cli_refresh_writes_a_table_whose_refreshed_rows_are_exact(tmp_path, monkeypatch, capsys):
    asked: list[dict] = []
    monkeypatch.setattr("awsx.inventory.session.SessionOptions",
                        lambda **kw: SessionOptions(**kw, credentials=OPTIONS.credentials, hooks=(price_list_api(asked),)))
    out = tmp_path / "prices.json"
    assert cli.main(["prices", "refresh", "--regions", "eu-west-1", "-o", str(out)]) == 0
    table = PriceTable(json.loads(out.read_text()))
    nat = table.price("nat/hour", "eu-west-1")
    assert nat.usd == pytest.approx(0.048) and not nat.approximate
    assert table.price("ebs/gp3/storage", "eu-west-1").approximate  # not answered: still the ≈ multiplier
    assert "2 prices updated" in capsys.readouterr().out  # NAT hours and NAT bytes, one from each page


def test_cli_refresh_without_network_is_one_line_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "prices.json"
    code = cli.main(["prices", "refresh", "--regions", "eu-west-1", "-o", str(out)])
    error = capsys.readouterr().err
    assert code == 1 and error.count("\n") == 1 and error.startswith("awsx: error:")
    assert not out.exists()
