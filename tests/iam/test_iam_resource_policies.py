"""KMS key, SQS queue, SNS topic and Lambda function policies as the evaluator reads them
(iam.md §1.4, per principal type), and "public" resources as dashboard faults."""

from __future__ import annotations

import pytest
from iam_fixtures import ACCOUNT, allow, arn, can, doc, estate, index, managed, role, trust, user, with_policy

from awsx.iam.public import public_grants
from awsx.iam.whocan import who_can
from awsx.pulse.faults import pulse_faults

ROOT = f"arn:aws:iam::{ACCOUNT}:root"


def grant(principal, action, resource="*", **extra):
    return {"Effect": "Allow", "Principal": principal, "Action": action, "Resource": resource, **extra}


@pytest.mark.parametrize("kind, action", [
    ("sqs:queue", "sqs:SendMessage"), ("sns:topic", "sns:Publish"), ("lambda:function", "lambda:InvokeFunction"),
    ("secretsmanager:secret", "secretsmanager:GetSecretValue"),
])
def test_a_queue_topic_or_function_policy_naming_a_user_grants_without_an_identity_policy(kind, action):
    target = with_policy(kind, "t", doc(grant({"AWS": arn("user", "u")}, action)))
    ix = index(user("u"), user("other"), target)
    decision = can(ix, "user/u", action, target.arn)
    assert decision.decision == "allow"
    assert [(d.policy, d.type) for d in decision.deciding] == [(target.arn, "resource")]
    assert can(ix, "user/other", action, target.arn).decision == "implicit-deny"


def test_a_key_policy_that_delegates_to_the_account_needs_an_identity_allow():
    key = with_policy("kms:key", "k1", doc(grant({"AWS": ROOT}, "kms:*")))
    ix = index(user("reader", allow("kms:Decrypt")), user("nobody"), key)
    assert can(ix, "user/reader", "kms:Decrypt", key.arn).decision == "allow"
    assert can(ix, "user/nobody", "kms:Decrypt", key.arn).decision == "implicit-deny"


def test_a_key_policy_naming_a_role_is_limited_by_its_boundary_and_a_queue_policy_too():
    boundary = managed("b", allow("s3:*"))
    key = with_policy("kms:key", "k1", doc(grant({"AWS": arn("role", "r")}, "kms:Decrypt")))
    queue = with_policy("sqs:queue", "q", doc(grant({"AWS": arn("role", "r")}, "sqs:SendMessage")))
    ix = index(boundary, role("r", trust({"Service": "ec2.amazonaws.com"}), boundary="b"), key, queue)
    assert can(ix, "role/r", "kms:Decrypt", key.arn).decision == "implicit-deny"
    assert can(ix, "role/r", "sqs:SendMessage", queue.arn).decision == "implicit-deny"


def test_principal_star_with_a_principal_arn_condition_is_not_limited_by_the_role_boundary():
    # iam.md §1.4: the exception to "a role ARN is limited by its boundary".
    queue = with_policy("sqs:queue", "q", doc(grant("*", "sqs:SendMessage",
                                                    Condition={"ArnEquals": {"aws:PrincipalArn": arn("role", "r")}})))
    ix = index(managed("b", allow("s3:*")), role("r", trust({"Service": "ec2.amazonaws.com"}), boundary="b"),
               role("other", trust({"Service": "ec2.amazonaws.com"})), queue)
    assert can(ix, "role/r", "sqs:SendMessage", queue.arn).decision == "allow"
    assert can(ix, "role/other", "sqs:SendMessage", queue.arn).decision == "implicit-deny"


def test_a_service_principal_in_a_function_policy_grants_no_user():
    fn = with_policy("lambda:function", "worker", doc(grant({"Service": "sns.amazonaws.com"}, "lambda:InvokeFunction")))
    ix = index(user("u"), fn)
    assert can(ix, "user/u", "lambda:InvokeFunction", fn.arn).decision == "implicit-deny"


def test_who_can_names_anyone_for_a_public_queue():
    queue = with_policy("sqs:queue", "q", doc(grant("*", "sqs:SendMessage")))
    answer = who_can(index(user("u"), queue), "sqs:SendMessage", queue.arn, escalation=False)
    assert [(p.arn, p.how) for p in answer.principals] == [("*", "direct"), (arn("user", "u"), "direct")]


