"""Pulse faults: cheap, local predicates over single resources that the dashboard counts and
links to ("3 security groups open to the internet" -> the list of those three).

Pure: a predicate takes the Estate and a Resource and returns a bool (ownership needs the
graph: awsx.core.usage); ``pulse_faults`` takes an Estate and returns records. The dashboard's lines that need an engine are in ``awsx.pulse.engines``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.core.usage import elastic_ip_in_use, eni_in_use, volume_in_use
from awsx.iam.public import is_public
from awsx.pulse.health import (
    account_unrecorded,
    alarm_in_alarm,
    classic_instances_out_of_service,
    estate_accounts,
    target_group_has_unhealthy_targets,
)
from awsx.resilience.single_points import SINGLE_POINTS

from .capacity import endpoint_public_to_world, group_below_desired, service_below_desired
from .data_faults import certificate_failing, secret_not_rotated, table_without_pitr

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


def unattached_network_interface(estate: Estate, eni: Resource) -> bool:
    """Nothing owns or uses it (awsx.core.usage): not ``Status: available``, which NAT gateway
    and EFS interfaces also show while their service uses them."""
    return not eni_in_use(estate, eni)


def unattached_elastic_ip(estate: Estate, address: Resource) -> bool:
    """An allocated address associated with nothing (billed hourly for doing nothing)."""
    return not elastic_ip_in_use(estate, address)


def unattached_volume(estate: Estate, volume: Resource) -> bool:
    """A volume no instance has attached."""
    return not volume_in_use(estate, volume)


def public_bucket(bucket: Resource) -> bool:
    """A bucket policy granting to anyone that the bucket's public access block does not
    neutralise (the IAM engine's rule, awsx.iam.public, shared by every public-resource check)."""
    return is_public(bucket)


def _alone(predicate: Callable[[Resource], bool]) -> Callable[[Estate, Resource], bool]:
    """A predicate that needs only the resource itself, as a rule's (estate, resource) one."""
    return lambda _estate, resource: predicate(resource)


@dataclass(frozen=True, slots=True)
class FaultRule:
    """One pulse check: a name for links and keymaps, a title, the kind it looks at, a predicate;
    ``explain``, when the rule says why per resource (the single points of failure), gives the
    sentence (None: no finding) and the predicate is whether there is one.

    An account-level check (``per_account``: no trail records every region) finds accounts,
    not resources: its count is the accounts it holds for, and it holds for the resources of
    its kind in those accounts (the trails that exist there but do not qualify), which is what
    the dashboard's link lists."""

    name: str
    title: str
    kind: str
    predicate: Callable[[Estate, Resource], bool]
    explain: Callable[[Estate, Resource], str | None] | None = None
    per_account: Callable[[Estate, str], bool] | None = None

    @classmethod
    def explained(cls, name: str, title: str, kind: str, explain: Callable[[Estate, Resource], str | None]) -> FaultRule:
        return cls(name, title, kind, lambda estate, resource: explain(estate, resource) is not None, explain)

    def why(self, estate: Estate, arns: tuple[str, ...]) -> tuple[str, ...]:
        """The sentence per finding, in the findings' order (empty for rules that do not explain)."""
        if self.explain is None:
            return ()
        return tuple(self.explain(estate, estate.resource(arn)) or "" for arn in arns)

    def holds(self, estate: Estate, resource: Resource) -> bool:
        return resource.kind == self.kind and self.predicate(estate, resource)

    def found(self, estate: Estate) -> tuple[str, ...]:
        """The ARNs of the resources the rule holds for, in estate order."""
        return tuple(r.arn for r in estate.resources(self.kind) if self.predicate(estate, r))

    def found_accounts(self, estate: Estate) -> tuple[str, ...]:
        """The accounts an account-level rule holds for (none for a per-resource rule)."""
        if self.per_account is None:
            return ()
        return tuple(a for a in estate_accounts(estate) if self.per_account(estate, a))


def _account_rule(name: str, title: str, kind: str, check: Callable[[Estate, str], bool]) -> FaultRule:
    """A rule that holds per account, and for the ``kind`` resources of an account it holds for."""
    return FaultRule(name, title, kind, lambda estate, resource: check(estate, resource.account), per_account=check)


RULES: tuple[FaultRule, ...] = (
    FaultRule("open-security-groups", "Security groups open to 0.0.0.0/0 or ::/0",
              "ec2:security-group", _alone(open_to_world)),
    FaultRule("unattached-network-interfaces", "Unattached network interfaces",
              "ec2:network-interface", unattached_network_interface),
    FaultRule("unattached-elastic-ips", "Unattached Elastic IPs", "ec2:elastic-ip", unattached_elastic_ip),
    FaultRule("unattached-volumes", "Unattached EBS volumes", "ec2:volume", unattached_volume),
    FaultRule("public-buckets", "Public S3 buckets (policy Principal *)", "s3:bucket", _alone(public_bucket)),
    FaultRule("public-kms-keys", "KMS keys whose key policy allows anyone", "kms:key", _alone(is_public)),
    FaultRule("public-sqs-queues", "SQS queues whose policy allows anyone", "sqs:queue", _alone(is_public)),
    FaultRule("public-sns-topics", "SNS topics whose policy allows anyone", "sns:topic", _alone(is_public)),
    FaultRule("public-lambda-functions", "Lambda functions anyone may invoke or change", "lambda:function",
              _alone(is_public)),
    *(FaultRule.explained(name, title, kind, explain) for name, (title, kind, explain) in SINGLE_POINTS.items()),
    FaultRule("tables-without-pitr", "DynamoDB tables without point-in-time recovery", "dynamodb:table",
              _alone(table_without_pitr)),
    FaultRule("failing-certificates", "Certificates expiring within 30 days of the crawl, or failed",
              "acm:certificate", certificate_failing),
    FaultRule("unrotated-secrets", "Secrets never rotated or not rotated in 90 days of the crawl",
              "secretsmanager:secret", secret_not_rotated),
    FaultRule("public-secrets", "Secrets whose resource policy allows anyone", "secretsmanager:secret",
              _alone(is_public)),
    FaultRule("asg-below-desired", "Auto Scaling groups below desired capacity (in service < desired)",
              "autoscaling:group", _alone(group_below_desired)),
    FaultRule("ecs-services-below-desired", "ECS services running below desired", "ecs:service",
              _alone(service_below_desired)),
    FaultRule("public-eks-endpoints", "EKS endpoints public to 0.0.0.0/0", "eks:cluster",
              _alone(endpoint_public_to_world)),
    FaultRule("alarms-in-alarm", "CloudWatch alarms in ALARM", "cloudwatch:alarm", _alone(alarm_in_alarm)),
    FaultRule("unhealthy-target-groups", "Target groups with unhealthy targets", "elbv2:target-group",
              _alone(target_group_has_unhealthy_targets)),
    FaultRule("out-of-service-classic-lbs", "Classic Load Balancers with instances OutOfService",
              "elb:load-balancer", _alone(classic_instances_out_of_service)),
    _account_rule("accounts-without-trail", "Accounts with no multi-region CloudTrail trail that is logging",
                  "cloudtrail:trail", account_unrecorded),
)


@dataclass(frozen=True, slots=True)
class Fault:
    """What a rule found: the ARNs of the offending resources, in estate order, and for an
    account-level rule the accounts it names (then the count)."""

    name: str
    title: str
    kind: str
    arns: tuple[str, ...]
    why: tuple[str, ...] = ()  # per finding, for rules that explain (single points of failure)
    accounts: tuple[str, ...] | None = None

    @property
    def count(self) -> int:
        return len(self.arns) if self.accounts is None else len(self.accounts)

    def to_json(self) -> dict[str, Any]:
        found: dict[str, Any] = {"name": self.name, "title": self.title, "kind": self.kind, "arns": list(self.arns)}
        if self.accounts is not None:
            found["accounts"] = list(self.accounts)
        return found | ({"why": list(self.why)} if self.why else {})


def pulse_faults(estate: Estate) -> list[Fault]:
    """Every rule's findings that are worth a line: those that found something, and the zeros
    about a kind the estate holds (a zero is information there). A zero about a kind it holds
    none of checked nothing (no alarm is in ALARM where no alarm was crawled), and every area's
    rules together no longer fit one screen. The dashboard and ``awsx pulse`` list the same."""
    held = estate.kind_counts()
    faults = []
    for rule in RULES:
        arns = rule.found(estate)
        accounts = None if rule.per_account is None else rule.found_accounts(estate)
        fault = Fault(rule.name, rule.title, rule.kind, arns, rule.why(estate, arns), accounts)
        if fault.count or held.get(rule.kind):
            faults.append(fault)
    return faults
