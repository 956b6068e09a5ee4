"""Service guards (awsx/iam/guards.py): what AWS allows or refuses whatever the policies say.
Each test's docstring names the AWS page its rule comes from; each decision names its guard."""

from __future__ import annotations

import pytest
from iam_fixtures import ACCOUNT, OTHER, allow, arn, can, deny, index, managed, role, trust, user

from awsx.iam.privesc import privesc

SSO_PATH = "/aws-reserved/sso.amazonaws.com/"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def guarded_by(decision) -> str:
    [deciding] = decision.deciding
    assert deciding.type == "guard" and deciding.policy.startswith("https://") and deciding.policy in decision.reason
    return deciding.sid


def test_get_caller_identity_needs_no_permission_and_survives_an_explicit_deny():
    """https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html"""
    ix = index(user("bare"), user("denied", deny("*")))
    for who in ("user/bare", "user/denied"):
        decision = can(ix, who, "sts:GetCallerIdentity")
        assert decision.decision == "allow" and guarded_by(decision) == "get-caller-identity"


def test_get_session_token_is_for_users_only_and_policies_cannot_control_it():
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getsessiontoken.html,
    https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html"""
    ix = index(user("u", deny("sts:*")), role("r", trust({"Service": "ec2.amazonaws.com"}), allow("*")))
    assert can(ix, "user/u", "sts:GetSessionToken").decision == "allow"
    assert can(ix, "role/r", "sts:GetSessionToken").decision == "explicit-deny"


def test_roles_reserved_for_identity_center_cannot_be_changed_even_with_star():
    """https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html"""
    sso = role("AWSReservedSSO_Admin", trust({"Federated": "arn:aws:iam::111111111111:saml-provider/AWSSSO"}),
               allow("*"), path=SSO_PATH)
    ix = index(user("admin", allow("*")), sso)
    for action in ("iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:DeleteRole", "iam:TagRole"):
        decision = can(ix, "user/admin", action, sso.arn)
        assert decision.decision == "explicit-deny" and guarded_by(decision) == "sso-reserved-role"
    assert can(ix, "user/admin", "iam:GetRole", sso.arn).decision == "allow"
    # A role the estate does not hold is recognised by the path in its ARN.
    unseen = f"arn:aws:iam::{ACCOUNT}:role{SSO_PATH}AWSReservedSSO_ReadOnly_1234"
    assert can(ix, "user/admin", "iam:PutRolePolicy", unseen).decision == "explicit-deny"


def test_a_reserved_role_is_no_escalation_target():
    """https://docs.aws.amazon.com/singlesignon/latest/userguide/identity-center-and-iam-roles.html"""
    def report(path: str):
        target = role("AWSReservedSSO_Admin", trust({"AWS": "arn:aws:iam::999999999999:root"}), allow("*"), path=path)
        return privesc(index(user("dev", allow("iam:UpdateAssumeRolePolicy")), target))

    assert [p.steps[0].actions for p in report("/").paths] == [("iam:UpdateAssumeRolePolicy",)]
    assert report(SSO_PATH).paths == ()


def test_a_service_linked_role_is_changed_only_by_its_service():
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/using-service-linked-roles.html"""
    linked = role("AWSServiceRoleForSupport", trust({"Service": "support.amazonaws.com"}), path="/aws-service-role/")
    ix = index(user("admin", allow("*")), linked)
    decision = can(ix, "user/admin", "iam:PutRolePolicy", linked.arn)
    assert decision.decision == "explicit-deny" and guarded_by(decision) == "service-linked-role"
    assert can(ix, "user/admin", "iam:DeleteServiceLinkedRole", linked.arn).decision == "allow"


def test_kms_aliases_under_alias_aws_are_reserved():
    """https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html"""
    ix = index(user("admin", allow("*")))
    reserved = f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/s3"
    for action in ("kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias"):
        decision = can(ix, "user/admin", action, reserved)
        assert decision.decision == "explicit-deny" and guarded_by(decision) == "reserved-kms-alias"
    assert can(ix, "user/admin", "kms:CreateAlias", f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/mine").decision == "allow"


@pytest.mark.parametrize("held", [False, True], ids=["not-in-the-estate", "crawled"])
def test_aws_managed_policies_are_known_and_can_never_be_changed(held):
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies"""
    policies = [managed("ReadOnlyAccess", allow("s3:Get*"), account="aws")] if held else []
    ix = index(user("admin", allow("*")), user("reader", allow("iam:GetPolicy*")), user("nobody"), *policies)
    # Reads follow the caller's identity policy: not "conditional" on an unseen account's policy,
    # nor cross-account because the record says the policy is "aws"'s.
    assert can(ix, "user/reader", "iam:GetPolicyVersion", READ_ONLY).decision == "allow"
    assert can(ix, "user/nobody", "iam:GetPolicy", READ_ONLY).decision == "implicit-deny"
    for action in ("iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:DeletePolicy", "iam:TagPolicy"):
        decision = can(ix, "user/admin", action, READ_ONLY)
        assert decision.decision == "explicit-deny" and guarded_by(decision) == "aws-managed-policy"


def test_create_policy_version_on_an_aws_managed_policy_is_no_self_escalation():
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html#aws-managed-policies"""
    aws_policy = managed("ReadOnlyAccess", allow("s3:Get*"), account="aws")
    own_policy = managed("mine", allow("s3:Get*"))
    writer = allow("iam:CreatePolicyVersion")
    assert privesc(index(aws_policy, user("u", writer, policies=[READ_ONLY]))).admins == ()
    [admin] = privesc(index(own_policy, user("u", writer, policies=["mine"]))).admins
    assert admin.how == "iam:CreatePolicyVersion"


def test_iam_actions_on_another_accounts_principals_are_a_definite_deny():
    """https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
    (IAM users, roles and policies have no resource policy that could grant another account)"""
    other_role = role("ops", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), account=OTHER)
    ix = index(user("admin", allow("*")), other_role)
    for action, target in (("iam:CreateAccessKey", arn("user", "bob", OTHER)),
                           ("iam:UpdateAssumeRolePolicy", other_role.arn),
                           ("iam:AttachUserPolicy", arn("user", "bob", OTHER))):
        decision = can(ix, "user/admin", action, target)
        assert decision.decision == "implicit-deny" and guarded_by(decision) == "other-accounts-iam"
    # Assuming a role is governed by its trust policy: another account's role may allow it.
    assert can(ix, "user/admin", "sts:AssumeRole", other_role.arn).decision == "allow"
    assert can(ix, "user/admin", "sts:AssumeRole", arn("role", "unseen", OTHER)).decision == "conditional"
