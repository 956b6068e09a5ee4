"""Public resources: a resource policy that grants to anyone (``Principal: "*"``,
``{"AWS": "*"}``, or an ``Allow`` with ``NotPrincipal``) without a condition that pins the
caller down. Pure: a Resource in, the granting statements out.

What "pins down" follows S3's documented meaning of public ("Blocking public access to your
Amazon S3 storage", *The meaning of "public"*), applied by awsx to every kind alike: a
statement is not public when a condition fixes one of the keys below to values without
wildcards (and, for ``aws:SourceIp``, to ranges narrower than a /8: awsx's line, not AWS's).
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from awsx.core.graph import Estate
from awsx.core.model import Resource

from .policy import Condition, Policy, PolicyError, Statement, parse_policy

# Kinds whose ``data.Policy`` is a resource policy that can make them public.
PUBLIC_KINDS = ("s3:bucket", "kms:key", "sqs:queue", "sns:topic", "lambda:function", "secretsmanager:secret")

# Condition keys that, fixed to exact values, restrict who can use a grant (lower-cased).
PINNING_KEYS = frozenset(k.lower() for k in (
    "aws:SourceArn", "aws:SourceAccount", "aws:SourceOwner", "aws:SourceVpc", "aws:SourceVpce",
    "aws:SourceIp", "aws:PrincipalOrgID", "aws:PrincipalOrgPaths", "aws:PrincipalAccount", "aws:PrincipalArn",
    "aws:userid", "aws:username", "aws:SourceOrgID", "aws:SourceOrgPaths", "kms:CallerAccount",
    "lambda:EventSourceToken", "s3:DataAccessPointArn", "s3:DataAccessPointAccount",
))
# Operators that compare for equality (a negation like StringNotEquals restricts nothing).
PINNING_OPERATORS = frozenset({"StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike",
                               "IpAddress"})


@dataclass(frozen=True, slots=True)
class PublicGrant:
    """One statement that makes a resource public, for people and for ``--json``."""

    arn: str
    kind: str
    sid: str | None
    statement: int
    actions: tuple[str, ...]  # as the statement lists them; ("NotAction", ...) when it excludes

    def to_json(self) -> dict:
        return {"arn": self.arn, "kind": self.kind, "sid": self.sid, "statement": self.statement,
                "actions": list(self.actions)}


def _fixed(value: str) -> bool:
    return bool(value) and "*" not in value and "?" not in value


def _pins(condition: Condition) -> bool:
    if condition.qualifier == "ForAllValues" or condition.if_exists:
        return False  # both are satisfied when the key is absent: they admit anyone
    if condition.base not in PINNING_OPERATORS or condition.key.lower() not in PINNING_KEYS or not condition.values:
        return False
    if condition.base == "IpAddress":
        try:
            return all(ipaddress.ip_network(v, strict=False).prefixlen > 8 for v in condition.values)
        except ValueError:
            return False
    return all(_fixed(v) for v in condition.values)


def _anyone(statement: Statement) -> bool:
    if statement.principals is not None:
        return statement.principals.anyone
    return statement.not_principals is not None  # Allow + NotPrincipal: everyone but a few


def public_statements(policy: Policy) -> tuple[Statement, ...]:
    """The Allow statements of a resource policy that grant to anyone unconditionally enough."""
    return tuple(s for s in policy.statements
                 if s.effect == "Allow" and _anyone(s) and not any(_pins(c) for c in s.conditions))


def _restricted_by_block(resource: Resource) -> bool:
    # S3: RestrictPublicBuckets is what stops a public policy from granting (BlockPublicPolicy
    # only refuses new ones).
    block = resource.data.get("PublicAccessBlock") or {}
    return resource.kind == "s3:bucket" and bool(block.get("RestrictPublicBuckets"))


def public_grants(resource: Resource) -> tuple[PublicGrant, ...]:
    """Why a resource is public (empty: it is not, or its policy cannot be read: the IAM engine
    names a malformed policy where it is used)."""
    document = resource.data.get("Policy")
    if resource.kind not in PUBLIC_KINDS or not document or _restricted_by_block(resource):
        return ()
    try:
        policy = parse_policy(document, resource.arn, "resource")
    except PolicyError:
        return ()
    return tuple(
        PublicGrant(resource.arn, resource.kind, s.sid, s.index,
                    s.actions if s.actions is not None else ("NotAction", *(s.not_actions or ())))
        for s in public_statements(policy))


def is_public(resource: Resource) -> bool:
    return bool(public_grants(resource))


@dataclass(frozen=True, slots=True)
class PublicReport:
    grants: tuple[PublicGrant, ...]

    def to_json(self) -> dict:
        return {"resources": [g.to_json() for g in self.grants]}


def public_resources(estate: Estate) -> PublicReport:
    """Every public grant of every kind that has a resource policy, in estate order."""
    return PublicReport(tuple(g for kind in PUBLIC_KINDS for r in estate.resources(kind) for g in public_grants(r)))
