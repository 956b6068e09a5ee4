"""Security group (SG1-SG5) and network ACL (NACL3-NACL7) evaluation. Pure functions over the
raw DescribeSecurityGroups / DescribeNetworkAcls records."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterable, Mapping

from .addresses import PortSet, contains, describe, intersect, ip, ports, subtract

PROTOCOL_NUMBERS = {"tcp": "6", "udp": "17", "icmp": "1", "icmpv6": "58"}  # NACL7


def _protocol_matches(rule_protocol: Any, protocol: str) -> bool:
    value = str(rule_protocol).lower()
    return value in ("-1", "all") or value == protocol or value == PROTOCOL_NUMBERS.get(protocol)


# --- security groups ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Peer:
    """The other end of a packet as a security group sees it. ``references``: whether SG-reference
    rules may match at all (SG4: private IPs only; not after NAT, hairpin, middlebox, cross-Region
    peering or a TGW without SG-referencing support)."""

    address: str
    references: bool = True


def rule_carries(rule: Mapping[str, Any], protocol: str, port: int) -> bool:
    """SG3's first half: the rule's protocol matches and, for tcp/udp, its port range holds ``port``."""
    if not _protocol_matches(rule.get("IpProtocol", "-1"), protocol):
        return False
    if str(rule.get("IpProtocol")) not in ("-1", "all") and protocol in ("tcp", "udp"):
        low, high = rule.get("FromPort"), rule.get("ToPort")
        if low is not None and high is not None and low != -1 and not (low <= port <= high):
            return False
    return True


def sg_span(rule: Mapping[str, Any]) -> str:
    """A security-group rule's protocol and ports as people write them: ``all``, ``tcp 22``,
    ``tcp 1024-65535`` (the deciding-rule text and the detail view's rule rows say it alike)."""
    protocol = str(rule.get("IpProtocol", "-1"))
    if protocol in ("-1", "all"):
        return "all"
    low, high = rule.get("FromPort"), rule.get("ToPort")
    return f"{protocol} {low}" if low == high else f"{protocol} {low}-{high}"


def _rule_text(group_id: str, rule: Mapping[str, Any], peer: str) -> str:
    return f"{group_id} {sg_span(rule)} {peer}"


def sg_decide(groups: Iterable[tuple[str, Mapping[str, Any]]], direction: str, protocol: str, port: int, peer: Peer,
              members: Callable[[str], set[str]], prefix_lists: Mapping[str, tuple[str, ...]]) -> tuple[bool, str, str]:
    """SG1-SG3: does the union of the groups' ``direction`` (ingress|egress) rules admit a packet
    whose remote end is ``peer`` on ``protocol``/``port``? Returns (allowed, deciding rule text,
    the group that decided: the matching one, or all of them joined by '+')."""
    key = "IpPermissions" if direction == "ingress" else "IpPermissionsEgress"
    address = ip(peer.address)
    stale: list[str] = []
    ids = []
    for group_id, data in groups:  # SG2: union, allow-only, no order
        ids.append(group_id)
        for rule in data.get(key) or ():
            if not rule_carries(rule, protocol, port):
                continue
            for r in rule.get("IpRanges") or ():  # SG3: an IPv4 CIDR never admits IPv6 (and back)
                if address.version == 4 and contains(r["CidrIp"], peer.address):
                    return True, _rule_text(group_id, rule, r["CidrIp"]), group_id
            for r in rule.get("Ipv6Ranges") or ():
                if address.version == 6 and contains(r["CidrIpv6"], peer.address):
                    return True, _rule_text(group_id, rule, r["CidrIpv6"]), group_id
            for r in rule.get("PrefixListIds") or ():  # SG3: any entry of the list's current entries
                pl = r.get("PrefixListId", "")
                if any(contains(c, peer.address) for c in prefix_lists.get(pl, ())):
                    return True, _rule_text(group_id, rule, pl), group_id
            for r in rule.get("UserIdGroupPairs") or ():  # SG4: members' private IPs only
                ref = r.get("GroupId", "")
                if peer.references and peer.address in members(ref):
                    return True, _rule_text(group_id, rule, ref), group_id
                if peer.address in members(ref):
                    stale.append(ref)
    which = "+".join(ids) or "no security group"
    text = f"{which}: no {direction} rule admits {protocol}/{port} {'from' if direction == 'ingress' else 'to'} {peer.address}"
    if stale:
        text += f" (SG4: reference to {', '.join(sorted(set(stale)))} does not match here)"
    return False, text, which


# --- network ACLs ---------------------------------------------------------------------------
def ordered_entries(data: Mapping[str, Any], egress: bool) -> list[Mapping[str, Any]]:
    """NACL3: one direction's numbered entries in ascending order (the ``*`` rule is implicit)."""
    return sorted((e for e in data.get("Entries") or () if bool(e.get("Egress")) == egress
                   and int(e.get("RuleNumber", 32767)) < 32767), key=lambda e: int(e["RuleNumber"]))


ALL_PORTS: PortSet = ((0, 65535),)


def entry_ports(entry: Mapping[str, Any]) -> PortSet:
    """The destination ports a NACL entry names (NACL4, NACL7): its PortRange, or every port for
    protocol ``-1`` or an entry without one."""
    port_range = entry.get("PortRange")
    if str(entry.get("Protocol")) == "-1" or not port_range:
        return ALL_PORTS
    return ports(int(port_range.get("From", 0)), int(port_range.get("To", 65535)))


def nacl_decide(data: Mapping[str, Any], egress: bool, protocol: str, address: str,
                wanted: PortSet, entries: list[Mapping[str, Any]] | None = None) -> tuple[PortSet, str]:
    """NACL3-NACL7 over a set of destination ports: rules in ascending number, the first rule
    whose protocol, port range and CIDR match decides (NACL3); outbound matches the destination,
    inbound the source address (NACL4); nothing matching => the implicit ``*`` deny (even when a
    mock lists no ``*`` entry). Returns (allowed ports, text of the rule that decided the first
    port of ``wanted``, or of the first allowing rule when only part is open). ``entries``: the
    already ordered entries, when the caller keeps them (``Network.nacl_entries``)."""
    entries = ordered_entries(data, egress) if entries is None else entries
    version = ip(address).version
    remaining, allowed = wanted, ()
    first_port = wanted[0][0] if wanted else None
    deciding = first_allow = ""
    for entry in entries:
        if not remaining:
            break
        cidr = entry.get("CidrBlock") if version == 4 else entry.get("Ipv6CidrBlock")  # NACL6
        if not cidr or not contains(cidr, address) or not _protocol_matches(entry.get("Protocol", "-1"), protocol):
            continue
        span = entry_ports(entry) if protocol in ("tcp", "udp") else ALL_PORTS
        hit = intersect(remaining, span)
        if not hit:
            continue
        action = str(entry.get("RuleAction", "deny"))
        pretty = "all" if span == ALL_PORTS else describe(span)
        text = f"rule {entry['RuleNumber']}: {action} {protocol} {pretty} {cidr}"
        if action == "allow":
            allowed = tuple(sorted(allowed + hit))
            first_allow = first_allow or text
        if not deciding and first_port is not None and any(lo <= first_port <= hi for lo, hi in hit):
            deciding = text
        remaining = subtract(remaining, hit)
    if not deciding:
        deciding = f"rule *: deny (no rule matches {address})"
    if allowed and allowed != wanted:  # part of the range is open: name the rule that opened it
        return allowed, first_allow
    return allowed, deciding
