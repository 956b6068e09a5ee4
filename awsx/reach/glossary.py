"""What the rule codes in a reach path mean (issue 14, item 5): one line per rule id of
../shared/reachability.md, taken from its rule statements. The engine cites these codes in the
rules it reports (``rule 90: deny ... (NACL3)``); the TUI shows the meaning beside a hop and the
README's glossary table is generated from this table (``glossary_markdown``), so the three
never disagree. A test checks every code the engine's modules cite has an entry."""

from __future__ import annotations

import re

GLOSSARY: dict[str, str] = {
    # 1. what the engine computes
    "Q1": "A query is source, destination, protocol and destination port.",
    "Q2": "Reachable iff the request passes every component and the reply comes back; stateless parts are checked again for the reply.",
    "Q3": "Unspecified fields range over every value: any client port 1024-65535, any internet address.",
    "Q4": "The deciding component is the first blocker on the forward path, else on the return path.",
    "Q5": "Each hop names the component and the rule that decided there.",
    "Q6": "The shortest feasible path wins; IPv4 and IPv6 never mix.",
    # 2. endpoints
    "A1": "An instance sends from its primary ENI and is reachable if any of its ENIs is.",
    "A2": "What matters of an ENI: subnet, private and IPv6 addresses, public IPv4, groups, source/dest check, owner.",
    "A3": "An unattached ENI sends and receives nothing.",
    "A4": "A public IP or EIP of the estate is translated to its ENI's private IP; an unowned VPC address is an error.",
    "A5": "An RDS instance sits in its DB subnet group's subnet of its AZ and is public only if PubliclyAccessible.",
    "A6": "A load balancer's nodes sit in its subnets with its groups; public only if internet-facing.",
    # issue 16: the ENIs of managed services (AWS's Describe* shapes; the rule each node follows)
    "A7": "An awsvpc ECS task is its ENI: the attachment's subnet and address, the ENI's groups (else the service's, else unknown).",
    "A8": "An ElastiCache node sits in its cache subnet group's subnet of its AZ with the cluster's groups; never public.",
    "A9": "EKS puts control-plane ENIs in the cluster's subnets with the cluster and additional groups; with private access they are the API endpoint.",
    "A10": "An Aurora cluster is its member DB instances, writer first; reachable if any is.",
    "A11": "A Classic Load Balancer: a node per subnet; a listener's LoadBalancerPort forwards to its instances on InstancePort.",
    "EKS1": "An EKS public endpoint is outside the VPC: only endpointPublicAccess and publicAccessCidrs decide, on tcp/443.",
    "DNS1": "A Route 53 name is what its records point at (alias or value); a name pointing outside the estate is not answered.",
    "DNS2": "A name with several targets is answered per target; reachable if any target is.",
    "DNS3": "A private hosted zone answers only inside its VPCs, and there it alone answers for its names (no public fall back).",
    # 3. security groups
    "SG1": "Security groups: egress rules of the sender, ingress rules of the receiver; replies always pass.",
    "SG2": "Several groups on an ENI: the union of their rules (allow-only, no order).",
    "SG3": "A rule matches on protocol, port range and peer (CIDR of the same family, prefix list entry, group).",
    "SG4": "A group reference matches only private IPs of the referenced group's members.",
    "SG5": "A new group allows all egress and no ingress; no outbound rules means no outbound traffic.",
    "SG6": "Route 53 Resolver (VPC+2) and link-local addresses are out of scope.",
    "SG7": "A group is used only in its VPC; a reference to an unpeered VPC's group is stale.",
    # 4. network ACLs
    "NACL1": "Every subnet has exactly one network ACL: its own association or the VPC default.",
    "NACL2": "NACLs apply when traffic crosses the subnet boundary, never between ENIs of one subnet.",
    "NACL3": "Entries are tried in ascending number; the first match decides; none matching: the * rule denies.",
    "NACL4": "Inbound entries match the source address, outbound the destination; both the destination port.",
    "NACL5": "NACLs are stateless: the reply is checked again on the client's ephemeral port.",
    "NACL6": "IPv4 and IPv6 entries are separate; an IPv4 entry never matches IPv6 traffic.",
    "NACL7": "Protocol numbers: 6 tcp, 17 udp, 1 icmp, 58 icmpv6, -1 all.",
    "NACL8": "Path-specific NACLs: the NAT subnet's both ways, TGW subnets per the TGW guide.",
    "NACL9": "NACLs cannot block Route 53 Resolver or instance metadata traffic.",
    # 5. route tables
    "RT1": "A subnet uses its associated route table, else the VPC's current main table.",
    "RT2": "Traffic within a subnet ignores route tables.",
    "RT3": "Every table routes the VPC's CIDRs locally; only whole-subnet routes may be more specific.",
    "RT4": "Longest prefix match over CIDRs and prefix-list entries; a CIDR beats an equal prefix list.",
    "RT5": "The matched route is final; a route to a gone or detached target is a blackhole.",
    "RT6": "No matching route drops the packet, on the way back too.",
    "RT7": "Route targets: local, igw, nat, eigw, pcx, tgw, vpce, ENI; others are unsupported.",
    "RT8": "169.254.168.0/22 and fd00:ec2::/32 are reserved and never forwarded.",
    "RT9": "Gateway route tables route traffic entering through an IGW or VGW.",
    # 6. internet gateway
    "IGW1": "Internet to an ENI needs all of IGW1a-IGW1e.",
    "IGW1a": "An internet gateway attached to the ENI's VPC.",
    "IGW1b": "The destination is a public IPv4 or EIP associated with the ENI's private IP.",
    "IGW1c": "The ENI is attached.",
    "IGW1d": "The subnet's NACL inbound and the ENI's groups admit the client's public address.",
    "IGW1e": "The reply is routed to that internet gateway (a public subnet) and leaves through the NACL.",
    "IGW2": "ENI to the internet: egress rules, NACL, a route to the IGW and a public address for the sender.",
    "IGW3": "The internet gateway rejects private (RFC1918, RFC6598) source addresses.",
    "IGW4": "IPv6 is public: inbound IPv6 needs the IGW, an IPv6 address, IPv6 rules and an IPv6 route back to the IGW.",
    "IGW5": "Traffic to the estate's own public IP hairpins through the IGW and arrives from the sender's public IP.",
    "IGW6": "An instance with a public IP in a VPC without an attached IGW is not reachable.",
    "IGW7": "An IGW serves only its own VPC's ENIs.",
    # 7. NAT gateway
    "NAT1": "A NAT gateway is outbound only: nothing from outside can open a connection through it.",
    "NAT2": "After translation the NAT's own subnet route table must reach an IGW.",
    "NAT3": "NACLs on the NAT leg: source out, NAT subnet in and out; NAT gateways have no security group.",
    "NAT4": "Only traffic from the NAT's VPC (or a TGW) is translated, never from a peering.",
    "NAT5": "A private NAT gateway has no EIP; an IGW drops its traffic.",
    "NAT6": "Downstream groups see the NAT's address, not the original sender's.",
    # 8. egress-only internet gateway
    "EIGW1": "An egress-only IGW carries IPv6 outbound only; inbound IPv6 connections fail.",
    "EIGW2": "No security group on an egress-only IGW; the subnet's IPv6 NACL entries apply.",
    # 9. VPC peering
    "PCX1": "Traffic crosses a peering only while it is active.",
    "PCX2": "The destination must lie in the peer VPC: no transitive or edge-to-edge routing.",
    "PCX3": "Both sides need routes over the same peering.",
    "PCX4": "Same-Region peers may reference each other's groups; cross-Region use CIDRs.",
    "PCX5": "NACLs of both subnets apply across a peering.",
    "PCX6": "Overlapping CIDRs cannot peer; IPv6 needs IPv6 routes on both sides.",
    # 10. transit gateway
    "TGW1": "The sender's AZ must have a subnet of its VPC's TGW attachment (the reply's too).",
    "TGW2": "The TGW looks up the route table associated with the ingress attachment.",
    "TGW3": "TGW tables: static plus propagated routes, longest prefix; a blackhole route drops.",
    "TGW4": "Delivery goes through the destination attachment's ENI, with its subnet's NACL.",
    "TGW5": "The return path must route back through the TGW with the destination attachment's table.",
    "TGW6": "TGW peering attachments carry static routes only.",
    "TGW7": "Group references across a TGW need SG-referencing support; NAT can serve TGW traffic.",
    # 11. VPC endpoints
    "VPCE1": "A gateway endpoint adds a prefix-list route; group egress and NACLs must allow the service.",
    "VPCE2": "Gateway endpoints carry TCP only and only for sources inside the VPC.",
    "VPCE3": "An interface endpoint is reached like any ENI and never initiates connections.",
    # 12. load balancers
    "LB1": "Internet to a load balancer requires the internet-facing scheme.",
    "LB2": "An internet-facing load balancer's subnets must be public.",
    "LB3": "The load balancer's groups must admit the client; its subnets' NACLs apply.",
    "LB4": "A listener must exist for the protocol and port.",
    "LB5": "Some listener forwards to a registered target in an enabled AZ that the load balancer can reach.",
    "LB6": "Load balancer to target is new traffic from the load balancer's nodes.",
    "LB7": "Targets in peered or TGW-connected VPCs follow the peering and TGW rules.",
    # 13. middleboxes
    "MB1": "An ENI with source/dest check drops packets not addressed from or to its own IPs.",
    "MB2": "With the check off, the appliance forwards using its own subnet's route table.",
}

