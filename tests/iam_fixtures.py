"""Smallest IAM estates: records shaped like GetAccountAuthorizationDetails (and the S3, Lambda,
Organizations, EC2 records the crawler stores), assembled into an Estate with derived edges."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from awsx.graph import Estate
from awsx.iam.evaluate import Decision, evaluate
from awsx.iam.principals import IamIndex
from awsx.inventory.edges import assemble
from awsx.model import Resource

ACCOUNT = "111111111111"
OTHER = "222222222222"


def doc(*statements: dict[str, Any]) -> dict[str, Any]:
    return {"Version": "2012-10-17", "Statement": list(statements)}


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def deny(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Deny", "Action": action, "Resource": resource, **extra}


def trust(principal: Any, action: str = "sts:AssumeRole", **extra: Any) -> dict[str, Any]:
    return doc({"Effect": "Allow", "Principal": principal, "Action": action, **extra})


def arn(kind: str, name: str, account: str = ACCOUNT) -> str:
    return f"arn:aws:iam::{account}:{kind}/{name}"


def _iam(kind: str, name: str, account: str, **data: Any) -> Resource:
    key = {"user": "UserName", "role": "RoleName", "group": "GroupName", "policy": "PolicyName",
           "instance-profile": "InstanceProfileName"}[kind]
    return Resource(arn=arn(kind, name, account), kind=f"iam:{kind}", id=name, name="", account=account,
                    region="global", data={key: name, "Arn": arn(kind, name, account), "Path": "/", **data})


def managed(name: str, *statements: dict[str, Any], account: str = ACCOUNT, versions: list | None = None) -> Resource:
    versions = versions or [{"Document": doc(*statements), "IsDefaultVersion": True, "VersionId": "v1"}]
    default = next(v["VersionId"] for v in versions if v["IsDefaultVersion"])
    return _iam("policy", name, account, PolicyVersionList=versions, DefaultVersionId=default)


def _attached(policies: list[str], account: str) -> list[dict[str, str]]:
    return [{"PolicyName": p, "PolicyArn": p if p.startswith("arn:") else arn("policy", p, account)} for p in policies]


def _boundary(boundary: str | None, account: str) -> dict | None:
    if not boundary:
        return None
    return {"PermissionsBoundaryArn": arn("policy", boundary, account), "PermissionsBoundaryType": "PermissionsBoundaryPolicy"}


def user(name: str, *statements: dict[str, Any], groups: list[str] = (), policies: list[str] = (),
         boundary: str | None = None, account: str = ACCOUNT, tags: dict | None = None,
         login: bool = False, **data: Any) -> Resource:
    inline = [{"PolicyName": f"{name}-inline", "PolicyDocument": doc(*statements)}] if statements else []
    record = _iam("user", name, account, GroupList=list(groups), UserPolicyList=inline, UserId=f"AIDA{name.upper()}",
                  AttachedManagedPolicies=_attached(list(policies), account),
                  PermissionsBoundary=_boundary(boundary, account), LoginProfile=login, **data)
    return replace(record, tags=tags or {})


def group(name: str, *statements: dict[str, Any], policies: list[str] = (), account: str = ACCOUNT) -> Resource:
    inline = [{"PolicyName": f"{name}-inline", "PolicyDocument": doc(*statements)}] if statements else []
    return _iam("group", name, account, GroupPolicyList=inline, AttachedManagedPolicies=_attached(list(policies), account))


def role(name: str, trust_policy: dict, *statements: dict[str, Any], policies: list[str] = (),
         boundary: str | None = None, account: str = ACCOUNT, profiles: list[str] = (), path: str = "/") -> Resource:
    inline = [{"PolicyName": f"{name}-inline", "PolicyDocument": doc(*statements)}] if statements else []
    profile_list = [{"Arn": arn("instance-profile", p, account), "InstanceProfileName": p} for p in profiles]
    record = _iam("role", name, account, AssumeRolePolicyDocument=trust_policy, RolePolicyList=inline,
                  AttachedManagedPolicies=_attached(list(policies), account),
                  PermissionsBoundary=_boundary(boundary, account), InstanceProfileList=profile_list)
    return replace(record, data={**record.data, "Path": path})


def instance_profile(name: str, role_name: str, account: str = ACCOUNT) -> Resource:
    return _iam("instance-profile", name, account, Roles=[{"Arn": arn("role", role_name, account), "RoleName": role_name}])


def bucket(name: str, policy: dict | str | None = None, account: str = ACCOUNT) -> Resource:
    return Resource(arn=f"arn:aws:s3:::{name}", kind="s3:bucket", id=name, name=name, account=account,
                    region="us-east-1", data={"Name": name, "Policy": policy})


def function(name: str, role_name: str, account: str = ACCOUNT) -> Resource:
    fn_arn = f"arn:aws:lambda:us-east-1:{account}:function:{name}"
    return Resource(arn=fn_arn, kind="lambda:function", id=name, name="", account=account, region="us-east-1",
                    data={"FunctionName": name, "FunctionArn": fn_arn, "Role": arn("role", role_name, account)})


def instance(instance_id: str, profile: str, account: str = ACCOUNT) -> Resource:
    return Resource(arn=f"arn:aws:ec2:us-east-1:{account}:instance/{instance_id}", kind="ec2:instance",
                    id=instance_id, name="", account=account, region="us-east-1",
                    data={"InstanceId": instance_id, "IamInstanceProfile": {"Arn": arn("instance-profile", profile, account)},
                          "State": {"Name": "running"}})


def org_policy(policy_id: str, content: dict, targets: list[tuple[str, str]], kind: str = "SERVICE_CONTROL_POLICY") -> Resource:
    return Resource(arn=f"arn:aws:organizations::{ACCOUNT}:policy/o-1/{policy_id}", kind="organizations:policy",
                    id=policy_id, name=policy_id, account=ACCOUNT, region="global",
                    data={"Id": policy_id, "Type": kind, "Content": content,
                          "Targets": [{"Type": t, "TargetId": i} for t, i in targets]})


def full_access_scp() -> Resource:
    return org_policy("p-FullAWSAccess", doc(allow("*")), [("ROOT", "r-root")])


def estate(*resources: Resource) -> Estate:
    unique, edges, dangling = assemble(resources)
    return Estate(unique, edges, [], dangling)


def index(*resources: Resource) -> IamIndex:
    return IamIndex(estate(*resources))


def can(ix: IamIndex, principal: str, action: str, resource: str = "*", **kwargs: Any) -> Decision:
    return evaluate(ix, ix.resolve(principal), action, resource, **kwargs)



_POLICY_ARNS = {
    "kms:key": "arn:aws:kms:us-east-1:{account}:key/{name}",
    "sqs:queue": "arn:aws:sqs:us-east-1:{account}:{name}",
    "sns:topic": "arn:aws:sns:us-east-1:{account}:{name}",
    "lambda:function": "arn:aws:lambda:us-east-1:{account}:function:{name}",
    "s3:bucket": "arn:aws:s3:::{name}",
}


def with_policy(kind: str, name: str, policy: dict | str | None, account: str = ACCOUNT, **data: Any) -> Resource:
    """A KMS key, SQS queue, SNS topic, Lambda function or bucket as the crawler stores it:
    its resource policy, parsed, under ``data.Policy``."""
    resource_arn = _POLICY_ARNS[kind].format(account=account, name=name)
    return Resource(arn=resource_arn, kind=kind, id=name, name=name, account=account, region="us-east-1",
                    data={"Policy": policy, **data})
