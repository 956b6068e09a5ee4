"""`awsx can` shows the SCP and RCP levels that decided, root -> OUs -> account, in its table and
its --json (orgs_manage_policies_scps_evaluation.html: every level of the path must allow)."""

from __future__ import annotations

import json

import pytest
from iam_fixtures import allow, deny, doc, estate, everywhere, org_policy, org_tree, user

from awsx.cli.main import main
from awsx.store.snapshot import write_snapshot


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    no_ec2 = org_policy("no-ec2", doc(deny("ec2:*")), [("ORGANIZATIONAL_UNIT", "ou-prod")])
    path = tmp_path_factory.mktemp("org") / "org.awsx"
    return write_snapshot(estate(*org_tree(), everywhere(), no_ec2, user("u", allow("*"))), path)


def test_can_prints_the_levels_that_decided(snapshot, capsys):
    assert main(["can", "user/u", "ec2:RunInstances", "--snapshot", str(snapshot)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "EXPLICIT-DENY" in out
    assert ("SCP root r-root: allow (p-FullAWSAccess) -> OU prod (ou-prod): deny (no-ec2) -> "
            "OU web (ou-web): allow (p-FullAWSAccess) -> account shop (111111111111): allow (p-FullAWSAccess)") in out


def test_can_json_adds_the_levels_under_controls(snapshot, capsys):
    assert main(["can", "user/u", "ec2:RunInstances", "--snapshot", str(snapshot), "--json"]) == 0
    answer = json.loads(capsys.readouterr().out)
    [scp] = [c for c in answer["controls"] if c["type"] == "scp"]
    assert [(level["target"], level["verdict"]) for level in scp["levels"]] == [
        ("r-root", "allow"), ("ou-prod", "deny"), ("ou-web", "allow"), ("111111111111", "allow")]
