"""The estate as it stands while one Availability Zone (or a whole Region) is down.

AZ ids (``use1-az2``), not names, name a zone: a name such as ``us-east-1a`` maps to a different
physical zone in each account ("AZ IDs ... are the same across all accounts", https://docs.aws.
amazon.com/ram/latest/userguide/working-with-az-ids.html). A resource is *in* the zone when its
record says so (``AvailabilityZoneId``), when its subnet is in it, or when its zone name maps to
the id in its own account and Region (``ec2:availability-zone`` and subnet records give the map).

What spans zones is not removed but trimmed (``TRIMMERS``): a load balancer loses the zone's node,
a transit-gateway attachment its subnet there, a Multi-AZ database fails over to its standby. Each
trim is also a ``Degraded`` line saying what survives with less. The trimmed estate is an ordinary
``Estate``: the reachability engine runs on it unchanged (the blast radius has no routing of its
own).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Callable, Mapping

from awsx.core.errors import UserError
from awsx.core.graph import Estate
from awsx.core.model import Resource


@dataclass(frozen=True, slots=True)
class Degraded:
    """A resource that survives the failure with less: ``why`` in one line."""

    arn: str
    kind: str
    why: str

    def to_json(self) -> dict[str, str]:
        return {"arn": self.arn, "kind": self.kind, "why": self.why}


@dataclass(frozen=True, slots=True)
class Outage:
    """The estate while the zone (or Region) is down: ``removed`` ARNs sorted (the same answer
    however the estate was loaded)."""

    after: Estate
    removed: tuple[str, ...]
    degraded: tuple[Degraded, ...]


class ZoneMap:
    """Zone names to ids per (account, Region), and each subnet's zone id."""

    def __init__(self, estate: Estate) -> None:
        self.ids: dict[tuple[str, str, str], str] = {}
        for zone in estate.resources("ec2:availability-zone"):
            if zone.data.get("ZoneName") and zone.data.get("ZoneId"):
                self.ids[(zone.account, zone.region, zone.data["ZoneName"])] = zone.data["ZoneId"]
        self.subnet_zone: dict[str, str] = {}
        for subnet in estate.resources("ec2:subnet"):
            zone_id = subnet.data.get("AvailabilityZoneId") or self.ids.get(
                (subnet.account, subnet.region, subnet.data.get("AvailabilityZone", "")))
            if zone_id:
                self.subnet_zone[subnet.id] = zone_id
                if subnet.data.get("AvailabilityZone"):
                    self.ids.setdefault((subnet.account, subnet.region, subnet.data["AvailabilityZone"]), zone_id)

    def of_name(self, resource: Resource, name: str | None) -> str | None:
        return self.ids.get((resource.account, resource.region, name)) if name else None

    def of(self, resource: Resource) -> str | None:
        """The zone id a single-zone resource lives in; None for regional or multi-zone ones."""
        data = resource.data
        if resource.kind in ("ec2:availability-zone",):
            return None
        if data.get("AvailabilityZoneId"):
            return str(data["AvailabilityZoneId"])
        if isinstance(data.get("SubnetId"), str) and data["SubnetId"] in self.subnet_zone:
            return self.subnet_zone[data["SubnetId"]]
        name = (data.get("AvailabilityZone") or (data.get("Placement") or {}).get("AvailabilityZone")
                or data.get("PreferredAvailabilityZone")  # an ElastiCache node
                or data.get("availabilityZone"))  # an ECS task
        return self.of_name(resource, name) if isinstance(name, str) else None

    def known(self) -> set[str]:
        return set(self.ids.values()) | set(self.subnet_zone.values())


def resolve_zone(estate: Estate, text: str) -> str:
    """The AZ id the user means: an id the estate holds, or a name that maps to exactly one id
    across the estate's accounts (else one line listing the ids)."""
    zones = ZoneMap(estate)
    known = zones.known()
    if text in known:
        return text
    by_name = {zone_id for (_, _, name), zone_id in zones.ids.items() if name == text}
    if len(by_name) == 1:
        return by_name.pop()
    listed = ", ".join(sorted(known)[:12]) or "none"
    if by_name:
        raise UserError(f"{text!r} is a different zone in different accounts; use an AZ id ({listed})")
    raise UserError(f"no Availability Zone {text!r} in the estate; AZ ids here: {listed}")


# A trimmer returns the record as it stands without the zone (None: gone entirely) and why it
# is degraded ("" when it lost nothing).
Trim = tuple[Resource | None, str]
Trimmer = Callable[[Resource, str, ZoneMap, frozenset[str]], Trim]


def _with(resource: Resource, **fields: Any) -> Resource:
    return replace(resource, data={**resource.data, **fields})


