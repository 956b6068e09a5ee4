"""Waste rules, each on the smallest estate that shows it fires, and one that shows it does not.
Edges come from the real edge rules (``assemble``), so graph rules are tested as they run."""

from __future__ import annotations

import pytest

from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Marker, MarkerStatus, Resource
from awsx.cost.table import default_table
from awsx.cost.waste import waste_report
from awsx.inventory.edges import assemble

ACCOUNT = "111122223333"
CRAWLED = "2026-11-22T12:00:00+00:00"
TABLE = default_table()
H = TABLE.hours_per_month


def usd(key: str) -> float:
    return TABLE.row(key, "us-east-1").usd


def res(kind: str, rid: str, arn: str | None = None, **data) -> Resource:
    arn = arn or f"arn:aws:{kind.split(':')[0]}:us-east-1:{ACCOUNT}:{kind.split(':')[1]}/{rid}"
    return Resource(arn=arn, kind=kind, id=rid, name=rid, account=ACCOUNT, region="us-east-1", data=data)


def estate(*resources: Resource, markers=()) -> Estate:
    unique, edges, dangling = assemble(resources)
    return Estate(unique, edges, markers, dangling, EstateInfo(source="test", crawled_at=CRAWLED))


def rules(e: Estate) -> dict[str, list]:
    found: dict[str, list] = {}
    for f in waste_report(e).findings:
        found.setdefault(f.rule, []).append(f)
    return found


def running(rid: str, itype: str = "m5.large") -> Resource:
    return res("ec2:instance", rid, InstanceId=rid, InstanceType=itype, State={"Name": "running"})


def stopped(rid: str, since: str) -> Resource:
    return res("ec2:instance", rid, InstanceId=rid, InstanceType="m5.large", State={"Name": "stopped"},
               StateTransitionReason=f"User initiated ({since} GMT)")


def volume(rid: str, vtype: str = "gp3", size: int = 50, attached_to: str | None = None, **extra) -> Resource:
    attachments = [{"InstanceId": attached_to, "State": "attached"}] if attached_to else []
    return res("ec2:volume", rid, VolumeId=rid, VolumeType=vtype, Size=size, Attachments=attachments,
               State="in-use" if attached_to else "available", CreateTime="2026-09-01T00:00:00+00:00", **extra)


def test_unattached_volume_fires_with_its_full_cost():
    found = rules(estate(volume("vol-1", "gp2", 50)))
    [f] = found["unattached-volume"]
    assert f.monthly_savings == pytest.approx(50 * usd("ebs/gp2/storage"))
    assert "State=available" in f.evidence and "82 d before the crawl" in f.evidence
    assert "gp2-to-gp3" not in found  # deleting beats converting: one finding per volume


def test_attached_volume_is_not_unattached():
    assert "unattached-volume" not in rules(estate(running("i-1"), volume("vol-1", attached_to="i-1")))


def test_gp2_to_gp3_saving_is_the_price_difference_at_equal_performance():
    found = rules(estate(running("i-1"), volume("vol-1", "gp2", 100, attached_to="i-1")))
    [f] = found["gp2-to-gp3"]
    # 100 GB gp2 = 300 IOPS baseline (< the 3,000 gp3 includes), 125 MB/s: no gp3 extras.
    assert f.monthly_savings == pytest.approx(100 * (usd("ebs/gp2/storage") - usd("ebs/gp3/storage"))) == pytest.approx(2.0)


def test_large_gp2_volume_needs_gp3_iops_and_throughput_to_match():
    found = rules(estate(running("i-1"), volume("vol-1", "gp2", 2000, attached_to="i-1")))
    [f] = found["gp2-to-gp3"]
    gp3 = 2000 * usd("ebs/gp3/storage") + (6000 - 3000) * usd("ebs/gp3/iops") + (250 - 125) * usd("ebs/gp3/throughput")
    assert f.monthly_savings == pytest.approx(2000 * usd("ebs/gp2/storage") - gp3)


def test_gp3_volume_is_not_a_gp2_finding():
    assert "gp2-to-gp3" not in rules(estate(running("i-1"), volume("vol-1", "gp3", 100, attached_to="i-1")))


def test_io2_at_or_below_16000_iops_converts_to_gp3():
    found = rules(estate(running("i-1"), volume("vol-1", "io2", 200, attached_to="i-1", Iops=4000)))
    [f] = found["io-to-gp3"]
    io2 = 200 * usd("ebs/io2/storage") + 4000 * usd("ebs/io2/iops")
    gp3 = 200 * usd("ebs/gp3/storage") + 1000 * usd("ebs/gp3/iops")
    assert f.monthly_savings == pytest.approx(io2 - gp3) == pytest.approx(264.0)


