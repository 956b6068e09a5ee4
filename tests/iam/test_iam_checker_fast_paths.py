"""The principal graph's fast paths answer as the plain definitions do (issue 18 made it fast):
``may`` (could any identity Allow statement name the action) asks one compiled list of
patterns per principal instead of each statement, ``can`` evaluates a principal holding only
the statements that may name the action, and admin_check skips the iam asks on the
principal's own IAM resources that no identity statement names. On a generated estate (every
principal, the actions the graph asks, each resource kind it asks about) and on NotAction and
``*``."""

from __future__ import annotations

from dataclasses import replace

import pytest

import awsx.iam.privesc as privesc_module
from awsx.iam.escalation import Checker
from awsx.iam.evaluate import ALL, action_matches, evaluate
from awsx.iam.policy import parse_policy
from awsx.iam.principals import IamIndex, Principal
from awsx.iam.privesc import _refused_unasked, build_graph
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


IAM_ACTIONS = ("iam:PutUserPolicy", "iam:AttachUserPolicy", "iam:PutRolePolicy", "iam:AttachRolePolicy",
               "iam:UpdateAssumeRolePolicy", "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion",
               "iam:PutGroupPolicy", "iam:AttachGroupPolicy", "iam:AddUserToGroup", "iam:CreateAccessKey")


def test_an_iam_ask_admin_check_skips_is_refused_by_evaluate(index: IamIndex) -> None:
    checker = Checker(index)
    estate = index.estate
    resources = [r.arn for kind in ("iam:user", "iam:role", "iam:group", "iam:policy") for r in estate.resources(kind)][::7]
    skipped = 0
    for principal in _principals(index):
        for action in IAM_ACTIONS:
            for resource in resources:
                if _refused_unasked(checker, principal, action, resource):
                    skipped += 1
                    assert evaluate(index, principal, action, resource).decision in ("implicit-deny", "explicit-deny")
    assert skipped  # the estate has principals naming none of these actions


def test_the_graph_is_the_same_without_the_skip(index: IamIndex, monkeypatch) -> None:
    fast = build_graph(index)
    monkeypatch.setattr(privesc_module, "_refused_unasked", lambda *args: False)
    slow = build_graph(index)
    assert fast.admins == slow.admins and fast.edges == slow.edges and fast.problems == slow.problems
    assert fast.principals == slow.principals and sorted(fast.deferred) == sorted(slow.deferred)
