"""Resolve what a user typed as a source or destination (section 2: A1-A6) into nodes and an
addressing mode. Unknown or ambiguous names raise ``Unresolvable`` (the CLI exits 2). Also the
candidates a picker offers for an end, ranked: whole-word matches first, then those in the other
end's VPC, then in its Region (issue 14: ``orders-db`` from a us-east-1 instance means the
us-east-1 database); pickers only render this order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from awsx.core.filters import FilterRow
from awsx.core.graph import Estate, UnknownResource
from awsx.core.model import Resource

from .addresses import is_internet, is_ip
from .network import Network, Node

INTERNET = "internet"
# The kinds ``resolve`` accepts as a source or destination (section 2), for pickers and help.
ENDPOINT_KINDS = ("ec2:instance", "ec2:network-interface", "rds:db-instance", "elbv2:load-balancer",
                  "ec2:vpc-endpoint", "ec2:elastic-ip", "ec2:nat-gateway")


class Unresolvable(ValueError):
    """SRC/DST names nothing the engine can use (A4: an unowned VPC address is an error)."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """``kind``: internet | nodes | load-balancer | nat-gateway | gateway-endpoint.
    ``address``: for the internet, a concrete address, or None for "every internet address" (Q3);
    for nodes, the address the user gave: that address only, not any of the node's (issue 14).
    ``via_public``: the destination is addressed by its public IP/EIP (A4, IGW5)."""

    kind: str
    label: str
    nodes: tuple[Node, ...] = ()
    address: str | None = None
    via_public: bool = False
    resource: Resource | None = None


def resolve(estate: Estate, network: Network, ref: str) -> Endpoint:
    if ref.lower() == INTERNET:
        return Endpoint(INTERNET, INTERNET)
    if is_ip(ref):
        return _by_address(network, ref)
    try:
        resource = estate.find(ref)
    except UnknownResource as exc:
        raise Unresolvable(str(exc)) from None
    return _by_resource(network, resource, ref)


def _by_address(network: Network, address: str) -> Endpoint:
    node = network.owner_of_address.get(address)
    if node is not None:
        return _node_endpoint(node, address, via_public=False)
    node = network.by_public.get(address)
    if node is not None:
        return _node_endpoint(node, address, via_public=True)
    vpc = network.vpc_containing(address)
    if vpc is not None or not is_internet(address):
        where = f"inside {vpc}" if vpc else "a private address"
        raise Unresolvable(f"{address} is {where} but no network interface owns it (A4)")
    return Endpoint(INTERNET, address, address=address)


def _node_endpoint(node: Node, address: str, via_public: bool) -> Endpoint:
    kind = "nat-gateway" if node.kind == "nat-gateway" else "nodes"
    return Endpoint(kind, f"{node.id} ({address})", (node,), address=address, via_public=via_public)


def _by_resource(network: Network, r: Resource, ref: str) -> Endpoint:
    if r.kind == "ec2:network-interface":
        nat = network.nat_of_eni.get(r.id)
        if nat:  # section 18: a NAT gateway's ENI is modelled as the NAT gateway itself
            return Endpoint("nat-gateway", f"{nat} ({r.id})", tuple(network.nodes_of("nat-gateway", nat)))
        nodes = tuple(network.with_id.get(r.id, ()))
        if nodes and nodes[0].kind == "nat-gateway":
            return Endpoint("nat-gateway", r.id, nodes)
        return Endpoint("nodes", r.id, nodes)
    if r.kind == "ec2:instance":
        nodes = tuple(network.instance_nodes(r.id))
        if not nodes:
            raise Unresolvable(f"{r.id} has no network interface in the estate")
        return Endpoint("nodes", f"{r.id} ({r.name})" if r.name else r.id, nodes)
    if r.kind == "elbv2:load-balancer":
        return Endpoint("load-balancer", r.id, tuple(network.nodes_of("load-balancer", r.id)), resource=r)
    if r.kind == "rds:db-instance":
        nodes = tuple(network.nodes_of("db-instance", r.id))
        if not nodes:
            raise Unresolvable(f"{r.id}: its DB subnet group names no known subnet (A5)")
        return Endpoint("nodes", r.id, nodes, resource=r)
    if r.kind == "ec2:nat-gateway":
        return Endpoint("nat-gateway", r.id, tuple(network.nodes_of("nat-gateway", r.id)))
    if r.kind == "ec2:elastic-ip":
        public = str(r.data.get("PublicIp", ""))
        if public in network.by_public:
            return _by_address(network, public)
        raise Unresolvable(f"{r.id} ({public}) is not associated with any network interface")
    if r.kind == "ec2:vpc-endpoint":
        if r.data.get("VpcEndpointType") == "Gateway":
            return Endpoint("gateway-endpoint", r.id, resource=r)
        enis = set(r.data.get("NetworkInterfaceIds") or ())
        nodes = tuple(n for n in network.nodes if n.id in enis or (n.kind == "vpc-endpoint" and n.id == r.id))
        if not nodes:
            raise Unresolvable(f"{r.id} has no network interfaces in the estate (VPCE3)")
        return Endpoint("nodes", r.id, nodes, resource=r)
    raise Unresolvable(f"{ref!r} is a {r.kind}; use an ENI, instance, IP, load balancer, RDS instance, "
                       "VPC endpoint or 'internet'")


# --- candidates for a picker ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Candidate:
    """``ref`` is what goes into the input (an id when it is unique, else the ARN); ``region`` and
    ``vpc`` place it, for ranking by nearness."""

    ref: str
    name: str
    kind: str
    ips: tuple[str, ...] = ()
    region: str = ""
    vpc: str = ""

    @property
    def row(self) -> FilterRow:
        return FilterRow((self.ref, self.name, self.kind, *self.ips))


def candidates(estate: Estate) -> list[Candidate]:
    """``internet`` first, then every resource of a kind ``resolve`` accepts."""
    found = [Candidate(INTERNET, "anywhere on the internet", "internet")]
    for kind in ENDPOINT_KINDS:
        for resource in sorted(estate.resources(kind), key=lambda r: (r.name.casefold(), r.id)):
            found.append(Candidate(short_ref(estate, resource.arn), resource.name, kind, resource.ips,
                                   resource.region, _vpc_of(resource)))
    return found


def short_ref(estate: Estate, arn: str) -> str:
    """The resource's id when it names only this resource, else its ARN: what a user would type."""
    resource_id = estate.resource(arn).id
    try:
        return resource_id if estate.find(resource_id).arn == arn else arn
    except UnknownResource:
        return arn


def _vpc_of(resource: Resource) -> str:
    data = resource.data
    return str(data.get("VpcId") or (data.get("DBSubnetGroup") or {}).get("VpcId") or "")


def ranked(choices: Sequence[Candidate], kept: Sequence[int], typed: str, near: str = "") -> list[Candidate]:
    """The kept candidates in the order a picker shows them: whole-word matches of ``typed``
    first (``db`` puts ``orders-db`` before ``app-b``), then, among equals, those in the VPC of
    the candidate ``near`` names (the other end, by ref, name or IP), then in its Region; the
    order given (by name) last."""
    needle = typed.strip().casefold()
    anchor = next((c for c in choices if near and near in (c.ref, c.name, *c.ips)), None)

    def key(index: int) -> tuple[bool, bool, bool]:
        choice = choices[index]
        whole = any(needle in cell.casefold() for cell in choice.row.cells)
        same_vpc = anchor is not None and bool(anchor.vpc) and choice.vpc == anchor.vpc
        same_region = anchor is not None and bool(anchor.region) and choice.region == anchor.region
        return not whole, not same_vpc, not same_region

    return [choices[i] for i in sorted(kept, key=key)]
