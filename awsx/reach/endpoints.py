"""Resolve what a user typed as a source or destination (section 2: A1-A6; issue 16: A7-A11)
into nodes and an addressing mode. Unknown or ambiguous names raise ``Unresolvable`` (the CLI exits 2). Also the
candidates a picker offers for an end, ranked: whole-word matches first, then those in the other
end's VPC, then in its Region (issue 14: ``orders-db`` from a us-east-1 instance means the
us-east-1 database); pickers only render this order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from awsx.core.filters import FilterRow
from awsx.core.graph import Estate, UnknownResource
from awsx.core.model import Resource

from .addresses import is_internet, is_ip
from .dns import record_names
from .network import Network, Node
from .service_nodes import crawled_eni
from .verdict import Unresolvable

INTERNET = "internet"
# The kinds ``resolve`` accepts as a source or destination (section 2), for pickers and help.
ENDPOINT_KINDS = ("ec2:instance", "ec2:network-interface", "rds:db-instance", "elbv2:load-balancer",
                  "ec2:vpc-endpoint", "ec2:elastic-ip", "ec2:nat-gateway", "ecs:task", "elasticache:cluster",
                  "elasticache:replication-group", "eks:cluster", "rds:db-cluster", "elb:load-balancer")


@dataclass(frozen=True, slots=True)
class Placement:
    """A kind that resolves to the nodes of itself or of its members (A1: reachable if any is),
    in order: the node kind, the ids whose nodes they are, the port it listens on (None:
    unknown), what to say when it has none, and the rule that places it."""

    node_kind: str
    members: Callable[[Resource], list[str]]
    port: Callable[[Mapping[str, Any]], Any]
    missing: str
    rule: str


def _aurora_members(r: Resource) -> list[str]:
    """A10: an Aurora cluster's DB instances (DescribeDBClusters ``DBClusterMembers``), writer first."""
    members = sorted(r.data.get("DBClusterMembers") or (), key=lambda m: not m.get("IsClusterWriter"))
    return [str(m.get("DBInstanceIdentifier", "")) for m in members]


def _first_cache_port(d: Mapping[str, Any]) -> Any:
    """A8: a cache node's endpoint port, else the configuration (Memcached, cluster mode) or primary endpoint's."""
    nodes = [n.get("Endpoint") or {} for n in d.get("CacheNodes") or ()]
    groups = [g.get("PrimaryEndpoint") or {} for g in d.get("NodeGroups") or ()]
    return next((e.get("Port") for e in (*nodes, d.get("ConfigurationEndpoint") or {}, *groups) if e.get("Port")), None)


PLACEMENTS: dict[str, Placement] = {
    "rds:db-instance": Placement("db-instance", lambda r: [r.id], lambda d: (d.get("Endpoint") or {}).get("Port"),
                                 "its DB subnet group names no known subnet", "A5"),
    "rds:db-cluster": Placement("db-instance", _aurora_members, lambda d: d.get("Port"),
                                "none of its DBClusterMembers is a DB instance in the estate", "A10"),
    "elasticache:cluster": Placement("cache-node", lambda r: [r.id], _first_cache_port,
                                     "its cache subnet group names no known subnet", "A8"),
    "elasticache:replication-group": Placement("cache-node", lambda r: list(r.data.get("MemberClusters") or ()),
                                               _first_cache_port,
                                               "none of its MemberClusters is a cache cluster in the estate", "A8"),
}


@dataclass(frozen=True, slots=True)
class Endpoint:
    """``kind``: internet | nodes | load-balancer | nat-gateway | gateway-endpoint | eks (EKS1: the
    nodes are the control plane's ENIs, the public endpoint is the resource's).
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
    if r.kind in PLACEMENTS:
        placement = PLACEMENTS[r.kind]
        nodes = tuple(n for member in placement.members(r) for n in network.nodes_of(placement.node_kind, member))
        if not nodes:
            raise Unresolvable(f"{r.id}: {placement.missing} ({placement.rule})")
        return Endpoint("nodes", r.id, nodes, resource=r)
    if r.kind == "elb:load-balancer":  # A11
        return Endpoint("load-balancer", r.id, tuple(network.nodes_of("classic-load-balancer", r.id)), resource=r)
    if r.kind == "eks:cluster":  # A9 (private endpoint nodes) and EKS1 (the public endpoint, eks.py)
        return Endpoint("eks", r.id, tuple(network.nodes_of("eks-endpoint", r.id)), resource=r)
    if r.kind == "ecs:task":
        return _task_endpoint(network, r)
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
    raise Unresolvable(f"{ref!r} is a {r.kind}; use an ENI, instance, IP, load balancer, RDS instance or cluster, "
                       "ECS task, ElastiCache cluster, EKS cluster, VPC endpoint, Route 53 name or 'internet'")


def _task_endpoint(network: Network, r: Resource) -> Endpoint:
    """A7: an awsvpc task is its ENI's node when the crawl holds the ENI (its groups, public
    address and attachment are the ENI's), else the node placed from its attachment."""
    eni = crawled_eni(network, r)
    if eni is not None:
        return Endpoint("nodes", f"{r.id} ({eni})", tuple(network.with_id.get(eni, ())), resource=r)
    nodes = tuple(network.nodes_of("ecs-task", r.id))
    if not nodes:
        raise Unresolvable(f"{r.id} has no awsvpc network interface in a known subnet (A7: bridge and host "
                           "networking tasks use their container instance's)")
    return Endpoint("nodes", r.id, nodes, resource=r)


def listening_port(resource: Resource | None) -> tuple[int | None, str]:
    """The port a database or cache listens on and the rule saying so (A5, A8, A10), for the
    warning when a query asks another port; None for kinds that do not say."""
    placement = PLACEMENTS.get(resource.kind) if resource is not None else None
    if placement is None or resource is None:
        return None, ""
    port = placement.port(resource.data)
    return (int(port) if isinstance(port, int) else None), placement.rule


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
    """``internet`` first, then every resource of a kind ``resolve`` accepts, then every Route 53
    name (DNS1: a destination by its name, once however many record sets it has)."""
    found = [Candidate(INTERNET, "anywhere on the internet", "internet")]
    for kind in ENDPOINT_KINDS:
        for resource in sorted(estate.resources(kind), key=lambda r: (r.name.casefold(), r.id)):
            found.append(Candidate(short_ref(estate, resource.arn), resource.name, kind, resource.ips,
                                   resource.region, _vpc_of(resource)))
    for name, record in record_names(Network.of(estate).names):
        found.append(Candidate(name, f"{record.data.get('Type', '')} record", record.kind, region=record.region))
    return found


def short_ref(estate: Estate, arn: str) -> str:
    """The resource's id when it names only this resource, else its ARN: what a user would type."""
    resource_id = estate.resource(arn).id
    try:
        return resource_id if estate.find(resource_id).arn == arn else arn
    except UnknownResource:
        return arn


def _vpc_of(resource: Resource) -> str:
    """The VPC a record names, where its kind says it (a Classic Load Balancer's ``VPCId``, an
    EKS cluster's ``resourcesVpcConfig``); "" for the kinds that place it only through subnets."""
    data = resource.data

    def inside(field: str, key: str) -> object:  # an Aurora cluster's DBSubnetGroup is only a name
        value = data.get(field)
        return value.get(key) if isinstance(value, dict) else None

    return str(data.get("VpcId") or data.get("VPCId") or inside("DBSubnetGroup", "VpcId")
               or inside("resourcesVpcConfig", "vpcId") or "")


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
