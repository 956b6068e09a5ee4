"""Single points of failure (issue 17 §2): configuration that one zone's failure takes down,
each rule returning the sentence that explains the finding (None: no finding).

The rules follow AWS's own resilience guidance: "If you have resources in multiple Availability
Zones and they share one NAT gateway, and if the NAT gateway's Availability Zone is down,
resources in the other Availability Zones lose internet access" (https://docs.aws.amazon.com/vpc/
latest/userguide/vpc-nat-gateway.html); a Single-AZ DB instance has no standby to fail over to
(https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Concepts.MultiAZ.html); a load balancer
serves only the zones it is enabled in (reachability.md A6, LB3); a transit-gateway attachment
carries traffic only for zones where it has a subnet (TGW1).
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from typing import Any, Callable, Mapping

from awsx.core.graph import Estate
from awsx.core.model import Resource

from .zones import ZoneMap

Explain = Callable[[Estate, Resource], "str | None"]


_DERIVED: "weakref.WeakKeyDictionary[Estate, dict[str, Any]]" = weakref.WeakKeyDictionary()


def _derived(estate: Estate, build: Callable[[Estate], Any]) -> Any:
    """What a rule derives from the whole estate, built once per estate (rules run per resource)."""
    found = _DERIVED.setdefault(estate, {})
    if build.__name__ not in found:
        found[build.__name__] = build(estate)
    return found[build.__name__]


def _zones(estate: Estate) -> ZoneMap:
    return _derived(estate, ZoneMap)


def nat_serving_other_zones(estate: Estate, nat: Resource) -> str | None:
    """A NAT gateway that route tables of subnets in other zones send to."""
    zones = _zones(estate)
    home = zones.of(nat)
    served: set[str] = set()
    for table in estate.resources("ec2:route-table"):
        if table.region != nat.region or not any(r.get("NatGatewayId") == nat.id for r in table.data.get("Routes") or ()):
            continue
        for association in table.data.get("Associations") or ():
            zone = zones.subnet_zone.get(association.get("SubnetId", ""))
            if zone and zone != home:
                served.add(zone)
    if not served or not home:
        return None
    return (f"serves subnets in {', '.join(sorted(served))} from {home}: if {home} fails they lose the internet "
            "(and each byte crosses zones, billed as inter-AZ data)")


def single_az_database(estate: Estate, db: Resource) -> str | None:
    """An RDS DB instance without a Multi-AZ standby (Aurora members are the cluster's concern)."""
    if db.data.get("MultiAZ") or db.data.get("DBClusterIdentifier"):
        return None
    zone = db.data.get("AvailabilityZoneId") or _zones(estate).of_name(db, db.data.get("AvailabilityZone")) or "its zone"
    return f"Single-AZ: no standby; down while {zone} is"


def single_az_cache(estate: Estate, group: Resource) -> str | None:
    """An ElastiCache replication group without Multi-AZ automatic failover."""
    if str(group.data.get("MultiAZ", "")).lower() == "enabled":
        return None
    return "Multi-AZ is off: a failed primary's zone takes the writes down until a manual failover"


def single_zone_load_balancer(estate: Estate, balancer: Resource) -> str | None:
    zones = balancer.data.get("AvailabilityZones") or ()
    if len(zones) != 1:
        return None
    return f"enabled in one zone only ({zones[0].get('ZoneName', '?')}): nothing serves while it is down (A6)"


def instance_outside_auto_scaling(estate: Estate, instance: Resource) -> str | None:
    """A running instance in no Auto Scaling group, where the Region uses Auto Scaling and the
    crawl read the groups: nothing replaces it when its zone fails. (A Region with no group at
    all is a choice, not a single point of failure each instance need be told about.)"""
    if (instance.data.get("State") or {}).get("Name") != "running" or not estate.read("autoscaling:group"):
        return None
    grouped = _derived(estate, _Grouped)
    if instance.region not in grouped.regions or instance.id in grouped.instances:
        return None
    return "in no Auto Scaling group: nothing replaces it when its zone fails"


class _Grouped:
    """The Regions that have Auto Scaling groups, and the instances in them."""

    def __init__(self, estate: Estate) -> None:
        groups = list(estate.resources("autoscaling:group"))
        self.regions = {g.region for g in groups}
        self.instances = {i.get("InstanceId") for g in groups for i in g.data.get("Instances") or ()}


def attachment_zone_gap(estate: Estate, attachment: Resource) -> str | None:
    """A VPC attachment with no subnet in a zone where the VPC has in-use interfaces (TGW1):
    those senders cannot use the transit gateway at all."""
    vpc_attachment = attachment.data.get("VpcAttachment") or {}
    vpc = vpc_attachment.get("VpcId") or attachment.data.get("ResourceId")
    zones = _zones(estate)
    covered = {zones.subnet_zone.get(s) for s in vpc_attachment.get("SubnetIds") or ()}
    senders = {zones.subnet_zone.get(e.data.get("SubnetId", "")) for e in estate.resources("ec2:network-interface")
               if e.data.get("VpcId") == vpc and e.region == attachment.region and e.data.get("Status") == "in-use"}
    missing = sorted(z for z in senders - covered if z)
    if not missing:
        return None
    return f"no subnet in {', '.join(missing)}: interfaces there cannot reach the transit gateway (TGW1)"


def single_zone_tier(estate: Estate, group: Resource) -> str | None:
    """A security group (a tier) with two or more in-use members, all in one zone."""
    members = _derived(estate, _tier_zones).get(group.id)
    if not members or members[0] < 2 or len(members[1]) != 1:
        return None
    return f"all {members[0]} members in {next(iter(members[1]))}: the tier is down while that zone is"


def _tier_zones(estate: Estate) -> dict[str, tuple[int, set[str]]]:
    """Per security group: how many in-use interfaces are members, and their zones."""
    zones = _zones(estate)
    counts: dict[str, int] = defaultdict(int)
    where: dict[str, set[str]] = defaultdict(set)
    for eni in estate.resources("ec2:network-interface"):
        if eni.data.get("Status") != "in-use":
            continue
        zone = zones.of(eni)
        for group in eni.data.get("Groups") or ():
            counts[group.get("GroupId", "")] += 1
            if zone:
                where[group.get("GroupId", "")].add(zone)
    return {g: (n, where[g]) for g, n in counts.items()}


# name -> (title, kind, rule): the pulse lists each as a fault (awsx.pulse.faults).
SINGLE_POINTS: Mapping[str, tuple[str, str, Explain]] = {
    "nat-serving-other-zones": ("NAT gateways serving subnets in other zones", "ec2:nat-gateway",
                                nat_serving_other_zones),
    "single-az-databases": ("RDS DB instances without Multi-AZ", "rds:db-instance", single_az_database),
    "single-az-caches": ("ElastiCache replication groups without Multi-AZ", "elasticache:replication-group",
                         single_az_cache),
    "single-zone-load-balancers": ("Load balancers enabled in one zone", "elbv2:load-balancer",
                                   single_zone_load_balancer),
    "instances-outside-auto-scaling": ("Running instances in no Auto Scaling group", "ec2:instance",
                                       instance_outside_auto_scaling),
    "attachment-zone-gaps": ("Transit-gateway attachments missing a zone with senders",
                             "ec2:transit-gateway-attachment", attachment_zone_gap),
    "single-zone-tiers": ("Tiers (security groups) with every member in one zone", "ec2:security-group",
                          single_zone_tier),
}