def test_io2_above_16000_iops_stays():
    assert "io-to-gp3" not in rules(estate(running("i-1"), volume("vol-1", "io2", 500, attached_to="i-1", Iops=20000)))


def test_unassociated_eip_fires_and_associated_one_does_not():
    idle = res("ec2:elastic-ip", "eipalloc-1", AllocationId="eipalloc-1", PublicIp="198.51.100.1")
    used = res("ec2:elastic-ip", "eipalloc-2", AllocationId="eipalloc-2", PublicIp="198.51.100.2",
               AssociationId="eipassoc-2", InstanceId="i-1")
    found = rules(estate(running("i-1"), idle, used))
    [f] = found["unassociated-eip"]
    assert f.arn == idle.arn and f.monthly_savings == pytest.approx(usd("vpc/public-ipv4/idle") * H) == pytest.approx(3.65)
    assert "eip-on-stopped-instance" not in found


def test_eip_on_a_stopped_instance_is_idle_public_ipv4():
    eip = res("ec2:elastic-ip", "eipalloc-2", AllocationId="eipalloc-2", PublicIp="198.51.100.2",
              AssociationId="eipassoc-2", InstanceId="i-1")
    found = rules(estate(stopped("i-1", "2026-11-20 10:00:00"), eip))
    assert [f.arn for f in found["eip-on-stopped-instance"]] == [eip.arn]


def test_instance_stopped_30_days_holding_volumes_and_an_eip_claims_them():
    inst = stopped("i-1", "2026-09-01 10:00:00")
    eip = res("ec2:elastic-ip", "eipalloc-2", AllocationId="eipalloc-2", PublicIp="198.51.100.2",
              AssociationId="eipassoc-2", InstanceId="i-1")
    report = waste_report(estate(inst, volume("vol-1", "gp3", 100, attached_to="i-1"), eip))
    [f] = [f for f in report.findings if f.rule == "stopped-instance"]
    assert f.monthly_savings == pytest.approx(100 * usd("ebs/gp3/storage") + usd("vpc/public-ipv4/in-use") * H)
    assert "stopped since 2026-09-01 10:00:00 GMT" in f.evidence and "vol-1" in f.evidence and "eipalloc-2" in f.evidence
    # The EIP is also its own finding; the total counts it once.
    assert {x.rule for x in report.findings} == {"stopped-instance", "eip-on-stopped-instance"}
    assert report.total_monthly_savings == pytest.approx(f.monthly_savings)


def test_instance_stopped_recently_is_not_waste_yet():
    found = rules(estate(stopped("i-1", "2026-11-10 10:00:00"), volume("vol-1", attached_to="i-1")))
    assert "stopped-instance" not in found


def test_total_counts_a_resource_once_when_two_rules_claim_it():
    # A gp2 volume on a long-stopped instance: converting and deleting are alternatives.
    e = estate(stopped("i-1", "2026-09-01 10:00:00"), volume("vol-1", "gp2", 100, attached_to="i-1"))
    report = waste_report(e)
    assert {f.rule for f in report.findings} == {"stopped-instance", "gp2-to-gp3"}
    assert report.total_monthly_savings == pytest.approx(100 * usd("ebs/gp2/storage"))


def test_snapshot_older_than_90_days_fires():
    e = estate(volume("vol-1"), res("ec2:snapshot", "snap-1", VolumeId="vol-1", VolumeSize=50,
                                    StartTime="2026-07-01T00:00:00+00:00"))
    [f] = rules(e)["old-snapshot"]
    assert f.monthly_savings == pytest.approx(50 * usd("ebs/snapshot/standard"))
    assert "AMIs are not crawled" in f.evidence


def test_snapshot_whose_volume_is_gone_is_orphan_unless_the_crawl_is_incomplete():
    snap = res("ec2:snapshot", "snap-1", VolumeId="vol-gone", VolumeSize=50, StartTime="2026-11-20T00:00:00+00:00")
    assert [f.rule for f in waste_report(estate(snap)).findings] == ["orphan-snapshot"]
    denied = Marker(ACCOUNT, "us-east-1", "ec2", "DescribeVolumes", MarkerStatus.DENIED, "AccessDenied")
    assert waste_report(estate(snap, markers=[denied])).findings == ()