def _load_balancer(r: Resource, zone: str, zones: ZoneMap, gone: frozenset[str]) -> Trim:
    """A6: one node per enabled zone; the zone's node goes with the zone."""
    kept = [z for z in r.data.get("AvailabilityZones") or ()
            if z.get("SubnetId") not in gone and zones.of_name(r, z.get("ZoneName")) != zone]
    before = len(r.data.get("AvailabilityZones") or ())
    if not kept:
        return None, ""
    if len(kept) == before:
        return r, ""
    return _with(r, AvailabilityZones=kept), f"loses its node in {zone}: {len(kept)} of {before} zones left"


def _tgw_attachment(r: Resource, zone: str, zones: ZoneMap, gone: frozenset[str]) -> Trim:
    """TGW1: a VPC attachment delivers only into zones where it has a subnet."""
    vpc = r.data.get("VpcAttachment") or {}
    subnets = list(vpc.get("SubnetIds") or ())
    kept = [s for s in subnets if s not in gone]
    if len(kept) == len(subnets):
        return r, ""
    if not kept:
        return None, ""
    return (_with(r, VpcAttachment={**vpc, "SubnetIds": kept}),
            f"loses its interface in {zone}: {len(kept)} of {len(subnets)} subnets left")


def _interface_endpoint(r: Resource, zone: str, zones: ZoneMap, gone: frozenset[str]) -> Trim:
    subnets = list(r.data.get("SubnetIds") or ())
    kept = [s for s in subnets if s not in gone]
    if len(kept) == len(subnets):
        return r, ""
    if not kept:
        return None, ""
    return _with(r, SubnetIds=kept), f"loses its interface in {zone}: {len(kept)} of {len(subnets)} left"


def _database(r: Resource, zone: str, zones: ZoneMap, gone: frozenset[str]) -> Trim:
    """A Multi-AZ DB instance fails over to its standby (https://docs.aws.amazon.com/AmazonRDS/
    latest/UserGuide/Concepts.MultiAZSingleStandby.html); a Single-AZ one is down with its zone."""
    primary = r.data.get("AvailabilityZoneId") or zones.of_name(r, r.data.get("AvailabilityZone"))
    standby_name = r.data.get("SecondaryAvailabilityZone")
    standby = zones.of_name(r, standby_name)
    if primary == zone:
        if r.data.get("MultiAZ") and standby_name and standby != zone:
            failed_over = _with(r, AvailabilityZone=standby_name, AvailabilityZoneId=standby,
                                SecondaryAvailabilityZone=None)
            return failed_over, f"fails over to its standby in {standby or standby_name}; no standby until {zone} is back"
        return None, ""
    if r.data.get("MultiAZ") and standby == zone:
        return _with(r, SecondaryAvailabilityZone=None), f"loses its standby in {zone}: no failover target"
    return r, ""


def _target_group(r: Resource, zone: str, zones: ZoneMap, gone: frozenset[str]) -> Trim:
    targets = list(r.data.get("TargetHealthDescriptions") or ())
    kept = [t for t in targets if (t.get("Target") or {}).get("Id") not in gone]
    if len(kept) == len(targets):
        return r, ""
    return (_with(r, TargetHealthDescriptions=kept),
            f"loses {len(targets) - len(kept)} of {len(targets)} targets in {zone}")


def _file_system(r: Resource, zone: str, zones: ZoneMap, gone: frozenset[str]) -> Trim:
    """EFS One Zone file systems name their zone (``AvailabilityZoneId``) and go with it."""
    if r.data.get("AvailabilityZoneId") == zone:
        return None, ""
    return r, ""


def _auto_scaling_group(r: Resource, zone: str, zones: ZoneMap, gone: frozenset[str]) -> Trim:
    """The group's instances in the zone go; it launches replacements in its other subnets'
    zones (https://docs.aws.amazon.com/autoscaling/ec2/userguide/auto-scaling-benefits.html)."""
    instances = list(r.data.get("Instances") or ())
    kept = [i for i in instances if i.get("InstanceId") not in gone and zones.of_name(r, i.get("AvailabilityZone")) != zone]
    if len(kept) == len(instances):
        return r, ""
    subnets = [s for s in str(r.data.get("VPCZoneIdentifier") or "").split(",") if s]
    elsewhere = [s for s in subnets if s not in gone and zones.subnet_zone.get(s) != zone]
    then = "replaces them in its other zones" if elsewhere else "has no subnet in another zone to replace them"
    return (_with(r, Instances=kept),
            f"loses {len(instances) - len(kept)} of {len(instances)} instances in {zone}; {then}")


