"""The candidates a reach picker offers, ranked by the engine (issue 14 item 7): among equal
matches, those in the other end's VPC come first, then those in its Region (A1-A6 ends)."""

from __future__ import annotations

from pathlib import Path

import pytest

from awsx.core.filters import filter_rows
from awsx.reach.endpoints import candidates, ranked

SNAPSHOT = Path(__file__).parents[2] / "snapshots" / "demo.awsx"


@pytest.fixture(scope="module")
def choices():
    from awsx.store.snapshot import open_snapshot

    return candidates(open_snapshot(str(SNAPSHOT)))


def _first(choices, typed, near=""):
    kept = filter_rows(typed, (), [c.row for c in choices])
    return ranked(choices, kept, typed, near)


def test_a_name_typed_from_an_instance_picks_the_match_in_its_vpc_and_region(choices):
    assert {c.name for c in _first(choices, "orders-db")} >= {"prod-use1-orders-db", "prod-apse1-orders-db"}
    assert _first(choices, "orders-db", near="prod-use1-app-a")[0].name == "prod-use1-orders-db"
    assert _first(choices, "orders-db", near="prod-apse1-app-a")[0].name == "prod-apse1-orders-db"
    assert _first(choices, "orders-db")[0].name == "prod-apse1-orders-db"  # no other end: by name


def test_whole_word_matches_still_come_before_nearness(choices):
    found = _first(choices, "db", near="prod-euw1-app-a")
    assert "db" in found[0].name and found[0].region == "eu-west-1"


def test_candidates_are_placed_by_region_and_vpc(choices):
    app = next(c for c in choices if c.name == "prod-use1-app-a")
    assert app.region == "us-east-1" and app.vpc.startswith("vpc-")
    assert next(c for c in choices if c.name == "prod-use1-orders-db").vpc == app.vpc
