"""``reach(estate, src, dst, port, protocol)``: resolve the ends (section 2), try every
candidate path (an instance's ENIs, a load balancer's nodes, one address per atom of the
internet: Q3, Q6, ``internet.py``) and return the first feasible one, else the blocked path
that got furthest (Q4). From ``internet`` every atom is walked, so the verdict says which
sources are admitted and whether that is the whole internet of a family (``sources``, ``world``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterator

from awsx.core.graph import Estate

from .addresses import ip, net
from .dns import Resolution, Target, resolve_name
from .eks import API_PORT, private_access, public_access_cidrs, public_endpoint, wrong_port
from .endpoints import INTERNET, Endpoint, Unresolvable, listening_port, resolve
from .internet import AddressSet, world
from .loadbalancer import through_load_balancer
from .network import Network, Node
from .verdict import FORWARD, DnsAnswer, Trace, Verdict
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
    for a bad port or protocol, names the estate does not hold or ends that cannot take that role.
    ``dst`` may be a Route 53 name (DNS1-DNS3): the answer is then its targets' (``_by_name``)."""
    port, protocol = checked_port(port), checked_protocol(protocol)
    network = Network.of(estate)
    source = resolve(estate, network, src)
    names = resolve_name(estate, network.names, dst, source.nodes[0].vpc if source.nodes else None)
    if names is not None:
        return _by_name(estate, network, source, names, protocol, port)
    return _reach(network, source, resolve(estate, network, dst), protocol, port)


def _by_name(estate: Estate, network: Network, source: Endpoint, names: Resolution, protocol: str,
             port: int) -> Verdict:
    """DNS2: each target of the name is answered on its own; like an instance with several ENIs
    (A1), the name is reachable if any target is, and the answer shown is the first reachable
    target's (else the first target's), labelled ``name -> target``, with every target's answer
    in ``dns`` and a warning when they differ."""
    answers: list[tuple[Target, Verdict]] = []
    refused: list[str] = []
    for target in names.targets:
        try:
            answers.append((target, _reach(network, source, resolve(estate, network, target.ref), protocol, port)))
        except Unresolvable as exc:
            refused.append(str(exc))
    if not answers:
        raise Unresolvable(f"{names.name} -> {refused[0]}")
    chosen = next((verdict for _, verdict in answers if verdict.reachable), answers[0][1])
    dns = tuple(DnsAnswer(names.name, target.type, target.ref, verdict.reachable, target.set_identifier, verdict.blocker)
                for target, verdict in answers)
    warnings = list(chosen.warnings)
    if len({answer.reachable for answer in dns}) > 1:
        each = "; ".join(f"{v.destination}: {'reachable' if v.reachable else 'not reachable'}" for _, v in answers)
        warnings.append(f"{names.name} resolves to {len(answers)} targets and they differ ({each}); "
                        "reachable if any is (A1, DNS2)")
    warnings += [f"{names.name}: a target is not a reach endpoint: {why} (DNS1)" for why in refused]
    warnings += [f"{names.name} also points outside the estate: {value} (DNS1)" for value in names.outside]
    if names.zoneless:
        warnings.append(f"{names.name}: its hosted zone is not in the estate, so whether it is private (answered "
                        "only inside its VPCs) is unknown (DNS3)")
    return replace(chosen, destination=f"{names.name} -> {chosen.destination}", dns=dns, warnings=tuple(warnings))


def _reach(network: Network, source: Endpoint, destination: Endpoint, protocol: str, port: int) -> Verdict:
    if source.kind in ("nat-gateway", "gateway-endpoint") or (source.resource and source.resource.kind == "ec2:vpc-endpoint"):
        raise Unresolvable(f"{source.label} never initiates connections (NAT1, VPCE3)")
    if source.kind == INTERNET and destination.kind == INTERNET:
        raise Unresolvable("one end must be in the estate")
    best: Trace | None = None
    feasible: Trace | None = None
    conditional: Trace | None = None  # nothing blocks, but the estate lacks what decides a hop
    admitted: dict[int, AddressSet] = {}
    everyone = source.kind == INTERNET and not source.address  # every atom counts (issue 14)
    for client, trace in _attempts(network, source, destination, protocol, port):
        if trace.conditional:
            conditional = conditional or trace
            continue
        if not trace.blocked:
            feasible = feasible or trace
            if client.atom is not None and everyone:
                family = client.atom.version
                admitted[family] = admitted[family] | client.atom if family in admitted else client.atom
                continue
            break
        if best is None or _progress(trace) > _progress(best):
            best = trace
    best = feasible or conditional or best
    assert best is not None
    listening, rule = listening_port(destination.resource)
    if listening and listening != port:
        best.warn(f"{destination.label} listens on {listening}, not {port} ({rule})")
    public_eks = destination.kind == "eks" and destination.resource is not None and (
        source.kind == INTERNET or not private_access(destination.resource.data))  # EKS1: its ENIs are not used
    for node in source.nodes + (() if public_eks else destination.nodes):
        if node.modelled:  # section 18: moto lists no ENI for LB nodes, RDS, some endpoints
            best.warn(f"{node.id}: no network interface in the estate; modelled in {node.subnet} as {node.private_ip} (A5, A6)")
            break
    sources: tuple[str, ...] = ()
    whole: bool | None = None
    if everyone:
        sources = tuple(c for family in sorted(admitted) for c in admitted[family].cidrs())
        whole = any(world(admitted[f], network.internet(f)) for f in admitted)
    return best.verdict(source=source.label, destination=destination.label, protocol=protocol, port=port,
                        sources=sources, world=whole)


