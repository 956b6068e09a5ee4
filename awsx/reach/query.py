"""``reach(estate, src, dst, port, protocol)``: resolve the ends (section 2), try every
candidate path (an instance's ENIs, a load balancer's nodes, representative internet addresses:
Q3, Q6) and return the first feasible one, else the blocked path that got furthest (Q4)."""

from __future__ import annotations

from typing import Iterator

from awsx.core.graph import Estate

from .addresses import ip, net
from .endpoints import INTERNET, Endpoint, Unresolvable, resolve
from .loadbalancer import through_load_balancer
from .network import Network, Node
from .verdict import FORWARD, Trace, Verdict
from .walk import Walk

PROTOCOLS = ("tcp", "udp")
PORTS = range(0, 65536)


def checked_port(port: int | str) -> int:
    """A destination port as given (``443`` or ``"443"``); ``Unresolvable`` with one line for
    anything else (``-5``, ``70000``, ``abc``). The CLI and the reach screen both ask this."""
    text = str(port).strip()
    if not text.isdigit() or int(text) not in PORTS:
        raise Unresolvable(f"port must be a number from {PORTS.start} to {PORTS.stop - 1}, not {text!r}")
    return int(text)


def checked_protocol(protocol: str) -> str:
    """``tcp`` or ``udp`` (any case); ``Unresolvable`` with one line for anything else."""
    if protocol.strip().lower() not in PROTOCOLS:
        raise Unresolvable(f"protocol must be one of {', '.join(PROTOCOLS)}, not {protocol!r}")
    return protocol.strip().lower()


def reach(estate: Estate, src: str, dst: str, port: int | str, protocol: str = "tcp") -> Verdict:
    """Can ``src`` establish a ``protocol``/``port`` connection to ``dst``? Raises Unresolvable
    for a bad port or protocol, names the estate does not hold or ends that cannot take that role."""
    port, protocol = checked_port(port), checked_protocol(protocol)
    network = Network.of(estate)
    source, destination = resolve(estate, network, src), resolve(estate, network, dst)
    if source.kind in ("nat-gateway", "gateway-endpoint") or (source.resource and source.resource.kind == "ec2:vpc-endpoint"):
        raise Unresolvable(f"{source.label} never initiates connections (NAT1, VPCE3)")
    if source.kind == INTERNET and destination.kind == INTERNET:
        raise Unresolvable("one end must be in the estate")
    best: Trace | None = None
    for trace in _attempts(network, source, destination, protocol, port):
        if not trace.blocked:
            best = trace
            break
        if best is None or _progress(trace) > _progress(best):
            best = trace
    assert best is not None
    listening = destination.resource.data.get("Endpoint", {}).get("Port") if destination.resource else None
    if destination.resource and destination.resource.kind == "rds:db-instance" and listening and listening != port:
        best.warn(f"{destination.label} listens on {listening}, not {port} (A5)")
    for node in source.nodes + destination.nodes:
        if node.modelled:  # section 18: moto lists no ENI for LB nodes, RDS, some endpoints
            best.warn(f"{node.id}: no network interface in the estate; modelled in {node.subnet} as {node.private_ip} (A5, A6)")
            break
    return best.verdict(source=source.label, destination=destination.label, protocol=protocol, port=port)


def _progress(trace: Trace) -> tuple[int, int]:
    return (trace.forward_blocker is None, len(trace.forward))


def _attempts(network: Network, source: Endpoint, destination: Endpoint, protocol: str, port: int) -> Iterator[Trace]:
    if destination.kind == "nat-gateway":  # NAT1
        trace = Trace()
        node = destination.nodes[0] if destination.nodes else None
        trace.block(FORWARD, "nat-gateway", "nat-gateway", node.id if node else destination.label,
                    f"{destination.label}: NAT gateways accept no inbound connections (NAT1)")
        yield trace
        return
    senders = _senders(source)
    for client in _clients(network, source, destination):
        for sender in senders:
            if destination.kind == "load-balancer":
                yield from through_load_balancer(network, sender, client, destination, protocol, port)
                continue
            for target, address, via_public in _receivers(network, sender, destination, client):
                trace = Trace()
                walk = Walk(network, protocol, port, trace)
                if sender is None:
                    walk.from_internet(client, target)
                else:
                    walk.from_node(sender, target, address, via_public)
                if destination.kind == "gateway-endpoint" and not trace.blocked:
                    endpoint = destination.resource.id if destination.resource else destination.label
                    if not any(h.kind == "vpc-endpoint" and h.id == endpoint for h in trace.forward):
                        trace.block(FORWARD, "vpc-endpoint", "vpc-endpoint", endpoint,
                                    f"{endpoint}: the path does not use the endpoint (VPCE1, VPCE2: only sources "
                                    "in its VPC whose route table carries its prefix list)")
                yield trace


def _senders(source: Endpoint) -> list[Node | None]:
    if source.kind == INTERNET:
        return [None]
    if source.kind == "load-balancer":
        return list(source.nodes)  # any node of the LB (A6)
    return list(source.nodes[:1])  # A1: an instance sends from its primary ENI


def _receivers(network: Network, sender: Node | None, destination: Endpoint,
               client: str) -> Iterator[tuple[Node | None, str, bool]]:
    if destination.kind == INTERNET:
        yield None, client, False
        return
    if destination.kind == "gateway-endpoint":
        yield None, _service_address(network, destination), False
        return
    for node in destination.nodes:  # A1: any ENI of the destination will do
        if sender is None and client and ip(client).version == 6:
            yield node, node.ipv6[0] if node.ipv6 else node.private_ip, True
        elif sender is None:
            yield node, node.public_ip or node.private_ip, True
        elif destination.via_public and node.public_ip:
            yield node, node.public_ip, True
        else:
            yield node, node.private_ip, False


def _clients(network: Network, source: Endpoint, destination: Endpoint) -> list[str]:
    """Q3: the concrete address, or representatives of "the internet" for this query."""
    internet_end = source if source.kind == INTERNET else destination if destination.kind == INTERNET else None
    if internet_end is None:
        return [""]
    if internet_end.address:
        return [internet_end.address]
    nodes = [n for n in source.nodes + destination.nodes]
    cidrs: set[str] = set()
    vpcs = {n.vpc for n in nodes}
    for node in nodes:
        for group in node.groups:
            data = network.groups.get(group, {})
            for rule in list(data.get("IpPermissions") or ()) + list(data.get("IpPermissionsEgress") or ()):
                cidrs.update(r["CidrIp"] for r in rule.get("IpRanges") or ())
                for ref in rule.get("PrefixListIds") or ():
                    cidrs.update(network.prefix_lists.get(ref.get("PrefixListId", ""), ()))
    for vpc in vpcs:
        cidrs.update(network.table_cidrs(vpc))
    return network.internet_candidates(cidrs)


def _service_address(network: Network, destination: Endpoint) -> str:
    data = destination.resource.data if destination.resource else {}
    service = str(data.get("ServiceName", ""))
    for pl, name in network.prefix_list_names.items():
        if name == service and network.prefix_lists.get(pl):
            cidr = network.prefix_lists[pl][0]
            return str(net(cidr).network_address + 1)
    raise Unresolvable(f"{destination.label}: no prefix list for {service} in the estate (VPCE1)")
