"""Estimators: each worked example is list-price arithmetic on the shipped table's rows (the
expected value is computed from the table, then checked against the figure in the issue)."""

from __future__ import annotations

import pytest

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.cost.estimators import ESTIMATORS
from awsx.cost.relations import EstateView
from awsx.cost.table import default_table

ACCOUNT = "111122223333"
TABLE = default_table()
H = TABLE.hours_per_month


def usd(key: str, region: str = "us-east-1") -> float:
    return TABLE.row(key, region).usd


def resource(kind: str, rid: str, region: str = "us-east-1", **data) -> Resource:
    return Resource(arn=f"arn:aws:{kind.split(':')[0]}:{region}:{ACCOUNT}:{kind.split(':')[1]}/{rid}", kind=kind,
                    id=rid, name=rid, account=ACCOUNT, region=region, data=data)


def estimate(r: Resource, *others: Resource):
    return ESTIMATORS[r.kind](r, EstateView(Estate([r, *others])), TABLE)


def test_one_nat_gateway_is_0_045_times_730():
    est = estimate(resource("ec2:nat-gateway", "nat-1", State="available"))
    assert est.monthly == pytest.approx(usd("nat/hour") * H) == pytest.approx(32.85)
    assert "730 h × $0.045" in est.basis and not est.approximate


def test_gp3_with_4000_iops_and_130_mbps_is_storage_plus_extras():
    est = estimate(resource("ec2:volume", "vol-1", VolumeType="gp3", Size=40, Iops=4000, Throughput=130))
    expected = 40 * usd("ebs/gp3/storage") + 1000 * usd("ebs/gp3/iops") + 5 * usd("ebs/gp3/throughput")
    assert est.monthly == pytest.approx(expected) == pytest.approx(8.40)
    assert "1000 IOPS above 3000" in est.basis and "5 MB/s above 125" in est.basis


def test_gp2_io2_st1_volumes():
    assert estimate(resource("ec2:volume", "v", VolumeType="gp2", Size=50)).monthly == pytest.approx(50 * usd("ebs/gp2/storage"))
    io2 = estimate(resource("ec2:volume", "v", VolumeType="io2", Size=200, Iops=4000))
    assert io2.monthly == pytest.approx(200 * usd("ebs/io2/storage") + 4000 * usd("ebs/io2/iops")) == pytest.approx(285.0)
    assert estimate(resource("ec2:volume", "v", VolumeType="st1", Size=500)).monthly == pytest.approx(500 * usd("ebs/st1/storage"))


def test_io2_iops_above_32000_use_the_cheaper_tiers():
    est = estimate(resource("ec2:volume", "v", VolumeType="io2", Size=1000, Iops=70000))
    expected = (1000 * usd("ebs/io2/storage") + 32000 * usd("ebs/io2/iops") + 32000 * usd("ebs/io2/iops-tier2")
                + 6000 * usd("ebs/io2/iops-tier3"))
    assert est.monthly == pytest.approx(expected)
    assert est.approximate  # the tier prices are unverified (costs.md "M")


def test_running_instance_pays_hours_and_its_auto_assigned_public_ipv4():
    inst = resource("ec2:instance", "i-1", InstanceType="t3.micro", State={"Name": "running"},
                    NetworkInterfaces=[{"Association": {"PublicIp": "54.0.0.1"}}])
    est = estimate(inst)
    assert est.monthly == pytest.approx(usd("ec2/instance/t3.micro") * H + usd("vpc/public-ipv4/in-use") * H)
    assert est.monthly == pytest.approx(7.592 + 3.65)


def test_an_elastic_ip_is_billed_on_the_eip_not_on_the_instance():
    inst = resource("ec2:instance", "i-1", InstanceType="t3.micro", State={"Name": "running"},
                    NetworkInterfaces=[{"Association": {"PublicIp": "54.0.0.1"}}])
    eip = resource("ec2:elastic-ip", "eipalloc-1", PublicIp="54.0.0.1", AssociationId="eipassoc-1", InstanceId="i-1")
    assert estimate(inst, eip).monthly == pytest.approx(usd("ec2/instance/t3.micro") * H)
    assert estimate(eip, inst).monthly == pytest.approx(3.65)


def test_stopped_instance_has_no_hour_charge():
    est = estimate(resource("ec2:instance", "i-1", InstanceType="m5.large", State={"Name": "stopped"}))
    assert est.monthly == 0.0 and "stopped" in est.basis


def test_instance_size_not_in_the_table_scales_the_family_large_price_and_says_so():
    est = estimate(resource("ec2:instance", "i-1", InstanceType="m5.4xlarge", State={"Name": "running"}))
    assert est.monthly == pytest.approx(usd("ec2/instance/m5.large") * 8 * H)
    assert est.approximate and "m5.large × 8" in est.basis


