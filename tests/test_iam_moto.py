"""The IAM engine on a fresh crawl of the seeded moto estate (not the bundled snapshot)."""

from __future__ import annotations

from awsx.iam.evaluate import evaluate
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import privesc
from awsx.iam.whocan import who_can


def test_crawled_moto_estate_gives_the_expected_admins_path_and_who_can(demo_estate, seeded):
    ix = IamIndex(demo_estate)
    account = seeded.account
    report = privesc(ix)
    assert {a.arn for a in report.admins} == {f"arn:aws:iam::{account}:user/alice", f"arn:aws:iam::{account}:role/admin"}
    assert [(p.principal, [(s.kind, s.target) for s in p.steps]) for p in report.paths] == [
        (f"arn:aws:iam::{account}:user/deploy-bot", [("ec2", f"arn:aws:iam::{account}:role/admin")])]
    answer = who_can(ix, "iam:PassRole", f"arn:aws:iam::{account}:role/admin")
    assert {(p.arn.rsplit(":", 1)[-1], p.how) for p in answer.principals} == {
        ("user/alice", "direct"), ("role/admin", "direct"), ("user/deploy-bot", "direct")}
    ops = evaluate(ix, ix.resolve("role/ops"), "ec2:StopInstances")
    assert ops.decision == "allow" and ops.deciding[0].policy.endswith("role/ops:inline/ops-break-glass")
