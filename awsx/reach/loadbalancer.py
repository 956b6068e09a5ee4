"""End to end through a load balancer (LB1-LB6; A11 for a Classic Load Balancer): client -> LB
node, a listener for the protocol/port, a registered target in an enabled AZ (an ALB's or NLB's
target group, a Classic Load Balancer's instances), LB node -> target as new traffic on the
registered port."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from awsx.core.model import Resource

from .endpoints import Endpoint
from .network import Network, Node
from .verdict import FORWARD, Trace
from .walk import Walk

# LB4: which listener protocols carry which IP protocol
_CARRIES = {"HTTP": "tcp", "HTTPS": "tcp", "TCP": "tcp", "TLS": "tcp", "UDP": "udp", "TCP_UDP": "tcp+udp", "SSL": "tcp"}


def through_load_balancer(network: Network, sender: Node | None, client: str, lb: Endpoint, protocol: str,
                          port: int) -> Iterator[Trace]:
    r = lb.resource
    assert r is not None
    scheme = r.data.get("Scheme", "internet-facing")
    nodes = list(lb.nodes)
    if not nodes:
        trace = Trace()
        trace.block(FORWARD, "lb-no-targets", "load-balancer", r.id, f"{r.id} has no subnets in the estate (A6)")
        yield trace
        return
    for node in nodes:
        trace = Trace()
        if sender is None and scheme != "internet-facing":  # LB1
            trace.block(FORWARD, "lb-internal", "load-balancer", r.id,
                        f"{r.id} is {scheme}: reachable only from inside the VPC or connected networks (LB1)")
            yield trace
            return
        walk = Walk(network, protocol, port, trace)
        if sender is None:
            walk.from_internet(client, node)
        else:
            walk.from_node(sender, node, node.private_ip)
        if not trace.blocked:
            _listener_to_targets(network, r, node, nodes, protocol, port, trace)
        yield trace


@dataclass(frozen=True, slots=True)
class Forwarding:
    """What one listener of a load balancer does with a connection (LB4, LB5): the listener's
    id and text, the label of where it forwards, and each registered target with its port."""

    listener: str
    text: str
    groups: str
    # (target group or LB name, target id, registered port, its AvailabilityZone: "all" for any, LB5)
    targets: tuple[tuple[str, str, int, str], ...]


def _elbv2_forwarding(network: Network, r: Resource, protocol: str, port: int) -> Forwarding | str:
    """LB4/LB5 for an ALB or NLB: the listener on the port, its forward actions' target groups and
    their registered targets (DescribeTargetHealth); a string saying which listeners exist if none."""
    estate = network.estate
    listeners = [l for l in estate.resources("elbv2:listener") if l.data.get("LoadBalancerArn") == r.arn]
    matching = [l for l in listeners if l.data.get("Port") == port
                and protocol in _CARRIES.get(str(l.data.get("Protocol", "")).upper(), "")]
    if not matching:
        return ", ".join(f"{l.data.get('Protocol')}:{l.data.get('Port')}" for l in listeners) or "none"
    listener = matching[0]
    groups = target_groups(listener.data)
    names = ", ".join(g.rsplit("/", 2)[-2] for g in groups)
    targets = []
    for group in estate.resources("elbv2:target-group"):
        if group.arn not in groups and group.data.get("TargetGroupArn") not in groups:
            continue
        for description in group.data.get("TargetHealthDescriptions") or ():
            target = description.get("Target") or {}
            target_port = int(target.get("Port") or group.data.get("Port") or port)
            targets.append((group.name or group.id, str(target.get("Id", "")), target_port,
                            str(target.get("AvailabilityZone", ""))))
    return Forwarding(listener.id, f"{listener.data.get('Protocol')}:{port} -> {names or 'no target group'} (LB4)",
                      names, tuple(targets))


def _classic_forwarding(r: Resource, protocol: str, port: int) -> Forwarding | str:
    """A11 (LB4/LB5 for a Classic Load Balancer): the listener whose ``LoadBalancerPort`` is the
    port forwards to every registered instance (``Instances[]``) on its ``InstancePort``."""
    listeners = [d.get("Listener") or {} for d in r.data.get("ListenerDescriptions") or ()]
    matching = [l for l in listeners if l.get("LoadBalancerPort") == port
                and protocol in _CARRIES.get(str(l.get("Protocol", "")).upper(), "")]
    if not matching:
        return ", ".join(f"{l.get('Protocol')}:{l.get('LoadBalancerPort')}" for l in listeners) or "none"
    listener = matching[0]
    target_port = int(listener.get("InstancePort") or port)
    targets = tuple((r.id, str(i.get("InstanceId", "")), target_port, "") for i in r.data.get("Instances") or ())
    return Forwarding(f"{r.id}:{port}", f"{listener.get('Protocol')}:{port} -> instances on {target_port} (LB4, A11)",
                      r.id, targets)


def _listener_to_targets(network: Network, r: Resource, node: Node, nodes: list[Node], protocol: str, port: int,
                         trace: Trace) -> None:
    classic = r.kind == "elb:load-balancer"
    forwarding = _classic_forwarding(r, protocol, port) if classic else _elbv2_forwarding(network, r, protocol, port)
    if isinstance(forwarding, str):  # LB4
        trace.block(FORWARD, "lb-listener", "load-balancer", r.id,
                    f"{r.id}: no listener for {protocol}/{port} (listeners: {forwarding}) (LB4)")
        return
    trace.hop(FORWARD, "listener", forwarding.listener, True, forwarding.text)
    zones = {n.az for n in nodes}
    vpc = r.data.get("VPCId" if classic else "VpcId", "")
    targets: list[tuple[str, Node, int]] = []
    skipped: list[str] = []
    for group_name, target_id, target_port, zone in forwarding.targets:
        found = _target_node(network, target_id, vpc)
        if found is None:
            skipped.append(f"{target_id} is not in the estate")
            continue
        if found.az not in zones and zone != "all":  # LB5
            skipped.append(f"{target_id} is in {found.az}, not an AZ enabled for {r.id} (LB5)")
            continue
        targets.append((group_name, found, target_port))
    if not targets:  # LB5: RA ELBV2_LISTENER_HAS_NO_TG / ELB_INSTALLED_AZ_RESTRICTION
        trace.block(FORWARD, "lb-no-targets", "target-group", forwarding.groups or r.id,
                    "no registered target" + (": " + "; ".join(skipped) if skipped else "") + " (LB5)")
        return
    first: Trace | None = None
    for group_name, target, target_port in targets:
        leg = Trace()
        leg.hop(FORWARD, "target-group", group_name, True, f"target {target.owner or target.id}:{target_port} (LB5)")
        origin = next((n for n in nodes if n.az == target.az), node)
        # LB6: new traffic from the LB node on the registered port; the client's SG references do not carry over
        Walk(network, "tcp" if protocol == "tcp" else protocol, target_port, leg).from_node(origin, target, target.private_ip)
        if not leg.blocked:
            trace.extend(leg)
            return
        first = first or leg
    assert first is not None
    trace.extend(first)


def target_groups(listener: dict) -> list[str]:
    arns: list[str] = []
    for action in listener.get("DefaultActions") or ():
        if action.get("Type") != "forward":
            continue
        if action.get("TargetGroupArn"):
            arns.append(action["TargetGroupArn"])
        for item in (action.get("ForwardConfig") or {}).get("TargetGroups") or ():
            if item.get("TargetGroupArn") and item["TargetGroupArn"] not in arns:
                arns.append(item["TargetGroupArn"])
    return arns


def _target_node(network: Network, target: str, vpc: str) -> Node | None:
    if target.startswith("i-"):
        return next(iter(network.instance_nodes(target)), None)
    return network.node_at(vpc, target) or next((n for n in network.nodes if n.private_ip == target), None)
