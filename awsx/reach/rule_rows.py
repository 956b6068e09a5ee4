"""The rules of a security group, network ACL or route table as rows (issue 14, item 5): what
the detail view and ``awsx show`` put above the raw record, so nobody reads nested JSON to learn
what a group admits. Pure functions of the estate; the wording of ports and targets is the
engine's own (rules.sg_span, rules.entry_ports, routing.route_target), so a rule reads the same
here as in a reach path."""

from __future__ import annotations

from dataclasses import asdict, astuple, dataclass, fields
from typing import Any, Mapping

from awsx.core.graph import Estate
from awsx.core.model import Resource

from .addresses import describe
from .network import Network
from .routing import blackhole_reason, route_target
from .rules import ALL_PORTS, PROTOCOL_NUMBERS, entry_ports, ordered_entries, sg_span

_PROTOCOL_NAMES = {number: name for name, number in PROTOCOL_NUMBERS.items()}


@dataclass(frozen=True, slots=True)
class SecurityGroupRow:
    """One peer of one rule (SG3): a rule naming three CIDRs is three rows."""

    direction: str  # ingress | egress
    protocol: str
    ports: str
    peer: str  # a CIDR (IPv4 or IPv6), a prefix list pl-... or a group sg-...
    peer_name: str  # the prefix list's or group's name, looked up in the estate ("" for a CIDR)
    description: str


@dataclass(frozen=True, slots=True)
class NaclRow:
    """One numbered entry (NACL3); the implicit ``*`` deny is the last row of each direction."""

    number: str
    direction: str  # inbound | outbound
    action: str
    protocol: str
    ports: str
    cidr: str


@dataclass(frozen=True, slots=True)
class RouteRow:
    """One route; ``state`` is derived from the target (RT5), not trusted from the record."""

    destination: str  # a CIDR, an IPv6 CIDR, or a prefix list pl-...
    destination_name: str  # the prefix list's name ("" for a CIDR)
    target: str
    state: str
    origin: str


Row = SecurityGroupRow | NaclRow | RouteRow


@dataclass(frozen=True, slots=True)
class RuleTable:
    """The rows of one resource and the names of their columns (the row record's fields)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    def cells(self) -> list[tuple[str, ...]]:
        return [astuple(row) for row in self.rows]

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(row) for row in self.rows]


def _name(ref: str, names: Mapping[str, str]) -> str:
    name = names.get(ref, "")
    return "" if name == ref else name


def _names(estate: Estate, kind: str) -> dict[str, str]:
    return {r.id: r.name for r in estate.resources(kind)}


def security_group_rows(data: Mapping[str, Any], group_names: Mapping[str, str],
                        list_names: Mapping[str, str]) -> tuple[SecurityGroupRow, ...]:
    """Ingress then egress, one row per peer: CIDRs (IPv4, IPv6), prefix lists, groups (SG3)."""
    rows: list[SecurityGroupRow] = []
    for direction, key in (("ingress", "IpPermissions"), ("egress", "IpPermissionsEgress")):
        for rule in data.get(key) or ():
            span = sg_span(rule)
            protocol, _, port_text = span.partition(" ")
            peers = [(r.get("CidrIp", ""), {}, r) for r in rule.get("IpRanges") or ()]
            peers += [(r.get("CidrIpv6", ""), {}, r) for r in rule.get("Ipv6Ranges") or ()]
            peers += [(r.get("PrefixListId", ""), list_names, r) for r in rule.get("PrefixListIds") or ()]
            peers += [(r.get("GroupId", ""), group_names, r) for r in rule.get("UserIdGroupPairs") or ()]
            for peer, names, entry in peers:
                rows.append(SecurityGroupRow(direction, protocol, port_text or "all", peer, _name(peer, names),
                                             str(entry.get("Description") or "")))
    return tuple(rows)


def nacl_rows(data: Mapping[str, Any]) -> tuple[NaclRow, ...]:
    """Inbound then outbound in evaluation order (NACL3), each closed by the ``*`` deny that
    always exists, listed or not (section 18: moto omits it)."""
    rows: list[NaclRow] = []
    for direction, egress in (("inbound", False), ("outbound", True)):
        for entry in ordered_entries(data, egress):
            protocol = str(entry.get("Protocol", "-1"))
            span = entry_ports(entry)
            rows.append(NaclRow(str(entry["RuleNumber"]), direction, str(entry.get("RuleAction", "deny")),
                                _PROTOCOL_NAMES.get(protocol, "all" if protocol == "-1" else protocol),
                                "all" if span == ALL_PORTS else describe(span),
                                str(entry.get("CidrBlock") or entry.get("Ipv6CidrBlock") or "")))
        rows.append(NaclRow("*", direction, "deny", "all", "all", "*"))
    return tuple(rows)


def route_rows(network: Network, data: Mapping[str, Any]) -> tuple[RouteRow, ...]:
    """The table's routes as listed; a route whose target cannot carry traffic says blackhole
    (RT5) with the reason."""
    vpc = str(data.get("VpcId", ""))
    rows: list[RouteRow] = []
    for route in data.get("Routes") or ():
        destination = (route.get("DestinationCidrBlock") or route.get("DestinationIpv6CidrBlock")
                       or route.get("DestinationPrefixListId") or "?")
        target = route_target(route)
        reason = blackhole_reason(network, vpc, target, route)
        state = f"blackhole ({reason})" if reason else str(route.get("State") or "active")
        rows.append(RouteRow(str(destination), _name(destination, network.prefix_list_names), target or "?",
                             state, str(route.get("Origin") or "")))
    return tuple(rows)


def _table(title: str, record: type, rows: tuple[Row, ...]) -> RuleTable:
    return RuleTable(title, tuple(f.name for f in fields(record)), rows)


def rule_table(estate: Estate, resource: Resource) -> RuleTable | None:
    """The rule rows of a security group, network ACL or route table; None for other kinds."""
    if resource.kind == "ec2:security-group":
        rows = security_group_rows(resource.data, _names(estate, "ec2:security-group"),
                                   _names(estate, "ec2:prefix-list"))
        return _table("Rules", SecurityGroupRow, rows)
    if resource.kind == "ec2:network-acl":
        return _table("Entries", NaclRow, nacl_rows(resource.data))
    if resource.kind == "ec2:route-table":
        return _table("Routes", RouteRow, route_rows(Network.of(estate), resource.data))
    return None
