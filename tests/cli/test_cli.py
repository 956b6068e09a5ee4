"""The non-interactive verbs, as a user runs them: offline on a snapshot, no credentials."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from session_options import offline_env


def awsx(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "awsx.cli", *args], capture_output=True, text=True,
                          env=offline_env(), timeout=120)


def test_ls_network_interfaces_offline_matches_what_was_seeded(demo_snapshot, seeded):
    result = awsx("ls", "ec2:network-interface", "--snapshot", str(demo_snapshot), "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["kind"] == "ec2:network-interface"
    assert document["count"] == len(document["resources"])
    assert seeded.ids("ec2:network-interface") <= {r["id"] for r in document["resources"]}


def test_ls_accepts_aliases_and_prints_a_table(demo_snapshot):
    result = awsx("ls", "sg", "--snapshot", str(demo_snapshot))
    assert result.returncode == 0
    assert "Security groups" in result.stdout and "alb-sg" in result.stdout


def test_ls_without_kind_counts_every_kind(demo_snapshot, demo_estate):
    document = json.loads(awsx("ls", "--snapshot", str(demo_snapshot), "--json").stdout)
    assert document["counts"] == dict(sorted(demo_estate.kind_counts().items()))


def test_show_gives_relations_both_ways(demo_snapshot, demo_estate):
    vpc = next(v for v in demo_estate.resources("ec2:vpc") if v.data.get("CidrBlock") == "10.10.0.0/16")
    document = json.loads(awsx("show", vpc.id, "--snapshot", str(demo_snapshot), "--json").stdout)
    assert document["resource"]["arn"] == vpc.arn
    assert any(edge["relation"] == "IN_VPC" for edge in document["in"])


@pytest.mark.parametrize(("args", "message"), [
    (("ls", "no-such-kind"), "unknown kind"),
    (("ls", ""), "unknown kind ''"),
    (("show", "vpc-doesnotexist"), "no resource matches"),
])
def test_unknown_input_is_one_line_exit_2(demo_snapshot, args, message):
    result = awsx(*args, "--snapshot", str(demo_snapshot))
    assert result.returncode == 2
    assert message in result.stderr and result.stderr.count("\n") == 1


def test_no_credentials_is_a_clear_error_not_a_traceback():
    result = awsx("ls", "vpc", "--no-cache", "--quiet")
    assert result.returncode == 1
    assert "no AWS credentials" in result.stderr and "Traceback" not in result.stderr
