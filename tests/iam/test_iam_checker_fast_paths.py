"""The principal graph's Checker answers as the plain definitions do (issue 18 made it fast):
``may`` (could any identity Allow statement name the action) asks one compiled list of
patterns per principal instead of each statement, and ``can`` evaluates a principal holding
only the statements that may name the action. On a generated estate (every principal, the
actions the graph asks, each resource kind it asks about) and on NotAction and ``*``."""

from __future__ import annotations

from dataclasses import replace

import pytest

from awsx.iam.escalation import Checker
from awsx.iam.evaluate import ALL, action_matches, evaluate
from awsx.iam.policy import parse_policy
from awsx.iam.principals import IamIndex, Principal
from bench.synth import Shape, build

ACTIONS = (ALL, "iam:CreateAccessKey", "iam:PassRole", "sts:AssumeRole", "iam:AttachUserPolicy", "s3:GetObject",
           "S3:PutObject", "ec2:DescribeInstances", "ec2:RunInstances", "lambda:CreateFunction", "kms:Decrypt")


@pytest.fixture(scope="module")
def index() -> IamIndex:
    return IamIndex(build(Shape("checker", enis=60, principals=80, statements=320)))


def _with_not_action(principal: Principal) -> Principal:
    document = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "NotAction": ["iam:*", "sts:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:PutObject", "Resource": "*"}]}
    return replace(principal, arn=f"{principal.arn}#not-action",
                   identity=(*principal.identity, parse_policy(document, "not-action", "identity")))


def _principals(index: IamIndex) -> list[Principal]:
    found = index.principals()
    return [*found, *(_with_not_action(p) for p in found[:5])]


def test_may_is_any_identity_allow_statement_naming_the_action(index: IamIndex) -> None:
    checker = Checker(index)
    for principal in _principals(index):
        for action in ACTIONS:
            plain = any(s.effect == "Allow" and action_matches(s, action).value is not False
                        for p in principal.identity for s in p.statements)
            assert checker.may(principal, action) is plain, (principal.arn, action)


def test_can_decides_as_evaluate_on_the_whole_principal(index: IamIndex) -> None:
    checker = Checker(index)
    users = [p.arn for p in index.principals() if p.kind == "user"][:6]
    roles = [p.arn for p in index.principals() if p.kind == "role"][:4]
    decided = set()
    for principal in _principals(index):
        for action in ACTIONS:
            for resource in (ALL, *users, *roles, "arn:aws:s3:::data-0001/key"):
                decision = evaluate(index, principal, action, resource)
                tri = checker.can(principal, action, resource)
                expected = {"allow": True, "conditional": None}.get(decision.decision, False)
                assert tri.value is expected, (principal.arn, action, resource)
                if expected is None:
                    assert tri.keys == frozenset(decision.conditions)
                decided.add(decision.decision)
    assert {"allow", "implicit-deny", "explicit-deny"} <= decided  # the estate exercises each answer
