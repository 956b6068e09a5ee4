"""Pulse faults: cheap, local predicates over single resources that the dashboard counts and
links to ("3 security groups open to the internet" -> the list of those three).

Pure: a predicate takes a Resource and returns a bool; ``pulse_faults`` takes an Estate and
returns records. Lines that need an engine (reachability, IAM evaluation, prices) call the
engine's pure function (``ENGINE_CHECKS``); they are slower, so the TUI runs them off the UI
thread and shows "computing" until each answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.cost.report import cost_report
from awsx.cost.waste import waste_report
from awsx.iam.principals import IamIndex
from awsx.iam.privesc import privesc
from awsx.iam.public import is_public
from awsx.reach.exposure import exposure

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


@dataclass(frozen=True, slots=True)
class EnginePulse:
    """An engine's one-line answer for the dashboard: ``view`` is the ``:`` word of the engine
    view the line links to; ``count`` is what the line leads with (None when it failed)."""

    view: str
    title: str
    count: int | None
    summary: str

    def to_json(self) -> dict[str, Any]:
        return {"view": self.view, "title": self.title, "count": self.count, "summary": self.summary}


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" + ("" if count == 1 else "s")


def exposure_pulse(estate: Estate) -> tuple[int, str]:
    """Ports the internet can open (awsx exposure), on how many targets."""
    found = exposure(estate)
    targets = len({e.target for e in found})
    return len(found), f"{_plural(len(found), 'port')} on {_plural(targets, 'target')}"


def privesc_pulse(estate: Estate) -> tuple[int, str]:
    """Principals that can become admin (awsx privesc), next to how many already are."""
    report = privesc(IamIndex(estate))
    principals = len({p.principal for p in report.paths})
    return principals, f"{_plural(principals, 'principal')} can escalate; {_plural(len(report.admins), 'admin')}"


def cost_pulse(estate: Estate) -> tuple[int, str]:
    """The estimated monthly bill (awsx cost); unpriced resources are counted, not zeroed."""
    report = cost_report(estate)
    unknown = f", {report.unknown_count} unpriced" if report.unknown_count else ""
    return len(report.items), f"${report.total_monthly:,.2f}/month over {_plural(len(report.items), 'resource')}{unknown}"


def waste_pulse(estate: Estate) -> tuple[int, str]:
    """What the waste rules say could be saved (awsx waste), and the largest finding."""
    report = waste_report(estate)
    summary = f"${report.total_monthly_savings:,.2f}/month in {_plural(len(report.findings), 'finding')}"
    priced = [f for f in report.findings if f.monthly_savings is not None]
    if priced:
        top = max(priced, key=lambda f: f.monthly_savings or 0.0)
        summary += f"; top: {top.rule} {top.arn.rsplit('/', 1)[-1]} ${top.monthly_savings:,.2f}"
    return len(report.findings), summary


@dataclass(frozen=True, slots=True)
class EngineCheck:
    """A dashboard line computed by an engine: the view it links to, its title, the function."""

    view: str
    title: str
    compute: Callable[[Estate], tuple[int, str]]

    def run(self, estate: Estate) -> EnginePulse:
        count, summary = self.compute(estate)
        return EnginePulse(self.view, self.title, count, summary)


ENGINE_CHECKS: tuple[EngineCheck, ...] = (
    EngineCheck("exposure", "Reachable from the internet", exposure_pulse),
    EngineCheck("privesc", "Privilege escalation to admin", privesc_pulse),
    EngineCheck("cost", "Estimated monthly cost", cost_pulse),
    EngineCheck("waste", "Waste", waste_pulse),
)


def pulse_faults(estate: Estate) -> list[Fault]:
    """Every rule's findings, zero counts included (a zero is information too)."""
    return [
        Fault(rule.name, rule.title, rule.kind,
              tuple(r.arn for r in estate.resources(rule.kind) if rule.predicate(r)))
        for rule in RULES
    ]


@dataclass(frozen=True, slots=True)
class Place:
    """An (account, region) column of the dashboard's count grid."""

    account: str
    region: str


def kind_counts_by_place(estate: Estate) -> dict[str, dict[Place, int]]:
    """``{kind: {Place(account, region): count}}`` for every kind the estate holds."""
    grid: dict[str, dict[Place, int]] = {}
    for kind in estate.kind_counts():
        row = grid.setdefault(kind, {})
        for resource in estate.resources(kind):
            place = Place(resource.account, resource.region)
            row[place] = row.get(place, 0) + 1
    return grid


@dataclass(frozen=True, slots=True)
class Pulse:
    """The whole dashboard as one record (``awsx pulse --json``): counts per kind and
    ``account/region``, the pulse faults, and every engine line."""

    counts: dict[str, dict[Place, int]]
    faults: tuple[Fault, ...]
    engines: tuple[EnginePulse, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "counts": {kind: {f"{p.account}/{p.region}": n for p, n in row.items()}
                       for kind, row in sorted(self.counts.items())},
            "faults": [fault.to_json() for fault in self.faults],
            "engines": [engine.to_json() for engine in self.engines],
        }


def pulse(estate: Estate) -> Pulse:
    """What the dashboard shows, computed at once (the TUI runs the engine lines in a worker)."""
    return Pulse(kind_counts_by_place(estate), tuple(pulse_faults(estate)),
                 tuple(check.run(estate) for check in ENGINE_CHECKS))