CODE = re.compile(r"\b(?:A|SG|NACL|RT|IGW|NAT|EIGW|PCX|TGW|VPCE|LB|Q|MB|EKS|DNS)\d+[a-e]?\b")


def codes_in(text: str) -> list[str]:
    """The rule codes a text cites, in order, each once."""
    return list(dict.fromkeys(CODE.findall(text)))


def explain(text: str) -> list[tuple[str, str]]:
    """(code, meaning) of each known code ``text`` cites: what the TUI writes beside a hop."""
    return [(code, GLOSSARY[code]) for code in codes_in(text) if code in GLOSSARY]


def glossary_markdown() -> str:
    """The README's glossary table, one row per code in the table's order."""
    lines = ["| Code | Meaning |", "| --- | --- |"]
    lines += [f"| {code} | {meaning} |" for code, meaning in GLOSSARY.items()]
    return "\n".join(lines)


# The rule that governs a hop whose text cites none (a security group's matching rule reads
# ``sg-1 tcp 22 10.0.0.0/8``): the path view still says what decided there.
KIND_RULES: dict[str, str] = {
    "security-group": "SG3", "network-acl": "NACL3", "route-table": "RT4", "internet-gateway": "IGW1",
    "egress-only-internet-gateway": "EIGW1", "nat-gateway": "NAT2", "vpc-peering-connection": "PCX2",
    "transit-gateway-route-table": "TGW3", "vpc-endpoint": "VPCE1", "load-balancer": "LB3", "listener": "LB4",
    "target-group": "LB5", "network-interface": "A3", "eks-endpoint": "EKS1",
}


def hop_glossary(kind: str, rule: str) -> list[tuple[str, str]]:
    """The codes a hop's rule cites with their meaning, else the rule that governs its kind."""
    cited = explain(rule)
    if cited or kind not in KIND_RULES:
        return cited
    return [(KIND_RULES[kind], GLOSSARY[KIND_RULES[kind]])]
