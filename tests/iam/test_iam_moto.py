"""The IAM engine on a fresh crawl of the seeded moto estate (not the bundled snapshot)."""

from __future__ import annotations

from awsx.iam.evaluate import evaluate
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import privesc
from awsx.iam.whocan import who_can
from awsx.pulse.faults import pulse_faults


def test_crawled_moto_estate_gives_the_expected_admins_path_and_who_can(demo_estate, seeded):
    ix = IamIndex(demo_estate)
    account = seeded.account
    report = privesc(ix)
    # acme-ci-build is admin-like on purpose: its CodeBuild project is an escalation target.
    assert {a.arn for a in report.admins} == {f"arn:aws:iam::{account}:{p}"
                                              for p in ("user/alice", "role/admin", "role/acme-ci-build")}
    # carol: codebuild:StartBuild on acme-ci, which builds as acme-ci-build (codebuild-002);
    # deploy-bot: PassRole of admin and RunInstances (ec2-001); acme-cfn-deploy: its
    # network-baseline-deploy policy allows ec2:*, so it may change the user data of the
    # instance running as admin and restart it (ec2-002, no PassRole needed).
    assert sorted((p.principal, [(s.kind, s.target, s.catalogue_id) for s in p.steps]) for p in report.paths) == [
        (f"arn:aws:iam::{account}:role/acme-cfn-deploy", [("ec2", f"arn:aws:iam::{account}:role/admin", "ec2-002")]),
        (f"arn:aws:iam::{account}:user/carol",
         [("codebuild", f"arn:aws:iam::{account}:role/acme-ci-build", "codebuild-002")]),
        (f"arn:aws:iam::{account}:user/deploy-bot", [("ec2", f"arn:aws:iam::{account}:role/admin", "ec2-001")])]
    answer = who_can(ix, "iam:PassRole", f"arn:aws:iam::{account}:role/admin")
    assert {(p.arn.rsplit(":", 1)[-1], p.how) for p in answer.principals} == {
        ("user/alice", "direct"), ("role/admin", "direct"), ("role/acme-ci-build", "direct"),
        ("user/deploy-bot", "direct"), ("user/carol", "escalation"), ("role/acme-cfn-deploy", "escalation")}
    ops = evaluate(ix, ix.resolve("role/ops"), "ec2:StopInstances")
    assert ops.decision == "allow" and ops.deciding[0].policy.endswith("role/ops:inline/ops-break-glass")


def test_the_crawl_reads_key_queue_topic_and_function_policies_and_finds_the_public_queue(demo_estate, seeded):
    account, region = seeded.account, seeded.regions[0]
    # The prod data key is the first KMS key seeded at home (the batch plant seeds a second).
    data_key = next(r.id for r in seeded.resources if r.kind == "kms:key" and r.region == region)
    [key] = [k for k in demo_estate.resources("kms:key") if k.id == data_key]
    queue = demo_estate.resource(f"arn:aws:sqs:{region}:{account}:prod-orders-events")
    topic = demo_estate.resource(f"arn:aws:sns:{region}:{account}:prod-alerts")
    [function] = [f for f in demo_estate.resources("lambda:function") if f.region == region]
    assert [s["Sid"] for s in key.data["Policy"]["Statement"]] == ["EnableIamPolicies", "AppRoleUse"]
    assert key.data["KeyMetadata"]["Description"] == "acme prod data"
    assert [s["Sid"] for s in function.data["Policy"]["Statement"]] == ["AlertsInvoke"]
    ix = IamIndex(demo_estate)
    app_role, bob = ix.resolve("role/app-role"), ix.resolve("user/bob")
    assert evaluate(ix, app_role, "kms:Decrypt", key.arn).decision == "allow"
    assert evaluate(ix, bob, "kms:Decrypt", key.arn).decision == "implicit-deny"
    assert evaluate(ix, bob, "sqs:SendMessage", queue.arn).decision == "allow"  # the queue is public
    assert evaluate(ix, bob, "sns:Publish", topic.arn).decision == "conditional"  # aws:SourceAccount unknown
    faults = {f.name: f.arns for f in pulse_faults(demo_estate)}
    assert faults["public-sqs-queues"] == (queue.arn,)
    assert faults["public-sns-topics"] == faults["public-kms-keys"] == faults["public-lambda-functions"] == ()
