"""``exposure(estate)``: what the internet can reach, per port and the rule's port range, computed with the same engine as
``reach`` (full path: IGW, public IP, NACLs, SGs, routes, return path; section 16 lesson 1),
not "an SG allows 0.0.0.0/0". Candidate ports come from the SG ingress rules that could admit
a global IPv4 or IPv6 address; each candidate is then proven with ``reach`` from the whole
internet (internet.py), so every finding says whom it lets in: ``sources`` (the admitted global
ranges), ``world`` (every global address of a family) and ``admitted_by`` (the rules and prefix
lists that admit them, issue 14)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator, Mapping

from awsx.core.graph import Estate

from .eks import API_PORT, public_access_cidrs
from .internet import GLOBAL, AddressSet
from .network import Network
from .query import reach
from .rules import rule_carries
from .service_nodes import eks_config
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
class Admission:
    """A security-group ingress rule's peer that lets some of the sources in: a CIDR, or a
    prefix list named with its size (``pl-0ab office-cidrs: 2 ranges``)."""

    group: str
    peer: str

    def __str__(self) -> str:
        return f"{self.group} {self.peer}"

    def to_json(self) -> dict[str, str]:
        return {"group": self.group, "peer": self.peer}


@dataclass(frozen=True, slots=True)
class Exposure:
    target: str  # the id given to reach (instance, ENI, LB name, DB identifier)
    kind: str
    protocol: str
    port: int
    path: Verdict
    port_range: PortRange
    admitted_by: tuple[Admission, ...] = ()

    @property
    def sources(self) -> tuple[str, ...]:
        """The admitted global source ranges, collapsed (issue 14)."""
        return self.path.sources

    @property
    def world(self) -> bool:
        """Open to every global address of a family, not only to listed ranges."""
        return bool(self.path.world)

    @property
    def audience(self) -> str:
        """``the world``, or the listed ranges (a prefix list by name), for tables and the TUI."""
        if self.world:
            return "the world"
        return ", ".join(dict.fromkeys(a.peer for a in self.admitted_by)) or ", ".join(self.sources)

    @property
    def label(self) -> str:
        """``tcp/22``; ``tcp/8080 of 8000-9000`` when the port was probed in a wider range."""
        wider = f" of {self.port_range}" if self.port_range.low != self.port_range.high else ""
        return f"{self.protocol}/{self.port}{wider}"

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target, "kind": self.kind, "protocol": self.protocol, "port": self.port,
                "port_range": {"from": self.port_range.low, "to": self.port_range.high},
                "sources": list(self.sources), "world": self.world, "admitted_by": [a.to_json() for a in self.admitted_by],
                "hops": [h.to_json() for h in self.path.hops], "warnings": list(self.path.warnings)}


# Node kinds an exposure names by their owner (the LB, database, task), not by the node.
_BY_OWNER = ("load-balancer", "db-instance", "classic-load-balancer", "ecs-task")


def _targets(estate: Estate, network: Network) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(ref, kind, SG ids) of every publicly addressable thing: a public IPv4 address (A5, A6,
    A7, A11 public nodes only) or an IPv6 address (IGW4)."""
    seen: set[str] = set()
    for node in network.nodes:
        if not (node.public_ip or node.ipv6) or node.kind == "nat-gateway":
            continue
        ref = node.owner if node.kind in _BY_OWNER or node.owner.startswith("i-") else node.id
        if ref in seen:
            continue
        seen.add(ref)
        kind = node.kind if node.kind in _BY_OWNER else "instance" if ref.startswith("i-") else node.kind
        yield ref, kind, node.groups


