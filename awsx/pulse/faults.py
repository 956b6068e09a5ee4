"""Pulse faults: cheap, local predicates over single resources that the dashboard counts and
links to ("3 security groups open to the internet" -> the list of those three).

Pure: a predicate takes a Resource and returns a bool; ``pulse_faults`` takes an Estate and
returns records. The dashboard's lines that need an engine are in ``awsx.pulse.engines``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.iam.public import is_public

WORLD = ("0.0.0.0/0", "::/0")


def open_to_world(group: Resource) -> bool:
    """A security group with an ingress rule from 0.0.0.0/0 or ::/0 (any port, any protocol)."""
    for permission in group.data.get("IpPermissions") or ():
        for cidr in permission.get("IpRanges") or ():
            if cidr.get("CidrIp") in WORLD:
                return True
        for cidr in permission.get("Ipv6Ranges") or ():
            if cidr.get("CidrIpv6") in WORLD:
                return True
    return False


def unattached_network_interface(eni: Resource) -> bool:
    """``Status: available`` is what EC2 calls an ENI attached to nothing."""
    return eni.data.get("Status") == "available"


def unattached_elastic_ip(address: Resource) -> bool:
    """An allocated address with no association (billed hourly for doing nothing)."""
    return not address.data.get("AssociationId")


def unattached_volume(volume: Resource) -> bool:
    """``State: available`` (or no attachments): a volume no instance is using."""
    return volume.data.get("State") == "available" or not volume.data.get("Attachments")


def public_bucket(bucket: Resource) -> bool:
    """A bucket policy granting to anyone that the bucket's public access block does not
    neutralise (the IAM engine's rule, awsx.iam.public, shared by every public-resource check)."""
    return is_public(bucket)


@dataclass(frozen=True, slots=True)
class FaultRule:
    """One pulse check: a name for links and keymaps, a title, the kind it looks at, a predicate."""

    name: str
    title: str
    kind: str
    predicate: Callable[[Resource], bool]


RULES: tuple[FaultRule, ...] = (
    FaultRule("open-security-groups", "Security groups open to 0.0.0.0/0 or ::/0",
              "ec2:security-group", open_to_world),
    FaultRule("unattached-network-interfaces", "Unattached network interfaces",
              "ec2:network-interface", unattached_network_interface),
    FaultRule("unattached-elastic-ips", "Unattached Elastic IPs", "ec2:elastic-ip", unattached_elastic_ip),
    FaultRule("unattached-volumes", "Unattached EBS volumes", "ec2:volume", unattached_volume),
    FaultRule("public-buckets", "Public S3 buckets (policy Principal *)", "s3:bucket", public_bucket),
    FaultRule("public-kms-keys", "KMS keys whose key policy allows anyone", "kms:key", is_public),
    FaultRule("public-sqs-queues", "SQS queues whose policy allows anyone", "sqs:queue", is_public),
    FaultRule("public-sns-topics", "SNS topics whose policy allows anyone", "sns:topic", is_public),
    FaultRule("public-lambda-functions", "Lambda functions anyone may invoke or change", "lambda:function", is_public),
)


@dataclass(frozen=True, slots=True)
class Fault:
    """What a rule found: the ARNs of the offending resources, in estate order."""

    name: str
    title: str
    kind: str
    arns: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.arns)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "kind": self.kind, "arns": list(self.arns)}


def pulse_faults(estate: Estate) -> list[Fault]:
    """Every rule's findings, zero counts included (a zero is information too)."""
    return [
        Fault(rule.name, rule.title, rule.kind,
              tuple(r.arn for r in estate.resources(rule.kind) if rule.predicate(r)))
        for rule in RULES
    ]
