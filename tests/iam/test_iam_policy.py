"""Policy parsing and condition operators; arbitrary JSON never crashes the parser or evaluator."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from iam_fixtures import allow, doc, estate, role, user, with_policy

from awsx.iam.conditions import evaluate_condition
from awsx.iam.evaluate import evaluate
from awsx.iam.matching import Context
from awsx.iam.policy import PolicyError, parse_policy
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import privesc
from awsx.iam.public import public_grants
from awsx.iam.whocan import who_can


def condition(operator, key, values):
    policy = parse_policy(doc(allow("s3:*", Condition={operator: {key: values}})), "p", "identity")
    return policy.statements[0].conditions[0]


def test_single_values_and_lists_normalise_alike():
    one = parse_policy({"Statement": {"Effect": "Allow", "Action": "S3:Get*", "Resource": "*"}}, "p", "identity")
    many = parse_policy(json.dumps(doc(allow(["s3:get*"], ["*"]))), "p", "identity")
    assert one.statements[0].actions == many.statements[0].actions == ("s3:get*",)


@pytest.mark.parametrize("document, message", [
    ("{not json", "not JSON"),
    ([], "JSON object"),
    ({"Version": "2012-10-17"}, "no Statement"),
    (doc({"Effect": "Permit", "Action": "*", "Resource": "*"}), "Effect"),
    (doc({"Effect": "Allow", "Action": "*", "NotAction": "s3:*", "Resource": "*"}), "both Action and NotAction"),
    (doc({"Effect": "Allow", "Resource": "*"}), "neither Action nor NotAction"),
    (doc(allow("*", Condition={"StringSorta": {"k": "v"}})), "unknown condition operator"),
])
def test_malformed_documents_raise_an_error_naming_the_policy(document, message):
    with pytest.raises(PolicyError, match=message) as caught:
        parse_policy(document, "arn:aws:iam::111111111111:policy/bad", "identity")
    assert "policy/bad" in str(caught.value)


@pytest.mark.parametrize("operator, values, actual, expected", [
    ("StringEquals", "a", "a", True),
    ("StringEquals", "a", "A", False),
    ("StringEqualsIgnoreCase", "a", "A", True),
    ("StringNotEquals", ["a", "b"], "c", True),
    ("StringLike", "dev-*", "dev-1", True),
    ("StringNotLike", "dev-*", "dev-1", False),
    ("NumericLessThan", "10", "9", True),
    ("NumericGreaterThanEquals", "10", "9", False),
    ("DateLessThan", "2030-01-01T00:00:00Z", "2026-11-22T00:00:00Z", True),
    ("DateGreaterThan", "2030-01-01T00:00:00Z", "2026-11-22T00:00:00Z", False),
    ("Bool", True, "true", True),
    ("IpAddress", "192.0.2.0/24", "192.0.2.7", True),
    ("NotIpAddress", "192.0.2.0/24", "192.0.2.7", False),
    ("ArnLike", "arn:aws:iam::*:role/ci-*", "arn:aws:iam::111111111111:role/ci-x", True),
    ("ArnNotEquals", "arn:aws:iam::1:role/a", "arn:aws:iam::1:role/b", True),
])
def test_condition_operators(operator, values, actual, expected):
    assert evaluate_condition(condition(operator, "k", values), Context({"k": actual})).value is expected


def test_missing_keys_follow_the_aws_rules_and_unknown_keys_stay_unknown():
    absent = Context({}, authoritative=["k"])
    assert evaluate_condition(condition("StringEquals", "k", "v"), absent).value is False
    assert evaluate_condition(condition("StringEqualsIfExists", "k", "v"), absent).value is True
    assert evaluate_condition(condition("StringNotEquals", "k", "v"), absent).value is True
    assert evaluate_condition(condition("Null", "k", "true"), absent).value is True
    assert evaluate_condition(condition("ForAllValues:StringEquals", "k", "v"), absent).value is True
    assert evaluate_condition(condition("ForAnyValue:StringEquals", "k", "v"), absent).value is False
    result = evaluate_condition(condition("StringEquals", "k", "v"), Context({}))
    assert result.value is None and result.keys == {"k"}


def test_set_operators_over_multivalued_keys():
    tags = Context({"aws:TagKeys": ["env", "team"]})
    assert evaluate_condition(condition("ForAllValues:StringEquals", "aws:TagKeys", ["env", "team", "x"]), tags).value
    assert not evaluate_condition(condition("ForAllValues:StringEquals", "aws:TagKeys", ["env"]), tags).value
    assert evaluate_condition(condition("ForAnyValue:StringEquals", "aws:TagKeys", ["team"]), tags).value


def test_policy_variables_in_condition_values():
    cond = condition("StringEquals", "s3:prefix", "home/${aws:username}/")
    assert evaluate_condition(cond, Context({"s3:prefix": "home/ann/", "aws:username": "ann"})).value is True
    assert evaluate_condition(cond, Context({"s3:prefix": "home/bob/", "aws:username": "ann"})).value is False


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8) | st.sampled_from(["*", "s3:*", "Allow", "Deny"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["Statement", "Effect", "Action", "NotAction", "Resource", "NotResource", "Principal",
                         "NotPrincipal", "Condition", "StringEquals", "AWS", "Version", "Sid", "x"]), inner, max_size=5),
    max_leaves=20)


statements = st.fixed_dictionaries(
    {"Effect": st.sampled_from(["Allow", "Deny"]), "Action": st.sampled_from(["*", "s3:*", ["s3:Get*", "iam:*"]]),
     "Resource": st.sampled_from(["*", "arn:aws:s3:::b/*", "arn:aws:s3:::${aws:username}"])},
    optional={"Condition": st.dictionaries(st.sampled_from(["StringEquals", "BoolIfExists", "ForAnyValue:StringLike",
                                                            "Null", "NumericLessThan", "DateGreaterThan", "IpAddress"]),
                                           st.dictionaries(st.text(max_size=6), json_values, max_size=2), max_size=2),
              "Sid": json_values})
documents = json_values | st.builds(lambda s: {"Version": "2012-10-17", "Statement": s}, st.lists(statements, max_size=3))


@settings(max_examples=400, deadline=None)
@given(documents)
def test_arbitrary_json_never_crashes_the_parser_or_evaluator(document):
    try:
        parse_policy(document, "fuzz", "identity")
    except PolicyError:
        pass
    base = user("u")
    ix = IamIndex(estate(replace(base, data={**base.data, "UserPolicyList": [{"PolicyName": "f", "PolicyDocument": document}]})))
    try:
        decision = evaluate(ix, ix.resolve("user/u"), "s3:GetObject", "arn:aws:s3:::b/k")
        assert decision.decision in ("allow", "implicit-deny", "explicit-deny", "conditional")
    except PolicyError as error:
        assert "user/u:inline/f" in str(error)


@settings(max_examples=200, deadline=None)
@given(documents, documents)
def test_arbitrary_json_as_a_resource_or_trust_policy_never_crashes_and_names_the_policy(queue_policy, trust_policy):
    queue = with_policy("sqs:queue", "fuzzed", queue_policy)
    fine = with_policy("sqs:queue", "fine", doc({"Effect": "Allow", "Principal": "*", "Action": "sqs:*", "Resource": "*"}))
    target = role("r", trust_policy)
    ix = IamIndex(estate(user("u", allow("*")), queue, fine, target))
    public_grants(queue)  # a verdict or nothing; never an exception
    for resource, action, name in ((queue.arn, "sqs:SendMessage", queue.arn), (target.arn, "sts:AssumeRole", target.arn)):
        try:
            decision = evaluate(ix, ix.resolve("user/u"), action, resource)
            assert decision.decision in ("allow", "implicit-deny", "explicit-deny", "conditional")
        except PolicyError as error:
            assert error.policy == name
    # the rest of the estate stays usable: the other queue, who-can and the principal graph
    assert evaluate(ix, ix.resolve("user/u"), "sqs:SendMessage", fine.arn).decision == "allow"
    assert who_can(ix, "sqs:SendMessage", fine.arn).principals[0].arn == "*"
    privesc(ix)


_pattern_text = st.text(alphabet="aAb:*?.İı-", max_size=8)


@given(st.lists(_pattern_text, max_size=5).map(tuple), st.text(alphabet="aAb:.İı-", max_size=8))
@example(("IAM:PassRole",), "iam:PassRole")
@example(("s3:Get*", "iam:Pass?ole"), "IAM:PASSROLE")
@example(("ec2:Describe.*",), "ec2:DescribeXs")
@settings(max_examples=400, deadline=None)
def test_an_action_list_compiled_once_matches_as_pattern_by_pattern(patterns, action):
    """``any_action`` (one set and one regex per action list, the hot path of the principal
    graph) answers exactly as matching the patterns one by one."""
    from awsx.iam.matching import any_action, any_pattern

    lowered = action.lower()
    assert any_action(patterns, lowered) == any_pattern(patterns, lowered, ignore_case=True)
