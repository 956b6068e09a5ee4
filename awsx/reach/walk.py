"""One packet walk between two nodes (section 14): the forward path leg by leg (route table,
NACLs, gateways), then the stateless return path over the same legs in reverse (Q2, NACL5,
RT6, IGW1e, PCX3, TGW5). Security groups, NAT and the IGW address mapping are checked forward
only: they are stateful (SG1) or 1:1 (IGW1)."""

from __future__ import annotations

from dataclasses import dataclass

from .addresses import EPHEMERAL, PortSet, describe, intersect, ip, is_internet, ports, size
from .network import Network, Node
from .routing import lookup, tgw_any_subnet, tgw_association, tgw_attachment_of, tgw_lookup, tgw_subnet_in_az
from .rules import Peer, nacl_decide, sg_decide
from .verdict import FORWARD, RETURN, Trace

MAX_LEGS = 8  # a path through NAT + middleboxes is a handful of legs; more means a routing loop


@dataclass(frozen=True, slots=True)
class Leg:
    """The packet between two subnet boundaries: ``src``/``dst`` are its header addresses on this
    leg; ``back`` is what the reply route in ``target_subnet`` must point to (None: no lookup)."""

    origin_subnet: str | None
    target_subnet: str | None
    src: str
    dst: str
    port_var: int
    back: tuple[str, str] | None = None  # ("local", "") | ("igw", id) | ("pcx", id) | ("tgw", id)
    target_node: Node | None = None
    tgw: tuple[str, str, str] | None = None  # (tgw, reply ingress attachment, expected attachment)
    nacl_within: bool = False  # NACL8: within one subnet, yet its NACL applies (a Classic Load Balancer)