def _eks_public_endpoints(estate: Estate, port: int | None) -> Iterator[Exposure]:
    """EKS1: a cluster's public API endpoint is outside every VPC, admitted by its
    ``publicAccessCidrs`` alone, on 443 only; listed when the internet reaches it."""
    if port not in (None, API_PORT):
        return
    for cluster in estate.resources("eks:cluster"):
        if not eks_config(cluster.data).get("endpointPublicAccess"):
            continue
        verdict = reach(estate, "internet", cluster.arn, API_PORT)
        if verdict.reachable:
            admitted_by = tuple(Admission("publicAccessCidrs", c) for c in public_access_cidrs(cluster.data) or ())
            yield Exposure(cluster.id, "eks-cluster", "tcp", API_PORT, verdict, PortRange(API_PORT, API_PORT), admitted_by)


def _peers(network: Network, rule: Mapping[str, Any]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(name, CIDRs) of each peer of an SG rule that names addresses (SG3): CIDRs of both
    families, and prefix lists with their current entries."""
    for r in rule.get("IpRanges") or ():
        yield r["CidrIp"], (r["CidrIp"],)
    for r in rule.get("Ipv6Ranges") or ():
        yield r["CidrIpv6"], (r["CidrIpv6"],)
    for r in rule.get("PrefixListIds") or ():
        pl = r.get("PrefixListId", "")
        entries = network.prefix_lists.get(pl, ())
        name = network.prefix_list_names.get(pl, "")
        label = f"{pl} {name}" if name and name != pl else pl
        yield f"{label}: {len(entries)} range{'' if len(entries) == 1 else 's'}", entries


@lru_cache(maxsize=4096)  # the same peers recur on every target that shares a group
def _global(cidrs: tuple[str, ...]) -> AddressSet | None:
    """The global addresses among CIDRs, per family; None when they hold none (Q3)."""
    for version in (4, 6):
        found = AddressSet.of(version, cidrs) & GLOBAL[version]
        if found:
            return found
    return None


def _candidate_ports(network: Network, groups: tuple[str, ...], only: int | None) -> Iterator[Candidate]:
    seen: set[tuple[str, int]] = set()
    for group in groups:
        for rule in network.groups.get(group, {}).get("IpPermissions") or ():
            if not any(_global(cidrs) for _, cidrs in _peers(network, rule)):
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
    # Many targets share their groups, so their candidate ports and, for the same admitted
    # sources, the rules that admit them: each is worked out once per group set.
    probes: dict[tuple[str, ...], list[Candidate]] = {}
    admissions: dict[tuple[tuple[str, ...], Candidate, tuple[str, ...]], tuple[Admission, ...]] = {}
    for ref, kind, groups in _targets(estate, network):
        if groups not in probes:
            probes[groups] = list(_candidate_ports(network, groups, port))
        for candidate in probes[groups]:
            verdict = reach(estate, "internet", ref, candidate.port, candidate.protocol)
            if verdict.reachable:
                key = (groups, candidate, verdict.sources)
                if key not in admissions:
                    admissions[key] = _admitted_by(network, groups, candidate, verdict.sources)
                found.append(Exposure(ref, kind, candidate.protocol, candidate.port, verdict, candidate.range,
                                      admissions[key]))
    found.extend(_eks_public_endpoints(estate, port))
    return sorted(found, key=lambda e: (e.target, e.protocol, e.port))


def _admitted_by(network: Network, groups: tuple[str, ...], candidate: Candidate,
                 sources: tuple[str, ...]) -> tuple[Admission, ...]:
    """The peers of the target's ingress rules (SG2: the union of its groups) that carry the
    port and admit some of the sources (issue 14: who is let in, and by which rule)."""
    admitted = {v: AddressSet.of(v, sources) for v in (4, 6)}
    named: list[Admission] = []
    for group in groups:
        for rule in network.groups.get(group, {}).get("IpPermissions") or ():
            if not rule_carries(rule, candidate.protocol, candidate.port):
                continue
            for label, cidrs in _peers(network, rule):
                hit = _global(cidrs)
                if hit is not None and hit & admitted[hit.version]:
                    named.append(Admission(group, label))
    return tuple(dict.fromkeys(named))
