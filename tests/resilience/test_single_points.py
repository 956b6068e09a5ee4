"""Single points of failure as pulse faults (issue 17 §2), each with its sentence, on the
smallest estates that show them (the AWS pages each follows are in the module's docstring)."""

from __future__ import annotations

from reach_fixtures import ACCOUNT
from zone_fixtures import three_zones

from awsx.core.model import Resource
from awsx.pulse.faults import pulse_faults
from awsx.resilience.single_points import (
    attachment_zone_gap,
    instance_outside_auto_scaling,
    nat_serving_other_zones,
    single_az_cache,
    single_az_database,
    single_zone_load_balancer,
    single_zone_tier,
)


def _one(estate, kind: str, rid: str) -> Resource:
    return next(r for r in estate.resources(kind) if r.id == rid)


def test_one_nat_for_three_zones_is_a_single_point_and_one_per_zone_is_not():
    shared = three_zones().build()
    assert nat_serving_other_zones(shared, _one(shared, "ec2:nat-gateway", "nat-0")) == (
        "serves subnets in use1-az2, use1-az3 from use1-az1: if use1-az1 fails they lose the internet "
        "(and each byte crosses zones, billed as inter-AZ data)")
    own = three_zones(nat_per_zone=True).build()
    assert all(nat_serving_other_zones(own, nat) is None for nat in own.resources("ec2:nat-gateway"))


def test_a_single_az_database_and_not_a_multi_az_one_or_an_aurora_member():
    single = three_zones().build()
    assert single_az_database(single, _one(single, "rds:db-instance", "orders")) == \
        "Single-AZ: no standby; down while use1-az2 is"
    multi = three_zones(multi_az_db=True).build()
    assert single_az_database(multi, _one(multi, "rds:db-instance", "orders")) is None
    b = three_zones()
    b.resources[-1].data["DBClusterIdentifier"] = "catalog"
    aurora = b.build()
    assert single_az_database(aurora, _one(aurora, "rds:db-instance", "orders")) is None


def test_a_cache_without_multi_az():
    def group(multi_az: str) -> Resource:
        return Resource(f"arn:aws:elasticache:us-east-1:{ACCOUNT}:replicationgroup:sessions", "elasticache:replication-group",
                        "sessions", "sessions", ACCOUNT, "us-east-1", {}, {"MultiAZ": multi_az})
    estate = three_zones().build()
    assert single_az_cache(estate, group("disabled")).startswith("Multi-AZ is off")
    assert single_az_cache(estate, group("enabled")) is None


def test_a_load_balancer_in_one_zone():
    b = three_zones()
    balancer = next(r for r in b.resources if r.kind == "elbv2:load-balancer")
    estate = b.build()
    assert single_zone_load_balancer(estate, balancer) is None
    balancer.data["AvailabilityZones"] = balancer.data["AvailabilityZones"][:1]
    assert "enabled in one zone only (us-east-1a)" in single_zone_load_balancer(estate, balancer)


def test_instances_outside_auto_scaling_only_where_the_region_uses_it():
    b = three_zones()
    for index in range(3):
        next(r for r in b.resources if r.id == f"i-app-{index}").data["State"] = {"Name": "running"}
    assert all(instance_outside_auto_scaling(b.build(), i) is None for i in b.build().resources("ec2:instance"))
    b.resources.append(Resource(f"arn:aws:autoscaling:us-east-1:{ACCOUNT}:autoScalingGroup:1:autoScalingGroupName/web",
                                "autoscaling:group", "web", "web", ACCOUNT, "us-east-1", {},
                                {"Instances": [{"InstanceId": "i-app-0"}, {"InstanceId": "i-app-1"}]}))
    estate = b.build()
    outside = [i.id for i in estate.resources("ec2:instance") if instance_outside_auto_scaling(estate, i)]
    assert outside == ["i-app-2"]


def test_a_transit_gateway_attachment_missing_a_zone_with_senders():
    b = three_zones()
    b.transit_gateway("tgw-1")
    b.tgw_attachment("tgw-attach-1", "tgw-1", "vpc-1", ["subnet-app-0", "subnet-app-1"])
    estate = b.build()
    attachment = _one(estate, "ec2:transit-gateway-attachment", "tgw-attach-1")
    assert attachment_zone_gap(estate, attachment) == \
        "no subnet in use1-az3: interfaces there cannot reach the transit gateway (TGW1)"


def test_a_tier_with_every_member_in_one_zone():
    b = three_zones()
    b.eni("eni-db-a", "subnet-app-1", "vpc-1", "10.0.11.50", ("sg-db",), az="us-east-1b")
    b.eni("eni-db-b", "subnet-app-1", "vpc-1", "10.0.11.51", ("sg-db",), az="us-east-1b")
    estate = b.build()
    assert single_zone_tier(estate, _one(estate, "ec2:security-group", "sg-db")) == \
        "all 2 members in use1-az2: the tier is down while that zone is"
    assert single_zone_tier(estate, _one(estate, "ec2:security-group", "sg-app")) is None  # three zones


def test_the_pulse_lists_each_with_its_sentence():
    faults = {f.name: f for f in pulse_faults(three_zones().build())}
    nat = faults["nat-serving-other-zones"]
    assert nat.count == 1 and nat.why[0].startswith("serves subnets in use1-az2, use1-az3")
    assert nat.to_json()["why"] == list(nat.why)
    assert "why" not in faults["open-security-groups"].to_json()