def _aurora_cluster(r: Resource, zone: str, zones: ZoneMap, gone: frozenset[str]) -> Trim:
    """An Aurora cluster whose writer is in the zone fails over to a reader (https://docs.aws.
    amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.AuroraHighAvailability.html); with no
    instance left its storage survives but nothing serves it."""
    members = list(r.data.get("DBClusterMembers") or ())
    kept = [m for m in members if m.get("DBInstanceIdentifier") not in gone]
    if len(kept) == len(members):
        return r, ""
    writer_lost = any(m.get("IsClusterWriter") for m in members if m not in kept)
    if not kept:
        why = f"loses every instance in {zone}: its storage survives, nothing serves it"
    elif writer_lost:
        why = f"loses its writer in {zone}: fails over to a reader"
        kept = [{**kept[0], "IsClusterWriter": True}, *kept[1:]]
    else:
        why = f"loses {len(members) - len(kept)} of {len(members)} instances in {zone}"
    return _with(r, DBClusterMembers=kept), why


def _cache_replication_group(r: Resource, zone: str, zones: ZoneMap, gone: frozenset[str]) -> Trim:
    """A primary in the zone fails over to a replica when Multi-AZ is on; otherwise writes fail
    (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoFailover.html)."""
    members = [m for group in r.data.get("NodeGroups") or () for m in group.get("NodeGroupMembers") or ()]
    lost = [m for m in members if m.get("CacheClusterId") in gone
            or zones.of_name(r, m.get("PreferredAvailabilityZone")) == zone]
    if not lost:
        return r, ""
    if len(lost) == len(members):
        return None, ""
    if any(m.get("CurrentRole") == "primary" for m in lost):
        failover = str(r.data.get("AutomaticFailover", "")).lower() == "enabled"
        return r, (f"loses its primary in {zone}: " +
                   ("a replica is promoted" if failover else "writes fail until a manual failover (no automatic failover)"))
    return r, f"loses {len(lost)} of {len(members)} nodes in {zone}"


TRIMMERS: Mapping[str, Trimmer] = {
    "elbv2:load-balancer": _load_balancer,
    "ec2:transit-gateway-attachment": _tgw_attachment,
    "ec2:vpc-endpoint": _interface_endpoint,
    "rds:db-instance": _database,
    "elbv2:target-group": _target_group,
    "efs:file-system": _file_system,
    "autoscaling:group": _auto_scaling_group,
    "rds:db-cluster": _aurora_cluster,
    "elasticache:replication-group": _cache_replication_group,
}


# Trimmed after the others: they lose members that the first pass removes (instances, DB instances).
AGGREGATES = frozenset({"elbv2:target-group", "rds:db-cluster", "elasticache:replication-group", "autoscaling:group"})


def without_zone(estate: Estate, zone: str) -> Outage:
    """``estate`` while ``zone`` (an AZ id) is down: single-zone resources in it removed, the
    multi-zone ones trimmed (TRIMMERS; aggregates last, so they see every member that is gone)."""
    zones = ZoneMap(estate)
    removed = [r for r in estate.resources() if r.kind not in TRIMMERS and zones.of(r) == zone]
    # what trimmers test membership against: the ids and addresses (IP targets) now gone
    gone = {r.id for r in removed} | {ip for r in removed for ip in r.ips}
    after: dict[str, Resource] = {}
    degraded: dict[str, Degraded] = {}
    dropped = {r.arn for r in removed}
    for aggregates in (False, True):
        for resource in estate.resources():
            if resource.arn in dropped or (resource.kind in AGGREGATES) != aggregates:
                continue
            trim = TRIMMERS.get(resource.kind)
            if trim is None:
                after[resource.arn] = resource
                continue
            trimmed, why = trim(resource, zone, zones, frozenset(gone))
            if trimmed is None:
                removed.append(resource)
                gone.add(resource.id)
                continue
            after[resource.arn] = trimmed
            if why:
                degraded[resource.arn] = Degraded(resource.arn, resource.kind, why)
    order = [r.arn for r in estate.resources()]
    return _outage(estate, [after[a] for a in order if a in after], removed,
                   [degraded[a] for a in order if a in degraded])


def without_region(estate: Estate, region: str) -> Outage:
    """``estate`` while a whole Region is down: everything regional there removed."""
    if region not in {r.region for r in estate.resources()}:
        raise UserError(f"no Region {region!r} in the estate")
    kept = [r for r in estate.resources() if r.region != region]
    removed = [r for r in estate.resources() if r.region == region]
    return _outage(estate, kept, removed, [])


def _outage(estate: Estate, kept: list[Resource], removed: list[Resource], degraded: list[Degraded]) -> Outage:
    arns = {r.arn for r in kept}
    after = Estate(kept, (e for e in estate.edges() if e.source in arns and e.target in arns), estate.markers,
                   (d for d in estate.dangling if d.source in arns), estate.info)
    return Outage(after, tuple(sorted(r.arn for r in removed)), tuple(degraded))
