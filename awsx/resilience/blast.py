"""What breaks if a zone fails (issue 17): the flows that worked before and fail with the zone
down, each with its new blocker, and what survives with less.

The flows are asked of the reachability engine twice, on the estate and on the estate without
the zone (``awsx.resilience.zones``): ``awsx.reach.query.reach`` and ``awsx.reach.exposure.
exposure`` answer both, so a broken flow's blocker is the engine's own verdict (a NAT route now a
blackhole, RT5; a transit-gateway attachment without a subnet in the sender's zone, TGW1). The
flows checked:

- the internet to every exposed target (``exposure``);
- every subnet's workloads to the internet (egress, through its NAT or gateway);
- each tier to the tiers its security groups admit (an ingress rule naming another group);
- each load balancer to its registered targets.

Workloads that share a subnet and security groups are one class (the engine's answer depends on
nothing else of an ENI for these flows), so each class is asked once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.reach.endpoints import Unresolvable
from awsx.reach.exposure import exposure
from awsx.reach.network import Network, Node
from awsx.reach.query import reach
from awsx.reach.verdict import Verdict

from .zones import Degraded, Outage, resolve_zone, without_region, without_zone

EGRESS_PORT = 443  # what "reaches the internet" is asked with: HTTPS out


@dataclass(frozen=True, slots=True)
class Flow:
    """One connection that could be made before: ``src`` and ``dst`` as ARNs or ``internet``."""

    what: str  # exposure | egress | tier | load-balancer
    src: str
    dst: str
    protocol: str
    port: int


@dataclass(frozen=True, slots=True)
class Broken:
    """A flow reachable before the failure and blocked during it, with what blocks it now."""

    flow: Flow
    blocker: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"what": self.flow.what, "src": self.flow.src, "dst": self.flow.dst, "protocol": self.flow.protocol,
                "port": self.flow.port, "before": "reachable", "after": "blocked", "blocker": self.blocker}


@dataclass(frozen=True, slots=True)
class Blast:
    """``awsx blast --json``: what fails with ``failed`` (an AZ id or a Region)."""

    failed: str
    scope: str  # az | region
    removed: tuple[str, ...]
    broken: tuple[Broken, ...]
    degraded: tuple[Degraded, ...]
    checked: int  # flows that were reachable before and were asked again

    def to_json(self) -> dict[str, Any]:
        return {self.scope: self.failed, "removed": list(self.removed), "broken": [b.to_json() for b in self.broken],
                "degraded": [d.to_json() for d in self.degraded], "checked": self.checked}


def blast(estate: Estate, az: str | None = None, region: str | None = None) -> Blast:
    """The blast radius of one zone (``az``: an AZ id, or a name unambiguous in the estate) or of
    a whole ``region``. Raises UserError for a zone or Region the estate does not hold."""
    if region:
        outage, failed, scope = without_region(estate, region), region, "region"
    else:
        failed = resolve_zone(estate, az or "")
        outage, scope = without_zone(estate, failed), "az"
    broken: list[Broken] = []
    checked = 0
    for flow, after in _flows(estate, outage):
        checked += 1
        if after is not None:
            broken.append(Broken(flow, after))
    return Blast(failed, scope, outage.removed, tuple(broken), outage.degraded, checked)


def _flows(before: Estate, outage: Outage) -> Iterator[tuple[Flow, dict[str, str] | None]]:
    """Every flow reachable before, with its blocker after (None: still reachable)."""
    removed = set(outage.removed)
    yield from _exposure_flows(before, outage, removed)
    yield from _network_flows(before, outage, removed)


def _exposure_flows(before: Estate, outage: Outage, removed: set[str]) -> Iterator[tuple[Flow, dict[str, str] | None]]:
    still = {(e.target, e.protocol, e.port) for e in exposure(outage.after)}
    for found in exposure(before):
        target = _arn_of_ref(before, found.target)
        flow = Flow("exposure", "internet", target, found.protocol, found.port)
        if (found.target, found.protocol, found.port) in still:
            yield flow, None
        elif target in removed:
            yield flow, _gone(target)
        else:
            yield flow, _blocker(outage.after, "internet", target, found.protocol, found.port)


def _network_flows(before: Estate, outage: Outage, removed: set[str]) -> Iterator[tuple[Flow, dict[str, str] | None]]:
    network = Network.of(before)
    classes = _classes(before, network)
    for node_ref, node in classes.items():
        if node.kind == "network-interface" and node_ref not in removed and _reachable(before, node_ref, "internet", "tcp", EGRESS_PORT):
            flow = Flow("egress", node_ref, "internet", "tcp", EGRESS_PORT)
            yield flow, _after(outage, removed, flow.src, ("internet",), flow)
    for flow, targets in (*_tier_flows(before, classes), *_load_balancer_flows(before)):
        if flow.src not in removed:  # a gone source is in ``removed``, not a broken flow
            yield flow, _after(outage, removed, flow.src, targets, flow)


def _after(outage: Outage, removed: set[str], src: str, targets: tuple[str, ...], flow: Flow) -> dict[str, str] | None:
    """None when ``src`` still reaches one of ``targets`` (a tier, a target group: any member
    will do); else the blocker of the first surviving target, or the first one gone."""
    blockers = []
    for target in targets:
        if target in removed:
            continue
        blocker = _blocker(outage.after, src, target, flow.protocol, flow.port)
        if blocker is None:
            return None
        blockers.append(blocker)
    return blockers[0] if blockers else _gone(targets[0])


def _gone(arn: str) -> dict[str, str]:
    return {"kind": "removed", "id": arn, "rule": "in the failed zone or Region", "direction": "forward"}


def _blocker(estate: Estate, src: str, dst: str, protocol: str, port: int) -> dict[str, str] | None:
    try:
        verdict = reach(estate, src, dst, port, protocol)
    except Unresolvable as gone:  # an end that has no node left (an LB without zones)
        return {"kind": "unresolvable", "id": dst, "rule": str(gone), "direction": "forward"}
    if verdict.reachable:
        return None
    return _blocker_json(verdict)


def _blocker_json(verdict: Verdict) -> dict[str, str]:
    if verdict.blocker is None:
        return {"kind": "unknown", "id": "", "rule": "; ".join(verdict.warnings), "direction": "forward"}
    return {k: str(v) for k, v in verdict.blocker.to_json().items()}


def _reachable(estate: Estate, src: str, dst: str, protocol: str, port: int) -> bool:
    try:
        return reach(estate, src, dst, port, protocol).reachable
    except Unresolvable:
        return False


def _arn_of_ref(estate: Estate, ref: str) -> str:
    try:
        return estate.find(ref).arn
    except LookupError:
        return ref


def _classes(estate: Estate, network: Network) -> dict[str, Node]:
    """One representative per (kind, subnet, security groups) of the nodes that send or receive
    (in-use interfaces, load-balancer and database nodes; NAT gateways only forward), by ARN."""
    seen: set[tuple[str, str, tuple[str, ...]]] = set()
    out: dict[str, Node] = {}
    for node in network.nodes:
        if node.kind == "nat-gateway" or (node.kind == "network-interface" and not node.attached):
            continue
        key = (node.kind, node.subnet, tuple(sorted(node.groups)))
        arn = _node_arn(estate, node)
        if key not in seen and arn:
            seen.add(key)
            out[arn] = node
    return out


def _node_arn(estate: Estate, node: Node) -> str | None:
    """The resource a node stands for: the interface itself, or the database / load balancer
    it models (its ``owner``)."""
    ref = node.id if node.kind == "network-interface" else node.owner
    return next((r.arn for r in estate.by_id(ref) if r.region == node.region), None)


def _tier_flows(estate: Estate, classes: dict[str, Node]) -> Iterator[tuple[Flow, tuple[str, ...]]]:
    """Each class in group B -> group A (the tier, as the flow's ``dst``) on the rule's first
    port, for each ingress rule of A naming B (not itself), when it reached one member of A
    before, with A's members (any of them reached afterwards keeps the flow working)."""
    members: dict[str, list[str]] = {}
    for arn, node in classes.items():
        for group in node.groups:
            members.setdefault(group, []).append(arn)
    for group in estate.resources("ec2:security-group"):
        for rule in group.data.get("IpPermissions") or ():
            protocol = {"6": "tcp", "17": "udp"}.get(str(rule.get("IpProtocol")), str(rule.get("IpProtocol")))
            if protocol not in ("tcp", "udp"):
                continue
            port = int(rule.get("FromPort") or 0)
            for pair in rule.get("UserIdGroupPairs") or ():
                peer = pair.get("GroupId")
                if not peer or peer == group.id:
                    continue
                for src in members.get(peer, ()):
                    tier = tuple(dst for dst in members.get(group.id, ()) if dst != src)
                    # one member reached is a working flow; after, any member still reached keeps it
                    if any(_reachable(estate, src, dst, protocol, port) for dst in tier):
                        yield Flow("tier", src, group.arn, protocol, port), tier


def _load_balancer_flows(estate: Estate) -> Iterator[tuple[Flow, tuple[str, ...]]]:
    """Each load balancer -> its target group (the flow's ``dst``), with the targets it reached."""
    for group in estate.resources("elbv2:target-group"):
        for balancer in group.data.get("LoadBalancerArns") or ():
            if balancer not in estate:
                continue
            reached: list[str] = []
            port = int(group.data.get("Port") or 0)
            for description in group.data.get("TargetHealthDescriptions") or ():
                target = description.get("Target") or {}
                resource = _target(estate, group, str(target.get("Id", "")))
                port = int(target.get("Port") or port)
                if resource and _reachable(estate, balancer, resource.arn, "tcp", port):
                    reached.append(resource.arn)
            if reached:
                yield Flow("load-balancer", balancer, group.arn, "tcp", port), tuple(reached)


def _target(estate: Estate, group: Resource, target_id: str) -> Resource | None:
    found = [r for r in estate.by_id(target_id) + estate.by_ip(target_id) if r.region == group.region]
    return found[0] if found else None
