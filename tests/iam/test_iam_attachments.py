"""Who holds which policies, both ways: the structure the IAM screen's tree shows."""

from __future__ import annotations

import pytest
from iam_fixtures import allow, arn, group, index, instance, instance_profile, managed, role, running_as, trust, user

from awsx.core.errors import UserError
from awsx.core.model import Relation
from awsx.iam.attachments import acting_principal, find, holders_of_policy, iam_view, roles_of


def test_a_role_lists_inline_managed_boundary_and_trust_policies_and_names_the_broken_ones():
    broken = role("r", trust({"Service": "ec2.amazonaws.com"}), allow("s3:*"), policies=["ok", "gone"], boundary="b")
    broken.data["RolePolicyList"].append({"PolicyName": "bad", "PolicyDocument": {"Statement": "nope"}})
    ix = index(managed("ok", allow("ec2:*")), managed("b", allow("*")), broken)
    entries = iam_view(ix, arn("role", "r")).policies
    assert [(e.attachment, e.title) for e in entries] == [
        ("inline", "inline r-inline"), ("inline", "inline bad"), ("managed", "managed ok"), ("managed", "managed gone"),
        ("boundary", "boundary b"), ("trust", "trust policy")]
    errors = {e.title: e.error for e in entries if e.error}
    assert set(errors) == {"inline bad", "managed gone"}
    assert "r:inline/bad" in errors["inline bad"] and "not in the estate" in errors["managed gone"]


def test_a_policy_is_held_directly_through_a_group_and_as_a_boundary():
    ix = index(managed("p", allow("*")), group("g", policies=["p"]), user("in-group", groups=["g"]),
               user("direct", policies=["p"]), role("bounded", trust({"Service": "ec2.amazonaws.com"}), boundary="p"))
    assert [(h.title, h.how) for h in holders_of_policy(ix, arn("policy", "p"))] == [
        ("user/direct", "attached"), ("group/g", "attached"), ("user/in-group", "via group g"), ("role/bounded", "boundary")]


def test_an_instance_leads_to_its_profile_and_the_profile_to_its_role():
    ix = index(role("r", trust({"Service": "ec2.amazonaws.com"}), profiles=["p"]), instance_profile("p", "r"),
               instance("i-1", "p"), instance("i-2", "missing"))
    [profile] = iam_view(ix, "arn:aws:ec2:us-east-1:111111111111:instance/i-1").holders
    assert (profile.title, profile.how) == ("instance-profile/p", "instance profile")
    assert [(h.title, h.how) for h in iam_view(ix, profile.arn).holders] == [("role/r", "role")]
    assert iam_view(ix, "arn:aws:ec2:us-east-1:111111111111:instance/i-2").holders == ()


def test_find_takes_arns_kind_slash_name_and_unambiguous_names_only():
    ix = index(role("admin", trust({"Service": "ec2.amazonaws.com"}), profiles=["admin"]), instance_profile("admin", "admin"),
               user("bob"), instance("i-1", "admin"))
    assert find(ix, "bob") == find(ix, "user/bob") == find(ix, arn("user", "bob")) == arn("user", "bob")
    assert find(ix, "role/admin") == arn("role", "admin")
    assert find(ix, "admin") is None  # a role and an instance profile
    assert find(ix, "i-1") == "arn:aws:ec2:us-east-1:111111111111:instance/i-1"
    assert find(ix, "bucket/bob") is None and find(ix, "") is None
    with pytest.raises(UserError, match="not a user, role"):
        iam_view(ix, "arn:aws:s3:::nope")


@pytest.mark.parametrize("kind, field, relation", [
    # The role field as each Describe call returns it, and the edge the conventions give it.
    ("codebuild:project", "serviceRole", Relation.HAS_ROLE),
    ("cloudformation:stack", "RoleARN", Relation.HAS_ROLE),
    ("glue:job", "Role", Relation.HAS_ROLE),
    ("sagemaker:notebook-instance", "RoleArn", Relation.HAS_ROLE),
    ("ecs:task-definition", "taskRoleArn", Relation.HAS_ROLE),
])
def test_any_kind_acts_as_the_role_its_has_role_edge_names(kind, field, relation):
    thing, runs = running_as(kind, "t", "worker", **{field: arn("role", "worker")})
    ix = index(role("worker", trust({"Service": "ec2.amazonaws.com"})), thing, edges=(runs,))
    assert acting_principal(ix, thing) == arn("role", "worker")
    assert [h.arn for h in roles_of(ix, thing)] == [arn("role", "worker")]


def test_an_execution_role_is_what_a_function_runs_as_but_not_an_ecs_task():
    # Lambda: the execution role is the function's identity; ECS: the execution role pulls
    # images and writes logs for the agent, the task's code runs as the task role.
    fn, fn_edge = running_as("lambda:function", "fn", "exec", Relation.HAS_EXECUTION_ROLE)
    td, td_edge = running_as("ecs:task-definition", "td", "exec", Relation.HAS_EXECUTION_ROLE)
    ix = index(role("exec", trust({"Service": "lambda.amazonaws.com"})), fn, td, edges=(fn_edge, td_edge))
    assert acting_principal(ix, fn) == arn("role", "exec")
    assert acting_principal(ix, td) is None
