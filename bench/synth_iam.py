"""Synthetic IAM records in the GetAccountAuthorizationDetails shape (plus the per-user
enrichments the crawler adds): users in groups, roles with trust policies, customer managed
policies and inline policies, with a few administrators, conditional grants, explicit denies
and the escalation ingredients (PassRole + a service that runs as the role, CreateAccessKey on
other users, AssumeRole through account-wide trusts) a real account has.

``statements`` is the number of identity-policy statements in the estate (managed policy
default versions, user/role/group inline policies); role trust policies come on top.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .synth_network import Records

Record = dict[str, Any]
VERSION = "2012-10-17"
READS = ("s3:GetObject", "s3:ListBucket", "dynamodb:GetItem", "dynamodb:Query", "sqs:ReceiveMessage",
         "kms:Decrypt", "ssm:GetParameter", "logs:GetLogEvents", "ec2:Describe*", "cloudwatch:Get*")
WRITES = ("s3:PutObject", "s3:DeleteObject", "dynamodb:PutItem", "sqs:SendMessage", "sns:Publish",
          "logs:PutLogEvents", "lambda:InvokeFunction", "kms:Encrypt", "ec2:StartInstances", "ec2:StopInstances")
SERVICES = ("ec2.amazonaws.com", "lambda.amazonaws.com", "ecs-tasks.amazonaws.com")


def document(*statements: Record) -> Record:
    return {"Version": VERSION, "Statement": list(statements)}


def allow(actions: Any, resources: Any, **extra: Any) -> Record:
    return {"Effect": "Allow", "Action": actions, "Resource": resources, **extra}


@dataclass
class IamSynth:
    """Writes ``principals`` users and roles with ``statements`` identity statements."""

    records: Records
    rng: random.Random
    buckets: int = 200
    profiles: list[str] = field(default_factory=list)  # instance profile ARNs, for the network
    serial: int = 0  # the account's place in the estate: unique ids across accounts, as AWS's are

    @property
    def account(self) -> str:
        return self.records.account

    def unique_id(self, prefix: str, number: int) -> str:
        """``AROA`` and 16 digits, the account's serial in the high ones."""
        return f"{prefix}{self.serial:06d}{number:010d}"

    def arn(self, kind: str, name: str) -> str:
        return f"arn:aws:iam::{self.account}:{kind}/{name}"

    def statement(self) -> Record:
        """An everyday grant: some reads or writes on a few buckets/tables, sometimes conditional."""
        rng = self.rng
        actions = rng.sample(READS + WRITES, k=rng.randint(1, 4))
        bucket = f"data-{rng.randrange(self.buckets):04d}"
        resources = [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*",
                     f"arn:aws:dynamodb:us-east-1:{self.account}:table/{bucket}"]
        found = allow(actions if len(actions) > 1 else actions[0], resources if rng.random() < 0.9 else "*")
        draw = rng.random()
        if draw < 0.05:
            found["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
        elif draw < 0.08:
            found = {"Effect": "Deny", "Action": actions, "Resource": "*",
                     "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24"]}}}
        return found

    def risky(self, number: int) -> Record:
        """One of the escalation ingredients the privesc engine looks for (iam.md §2)."""
        options = (
            allow(["iam:PassRole", "ec2:RunInstances"], "*"),
            allow(["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "*"),
            allow("iam:CreateAccessKey", self.arn("user", "*")),
            allow("sts:AssumeRole", "*"),
            allow("iam:AttachUserPolicy", self.arn("user", "${aws:username}")),
        )
        return options[number % len(options)]

    def policies(self, count: int, per: int) -> list[str]:
        arns = []
        for number in range(count):
            name = f"app-policy-{number:04d}"
            statements = [self.statement() for _ in range(per)]
            if number == 0:
                name, statements = "AdministratorAccess-synthetic", [allow("*", "*")] + statements[1:]
            elif number % 97 == 0:
                statements[0] = self.risky(number)
            arns.append(self.arn("policy", name))
            self.records.add("iam:policy", "global", {
                "PolicyName": name, "Arn": arns[-1], "PolicyId": self.unique_id("ANPA", number), "Path": "/",
                "DefaultVersionId": "v1", "AttachmentCount": 0, "IsAttachable": True, "CreateDate": self.records.crawled_at,
                "UpdateDate": self.records.crawled_at, "Description": "synthetic",
                "PolicyVersionList": [{"Document": document(*statements), "VersionId": "v1", "IsDefaultVersion": True,
                                       "CreateDate": self.records.crawled_at}]})
        return arns

    def attached(self, policies: list[str], count: int) -> list[Record]:
        # The administrator policy is attached by name below, never at random.
        return [{"PolicyArn": arn, "PolicyName": arn.rsplit("/", 1)[-1]}
                for arn in self.rng.sample(policies[1:], k=min(count, len(policies) - 1))]

    def inline(self, owner: str, count: int, risky: bool) -> list[Record]:
        if count <= 0:
            return []
        statements = [self.statement() for _ in range(count)]
        if risky:
            statements[0] = self.risky(self.rng.randrange(5))
        return [{"PolicyName": f"{owner}-inline", "PolicyDocument": document(*statements)}]

    def generate(self, principals: int, statements: int) -> None:
        managed_count = max(2, statements // 20)
        policies = self.policies(managed_count, 4)
        groups = [f"team-{n:03d}" for n in range(max(3, principals // 100))]
        budget = statements - 4 * managed_count - 2 * len(groups)
        for name in groups:
            self.records.add("iam:group", "global", {
                "GroupName": name, "Arn": self.arn("group", name), "GroupId": f"AGPA{name}", "Path": "/",
                "CreateDate": self.records.crawled_at, "AttachedManagedPolicies": self.attached(policies, 1),
                "GroupPolicyList": self.inline(name, 2, False)})
        users = principals * 3 // 5
        per_principal = [budget // principals + (n < budget % principals) for n in range(principals)]
        for number in range(principals):
            risky = number % 53 == 0
            if number < users:
                self.user(number, groups, policies, per_principal[number], risky)
            else:
                self.role(number - users, users, policies, per_principal[number], risky)

    def user(self, number: int, groups: list[str], policies: list[str], inline: int, risky: bool) -> None:
        rng = self.rng
        name = f"user-{number:05d}"
        attached = self.attached(policies, rng.randint(0, 2))
        if number % 500 == 1:
            attached.append({"PolicyArn": self.arn("policy", "AdministratorAccess-synthetic"),
                             "PolicyName": "AdministratorAccess-synthetic"})
        self.records.add("iam:user", "global", {
            "UserName": name, "Arn": self.arn("user", name), "UserId": self.unique_id("AIDA", number), "Path": "/",
            "CreateDate": self.records.crawled_at, "GroupList": rng.sample(groups, k=rng.randint(0, 2)),
            "AttachedManagedPolicies": attached, "UserPolicyList": self.inline(name, inline, risky),
            "Tags": [{"Key": "team", "Value": f"team-{number % 40:03d}"}], "LoginProfile": rng.random() < 0.3,
            "AccessKeys": [], "MFADevices": [], "PermissionsBoundary": None})

    def role(self, number: int, users: int, policies: list[str], inline: int, risky: bool) -> None:
        rng = self.rng
        name = f"role-{number:05d}"
        draw = rng.random()
        if draw < 0.6:
            principal: Record = {"Service": rng.choice(SERVICES)}
        elif draw < 0.95:
            principal = {"AWS": [self.arn("user", f"user-{rng.randrange(users):05d}") for _ in range(rng.randint(1, 2))]}
        else:
            principal = {"AWS": f"arn:aws:iam::{self.account}:root"}
        trust = document({"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"})
        profiles = []
        if principal.get("Service") == "ec2.amazonaws.com":
            profile = self.arn("instance-profile", name)
            self.profiles.append(profile)
            profiles.append({"InstanceProfileName": name, "Arn": profile, "InstanceProfileId": self.unique_id("AIPA", number),
                             "Path": "/", "CreateDate": self.records.crawled_at,
                             "Roles": [{"RoleName": name, "Arn": self.arn("role", name), "Path": "/",
                                        "AssumeRolePolicyDocument": trust}]})
            self.records.add("iam:instance-profile", "global", profiles[0])
        self.records.add("iam:role", "global", {
            "RoleName": name, "Arn": self.arn("role", name), "RoleId": self.unique_id("AROA", number),
            "Path": "/service-role/" if rng.random() < 0.1 else "/", "CreateDate": self.records.crawled_at,
            "AssumeRolePolicyDocument": trust, "AttachedManagedPolicies": self.attached(policies, rng.randint(0, 2)),
            "RolePolicyList": self.inline(name, inline, risky), "InstanceProfileList": profiles,
            "RoleLastUsed": {}, "Tags": [{"Key": "env", "Value": ("prod", "dev")[number % 2]}]})
