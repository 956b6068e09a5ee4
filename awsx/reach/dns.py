"""A Route 53 name as a reach destination (DNS1-DNS3): the name, with or without its trailing
dot and in any case, is looked up among the crawled records (ListResourceRecordSets ``Name``),
then each record is followed along its ``DNS_POINTS_TO`` edge to what its alias or value names
(an alias to a load balancer is that load balancer; an alias to another record is followed on).
A record of a private hosted zone answers only inside the zone's VPCs, and there the private
zone alone answers for its names, with no fall back to a public zone of the same name ("Split-
view DNS", docs.aws.amazon.com/Route53/latest/DeveloperGuide/hosted-zone-private-considerations.html).
Names that point outside the estate are said to, in one line: awsx reaches what it crawled."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from awsx.core.graph import Estate, UnknownResource
from awsx.core.model import Relation, Resource

from .addresses import is_ip
from .verdict import Unresolvable

# DNS1: the record types that resolve to an address (directly, by CNAME or by alias)
_ADDRESS_TYPES = frozenset({"A", "AAAA", "CNAME"})
_MAX_ALIAS_DEPTH = 8  # an alias to an alias ...; more is a loop


@dataclass(frozen=True, slots=True)
class Target:
    """One thing a name resolves to: the record that says so and the ARN (or, for a plain A or
    AAAA value the crawl has no edge for, the IP address) to reach."""

    record: Resource
    ref: str

    @property
    def type(self) -> str:
        return str(self.record.data.get("Type", ""))

    @property
    def set_identifier(self) -> str:
        return str(self.record.data.get("SetIdentifier", ""))


@dataclass(frozen=True, slots=True)
class Resolution:
    """DNS1/DNS2: what a name resolves to from where the source is, and the records that point
    outside the estate (their values), for a warning."""

    name: str
    targets: tuple[Target, ...]
    outside: tuple[str, ...] = ()
    zoneless: bool = False  # a record's hosted zone is not in the estate: private or not is unknown (DNS3)


def canonical(name: str) -> str:
    """``Shop.Acme.Example.`` and ``shop.acme.example`` are one name (DNS names are case-insensitive)."""
    return name.strip().rstrip(".").casefold()


class NameIndex:
    """The estate's address records by canonical name and its hosted zones; the network index
    builds it once per estate (``Network.names``)."""

    def __init__(self, estate: Estate) -> None:
        self.records: dict[str, list[Resource]] = defaultdict(list)
        for r in estate.resources("route53:record"):
            if r.data.get("Type") in _ADDRESS_TYPES:
                self.records[canonical(str(r.data.get("Name", "")))].append(r)
        self.zones: dict[str, Resource] = {}
        for zone in estate.resources("route53:hosted-zone"):
            self.zones[_zone_id(str(zone.data.get("Id") or zone.id))] = zone


def _zone_id(text: str) -> str:
    """``/hostedzone/Z123`` (ListHostedZones ``Id``) and ``Z123`` are one zone."""
    return text.rsplit("/", 1)[-1]


def record_names(names: NameIndex) -> list[tuple[str, Resource]]:
    """Every name a destination picker can offer, with its first record, by name."""
    return sorted(((name, records[0]) for name, records in names.records.items()), key=lambda p: p[0])


def resolve_name(estate: Estate, names: NameIndex, ref: str, source_vpc: str | None) -> Resolution | None:
    """The targets of the name ``ref`` as seen from ``source_vpc`` (None: the internet); None
    when ``ref`` names no crawled record (it is then an id, ARN, IP or name of a resource)."""
    if is_ip(ref):
        return None
    records = names.records.get(canonical(ref))
    if not records:
        records = _record_by_ref(estate, names, ref)
        if not records:
            return None
    name = str(records[0].data.get("Name", ref)).rstrip(".")
    covering = _covering_private_zone(names, name, source_vpc)
    if covering is not None:  # DNS3: inside its VPCs the private zone answers, and only it
        seen = [r for r in records if _zone_of(estate, names, r) is covering]
        if not seen:
            raise Unresolvable(f"{name}: the private hosted zone {covering.data.get('Name', covering.id)} of "
                               f"{source_vpc} has no such record, and Route 53 Resolver does not ask the public "
                               "zone of the same name (DNS3)")
    else:
        private = [r for r in records if _zone_vpcs(estate, names, r) is not None]
        seen = [r for r in records if r not in private]
        if not seen:
            vpcs = sorted({v for r in private for v in _zone_vpcs(estate, names, r) or ()})
            where = f"from {source_vpc}" if source_vpc else "from the internet"
            raise Unresolvable(f"{name} is a name of a private hosted zone, answered only inside "
                               f"{', '.join(vpcs) or 'its associated VPCs'}, not {where} (DNS3)")
    targets: list[Target] = []
    outside: list[str] = []
    for record in seen:
        _follow(estate, record, record, targets, outside, 0)
    if not targets:
        raise Unresolvable(f"{name} points outside the estate ({', '.join(outside) or 'no value'}): "
                           "awsx can only reach what it crawled (DNS1)")
    unique = {(t.record.arn, t.ref): t for t in targets}
    zoneless = any(_zone_of(estate, names, r) is None for r in seen)
    return Resolution(name, tuple(unique.values()), tuple(dict.fromkeys(outside)), zoneless)


def _record_by_ref(estate: Estate, names: NameIndex, ref: str) -> list[Resource]:
    """The records of the name of the record ``ref`` names by id or ARN (all its sets, DNS2)."""
    try:
        found = estate.find(ref)
    except UnknownResource:
        return []
    if found.kind != "route53:record":
        return []
    return names.records.get(canonical(str(found.data.get("Name", ""))), [found])


def _follow(estate: Estate, first: Resource, record: Resource, targets: list[Target], outside: list[str],
            depth: int) -> None:
    """DNS1: along ``DNS_POINTS_TO``; an alias to another record is followed to its target; a
    plain A or AAAA value the crawl has no edge for is reached as that address."""
    edges = estate.out_edges(record.arn, Relation.DNS_POINTS_TO)
    for edge in edges:
        target = estate.resource(edge.target)
        if target.kind == "route53:record" and depth < _MAX_ALIAS_DEPTH:
            _follow(estate, first, target, targets, outside, depth + 1)
        elif target.kind != "route53:record":
            targets.append(Target(first, target.arn))
    if edges:
        return
    alias = (record.data.get("AliasTarget") or {}).get("DNSName")
    values = [str(v.get("Value", "")) for v in record.data.get("ResourceRecords") or ()]
    for value in ([] if alias else values):
        if record.data.get("Type") in ("A", "AAAA") and is_ip(value):
            targets.append(Target(first, value))
        else:
            outside.append(value)
    if alias:
        outside.append(str(alias).rstrip("."))


def _covering_private_zone(names: NameIndex, name: str, source_vpc: str | None) -> Resource | None:
    """DNS3: the most specific private zone associated with ``source_vpc`` whose name is ``name``
    or a parent of it ("Route 53 Resolver uses the private hosted zone to route DNS queries in the
    specified VPCs"; queries for records it lacks "will not be forwarded" to the public zone)."""
    wanted = canonical(name)
    found: list[tuple[int, Resource]] = []
    for zone in names.zones.values():
        zone_name = canonical(str(zone.data.get("Name", "")))
        inside = source_vpc in (str(v.get("VPCId", "")) for v in zone.data.get("VPCs") or ())
        if (zone.data.get("Config") or {}).get("PrivateZone") and inside and \
                (wanted == zone_name or wanted.endswith("." + zone_name)):
            found.append((len(zone_name), zone))
    return max(found, key=lambda pair: pair[0])[1] if found else None


def _zone_vpcs(estate: Estate, names: NameIndex, record: Resource) -> tuple[str, ...] | None:
    """DNS3: the VPCs (GetHostedZone ``VPCs[].VPCId``) of the record's zone when it is private
    (``Config.PrivateZone``), None when it is public or not in the estate."""
    zone = _zone_of(estate, names, record)
    if zone is None or not (zone.data.get("Config") or {}).get("PrivateZone"):
        return None
    return tuple(str(v.get("VPCId", "")) for v in zone.data.get("VPCs") or ())


def _zone_of(estate: Estate, names: NameIndex, record: Resource) -> Resource | None:
    """The hosted zone of a record: an edge between them, else the record's ``HostedZoneId``."""
    for edge in (*estate.out_edges(record.arn), *estate.in_edges(record.arn)):
        other = edge.target if edge.source == record.arn else edge.source
        if other in estate and estate.resource(other).kind == "route53:hosted-zone":
            return estate.resource(other)
    return names.zones.get(_zone_id(str(record.data.get("HostedZoneId", ""))))