def _progress(trace: Trace) -> tuple[int, int]:
    return (trace.forward_blocker is None, len(trace.forward))


@dataclass(frozen=True, slots=True)
class Client:
    """The internet end of one attempt: the address walked with and, for ``internet``, the atom
    of addresses it decides for (internet.py); ``""`` when neither end is the internet."""

    address: str
    atom: AddressSet | None = None


def _attempts(network: Network, source: Endpoint, destination: Endpoint, protocol: str,
              port: int) -> Iterator[tuple[Client, Trace]]:
    if destination.kind == "nat-gateway":  # NAT1
        trace = Trace()
        node = destination.nodes[0] if destination.nodes else None
        trace.block(FORWARD, "nat-gateway", "nat-gateway", node.id if node else destination.label,
                    f"{destination.label}: NAT gateways accept no inbound connections (NAT1)")
        yield Client(""), trace
        return
    if destination.kind == "gateway-endpoint" and source.kind == INTERNET:  # VPCE2
        trace = Trace()
        trace.block(FORWARD, "vpc-endpoint", "vpc-endpoint", destination.label,
                    f"{destination.label}: a gateway endpoint carries traffic only for sources inside its VPC, "
                    "never from the internet (VPCE2)")
        yield Client(""), trace
        return
    cluster = destination.resource
    if destination.kind == "eks" and cluster is not None and (protocol, port) != ("tcp", API_PORT):
        yield Client(""), wrong_port(cluster.id, protocol, port)
        return
    senders = _senders(source)
    for client in _clients(network, source, destination):
        for sender in senders:
            if destination.kind == "load-balancer":
                for trace in through_load_balancer(network, sender, client.address, destination, protocol, port):
                    yield client, trace
                continue
            if cluster is not None and destination.kind == "eks" and (sender is None or not private_access(cluster.data)):
                yield client, public_endpoint(network, sender, client.address, cluster.id, cluster.data)  # EKS1
                continue
            for target, address, via_public in _receivers(network, sender, destination, client.address):
                trace = Trace()
                walk = Walk(network, protocol, port, trace)
                if sender is None:
                    walk.from_internet(client.address, target, destination.address)
                else:
                    walk.from_node(sender, target, address, via_public)
                if destination.kind == "gateway-endpoint" and not trace.blocked:
                    endpoint = destination.resource.id if destination.resource else destination.label
                    if not any(h.kind == "vpc-endpoint" and h.id == endpoint for h in trace.forward):
                        trace.block(FORWARD, "vpc-endpoint", "vpc-endpoint", endpoint,
                                    f"{endpoint}: the path does not use the endpoint (VPCE1, VPCE2: only sources "
                                    "in its VPC whose route table carries its prefix list)")
                yield client, trace


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
        if destination.address:  # issue 14: an address given as the destination means that address only
            yield node, destination.address, destination.via_public
        elif sender is None and client and ip(client).version == 6:
            yield node, node.ipv6[0] if node.ipv6 else node.private_ip, True
        elif sender is None:
            yield node, node.public_ip or node.private_ip, True
        elif destination.via_public and node.public_ip:
            yield node, node.public_ip, True
        else:
            yield node, node.private_ip, False


def _clients(network: Network, source: Endpoint, destination: Endpoint) -> list[Client]:
    """Q3: the concrete address, or one address per atom of the internet for this query: the
    internet of each family the destination can be reached in, cut by every CIDR the query's
    security groups, prefix lists, NACLs and routes mention (internet.py)."""
    internet_end = source if source.kind == INTERNET else destination if destination.kind == INTERNET else None
    if internet_end is None:
        return [Client("")]
    if internet_end.address:
        return [Client(internet_end.address)]
    other = destination if internet_end is source else source
    nodes = list(source.nodes + destination.nodes)
    cidrs: set[str] = set()
    for node in nodes:
        for group in node.groups:
            data = network.groups.get(group, {})
            for rule in list(data.get("IpPermissions") or ()) + list(data.get("IpPermissionsEgress") or ()):
                cidrs.update(r["CidrIp"] for r in rule.get("IpRanges") or ())
                cidrs.update(r["CidrIpv6"] for r in rule.get("Ipv6Ranges") or ())
                for ref in rule.get("PrefixListIds") or ():
                    cidrs.update(network.prefix_lists.get(ref.get("PrefixListId", ""), ()))
    for vpc in {n.vpc for n in nodes}:
        cidrs.update(network.table_cidrs(vpc))
    if destination.kind == "eks" and destination.resource is not None:  # EKS1: the allow list cuts the internet too
        cidrs.update(public_access_cidrs(destination.resource.data) or ())
    return [Client(address, atom)
            for family in _families(other) for address, atom in network.internet_atoms(family, frozenset(cidrs))]


def _families(end: Endpoint) -> tuple[int, ...]:
    """IPv4, and IPv6 when the estate end has an IPv6 address (IGW4); an address given as the
    destination is of its own family only (Q6)."""
    if end.address:
        return (ip(end.address).version,)
    return (4, 6) if any(n.ipv6 for n in end.nodes) else (4,)


def _service_address(network: Network, destination: Endpoint) -> str:
    data = destination.resource.data if destination.resource else {}
    service = str(data.get("ServiceName", ""))
    for pl, name in network.prefix_list_names.items():
        if name == service and network.prefix_lists.get(pl):
            cidr = network.prefix_lists[pl][0]
            return str(net(cidr).network_address + 1)
    raise Unresolvable(f"{destination.label}: no prefix list for {service} in the estate (VPCE1)")