class Walk:
    """Evaluate one (src node or internet address) -> (dst node or internet address) query."""

    def __init__(self, network: Network, protocol: str, port: int, trace: Trace, keep_going: bool = True) -> None:
        self.net, self.protocol, self.port, self.trace = network, protocol, port, trace
        # Q4: walk on past a security group or NACL deny, so one answer names every filter to fix
        self.keep_going = keep_going
        self.vars: dict[int, PortSet] = {0: EPHEMERAL}
        self.legs: list[Leg] = []

    # --- entry points -----------------------------------------------------------------------
    def from_node(self, src: Node, dst: Node | None, dst_ip: str, via_public: bool = False) -> bool:
        """src node -> dst (a node reached at ``dst_ip``, or the internet address ``dst_ip``)."""
        t = self.trace
        if not src.attached:  # A3
            return t.block(FORWARD, "eni-detached", src.kind, src.id, f"{src.id} is not attached (A3)")
        references = not via_public
        src_ip = src.private_ip
        if ip(dst_ip).version == 6:  # Q6: IPv6 is a separate universe; the sender needs an IPv6 address
            if not src.ipv6:
                return t.block(FORWARD, "no-public-ip", src.kind, src.id, f"{src.id} has no IPv6 address for {dst_ip} (Q6, IGW4)")
            src_ip = src.ipv6[0]
        if src.unknown_groups:  # A7, A8: never guessed open
            t.unknown(FORWARD, "security-group", src.id, src.unknown_groups)
        elif src.groups and not self._sg(src, "egress", Peer(dst_ip, references)):
            return False
        if not self._forward(src, src_ip, dst, dst_ip, via_public):
            return False
        return self._return()

    def from_internet(self, client: str, dst: Node, address: str | None = None) -> bool:
        """IGW1: the internet (client address) -> dst's public address, or exactly ``address``
        when the destination was given as one (issue 14: an address means that address)."""
        if not self._inbound(client, dst, 0, address):
            return False
        return self._return()

    # --- forward ----------------------------------------------------------------------------
    def _forward(self, cur: Node, src_ip: str, dst: Node | None, dst_ip: str, via_public: bool) -> bool:
        t, var, references = self.trace, 0, not via_public
        forwarder = ""  # the appliance the packet last went through (MB2: replies may route back to it)
        for _ in range(MAX_LEGS):
            if dst is not None and not via_public and dst.subnet == cur.subnet:
                if "classic-load-balancer" in (cur.kind, dst.kind):  # NACL8: RA ELB_ACL_RESTRICTION
                    t.hop(FORWARD, "subnet", cur.subnet, True,
                          "same subnet: no route table, but a Classic Load Balancer's subnet NACL applies (RT2, NACL8)")
                    leg = Leg(cur.subnet, dst.subnet, src_ip, dst_ip, var, target_node=dst, nacl_within=True)
                    return self._leg(leg) and self._arrive(dst, src_ip, references)
                # RT2, NACL2: within a subnet there is no route table and no NACL
                t.hop(FORWARD, "subnet", cur.subnet, True, "same subnet: no route table, no NACL (RT2, NACL2)")
                self.legs.append(Leg(cur.subnet, dst.subnet, src_ip, dst_ip, var, target_node=dst))
                return self._arrive(dst, src_ip, references)
            table = self.net.route_table_of(cur.subnet)
            route = lookup(self.net, table, cur.vpc, dst_ip) if table else None
            if route is None:  # RT6
                return t.block(FORWARD, "route-table", "route-table", table or cur.subnet,
                               f"no route to {dst_ip} (RT6)")
            target = route.target
            if route.blackhole and not target.startswith(("pcx-", "igw-", "nat-")):
                return t.block(FORWARD, "route-table", "route-table", route.table, f"{route.text} (RT5)")
            if target == "local":
                t.hop(FORWARD, "route-table", route.table, True, route.text)
                node = self._owner(cur.vpc, dst_ip, dst)
                if node is None:
                    return t.block(FORWARD, "route-table", "route-table", route.table,
                                   f"{route.text}: no network interface owns {dst_ip} (A4)")
                if node.kind == "nat-gateway":
                    return t.block(FORWARD, "nat-gateway", "nat-gateway", node.id,
                                   f"{node.id} accepts no inbound connections (NAT1)")
                return self._leg(Leg(cur.subnet, node.subnet, src_ip, dst_ip, var, ("local", forwarder), node)) and \
                    self._arrive(node, src_ip, references)
            if target.startswith("igw-"):
                return self._to_internet(cur, src_ip, dst, dst_ip, var, route, via_public)
            if target.startswith("nat-"):
                nat = next(iter(self.net.nodes_of("nat-gateway", target)), None)
                if nat is None or route.blackhole:
                    why = route.blackhole or "NAT gateway not found"
                    return t.block(FORWARD, "nat-gateway", "nat-gateway", target, f"{route.text}: {why} (RT5)")
                t.hop(FORWARD, "route-table", route.table, True, route.text)
                if not self._leg(Leg(cur.subnet, nat.subnet, src_ip, dst_ip, var, ("local", ""), nat)):
                    return False
                connectivity = (self.net.nat_gateways.get(target) or {}).get("ConnectivityType", "public")
                t.hop(FORWARD, "nat-gateway", target, True,
                      f"{target}: source {src_ip} -> {nat.private_ip}, ports 1024-65535 (NAT2, {connectivity})")
                if connectivity == "private" and is_internet(dst_ip):
                    return t.block(FORWARD, "nat-gateway", "nat-gateway", target,
                                   f"{target} is a private NAT gateway: the internet gateway drops its traffic (NAT5)")
                var = self._new_var()
                cur, src_ip, references = nat, nat.private_ip, False  # NAT6: downstream sees the NAT
                continue
            if target.startswith("pcx-"):
                return self._peering(cur, src_ip, dst, dst_ip, var, route, references)
            if target.startswith("tgw-"):
                return self._transit(cur, src_ip, dst, dst_ip, var, route, references)
            if target.startswith("vpce-"):
                return self._gateway_endpoint(cur, src_ip, dst_ip, var, route)
            if target.startswith("eigw-"):
                t.hop(FORWARD, "route-table", route.table, True, route.text)
                t.hop(FORWARD, "egress-only-internet-gateway", target, True, f"{target}: IPv6 outbound (EIGW1)")
                return self._leg(Leg(cur.subnet, None, src_ip, dst_ip, var))
            if target.startswith(("eni-", "i-")):
                appliance = self._appliance(target)
                if appliance is None:
                    return t.block(FORWARD, "route-table", "route-table", route.table, f"{route.text}: target is gone (RT5)")
                t.hop(FORWARD, "route-table", route.table, True, route.text)
                if appliance.source_dest_check and dst_ip not in appliance.private_ips:  # MB1
                    return t.block(FORWARD, "source-dest-check", "network-interface", appliance.id,
                                   f"{appliance.id} has source/destination check on: drops traffic for {dst_ip} (MB1)")
                if not self._leg(Leg(cur.subnet, appliance.subnet, src_ip, dst_ip, var, ("local", ""), appliance)):
                    return False
                # MB2: the appliance's SGs apply both ways; references to end hosts stop matching (SG4)
                if not self._sg(appliance, "ingress", Peer(src_ip, references)):
                    return False
                if not self._sg(appliance, "egress", Peer(dst_ip, False)):
                    return False
                cur, references, forwarder = appliance, False, appliance.id
                continue
            return t.block(FORWARD, "route-table", "route-table", route.table, f"{route.text}: unsupported component (RT7)")
        return t.block(FORWARD, "route-table", "route-table", cur.subnet, "routing loop (more than 8 legs)")

    def _to_internet(self, cur: Node, src_ip: str, dst: Node | None, dst_ip: str, var: int, route, via_public: bool) -> bool:
        t = self.trace
        if route.blackhole:  # IGW6: the route points to an IGW that is not attached
            return t.block(FORWARD, "igw-missing", "internet-gateway", route.target, f"{route.text} (IGW1a, RT5)")
        if not is_internet(dst_ip):  # IGW2
            return t.block(FORWARD, "route-table", "route-table", route.table,
                           f"{route.text}: the internet gateway drops the private destination {dst_ip} (IGW2)")
        t.hop(FORWARD, "route-table", route.table, True, route.text)
        if ip(dst_ip).version == 6:  # IGW4: IPv6 addresses are public, no translation
            t.hop(FORWARD, "internet-gateway", route.target, True, f"{route.target}: IPv6 {src_ip} is public (IGW4)")
            return self._leg(Leg(cur.subnet, None, src_ip, dst_ip, var))
        public = cur.public_ip
        if not public:  # IGW2: RA IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS
            return t.block(FORWARD, "no-public-ip", cur.kind, cur.id, f"{cur.id} has no public IPv4 address for {src_ip} (IGW2)")
        t.hop(FORWARD, "internet-gateway", route.target, True, f"{route.target}: {src_ip} -> {public} (IGW1 1:1 NAT)")
        if not self._leg(Leg(cur.subnet, None, src_ip, dst_ip, var)):
            return False
        if via_public and dst is not None:  # IGW5: hairpin; arrives from our public address
            return self._inbound(public, dst, var)
        return True

    def _inbound(self, client: str, dst: Node, var: int, address: str | None = None) -> bool:
        t = self.trace
        igw = self.net.igw_of_vpc.get(dst.vpc)
        if igw is None:  # IGW1(a)
            return t.block(FORWARD, "igw-missing", "vpc", dst.vpc, f"{dst.vpc} has no attached internet gateway (IGW1a)")
        if address and ip(address).version != ip(client).version:  # Q6: separate universes
            return t.block(FORWARD, "no-public-ip", dst.kind, dst.id,
                           f"{client} cannot send to {address}: IPv4 and IPv6 are separate (Q6)")
        if address and address != dst.public_ip and address not in dst.ipv6:  # IGW1(b), A4
            return t.block(FORWARD, "no-public-ip", dst.kind, dst.id,
                           f"{address} is a private address of {dst.id}: the internet gateway delivers only to "
                           "public IPv4 addresses and IPv6 addresses (IGW1b, A4)")
        if ip(client).version == 6:  # IGW4: inbound IPv6 goes to the ENI's own (public) IPv6 address
            if not dst.ipv6:
                return t.block(FORWARD, "no-public-ip", dst.kind, dst.id, f"{dst.id} has no IPv6 address (IGW4)")
            address = address or dst.ipv6[0]
            text = f"{igw}: IPv6 {address} (IGW4)"
        elif not dst.public_ip:  # IGW1(b)
            why = {"db-instance": "PubliclyAccessible is false (A5), so it", "load-balancer": "its scheme is internal (A6), so it",
                   "classic-load-balancer": "its scheme is internal (A6, A11), so it",
                   "cache-node": "ElastiCache is internal to its VPC (A8), so it",
                   "eks-endpoint": "the control plane's network interface (A9)", "ecs-task": "its ENI is not in the estate and its service does not ENABLE assignPublicIp (A7), so it"}
            return t.block(FORWARD, "no-public-ip", dst.kind, dst.id,
                           f"{dst.id}: {why.get(dst.kind, 'it')} has no public IPv4 address (IGW1b)")
        else:
            public = dst.public_ip if not dst.modelled else f"public address of {dst.id} in {dst.az}"
            address, text = dst.private_ip, f"{igw}: {public} -> {dst.private_ip} (IGW1)"
        if not dst.attached:  # IGW1(c)
            return t.block(FORWARD, "eni-detached", dst.kind, dst.id, f"{dst.id} is not attached (IGW1c, A3)")
        t.hop(FORWARD, "internet-gateway", igw, True, text)
        return self._leg(Leg(None, dst.subnet, client, address, var, ("igw", igw), dst)) and \
            self._arrive(dst, client, False)

    def _peering(self, cur: Node, src_ip: str, dst: Node | None, dst_ip: str, var: int, route, references: bool) -> bool:
        t, pcx = self.trace, route.target
        data = self.net.peerings.get(pcx) or {}
        code = (data.get("Status") or {}).get("Code", "gone")
        if code != "active":  # PCX1
            return t.block(FORWARD, "peering-inactive", "vpc-peering-connection", pcx, f"{route.text}: {pcx} is {code} (PCX1)")
        t.hop(FORWARD, "route-table", route.table, True, route.text)
        sides = [data.get("RequesterVpcInfo") or {}, data.get("AccepterVpcInfo") or {}]
        peer = next((s for s in sides if s.get("VpcId") != cur.vpc), {})
        peer_vpc = peer.get("VpcId", "")
        node = self._owner(peer_vpc, dst_ip, dst)
        inside = any(_in(c, dst_ip) for c in self.net.vpc_cidrs(peer_vpc) or (peer.get("CidrBlock", ""),))
        if not inside or node is None:
            # PCX2: only addresses of the peer VPC; no transit, no edge-to-edge
            why = "is owned by nothing in" if inside else "is not in"
            return t.block(FORWARD, "peering-not-transitive", "vpc-peering-connection", pcx,
                           f"{pcx}: {dst_ip} {why} {peer_vpc} (PCX2: no transitive or edge-to-edge routing)")
        same_region = peer.get("Region", node.region) == cur.region
        note = "" if same_region else " (cross-Region: SG references do not apply, PCX4)"
        t.hop(FORWARD, "vpc-peering-connection", pcx, True, f"{pcx}: {cur.vpc} -> {peer_vpc}{note}")
        return self._leg(Leg(cur.subnet, node.subnet, src_ip, dst_ip, var, ("pcx", pcx), node)) and \
            self._arrive(node, src_ip, references and same_region)

    def _transit(self, cur: Node, src_ip: str, dst: Node | None, dst_ip: str, var: int, route, references: bool) -> bool:
        t, tgw = self.trace, route.target
        t.hop(FORWARD, "route-table", route.table, True, route.text)
        src_attachment = tgw_attachment_of(self.net, tgw, cur.vpc)
        if src_attachment is None:
            return t.block(FORWARD, "tgw-route-table", "transit-gateway", tgw, f"{cur.vpc} has no attachment to {tgw} (TGW1)")
        src_subnet = tgw_subnet_in_az(self.net, src_attachment, cur.az)
        if src_subnet is None:  # TGW1
            return t.block(FORWARD, "tgw-az", "transit-gateway-attachment", src_attachment,
                           f"{src_attachment} has no subnet in {cur.az} (TGW1)")
        table = tgw_association(self.net, src_attachment)
        if table is None:  # TGW2
            return t.block(FORWARD, "tgw-route-table", "transit-gateway-attachment", src_attachment,
                           f"{src_attachment} is associated with no route table (TGW2)")
        tgw_route = tgw_lookup(self.net, table, dst_ip)
        if tgw_route is None:  # TGW3
            return t.block(FORWARD, "tgw-route-table", "transit-gateway-route-table", table,
                           f"{table}: no route to {dst_ip} (TGW3)")
        if tgw_route.blackhole:
            return t.block(FORWARD, "tgw-blackhole", "transit-gateway-route-table", table, f"{tgw_route.text} (TGW3)")
        t.hop(FORWARD, "transit-gateway-route-table", table, True, tgw_route.text)
        dst_attachment = tgw_route.attachment
        dst_vpc = (self.net.tgw_attachments.get(dst_attachment) or {}).get("ResourceId", "")
        node = self._owner(dst_vpc, dst_ip, dst)
        if node is None:
            return t.block(FORWARD, "tgw-route-table", "transit-gateway-route-table", table,
                           f"{tgw_route.text}: no network interface owns {dst_ip} in {dst_vpc}")
        dst_subnet = tgw_subnet_in_az(self.net, dst_attachment, cur.az) or tgw_any_subnet(self.net, dst_attachment)  # TGW4
        options = (self.net.transit_gateways.get(tgw) or {}).get("Options") or {}
        def referencing_on(attachment: str) -> bool:
            vpc_attachment = (self.net.tgw_attachments.get(attachment) or {}).get("VpcAttachment") or {}
            return (vpc_attachment.get("Options") or {}).get("SecurityGroupReferencingSupport") == "enable"

        referencing = options.get("SecurityGroupReferencingSupport") == "enable" and all(
            referencing_on(a) for a in (src_attachment, dst_attachment))
        if not self._leg(Leg(cur.subnet, src_subnet, src_ip, dst_ip, var)):  # TGW4: instance out, TGW subnet in
            return False
        return self._leg(Leg(dst_subnet, node.subnet, src_ip, dst_ip, var, ("tgw", tgw), node,
                             (tgw, dst_attachment, src_attachment))) and \
            self._arrive(node, src_ip, references and referencing)  # SG4/TGW7

    def _gateway_endpoint(self, cur: Node, src_ip: str, dst_ip: str, var: int, route) -> bool:
        t, endpoint = self.trace, route.target
        if self.protocol != "tcp":  # VPCE2
            return t.block(FORWARD, "vpc-endpoint", "vpc-endpoint", endpoint,
                           f"{endpoint}: gateway endpoints carry TCP only, not {self.protocol} (VPCE2)")
        t.hop(FORWARD, "route-table", route.table, True, route.text)
        t.hop(FORWARD, "vpc-endpoint", endpoint, True, f"{endpoint}: {dst_ip} in {route.destination} (VPCE1)")
        return self._leg(Leg(cur.subnet, None, src_ip, dst_ip, var))

    # --- shared checks ------------------------------------------------------------------------
    def _leg(self, leg: Leg) -> bool:
        """Forward NACLs of one leg (NACL2, NACL4): outbound of the origin subnet, inbound of the
        target subnet, none when both are the same subnet."""
        self.legs.append(leg)
        if leg.origin_subnet and leg.origin_subnet == leg.target_subnet and not leg.nacl_within:
            return True
        wanted = ports(self.port, self.port)
        if leg.origin_subnet and not self._nacl(FORWARD, leg.origin_subnet, True, leg.dst, wanted):
            return False
        if leg.target_subnet and not self._nacl(FORWARD, leg.target_subnet, False, leg.src, wanted):
            return False
        return True

    def _arrive(self, node: Node, src_ip: str, references: bool) -> bool:
        t = self.trace
        if node.kind == "nat-gateway":
            return t.block(FORWARD, "nat-gateway", "nat-gateway", node.id, f"{node.id} accepts no inbound connections (NAT1)")
        if not node.attached:
            return t.block(FORWARD, "eni-detached", node.kind, node.id, f"{node.id} is not attached (A3)")
        if node.unknown_groups:  # A7, A8: never guessed open
            return t.unknown(FORWARD, "security-group", node.id, node.unknown_groups)
        if not node.groups:
            if node.kind == "load-balancer":  # LB3: an NLB without SGs admits everything
                return t.hop(FORWARD, "load-balancer", node.id, True, "no security groups (LB3)")
            return t.block(FORWARD, "security-group-ingress", node.kind, node.id, f"{node.id} has no security groups")
        return self._sg(node, "ingress", Peer(src_ip, references))

    def _sg(self, node: Node, direction: str, peer: Peer) -> bool:
        groups = [(g, self.net.groups.get(g, {})) for g in node.groups]
        allowed, rule, component = sg_decide(groups, direction, self.protocol, self.port, peer,
                                             lambda g: self.net.members.get(g, set()), self.net.prefix_lists)
        if allowed:
            return self.trace.hop(FORWARD, "security-group", component, True, rule)
        self.trace.block(FORWARD, f"security-group-{direction}", "security-group", component, f"{rule} (SG1-SG4)")
        return self.keep_going

    def _nacl(self, direction: str, subnet: str, egress: bool, address: str, wanted: PortSet) -> PortSet:
        nacl = self.net.nacl_of(subnet)
        if nacl is None:  # an estate with no NACL record for the subnet: nothing to evaluate
            return wanted
        allowed, rule = nacl_decide(self.net.nacls[nacl], egress, self.protocol, address, wanted,
                                    self.net.nacl_entries(nacl, egress))
        kind = "nacl-outbound" if egress else "nacl-inbound"
        clause, way = "NACL4" if direction == FORWARD else "NACL5", "out" if egress else "in"
        rule = f"{rule} ({clause}, {way} {address} port {describe(wanted)})"
        if allowed:
            self.trace.hop(direction, "network-acl", nacl, True, rule)
            return allowed
        self.trace.block(direction, kind, "network-acl", nacl, rule)
        return wanted if self.keep_going else ()

    def _owner(self, vpc: str, address: str, dst: Node | None) -> Node | None:
        """Who receives ``address`` in ``vpc``: the destination itself when it owns it (a modelled
        node has no ENI to look up), else the ENI with that private IP."""
        if dst is not None and dst.vpc == vpc and address in (*(dst.private_ips or (dst.private_ip,)), *dst.ipv6):
            return dst
        return self.net.node_at(vpc, address)

    def _new_var(self) -> int:
        var = len(self.vars)
        self.vars[var] = EPHEMERAL
        return var

    def _appliance(self, target: str) -> Node | None:
        if target.startswith("i-"):
            return next(iter(self.net.instance_nodes(target)), None)
        return next((n for n in self.net.nodes if n.id == target), None)

    # --- return -------------------------------------------------------------------------------
    def _return(self) -> bool:
        """Q2/NACL5: the reply crosses the legs in reverse; the destination port is the sender's
        ephemeral port (existential over 1024-65535, narrowed hop by hop)."""
        t = self.trace
        for leg in reversed(self.legs):
            if leg.back and leg.target_subnet and not self._back_route(leg):
                return False
            if leg.origin_subnet and leg.origin_subnet == leg.target_subnet and not leg.nacl_within:
                continue
            for subnet, egress, address in ((leg.target_subnet, True, leg.src), (leg.origin_subnet, False, leg.dst)):
                if not subnet:
                    continue
                allowed = self._nacl(RETURN, subnet, egress, address, self.vars[leg.port_var])
                if not allowed:
                    return False
                self.vars[leg.port_var] = intersect(self.vars[leg.port_var], allowed)
        for open_ports in self.vars.values():
            if size(open_ports) < size(EPHEMERAL):
                t.warn(f"only ports {describe(open_ports)} of the ephemeral range 1024-65535 are open for replies (Q3, NACL5)")
        return True

    def _back_route(self, leg: Leg) -> bool:
        t, node = self.trace, leg.target_node
        vpc = node.vpc if node else self.net.subnets[leg.target_subnet].vpc
        table = self.net.route_table_of(leg.target_subnet)
        route = lookup(self.net, table, vpc, leg.src) if table else None
        want, want_id = leg.back
        if route is None:  # RT6 on the way back
            return t.block(RETURN, "route-table", "route-table", table or leg.target_subnet,
                           f"no route back to {leg.src} (RT6)")
        if want == "local":  # MB2: a reply routed back through the appliance that forwarded the request is fine
            forwarder = self.net.by_id.get(want_id)
            ok = route.target == "local" or bool(want_id and forwarder and route.target in (forwarder.id, forwarder.owner))
        else:
            ok = route.target == want_id
        if want == "igw" and route.target.startswith("eigw-"):  # EIGW1: it has not seen the flow
            return t.block(RETURN, "egress-only-igw", "egress-only-internet-gateway", route.target,
                           f"{route.text}: the reply to {leg.src} goes to an egress-only gateway, which drops "
                           "connections initiated from the internet (EIGW1)")
        if not ok and route.target.startswith(("eni-", "i-")):  # MB1/MB2 on the return path
            appliance = self._appliance(route.target)
            if appliance is not None and appliance.source_dest_check and leg.src not in appliance.private_ips:
                return t.block(RETURN, "source-dest-check", "network-interface", appliance.id,
                               f"{route.text}: {appliance.id} has source/destination check on and drops the reply (MB1)")
            return t.block(RETURN, "route-table", "route-table", route.table,
                           f"{route.text}: the reply takes another path than the request (MB2: asymmetric)")
        if not ok or route.blackhole:
            expected = "the local route" if want == "local" else want_id
            kind = "peering-not-transitive" if want == "pcx" and route.target.startswith("pcx-") else "route-table"
            clause = {"igw": "IGW1e", "pcx": "PCX3", "tgw": "TGW5", "local": "RT6"}[want]
            return t.block(RETURN, kind, "route-table", route.table,
                           f"{route.text}: the reply to {leg.src} must go to {expected} ({clause})")
        t.hop(RETURN, "route-table", route.table, True, route.text)
        if leg.tgw and node is not None:
            tgw, attachment, expected_attachment = leg.tgw
            if tgw_subnet_in_az(self.net, attachment, node.az) is None:  # TGW1 for the reply
                return t.block(RETURN, "tgw-az", "transit-gateway-attachment", attachment,
                               f"{attachment} has no subnet in {node.az} (TGW1, TGW5)")
            table_id = tgw_association(self.net, attachment)
            if table_id is None:
                return t.block(RETURN, "tgw-route-table", "transit-gateway-attachment", attachment,
                               f"{attachment} is associated with no route table (TGW2, TGW5)")
            back = tgw_lookup(self.net, table_id, leg.src)
            if back is None or back.blackhole or back.attachment != expected_attachment:
                kind = "tgw-blackhole" if back and back.blackhole else "tgw-route-table"
                text = back.text if back else f"{table_id}: no route to {leg.src}"
                return t.block(RETURN, kind, "transit-gateway-route-table", table_id, f"{text} (TGW5)")
            t.hop(RETURN, "transit-gateway-route-table", table_id, True, back.text)
        return True


def _in(cidr: str, address: str) -> bool:
    from .addresses import contains
    return bool(cidr) and contains(cidr, address)
