"""The changes between two estates that an on-call lead must see first: new rules open to the
internet, new trust relationships, newly public buckets, new admin principals.

Each check asks the engine that already owns the question (awsx/pulse/faults.py for open security
groups and public buckets, awsx/iam for trust policies and admins) about the old and the new
estate and reports what is true now and was not before; nothing is re-implemented here."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any, Iterator

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.iam.policy import PolicyError, parse_policy
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import build_graph
from awsx.pulse.faults import open_to_world, public_bucket


@dataclass(frozen=True, slots=True)
class SecurityChange:
    """``rule``: world-open-rule, new-trust, public-bucket or new-admin."""

    rule: str
    arn: str
    kind: str
    detail: str

    def to_json(self) -> dict[str, str]:
        return {"rule": self.rule, "arn": self.arn, "kind": self.kind, "detail": self.detail}


def canonical(value: Any) -> str:
    """One spelling per JSON value (keys sorted): how the diff compares and orders values."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=str)


def _ports(permission: dict[str, Any]) -> str:
    protocol = str(permission.get("IpProtocol"))
    if protocol == "-1":
        return "all traffic"
    low, high = permission.get("FromPort"), permission.get("ToPort")
    return f"{protocol} {low}" if low == high else f"{protocol} {low}-{high}"


def _world_open_rules(old: Estate, new: Estate) -> Iterator[SecurityChange]:
    for group in new.resources("ec2:security-group"):
        before = (old.resource(group.arn).data.get("IpPermissions") or ()) if group.arn in old else ()
        seen = {canonical(p) for p in before}
        for permission in group.data.get("IpPermissions") or ():
            # faults.open_to_world judges the one new rule, as if it were the group's only one.
            if canonical(permission) not in seen and open_to_world(replace(group, data={"IpPermissions": [permission]})):
                yield SecurityChange("world-open-rule", group.arn, group.kind,
                                     f"{group.id} ({group.name}) now admits {_ports(permission)} from the internet")


def _trusted(role: Resource) -> set[str]:
    """``TYPE value`` for every principal an Allow statement of the role's trust policy names."""
    try:
        policy = parse_policy(role.data.get("AssumeRolePolicyDocument"), role.arn, "trust")
    except PolicyError:
        return set()
    found: set[str] = set()
    for statement in policy.statements:
        if statement.effect != "Allow" or statement.principals is None:
            continue
        if statement.principals.anyone:
            found.add("anyone *")
        found |= {f"{kind} {value}" for kind, values in statement.principals.by_type for value in values}
    return found


def _new_trusts(old: Estate, new: Estate) -> Iterator[SecurityChange]:
    for role in new.resources("iam:role"):
        before = _trusted(old.resource(role.arn)) if role.arn in old else set()
        for principal in sorted(_trusted(role) - before):
            yield SecurityChange("new-trust", role.arn, role.kind, f"role {role.name} now trusts {principal}")


def _public_buckets(old: Estate, new: Estate) -> Iterator[SecurityChange]:
    for bucket in new.resources("s3:bucket"):
        if public_bucket(bucket) and not (bucket.arn in old and public_bucket(old.resource(bucket.arn))):
            yield SecurityChange("public-bucket", bucket.arn, bucket.kind, f"bucket {bucket.name} is now public")


def _admins(estate: Estate) -> dict[str, str]:
    return {arn: admin.how for arn, admin in build_graph(IamIndex(estate)).admins.items()}


def _new_admins(old: Estate, new: Estate) -> Iterator[SecurityChange]:
    before = _admins(old)
    for arn, how in sorted(_admins(new).items()):
        if arn not in before and arn in new:
            principal = new.resource(arn)
            means = "full access" if how == "full" else f"can grant itself everything ({how})"
            yield SecurityChange("new-admin", arn, principal.kind, f"{principal.name} is now an admin: {means}")


CHECKS = (_world_open_rules, _new_trusts, _public_buckets, _new_admins)


def security_changes(old: Estate, new: Estate) -> tuple[SecurityChange, ...]:
    """Every check's findings, in the order of ``CHECKS`` (the order the issue lists them)."""
    return tuple(change for check in CHECKS for change in check(old, new))
