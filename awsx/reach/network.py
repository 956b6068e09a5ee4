"""A read-only index of the network parts of an Estate, built once per estate: nodes (ENIs and
the modelled nodes of NAT gateways, load balancers, RDS instances, interface endpoints, and of
ECS tasks, ElastiCache, EKS endpoints and Classic Load Balancers: service_nodes.py), subnets
with their route table (RT1) and network ACL (NACL1), security groups and their members (SG4),
gateways, peerings, prefix lists and transit gateway tables."""

from __future__ import annotations

import weakref
from collections import defaultdict
from typing import Any, Mapping

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.core.usage import eni_in_use

from .addresses import contains, is_ip, net
from .dns import NameIndex
from .internet import AddressSet, atoms, internet
from .nodes import Node, Subnet
from .rules import ordered_entries
from .service_nodes import cache_nodes, classic_load_balancer_nodes, eks_nodes, subnet_in_zone, task_node


def _stand_in(cidr: str, taken: int = 0) -> str:
    """A usable address of a subnet for a node moto gives none: counting down from the last
    but one, one per modelled node, so two modelled nodes never share an address (SG4)."""
    network = net(cidr)
    return str(network.network_address + max(network.num_addresses - 2 - taken, 4))


class Network:
    """Look-ups of the reachability engine. Build with ``Network.of(estate)`` (cached)."""

    _cache: "weakref.WeakKeyDictionary[Estate, Network]" = weakref.WeakKeyDictionary()

    @classmethod
    def of(cls, estate: Estate) -> Network:
        network = cls._cache.get(estate)
        if network is None:
            network = cls._cache[estate] = cls(estate)
        return network

    def __init__(self, estate: Estate) -> None:
        # Weakly: the cache maps estate -> Network, and a value holding its key keeps every
        # estate ever queried alive (a TUI session that refreshes would grow without end).
        self._estate = weakref.ref(estate)
        self.vpcs: dict[str, Resource] = {r.id: r for r in estate.resources("ec2:vpc")}
        self.subnets: dict[str, Subnet] = {}
        for r in estate.resources("ec2:subnet"):
            d = r.data
            v6 = tuple(a["Ipv6CidrBlock"] for a in d.get("Ipv6CidrBlockAssociationSet") or () if a.get("Ipv6CidrBlock"))
            self.subnets[r.id] = Subnet(r.id, d.get("VpcId", ""), d.get("CidrBlock", ""), d.get("AvailabilityZone", ""),
                                        r.region, v6)
        self.groups: dict[str, Mapping[str, Any]] = {r.id: r.data for r in estate.resources("ec2:security-group")}
        self.prefix_lists: dict[str, tuple[str, ...]] = {
            r.id: tuple(e["Cidr"] for e in r.data.get("Entries") or () if e.get("Cidr"))
            for r in estate.resources("ec2:prefix-list")}
        self.prefix_list_names: dict[str, str] = {r.id: r.name for r in estate.resources("ec2:prefix-list")}
        self._index_tables(estate)
        self._index_gateways(estate)
        self.nodes: list[Node] = []
        self._modelled: dict[str, int] = defaultdict(int)
        self._index_nodes(estate)
        self._by_owner: dict[tuple[str, str], list[Node]] = defaultdict(list)
        for node in self.nodes:
            self._by_owner[(node.kind, node.owner)].append(node)
            if node.owner != node.id:
                self._by_owner[(node.kind, node.id)].append(node)
        self.by_id: dict[str, Node] = {}
        self.with_id: dict[str, list[Node]] = defaultdict(list)
        for node in self.nodes:
            self.by_id.setdefault(node.id, node)
            self.with_id[node.id].append(node)
        self.by_private: dict[tuple[str, str], Node] = {}
        self.owner_of_address: dict[str, Node] = {}  # A4: the first real (not modelled) node holding it
        self.by_public: dict[str, Node] = {}
        self.members: dict[str, set[str]] = defaultdict(set)
        for node in self.nodes:
            for address in (*(node.private_ips or (node.private_ip,)), *node.ipv6):
                self.by_private.setdefault((node.vpc, address), node)
                if not node.modelled:
                    self.owner_of_address.setdefault(address, node)
                for group in node.groups:
                    self.members[group].add(address)
            if node.public_ip:
                self.by_public.setdefault(node.public_ip, node)
        # The estate's own public addresses: never a stand-in for "the internet" (Q3).
        self.public_addresses: frozenset[str] = frozenset(a for a in self.by_public if is_ip(a))
        self._vpc_cidrs = {vpc: self._cidrs_of(vpc) for vpc in self.vpcs}
        self._atoms: dict[tuple[int, frozenset[str]], list[tuple[str, AddressSet]]] = {}
        self._internet: dict[int, AddressSet] = {}
        self._table_cidrs: dict[str, frozenset[str]] = {}
        self._nacl_entries: dict[tuple[str, bool], list[Mapping[str, Any]]] = {}
        self.names = NameIndex(estate)  # DNS1: Route 53 names as destinations

    @property
    def estate(self) -> Estate:
        estate = self._estate()
        assert estate is not None, "the estate of this Network is gone; use Network.of(estate)"
        return estate

    # --- route tables (RT1) and NACLs (NACL1) ------------------------------------------------
    def _index_tables(self, estate: Estate) -> None:
        self.route_tables: dict[str, Mapping[str, Any]] = {}
        self.subnet_route_table: dict[str, str] = {}
        self.main_route_table: dict[str, str] = {}
        for r in estate.resources("ec2:route-table"):
            self.route_tables[r.id] = r.data
            for association in r.data.get("Associations") or ():
                state = (association.get("AssociationState") or {}).get("State", "associated")
                if state not in ("associated", "associating"):
                    continue
                if association.get("Main"):  # RT1: the *current* main table of this VPC
                    self.main_route_table[r.data.get("VpcId", "")] = r.id
                elif association.get("SubnetId"):
                    self.subnet_route_table[association["SubnetId"]] = r.id
        self.nacls: dict[str, Mapping[str, Any]] = {}
        self.subnet_nacl: dict[str, str] = {}
        for r in sorted(estate.resources("ec2:network-acl"), key=lambda r: bool(r.data.get("IsDefault"))):
            self.nacls[r.id] = r.data
            for association in r.data.get("Associations") or ():
                # NACL1: one per subnet; a custom association wins over a stale default one.
                self.subnet_nacl.setdefault(association.get("SubnetId", ""), r.id)
        self.default_nacl = {r.data.get("VpcId", ""): r.id for r in estate.resources("ec2:network-acl")
                             if r.data.get("IsDefault")}

    def route_table_of(self, subnet: str) -> str | None:
        """RT1: the explicitly associated table, else the VPC's current main table."""
        found = self.subnet_route_table.get(subnet)
        if found:
            return found
        vpc = self.subnets[subnet].vpc if subnet in self.subnets else ""
        return self.main_route_table.get(vpc)

    def nacl_entries(self, nacl: str, egress: bool) -> list[Mapping[str, Any]]:
        """NACL3 order of one NACL's entries, sorted once per estate."""
        key = (nacl, egress)
        if key not in self._nacl_entries:
            self._nacl_entries[key] = ordered_entries(self.nacls[nacl], egress)
        return self._nacl_entries[key]

    def nacl_of(self, subnet: str) -> str | None:
        found = self.subnet_nacl.get(subnet)
        if found:
            return found
        vpc = self.subnets[subnet].vpc if subnet in self.subnets else ""
        return self.default_nacl.get(vpc)

    # --- gateways, peerings, transit gateways ------------------------------------------------
    def _index_gateways(self, estate: Estate) -> None:
        self.igw_of_vpc: dict[str, str] = {}
        self.igws: dict[str, Mapping[str, Any]] = {}
        for r in estate.resources("ec2:internet-gateway"):
            self.igws[r.id] = r.data
            for attachment in r.data.get("Attachments") or ():
                if attachment.get("State") in ("available", "attached"):
                    self.igw_of_vpc[attachment.get("VpcId", "")] = r.id
        self.eigws: dict[str, Mapping[str, Any]] = {r.id: r.data for r in estate.resources("ec2:egress-only-internet-gateway")}
        self.nat_gateways: dict[str, Mapping[str, Any]] = {r.id: r.data for r in estate.resources("ec2:nat-gateway")}
        self.peerings: dict[str, Mapping[str, Any]] = {r.id: r.data for r in estate.resources("ec2:vpc-peering-connection")}
        self.endpoints: dict[str, Mapping[str, Any]] = {r.id: r.data for r in estate.resources("ec2:vpc-endpoint")}
        self.transit_gateways: dict[str, Mapping[str, Any]] = {r.id: r.data for r in estate.resources("ec2:transit-gateway")}
        self.tgw_attachments: dict[str, Mapping[str, Any]] = {
            r.id: r.data for r in estate.resources("ec2:transit-gateway-attachment")}
        self.tgw_route_tables: dict[str, Mapping[str, Any]] = {
            r.id: r.data for r in estate.resources("ec2:transit-gateway-route-table")}
        self.instances: dict[str, Resource] = {r.id: r for r in estate.resources("ec2:instance")}

    def vpc_cidrs(self, vpc: str) -> tuple[str, ...]:
        return self._vpc_cidrs.get(vpc) or self._cidrs_of(vpc)

    def _cidrs_of(self, vpc: str) -> tuple[str, ...]:
        data = self.vpcs[vpc].data if vpc in self.vpcs else {}
        cidrs = [a["CidrBlock"] for a in data.get("CidrBlockAssociationSet") or ()
                 if a.get("CidrBlock") and (a.get("CidrBlockState") or {}).get("State", "associated") == "associated"]
        if not cidrs and data.get("CidrBlock"):
            cidrs.append(data["CidrBlock"])
        cidrs += [a["Ipv6CidrBlock"] for a in data.get("Ipv6CidrBlockAssociationSet") or () if a.get("Ipv6CidrBlock")]
        return tuple(cidrs)

    def all_vpc_cidrs(self) -> list[str]:
        return [c for vpc in self.vpcs for c in self.vpc_cidrs(vpc)]

    def table_cidrs(self, vpc: str) -> frozenset[str]:
        """The IPv4/IPv6 CIDRs the NACL entries and routes of one VPC mention, prefix-list
        destinations expanded (where the internet is cut into atoms, internet.py)."""
        if vpc not in self._table_cidrs:
            found = {e[key] for d in self.nacls.values() if d.get("VpcId") == vpc
                     for e in d.get("Entries") or () for key in ("CidrBlock", "Ipv6CidrBlock") if e.get(key)}
            for d in self.route_tables.values():
                if d.get("VpcId") != vpc:
                    continue
                for r in d.get("Routes") or ():
                    found.update(r[key] for key in ("DestinationCidrBlock", "DestinationIpv6CidrBlock") if r.get(key))
                    found.update(self.prefix_lists.get(r.get("DestinationPrefixListId") or "", ()))
            self._table_cidrs[vpc] = frozenset(found)
        return self._table_cidrs[vpc]

    def internet_atoms(self, version: int, cidrs: frozenset[str]) -> list[tuple[str, AddressSet]]:
        """Q3: the internet of one family cut by the CIDRs a query's rules mention, each atom with
        the address to walk for it (never one of the estate's own when it can help it); the
        same CIDRs recur across queries (an exposure scan asks thousands), so computed once."""
        key = (version, cidrs)
        if key not in self._atoms:
            self._atoms[key] = [(atom.sample(self.public_addresses) or "", atom)
                                for atom in atoms(self.internet(version), cidrs)]
        return self._atoms[key]

    def internet(self, version: int) -> AddressSet:
        """Q3: every global address of a family outside the estate's VPCs, computed once."""
        if version not in self._internet:
            self._internet[version] = internet(version, self.all_vpc_cidrs())
        return self._internet[version]

    def vpc_containing(self, address: str) -> str | None:
        for vpc in self.vpcs:
            if any(contains(c, address) for c in self.vpc_cidrs(vpc)):
                return vpc
        return None

    def node_at(self, vpc: str, address: str) -> Node | None:
        return self.by_private.get((vpc, address))

    # --- nodes (A2, A3, A5, A6) ------------------------------------------------------------
    def _index_nodes(self, estate: Estate) -> None:
        nat_enis = {a.get("NetworkInterfaceId"): nat for nat, d in self.nat_gateways.items()
                    for a in d.get("NatGatewayAddresses") or ()}
        self.nat_of_eni: dict[str, str] = nat_enis
        for r in estate.resources("ec2:network-interface"):
            if r.id in nat_enis:
                continue  # section 18: NAT ENIs are modelled from DescribeNatGateways below
            # A3: an ENI sends and receives only while something owns or uses it (awsx.core.usage)
            self.nodes.append(self._eni_node(r, attached=eni_in_use(estate, r)))
        for nat, d in self.nat_gateways.items():
            if d.get("State") not in (None, "available", "pending"):
                continue
            subnet = self.subnets.get(d.get("SubnetId", ""))
            addresses = [a for a in d.get("NatGatewayAddresses") or () if a.get("PrivateIp")]
            if subnet is None:
                continue
            private = addresses[0]["PrivateIp"] if addresses else self.stand_in(subnet)
            public = next((a.get("PublicIp") for a in addresses if a.get("PublicIp")), None)
            self.nodes.append(Node("nat-gateway", nat, subnet.vpc, subnet.id, subnet.az, subnet.region, private, public,
                                   (), True, False, not addresses, nat))
        for r in estate.resources("elbv2:load-balancer"):
            self.nodes.extend(self.load_balancer_nodes(r))
        for r in estate.resources("rds:db-instance"):
            node = self.db_node(r)
            if node:
                self.nodes.append(node)
        self._index_service_nodes(estate)
        for endpoint, d in self.endpoints.items():
            if d.get("VpcEndpointType") == "Interface" and not d.get("NetworkInterfaceIds"):
                groups = tuple(g.get("GroupId", "") for g in d.get("Groups") or ())
                for subnet_id in d.get("SubnetIds") or ():
                    subnet = self.subnets.get(subnet_id)
                    if subnet:
                        self.nodes.append(Node("vpc-endpoint", endpoint, subnet.vpc, subnet.id, subnet.az,
                                               subnet.region, self.stand_in(subnet), None, groups, modelled=True,
                                               owner=endpoint))

    def _index_service_nodes(self, estate: Estate) -> None:
        """A7-A11: the nodes of ECS tasks, ElastiCache clusters, EKS private endpoints and Classic
        Load Balancers (service_nodes.py)."""
        for r in estate.resources("ecs:task"):
            node = task_node(self, r)
            if node:
                self.nodes.append(node)
        for kind, place in (("elasticache:cluster", cache_nodes), ("eks:cluster", eks_nodes),
                            ("elb:load-balancer", classic_load_balancer_nodes)):
            for r in estate.resources(kind):
                self.nodes.extend(place(self, r))

    def stand_in(self, subnet: Subnet) -> str:
        address = _stand_in(subnet.cidr, self._modelled[subnet.id])
        self._modelled[subnet.id] += 1
        return address

    def _eni_node(self, r: Resource, attached: bool) -> Node:
        d = r.data
        subnet = self.subnets.get(d.get("SubnetId", ""))
        privates = tuple(p["PrivateIpAddress"] for p in d.get("PrivateIpAddresses") or () if p.get("PrivateIpAddress"))
        primary = d.get("PrivateIpAddress") or (privates[0] if privates else "")
        public = (d.get("Association") or {}).get("PublicIp")
        owner = (d.get("Attachment") or {}).get("InstanceId") or ""
        return Node("network-interface", r.id, d.get("VpcId", ""), d.get("SubnetId", ""),
                    d.get("AvailabilityZone") or (subnet.az if subnet else ""), r.region, primary, public,
                    tuple(g.get("GroupId", "") for g in d.get("Groups") or ()), attached,
                    bool(d.get("SourceDestCheck", True)), False, owner,
                    tuple(a.get("Ipv6Address", "") for a in d.get("Ipv6Addresses") or ()), privates or (primary,))

    def load_balancer_nodes(self, r: Resource) -> list[Node]:
        """A6: one node per enabled AZ, carrying the LB's SGs, public iff internet-facing."""
        d = r.data
        nodes = []
        for zone in d.get("AvailabilityZones") or ():
            subnet = self.subnets.get(zone.get("SubnetId", ""))
            if subnet is None:
                continue
            public = None
            if d.get("Scheme") == "internet-facing":
                addresses = [a.get("IpAddress") for a in zone.get("LoadBalancerAddresses") or () if a.get("IpAddress")]
                public = addresses[0] if addresses else f"lb:{r.id}:{subnet.az}"
            nodes.append(Node("load-balancer", r.id, subnet.vpc, subnet.id, subnet.az, subnet.region,
                              self.stand_in(subnet), public, tuple(d.get("SecurityGroups") or ()), modelled=True,
                              owner=r.id))
        return nodes

    def db_node(self, r: Resource) -> Node | None:
        """A5: in the DB-subnet-group subnet of its AZ; public iff PubliclyAccessible."""
        d = r.data
        subnet = subnet_in_zone(self, (d.get("DBSubnetGroup") or {}).get("Subnets") or (), d.get("AvailabilityZone"))
        if subnet is None:
            return None
        public = f"rds:{r.id}" if d.get("PubliclyAccessible") else None
        groups = tuple(g.get("VpcSecurityGroupId", "") for g in d.get("VpcSecurityGroups") or ())
        return Node("db-instance", r.id, subnet.vpc, subnet.id, subnet.az, subnet.region, self.stand_in(subnet),
                    public, groups, modelled=True, owner=r.id)

    def nodes_of(self, kind: str, owner: str) -> list[Node]:
        return list(self._by_owner.get((kind, owner), ()))

    def instance_nodes(self, instance: str) -> list[Node]:
        """A1: the instance's ENIs, primary (device index 0) first."""
        r = self.instances.get(instance)
        order = {}
        if r is not None:
            order = {e.get("NetworkInterfaceId"): (e.get("Attachment") or {}).get("DeviceIndex", 99)
                     for e in r.data.get("NetworkInterfaces") or ()}
        found = list(self._by_owner.get(("network-interface", instance), ()))
        found += [self.by_id[e] for e in order if e in self.by_id and self.by_id[e] not in found]
        return sorted(found, key=lambda n: order.get(n.id, 99))