def test_recent_snapshot_of_a_live_volume_is_fine():
    e = estate(volume("vol-1"), res("ec2:snapshot", "snap-1", VolumeId="vol-1", VolumeSize=50,
                                    StartTime="2026-11-20T00:00:00+00:00"))
    assert "old-snapshot" not in rules(e) and "orphan-snapshot" not in rules(e)


def _lb_and_group(targets: list | None):
    lb_arn = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/alb/1"
    lb = res("elbv2:load-balancer", "alb", arn=lb_arn, LoadBalancerArn=lb_arn, Type="application", Scheme="internal",
             AvailabilityZones=[{"ZoneName": "us-east-1a"}])
    data = {"LoadBalancerArns": [lb_arn]}
    if targets is not None:
        data["TargetHealthDescriptions"] = targets
    group = res("elbv2:target-group", "tg", arn=f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/tg/1", **data)
    return lb, group


def test_load_balancer_with_no_registered_targets_fires():
    lb, group = _lb_and_group([])
    [f] = rules(estate(lb, group))["lb-without-targets"]
    assert f.monthly_savings == pytest.approx(usd("elb/application/hour") * H)


def test_load_balancer_with_targets_or_unread_target_health_does_not_fire():
    lb, group = _lb_and_group([{"Target": {"Id": "i-1"}, "TargetHealth": {"State": "healthy"}}])
    assert "lb-without-targets" not in rules(estate(running("i-1"), lb, group))
    lb, group = _lb_and_group(None)  # DescribeTargetHealth not read: absence proves nothing
    assert "lb-without-targets" not in rules(estate(lb, group))


def _nat(with_route: bool, associated: bool = True):
    nat = res("ec2:nat-gateway", "nat-1", NatGatewayId="nat-1", State="available",
              NatGatewayAddresses=[{"AllocationId": "eipalloc-1", "PublicIp": "198.51.100.1"}])
    eip = res("ec2:elastic-ip", "eipalloc-1", AllocationId="eipalloc-1", PublicIp="198.51.100.1", AssociationId="a-1")
    routes = [{"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": "nat-1", "State": "active"}] if with_route else []
    table = res("ec2:route-table", "rtb-1", RouteTableId="rtb-1", Routes=routes,
                Associations=[{"SubnetId": "subnet-1"}] if associated else [])
    return nat, eip, table


def test_nat_gateway_nothing_routes_to_fires_with_its_elastic_ip():
    nat, eip, table = _nat(with_route=False)
    [f] = rules(estate(nat, eip, table))["nat-unrouted"]
    assert f.monthly_savings == pytest.approx(usd("nat/hour") * H + usd("vpc/public-ipv4/in-use") * H)
    assert f.monthly_savings == pytest.approx(32.85 + 3.65)
    assert "no route table routes to it" in f.evidence


def test_nat_gateway_routed_only_from_a_table_without_subnets_fires():
    nat, eip, table = _nat(with_route=True, associated=False)
    [f] = rules(estate(nat, eip, table))["nat-unrouted"]
    assert "rtb-1" in f.evidence


def test_nat_gateway_with_a_route_from_a_used_table_does_not_fire():
    assert "nat-unrouted" not in rules(estate(*_nat(with_route=True)))


def test_previous_generation_instance_saves_the_successor_difference():
    [f] = rules(estate(running("i-1", "m4.large")))["previous-generation"]
    assert f.monthly_savings == pytest.approx((usd("ec2/instance/m4.large") - usd("ec2/instance/m5.large")) * H)
    assert "previous-generation" not in rules(estate(running("i-2", "m5.large")))


def test_previous_generation_without_a_price_is_unknown_not_zero():
    [f] = rules(estate(running("i-1", "i2.xlarge")))["previous-generation"]
    assert f.monthly_savings is None and "unknown" in f.evidence
    assert f.to_json()["monthly_savings"] is None


def test_previous_generation_rds_class_is_flagged():
    db = res("rds:db-instance", "db-1", DBInstanceClass="db.m4.large", Engine="mysql", AllocatedStorage=20,
             StorageType="gp2")
    [f] = rules(estate(db))["previous-generation"]
    assert f.arn == db.arn and "db.m5.large" in f.evidence
    assert f.monthly_savings is None  # db.m4 has no price row yet: unknown, not zero
    current = res("rds:db-instance", "db-2", DBInstanceClass="db.m5.large", Engine="mysql", AllocatedStorage=20)
    assert "previous-generation" not in rules(estate(current))
