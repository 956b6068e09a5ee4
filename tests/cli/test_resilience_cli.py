"""``awsx blast``: the resilience engine's record as one JSON document or as tables, and bad
zones as one line (exit 2), on a snapshot of the smallest three-zone network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from zone_fixtures import three_zones

from awsx.cli.main import main
from awsx.resilience.blast import blast
from awsx.store.snapshot import write_snapshot


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> Path:
    return write_snapshot(three_zones().build(), tmp_path_factory.mktemp("blast") / "zones.awsx")


def test_json_is_the_engines_record(snapshot, capsys):
    assert main(["blast", "--az", "use1-az1", "--snapshot", str(snapshot), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == blast(three_zones().build(), az="use1-az1").to_json()
    assert printed["az"] == "use1-az1" and {b["what"] for b in printed["broken"]} == {"egress"}


def test_the_table_names_the_flows_and_the_blocker(snapshot, capsys):
    assert main(["blast", "--az", "use1-az1", "--snapshot", str(snapshot)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "If use1-az1 fails: 2 of" in out and "eni-app-1" in out and "nat-gateway nat-0" in out
    assert "Survives with less" in out and "loses its node in use1-az1" in out


@pytest.mark.parametrize("argv, message", [
    (["--az", "use1-az9"], "no Availability Zone 'use1-az9' in the estate; AZ ids here: use1-az1"),
    (["--az", " "], "--az needs an AZ id such as use1-az2"),
    (["--region", "mars-1"], "no Region 'mars-1' in the estate"),
])
def test_a_bad_zone_or_region_is_one_line(snapshot, capsys, argv, message):
    assert main(["blast", *argv, "--snapshot", str(snapshot)]) == 2
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1


def test_coverage_json_is_the_engines_record_and_the_tables_name_what_is_unwatched(snapshot, capsys):
    from awsx.resilience.coverage import coverage

    assert main(["coverage", "--snapshot", str(snapshot), "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == coverage(three_zones().build()).to_json()
    assert {a["metric"] for a in printed["alarms"]} == {"AWS/NATGateway ErrorPortAllocation", "AWS/RDS CPUUtilization",
                                                        "AWS/RDS FreeStorageSpace", "AWS/RDS DatabaseConnections",
                                                        "AWS/ApplicationELB UnHealthyHostCount"}
    assert main(["coverage", "--snapshot", str(snapshot)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "finite resources unwatched (no alarm in the estate" in out and "orders" in out