def test_a_malformed_queue_policy_names_it_and_other_resources_stay_usable():
    broken = with_policy("sqs:queue", "broken", '{"Statement": [{"Effect": "Maybe"}]}')
    fine = with_policy("sqs:queue", "fine", doc(grant({"AWS": arn("user", "u")}, "sqs:SendMessage")))
    ix = index(user("u"), broken, fine)
    with pytest.raises(Exception, match="broken"):
        can(ix, "user/u", "sqs:SendMessage", broken.arn)
    assert can(ix, "user/u", "sqs:SendMessage", fine.arn).decision == "allow"
    assert public_grants(broken) == ()


# --- public resources ------------------------------------------------------------------------
ACCOUNT_ONLY = {"StringEquals": {"aws:SourceAccount": ACCOUNT}}


@pytest.mark.parametrize("statement, public", [
    (grant("*", "sqs:SendMessage"), True),
    (grant({"AWS": "*"}, "sqs:SendMessage"), True),
    (grant({"AWS": ["*", arn("user", "u")]}, "sqs:SendMessage"), True),
    (grant({"AWS": arn("user", "u")}, "sqs:SendMessage"), False),
    (grant({"Service": "sns.amazonaws.com"}, "sqs:SendMessage"), False),
    ({"Effect": "Allow", "NotPrincipal": {"AWS": arn("user", "u")}, "Action": "sqs:*", "Resource": "*"}, True),
    ({"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*"}, False),
    (grant("*", "sqs:SendMessage", Condition=ACCOUNT_ONLY), False),
    (grant("*", "sqs:SendMessage", Condition={"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}), False),
    (grant("*", "sqs:SendMessage", Condition={"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}), False),
    # conditions that restrict nobody:
    (grant("*", "sqs:SendMessage", Condition={"IpAddress": {"aws:SourceIp": "0.0.0.0/0"}}), True),
    (grant("*", "sqs:SendMessage", Condition={"StringLike": {"aws:SourceAccount": "*"}}), True),
    (grant("*", "sqs:SendMessage", Condition={"StringNotEquals": {"aws:SourceAccount": "999999999999"}}), True),
    (grant("*", "sqs:SendMessage", Condition={"StringEqualsIfExists": {"aws:SourceAccount": ACCOUNT}}), True),
    (grant("*", "sqs:SendMessage", Condition={"Bool": {"aws:SecureTransport": "true"}}), True),
])
def test_a_policy_is_public_when_anyone_is_granted_without_a_pinning_condition(statement, public):
    assert bool(public_grants(with_policy("sqs:queue", "q", doc(statement)))) is public


def test_restrict_public_buckets_neutralises_a_public_bucket_policy():
    policy = doc(grant("*", "s3:GetObject", "arn:aws:s3:::b/*"))
    assert public_grants(with_policy("s3:bucket", "b", policy))
    assert not public_grants(with_policy("s3:bucket", "b", policy, PublicAccessBlock={"RestrictPublicBuckets": True}))
    # BlockPublicPolicy only refuses new policies; the one in place still grants.
    assert public_grants(with_policy("s3:bucket", "b", policy, PublicAccessBlock={"BlockPublicPolicy": True}))


def test_a_public_grant_names_the_statement_and_its_actions():
    [found] = public_grants(with_policy("kms:key", "k", doc(grant({"AWS": ROOT}, "kms:*"),
                                                          {**grant("*", ["kms:Decrypt", "kms:Encrypt"]), "Sid": "Oops"})))
    assert (found.sid, found.statement, found.actions) == ("Oops", 1, ("kms:decrypt", "kms:encrypt"))


def test_public_resources_are_dashboard_faults_per_kind():
    everyone = doc(grant("*", "*"))
    faults = {f.name: f for f in pulse_faults(estate(
        with_policy("kms:key", "k", everyone), with_policy("sqs:queue", "q", everyone),
        with_policy("sqs:queue", "private", doc(grant({"AWS": ROOT}, "sqs:*"))),
        with_policy("sns:topic", "t", doc(grant("*", "sns:Publish", Condition=ACCOUNT_ONLY))),
        with_policy("lambda:function", "f", everyone), with_policy("s3:bucket", "b", everyone)))}
    counts = {name: faults[name].count for name in ("public-kms-keys", "public-sqs-queues", "public-sns-topics",
                                                    "public-lambda-functions", "public-buckets")}
    assert counts == {"public-kms-keys": 1, "public-sqs-queues": 1, "public-sns-topics": 0,
                      "public-lambda-functions": 1, "public-buckets": 1}
    assert faults["public-sqs-queues"].arns == (f"arn:aws:sqs:us-east-1:{ACCOUNT}:q",)