def test_unknown_instance_family_is_unknown_not_zero():
    est = estimate(resource("ec2:instance", "i-1", InstanceType="x2iezn.metal", State={"Name": "running"}))
    assert est.monthly is None and est.basis.startswith("unknown") and est.approximate


def test_region_without_a_row_uses_the_labelled_multiplier():
    est = estimate(resource("ec2:volume", "v", region="eu-west-1", VolumeType="gp2", Size=50))
    assert est.monthly == pytest.approx(50 * usd("ebs/gp2/storage") * TABLE.multipliers["eu-west-1"])
    assert est.approximate and "≈" in est.basis and "region multiplier" in est.basis


def test_exact_regional_row_beats_the_multiplier():
    est = estimate(resource("ec2:nat-gateway", "nat-1", region="ap-southeast-1", State="available"))
    assert est.monthly == pytest.approx(usd("nat/hour", "ap-southeast-1") * H)
    assert not est.approximate


def test_region_with_neither_row_nor_multiplier_is_unknown():
    est = estimate(resource("ec2:nat-gateway", "nat-1", region="me-central-1", State="available"))
    assert est.monthly is None and "unknown" in est.basis


def test_snapshot_is_an_upper_bound_and_says_so():
    est = estimate(resource("ec2:snapshot", "snap-1", VolumeSize=100))
    assert est.monthly == pytest.approx(100 * usd("ebs/snapshot/standard")) == pytest.approx(5.0)
    assert est.approximate and "upper bound" in est.basis


def test_internet_facing_alb_pays_hours_and_one_public_ipv4_per_az():
    lb = resource("elbv2:load-balancer", "alb", Type="application", Scheme="internet-facing",
                  AvailabilityZones=[{"ZoneName": "a"}, {"ZoneName": "b"}])
    est = estimate(lb)
    assert est.monthly == pytest.approx(usd("elb/application/hour") * H + 2 * usd("vpc/public-ipv4/in-use") * H)
    assert est.monthly == pytest.approx(16.425 + 7.30)


def test_multi_az_rds_doubles_instance_and_storage():
    single = estimate(resource("rds:db-instance", "db", DBInstanceClass="db.t3.large", Engine="mysql",
                               AllocatedStorage=20, StorageType="gp2", MultiAZ=False))
    multi = estimate(resource("rds:db-instance", "db", DBInstanceClass="db.t3.large", Engine="mysql",
                              AllocatedStorage=20, StorageType="gp2", MultiAZ=True))
    expected = usd("rds/instance/db.t3.large/mysql") * H + 20 * usd("rds/storage/gp2")
    assert single.monthly == pytest.approx(expected) == pytest.approx(99.28 + 2.30)
    assert multi.monthly == pytest.approx(2 * expected)


def test_rds_gp3_iops_above_the_included_baseline():
    est = estimate(resource("rds:db-instance", "db", DBInstanceClass="db.t3.large", Engine="mysql",
                            AllocatedStorage=100, StorageType="gp3", Iops=4000))
    extra = 1000 * usd("rds/storage/gp3-iops")
    assert extra == pytest.approx(20.0)
    assert est.monthly == pytest.approx(usd("rds/instance/db.t3.large/mysql") * H + 100 * usd("rds/storage/gp3") + extra)


def test_efs_standard_and_ia_bytes():
    gib = 1024**3
    est = estimate(resource("efs:file-system", "fs-1", ThroughputMode="elastic",
                            SizeInBytes={"Value": 150 * gib, "ValueInStandard": 100 * gib, "ValueInIA": 50 * gib}))
    assert est.monthly == pytest.approx(100 * usd("efs/standard") + 50 * usd("efs/ia"))


def test_s3_without_a_crawled_size_is_unknown_and_with_one_is_priced():
    assert estimate(resource("s3:bucket", "b")).monthly is None
    est = estimate(resource("s3:bucket", "b", BucketSizeBytes={"StandardStorage": 10 * 1024**4}))
    assert est.monthly == pytest.approx(10 * 1024 * usd("s3/standard"))


def test_interface_endpoint_per_az_and_gateway_endpoint_free():
    est = estimate(resource("ec2:vpc-endpoint", "vpce-1", VpcEndpointType="Interface", SubnetIds=["a", "b"]))
    assert est.monthly == pytest.approx(2 * usd("vpc/interface-endpoint/hour") * H) == pytest.approx(14.60)
    free = estimate(resource("ec2:vpc-endpoint", "vpce-2", VpcEndpointType="Gateway"))
    assert free.monthly == 0.0 and "no hourly charge" in free.basis


def test_basis_shows_the_sum():
    est = estimate(resource("ec2:volume", "vol-1", VolumeType="gp3", Size=40, Iops=4000, Throughput=130))
    assert est.basis.startswith("40 GB gp3 × $0.08/GB-month = $3.20 + ") and "= $8.40" in est.basis
