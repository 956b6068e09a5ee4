"""The blast radius of a zone (issue 17): the reachability engine asked twice, on the estate
and on the estate without the zone, on the smallest networks that show each rule."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from reach_fixtures import ACCOUNT
from zone_fixtures import ZONES, three_zones

from awsx.core.errors import UserError
from awsx.core.model import Resource
from awsx.reach.query import reach
from awsx.resilience.blast import blast
from awsx.resilience.zones import resolve_zone, without_zone


def _broken(result, what: str) -> list:
    return [b for b in result.broken if b.flow.what == what]


def test_one_nat_for_three_zones_breaks_the_other_zones_egress_with_the_nat_route_as_blocker():
    estate = three_zones().build()
    result = blast(estate, az="use1-az1")
    egress = _broken(result, "egress")
    # the app ENIs of zones 2 and 3 lose the internet: their route to nat-0 is now a blackhole (RT5)
    assert sorted(b.flow.src.rsplit("/", 1)[1] for b in egress) == ["eni-app-1", "eni-app-2"]
    for broken in egress:
        assert (broken.blocker["kind"], broken.blocker["id"]) == ("nat-gateway", "nat-0")
        assert "blackhole" in broken.blocker["rule"] and "RT5" in broken.blocker["rule"]
    assert "arn:aws:ec2:us-east-1:%s:natgateway/nat-0" % ACCOUNT in result.removed


def test_a_nat_per_zone_loses_only_the_failed_zone():
    result = blast(three_zones(nat_per_zone=True).build(), az="use1-az1")
    assert _broken(result, "egress") == []
    assert any(r.endswith("/eni-app-0") for r in result.removed)


def test_a_single_az_database_breaks_the_app_tier_to_db_tier_flow():
    result = blast(three_zones(nat_per_zone=True).build(), az="use1-az2")
    tier = [b for b in _broken(result, "tier") if b.flow.dst.endswith("/sg-db")]
    # the surviving app instances (zones 1 and 3) no longer reach any member of the db tier
    assert sorted(b.flow.src.rsplit("/", 1)[1] for b in tier) == ["eni-app-0", "eni-app-2"]
    assert all(b.blocker["kind"] == "removed" and b.blocker["id"].endswith(":db:orders") for b in tier)


def test_a_multi_az_database_fails_over_and_is_degraded_not_broken():
    result = blast(three_zones(nat_per_zone=True, multi_az_db=True).build(), az="use1-az2")
    assert [b for b in _broken(result, "tier") if b.flow.dst.endswith("/sg-db")] == []
    why = {d.arn.rsplit(":", 1)[1]: d.why for d in result.degraded}
    assert "fails over to its standby in use1-az3" in why["orders"]


def test_the_load_balancer_loses_a_node_and_a_target_but_still_serves():
    result = blast(three_zones(nat_per_zone=True).build(), az="use1-az3")
    kinds = {d.kind: d.why for d in result.degraded}
    assert kinds["elbv2:load-balancer"] == "loses its node in use1-az3: 2 of 3 zones left"
    assert kinds["elbv2:target-group"] == "loses 1 of 3 targets in use1-az3"
    assert _broken(result, "load-balancer") == [] and _broken(result, "exposure") == []


def test_the_blocker_is_the_reachability_engines_own_verdict_on_the_estate_without_the_zone():
    """No second implementation of routing: the blocker equals what ``reach`` answers there."""
    estate = three_zones().build()
    broken = _broken(blast(estate, az="use1-az1"), "egress")[0]
    verdict = reach(without_zone(estate, "use1-az1").after, broken.flow.src, "internet", 443)
    assert not verdict.reachable and broken.blocker == {k: str(v) for k, v in verdict.blocker.to_json().items()}


def test_the_resilience_engine_imports_no_routing_or_rule_code():
    banned = {"awsx.reach.routing", "awsx.reach.walk", "awsx.reach.rules", "awsx.reach.loadbalancer"}
    for path in Path("awsx/resilience").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert node.module not in banned, f"{path} imports {node.module}"


def test_a_whole_region():
    result = blast(three_zones().build(), region="us-east-1")
    assert result.scope == "region" and result.to_json()["region"] == "us-east-1"
    # all of it is gone: what the internet reached is broken because its target was removed
    assert [(b.flow.what, b.blocker["kind"]) for b in result.broken] == [("exposure", "removed")]
    assert len(result.removed) == len(list(three_zones().build().resources()))
    with pytest.raises(UserError, match="no Region 'eu-west-9'"):
        blast(three_zones().build(), region="eu-west-9")


def test_zones_are_named_by_id_or_by_a_name_that_means_one_zone():
    estate = three_zones().build()
    assert resolve_zone(estate, "use1-az2") == "use1-az2"
    assert resolve_zone(estate, "us-east-1b") == "use1-az2"
    with pytest.raises(UserError, match="no Availability Zone 'use1-az9'.*use1-az1, use1-az2, use1-az3"):
        resolve_zone(estate, "use1-az9")


def test_a_zone_name_that_differs_between_accounts_is_refused():
    b = three_zones()
    b.resources.append(Resource(
        "arn:aws:ec2:us-east-1:999988887777:availability-zone/use1-az5", "ec2:availability-zone", "use1-az5", "",
        "999988887777", "us-east-1", {}, {"ZoneName": "us-east-1a", "ZoneId": "use1-az5"}))
    with pytest.raises(UserError, match="different zone in different accounts"):
        resolve_zone(b.build(), "us-east-1a")


def _zonal(kind: str, rid: str, data: dict) -> Resource:
    return Resource(f"arn:aws:{kind.split(':')[0]}:us-east-1:{ACCOUNT}:{kind.split(':')[1]}/{rid}", kind, rid, rid,
                    ACCOUNT, "us-east-1", {}, data)


def _degraded_after(extra: Resource, zone: str = "use1-az2") -> dict[str, str]:
    b = three_zones(nat_per_zone=True)
    b.resources.append(extra)
    return {d.kind: d.why for d in without_zone(b.build(), zone).degraded}


def test_an_auto_scaling_group_loses_the_zones_instances_and_replaces_them_elsewhere():
    group = _zonal("autoscaling:group", "web", {
        "Instances": [{"InstanceId": f"i-app-{i}", "AvailabilityZone": ZONES[i][0]} for i in range(3)],
        "VPCZoneIdentifier": "subnet-app-0,subnet-app-1,subnet-app-2"})
    assert _degraded_after(group)["autoscaling:group"] == "loses 1 of 3 instances in use1-az2; replaces them in its other zones"
    group.data["VPCZoneIdentifier"] = "subnet-app-1"
    assert "has no subnet in another zone" in _degraded_after(group)["autoscaling:group"]


def test_an_aurora_cluster_fails_over_when_its_writer_goes_with_the_zone():
    cluster = _zonal("rds:db-cluster", "catalog", {"DBClusterMembers": [
        {"DBInstanceIdentifier": "orders", "IsClusterWriter": True},  # orders lives in use1-az2
        {"DBInstanceIdentifier": "catalog-reader", "IsClusterWriter": False}]})
    assert _degraded_after(cluster)["rds:db-cluster"] == "loses its writer in use1-az2: fails over to a reader"


def test_a_cache_primary_in_the_zone_fails_over_only_with_automatic_failover():
    group = _zonal("elasticache:replication-group", "sessions", {"AutomaticFailover": "disabled", "NodeGroups": [
        {"NodeGroupMembers": [{"CacheClusterId": "sessions-001", "PreferredAvailabilityZone": "us-east-1b",
                               "CurrentRole": "primary"},
                              {"CacheClusterId": "sessions-002", "PreferredAvailabilityZone": "us-east-1c",
                               "CurrentRole": "replica"}]}]})
    assert "writes fail until a manual failover" in _degraded_after(group)["elasticache:replication-group"]
    group.data["AutomaticFailover"] = "enabled"
    assert _degraded_after(group)["elasticache:replication-group"] == "loses its primary in use1-az2: a replica is promoted"
    assert "elasticache:replication-group" not in _degraded_after(group, "use1-az1")
