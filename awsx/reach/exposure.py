"""``exposure(estate)``: what the internet can reach, per port and the rule's port range, computed with the same engine as
``reach`` (full path: IGW, public IP, NACLs, SGs, routes, return path; section 16 lesson 1),
not "an SG allows 0.0.0.0/0". Candidate ports come from the SG ingress rules that could admit
an internet address; each candidate is then proven with ``reach``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from awsx.core.graph import Estate

from .addresses import is_internet, net
from .network import Network
from .query import reach
from .verdict import Verdict

_PROBE_LIMIT = 8  # ports probed per open range (low end, high end and the well-known ones in it)
_WELL_KNOWN = (22, 80, 443, 3389, 3306, 5432, 6379, 8080, 8443, 27017)


@dataclass(frozen=True, slots=True)
class PortRange:
    """The port range of the security-group rule that admitted the internet (low == high for
    one port): a proven port stands for the range it was probed in."""

    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


@dataclass(frozen=True, slots=True)
class Candidate:
    protocol: str
    port: int
    range: PortRange


@dataclass(frozen=True, slots=True)
class Exposure:
    target: str  # the id given to reach (instance, ENI, LB name, DB identifier)
    kind: str
    protocol: str
    port: int
    path: Verdict
    port_range: PortRange

    @property
    def label(self) -> str:
        """``tcp/22``; ``tcp/8080 of 8000-9000`` when the port was probed in a wider range."""
        wider = f" of {self.port_range}" if self.port_range.low != self.port_range.high else ""
        return f"{self.protocol}/{self.port}{wider}"

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "kind": self.kind, "protocol": self.protocol, "port": self.port,
                "port_range": {"from": self.port_range.low, "to": self.port_range.high},
                "hops": [h.to_json() for h in self.path.hops], "warnings": list(self.path.warnings)}


def _targets(estate: Estate, network: Network) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(ref, kind, SG ids) of every publicly addressable thing (A5, A6 public nodes only)."""
    seen: set[str] = set()
    for node in network.nodes:
        if not node.public_ip or node.kind == "nat-gateway":
            continue
        ref = node.owner if node.kind in ("load-balancer", "db-instance") or node.owner.startswith("i-") else node.id
        if ref in seen:
            continue
        seen.add(ref)
        kind = node.kind if node.kind in ("load-balancer", "db-instance") else \
            "instance" if ref.startswith("i-") else node.kind
        yield ref, kind, node.groups


def _candidate_ports(network: Network, groups: tuple[str, ...], only: int | None) -> Iterator[Candidate]:
    seen: set[tuple[str, int]] = set()
    for group in groups:
        for rule in network.groups.get(group, {}).get("IpPermissions") or ():
            peers = [r["CidrIp"] for r in rule.get("IpRanges") or ()]
            for ref in rule.get("PrefixListIds") or ():
                peers += list(network.prefix_lists.get(ref.get("PrefixListId", ""), ()))
            if not any(net(p).version == 4 and (net(p).prefixlen == 0 or is_internet(str(net(p).network_address)))
                       for p in peers):
                continue
            protocol = str(rule.get("IpProtocol", "-1"))
            protocols = ("tcp", "udp") if protocol in ("-1", "all") else (
                {"6": "tcp", "17": "udp"}.get(protocol, protocol),)
            low = int(rule.get("FromPort", 0) if protocol not in ("-1", "all") else 0)
            high = int(rule.get("ToPort", 65535) if protocol not in ("-1", "all") else 65535)
            probes = [p for p in (low, high, *_WELL_KNOWN) if low <= p <= high][:_PROBE_LIMIT]
            if only is not None:
                probes = [only] if low <= only <= high else []
            for proto in protocols:
                for port in probes:
                    if proto in ("tcp", "udp") and (proto, port) not in seen:
                        seen.add((proto, port))
                        yield Candidate(proto, port, PortRange(low, high))


def exposure(estate: Estate, port: int | None = None) -> list[Exposure]:
    network = Network.of(estate)
    found: list[Exposure] = []
    probes: dict[tuple[str, ...], list[Candidate]] = {}  # many targets share their groups
    for ref, kind, groups in _targets(estate, network):
        if groups not in probes:
            probes[groups] = list(_candidate_ports(network, groups, port))
        for candidate in probes[groups]:
            verdict = reach(estate, "internet", ref, candidate.port, candidate.protocol)
            if verdict.reachable:
                found.append(Exposure(ref, kind, candidate.protocol, candidate.port, verdict, candidate.range))
    return sorted(found, key=lambda e: (e.target, e.protocol, e.port))
