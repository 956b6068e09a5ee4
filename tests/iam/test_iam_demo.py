"""The IAM engine on the bundled demo estate, who-can on a small one, and the CLI verbs' JSON."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from iam_fixtures import allow, arn, index, role, trust, user

from awsx.iam.principals import IamIndex
from awsx.iam.privesc import privesc
from awsx.iam.whocan import who_can
from awsx.store.snapshot import open_snapshot

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "snapshots" / "demo.awsx"
DEMO = "123456789012"


def demo_arn(kind: str, name: str) -> str:
    return f"arn:aws:iam::{DEMO}:{kind}/{name}"


@pytest.fixture(scope="module")
def demo() -> IamIndex:
    return IamIndex(open_snapshot(SNAPSHOT))


def test_deploy_bot_can_escalate_to_admin_by_passing_the_admin_role_to_an_instance(demo):
    report = privesc(demo, demo.resolve("user/deploy-bot"))
    [path] = report.paths
    [step] = path.steps
    assert (step.source, step.target, step.kind) == (demo_arn("user", "deploy-bot"), demo_arn("role", "admin"), "ec2")
    assert step.actions == ("iam:PassRole", "ec2:RunInstances")


def test_alice_is_admin_and_three_principals_escalate(demo):
    """deploy-bot passes the admin role to an instance (ec2-001); carol starts the admin-like
    acme-ci build (codebuild-002); the acme-cfn-deploy role's ec2:* changes the user data of the
    instance that runs as admin (ec2-002)."""
    report = privesc(demo)
    assert demo_arn("user", "alice") in [a.arn for a in report.admins]
    assert demo_arn("user", "deploy-bot") not in [a.arn for a in report.admins]
    assert sorted((p.principal, p.steps[0].catalogue_id) for p in report.paths) == [
        (demo_arn("role", "acme-cfn-deploy"), "ec2-002"), (demo_arn("user", "carol"), "codebuild-002"),
        (demo_arn("user", "deploy-bot"), "ec2-001")]


@pytest.mark.parametrize("principal, action, resource, decision", [
    ("user/alice", "iam:CreateUser", demo_arn("user", "mallory"), "allow"),
    ("user/bob", "s3:PutObject", "arn:aws:s3:::acme-scratch-bob/notes.txt", "allow"),
    ("user/bob", "s3:PutObject", "arn:aws:s3:::ACME-SCRATCH-BOB/notes.txt", "implicit-deny"),
    ("user/deploy-bot", "sts:AssumeRole", demo_arn("role", "ci-deployer"), "allow"),
    ("user/bob", "sts:AssumeRole", demo_arn("role", "ci-deployer"), "implicit-deny"),
    # ci-deployer's developer-access allows rds:Describe*, its dev-boundary does not.
    ("role/ci-deployer", "rds:DescribeDBInstances", "*", "implicit-deny"),
    ("role/ci-deployer", "lambda:ListFunctions", "*", "allow"),
])
def test_can_on_the_demo(demo, principal, action, resource, decision):
    from awsx.iam.evaluate import evaluate

    assert evaluate(demo, demo.resolve(principal), action, resource).decision == decision


def test_who_can_lists_direct_grants_then_escalations():
    ix = index(user("direct", allow("s3:DeleteBucket")), user("dev"),
               role("hop", trust({"AWS": arn("user", "dev")}), allow("s3:DeleteBucket")), user("nobody"))
    answer = who_can(ix, "s3:DeleteBucket", "arn:aws:s3:::data")
    assert [(p.arn, p.how) for p in answer.principals] == [
        (arn("role", "hop"), "direct"), (arn("user", "direct"), "direct"), (arn("user", "dev"), "escalation")]
    escalation = answer.principals[-1].to_json()
    assert [s["kind"] for s in escalation["path"]] == ["sts"]
    assert set(answer.to_json()) == {"action", "resource", "principals"}


def awsx(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "awsx.cli", *args, "--snapshot", str(SNAPSHOT)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_cli_privesc_json_on_the_demo():
    done = awsx("privesc", "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert set(report) == {"admins", "paths"}
    assert demo_arn("user", "alice") in report["admins"]
    [path] = [p for p in report["paths"] if p["principal"] == demo_arn("user", "deploy-bot")]
    assert path["steps"] == [{"from": demo_arn("user", "deploy-bot"), "to": demo_arn("role", "admin"), "kind": "ec2",
                              "actions": ["iam:PassRole", "ec2:RunInstances"], "conditions": [],
                              "catalogue_id": "ec2-001", "grants_everything": False}]


def test_cli_can_json_shape_and_exit_codes():
    done = awsx("can", "user/deploy-bot", "iam:PassRole", demo_arn("role", "admin"), "--json")
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert set(answer) == {"principal", "action", "resource", "decision", "conditions", "deciding", "controls"}
    # The demo has no organization: no SCP or RCP level applies.
    assert [(c["type"], c["levels"]) for c in answer["controls"]] == [("scp", []), ("rcp", [])]
    assert answer["decision"] == "allow"
    assert answer["deciding"] == [{"policy": f"arn:aws:iam::{DEMO}:policy/deploy-ec2-launch", "type": "identity",
                                   "sid": None, "statement": 0}]
    assert awsx("can", "user/nobody", "s3:GetObject").returncode == 2
    assert awsx("can", "user/bob", "not-an-action").returncode == 2


def test_who_can_keeps_mfa_conditional_grants_and_says_on_what():
    # PMapper's queries silently omit them (iam.md §3).
    ix = index(user("u", allow("s3:DeleteBucket", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})))
    [entry] = who_can(ix, "s3:DeleteBucket", "arn:aws:s3:::data").principals
    assert (entry.how, entry.conditions) == ("direct", ("aws:MultiFactorAuthPresent",))


def test_cli_can_takes_context_values(capsys):
    from awsx.cli.main import main

    assert main(["can", "role/ci-deployer", "lambda:ListFunctions", "--context", "aws:SourceIp=192.0.2.1",
                 "--json", "--snapshot", str(SNAPSHOT)]) == 0
    assert json.loads(capsys.readouterr().out)["decision"] == "allow"
    assert main(["can", "role/ci-deployer", "lambda:ListFunctions", "--context", "novalue",
                 "--snapshot", str(SNAPSHOT)]) == 2


def test_who_can_names_anyone_when_a_bucket_policy_is_public(demo):
    answer = who_can(demo, "s3:GetObject", "arn:aws:s3:::acme-public-assets/logo.png", escalation=False)
    assert answer.principals[0].to_json() == {"arn": "*", "how": "direct", "path": [], "conditions": []}
    private = who_can(demo, "s3:GetObject", "arn:aws:s3:::acme-prod-logs/app.log", escalation=False)
    assert "*" not in [p.arn for p in private.principals]


def test_cli_public_lists_the_public_bucket_and_queue_of_the_demo_but_not_the_account_only_topic():
    done = awsx("public", "--json")
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)["resources"]
    assert [(r["arn"], r["sid"], r["actions"]) for r in found] == [
        ("arn:aws:s3:::acme-public-assets", "PublicRead", ["s3:getobject"]),
        (f"arn:aws:sqs:us-east-1:{DEMO}:prod-orders-events", "AnyoneMaySend", ["sqs:sendmessage"])]
