"""The demo's identities (IAM, global): customer managed policies, the admins and developers
groups, four users, nine roles (one trusted by another account, one with a permissions
boundary, three that CloudFormation, CodeBuild, Glue and SageMaker run as) and two privilege-escalation
paths (deploy-bot may pass the admin role to an instance it launches; carol may start a build
that runs as the admin-like CI role)."""

from __future__ import annotations

from .seeder import Seeder
from .shapes import allow, policy_doc, trust_policy

EXTERNAL_AUDIT_ACCOUNT = "999988887777"  # the cross-account trust points here; it is not seeded


def _policies(account: str) -> dict[str, str]:
    """Customer managed policies (moto loads no AWS managed ones) by name."""
    return {
        "admin-full-access": policy_doc(allow("*")),
        "developer-access": policy_doc(allow(["ec2:Describe*", "s3:Get*", "s3:List*", "logs:*", "lambda:*",
                                              "rds:Describe*"])),
        "dev-boundary": policy_doc(allow(["ec2:*", "s3:*", "lambda:*", "logs:*", "cloudwatch:*"])),
        # The privilege-escalation path: pass the admin role to an instance this principal launches.
        "deploy-ec2-launch": policy_doc(allow("iam:PassRole", f"arn:aws:iam::{account}:role/admin"),
                                       allow(["ec2:RunInstances", "ec2:Describe*", "ec2:CreateTags"])),
        "read-only-audit": policy_doc(allow(["ec2:Describe*", "iam:Get*", "iam:List*", "s3:GetBucket*", "s3:List*"])),
        "app-runtime": policy_doc(allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::acme-prod-logs/*")),
        # What the automation area's services run as (inventory/demo/automation.py). The CI
        # build role is admin-like on purpose: whoever may start its build acts as an admin.
        "network-baseline-deploy": policy_doc(allow(["ec2:*", "cloudformation:Describe*"])),
        "ci-build-admin": policy_doc(allow("*")),
        "analytics-data": policy_doc(allow(["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
                                           ["arn:aws:s3:::acme-prod-data", "arn:aws:s3:::acme-prod-data/*"]),
                                     allow(["glue:Get*", "logs:CreateLogStream", "logs:PutLogEvents"])),
        "lambda-vpc-execution": policy_doc(allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                                                  "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                                                  "ec2:DeleteNetworkInterface"])),
    }


_GROUPS = {"admins": ["admin-full-access"], "developers": ["developer-access"]}
_USERS = {  # name: (groups, managed policies, console password, access key, MFA)
    "alice": (["admins"], [], True, False, True),
    "bob": (["developers"], [], False, True, False),
    "carol": (["developers"], [], True, False, False),
    "deploy-bot": ([], ["deploy-ec2-launch"], False, True, False),
}


def _roles(account: str) -> dict[str, tuple[str, list[str], str | None, str | None]]:
    """name: (trust policy, managed policies, permissions boundary, instance profile)."""
    return {
        "admin": (trust_policy({"Service": "ec2.amazonaws.com"}), ["admin-full-access"], None, "admin"),
        "app-role": (trust_policy({"Service": "ec2.amazonaws.com"}), ["app-runtime"], None, "app-role"),
        "lambda-exec": (trust_policy({"Service": "lambda.amazonaws.com"}), ["lambda-vpc-execution"], None, None),
        "auditor-cross-account": (
            trust_policy({"AWS": f"arn:aws:iam::{EXTERNAL_AUDIT_ACCOUNT}:root"},
                         StringEquals={"sts:ExternalId": "acme-audit-2024"}),
            ["read-only-audit"], None, None,
        ),
        "ops": (trust_policy({"AWS": f"arn:aws:iam::{account}:user/alice"}), ["developer-access"], None, None),
        "ci-deployer": (trust_policy({"AWS": f"arn:aws:iam::{account}:user/deploy-bot"}), ["developer-access"],
                        "dev-boundary", None),
        "acme-cfn-deploy": (trust_policy({"Service": "cloudformation.amazonaws.com"}), ["network-baseline-deploy"],
                            None, None),
        "acme-ci-build": (trust_policy({"Service": "codebuild.amazonaws.com"}), ["ci-build-admin"], None, None),
        "acme-analytics": (trust_policy({"Service": ["glue.amazonaws.com", "sagemaker.amazonaws.com"]}),
                           ["analytics-data"], None, None),
    }


def seed_iam(seeder: Seeder) -> None:
    """Policies, groups, users and roles, the instance profiles two roles come with, and
    the inline policies bob and ops carry."""
    iam = seeder.client("iam", "us-east-1")
    policies = _policies(seeder.account)
    arn = {name: f"arn:aws:iam::{seeder.account}:policy/{name}" for name in policies}
    for name, document in policies.items():
        iam.create_policy(PolicyName=name, PolicyDocument=document, Description=f"acme {name}")
        seeder.add("iam:policy", name, "global")
    for group, policies in _GROUPS.items():
        iam.create_group(GroupName=group)
        seeder.add("iam:group", group, "global")
        for policy in policies:
            iam.attach_group_policy(GroupName=group, PolicyArn=arn[policy])
            seeder.edge("iam:group", group, "HAS_POLICY", "iam:policy", policy)
    for user, (groups, policies, console, access_key, mfa) in _USERS.items():
        iam.create_user(UserName=user, Tags=[{"Key": "team", "Value": "ci" if user == "deploy-bot" else "platform"}])
        seeder.add("iam:user", user, "global")
        for group in groups:
            iam.add_user_to_group(GroupName=group, UserName=user)
            seeder.edge("iam:user", user, "MEMBER_OF_GROUP", "iam:group", group)
        for policy in policies:
            iam.attach_user_policy(UserName=user, PolicyArn=arn[policy])
            seeder.edge("iam:user", user, "HAS_POLICY", "iam:policy", policy)
        if console:
            iam.create_login_profile(UserName=user, Password="Demo-only-password-1!", PasswordResetRequired=False)
        if access_key:
            iam.create_access_key(UserName=user)  # the secret is dropped on the floor
        if mfa:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]["SerialNumber"]
            iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                                  AuthenticationCode1="123456", AuthenticationCode2="654321")
    iam.put_user_policy(UserName="bob", PolicyName="bob-scratch-bucket",
                        PolicyDocument=policy_doc(allow("s3:*", "arn:aws:s3:::acme-scratch-bob/*")))
    # The second escalation path: carol may start the acme-ci build, which runs as the admin-like
    # acme-ci-build role (inventory/demo/automation.py), so her build commands act as an admin.
    iam.put_user_policy(UserName="carol", PolicyName="carol-ci-builds", PolicyDocument=policy_doc(
        allow(["codebuild:StartBuild", "codebuild:BatchGetBuilds"],
              f"arn:aws:codebuild:*:{seeder.account}:project/acme-ci")))
    for role, (trust, policies, boundary, profile) in _roles(seeder.account).items():
        extra = {"PermissionsBoundary": arn[boundary]} if boundary else {}
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust, Tags=[{"Key": "env", "Value": "prod"}],
                        **extra)
        seeder.add("iam:role", role, "global")
        for policy in policies:
            iam.attach_role_policy(RoleName=role, PolicyArn=arn[policy])
            seeder.edge("iam:role", role, "HAS_POLICY", "iam:policy", policy)
        if boundary:
            seeder.edge("iam:role", role, "HAS_PERMISSIONS_BOUNDARY", "iam:policy", boundary)
        if profile:
            iam.create_instance_profile(InstanceProfileName=profile)
            iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)
            seeder.add("iam:instance-profile", profile, "global")
            seeder.edge("iam:instance-profile", profile, "HAS_ROLE", "iam:role", role)
    seeder.edge("iam:role", "ops", "TRUSTS", "iam:user", "alice")
    seeder.edge("iam:role", "ci-deployer", "TRUSTS", "iam:user", "deploy-bot")
    iam.put_role_policy(RoleName="ops", PolicyName="ops-break-glass",
                        PolicyDocument=policy_doc(allow(["ec2:StopInstances", "ec2:StartInstances"])))
