"""Ownership, not status (issue 14; reachability.md A2, A3, section 18): an ENI a NAT gateway or
an EFS mount target uses is in use although moto (like some AWS answers) shows it ``available``;
the pulse fault, the waste report, the x-ray marks and the reachability engine share one rule
(awsx.core.usage). Seeded into moto in a region of its own (ap-south-1), crawled, then asked."""

from __future__ import annotations

import asyncio

import pytest
from moto_seed import Seeder
from session_options import demo_options

from awsx.cost.waste import waste_report
from awsx.pulse.faults import pulse_faults
from awsx.pulse.xray import resource_mark
from awsx.reach.network import Network

REGION = "ap-south-1"


@pytest.fixture(scope="module")
def estate(moto_server):
    s = Seeder(moto_server.endpoint, REGION)
    ec2, ids = s.client("ec2"), s.ids
    s.vpc("vpc", "10.66.0.0/16")
    s.subnet("sub", "vpc", "10.66.0.0/24")
    s.group("sg", "vpc")
    nat_eip = ec2.allocate_address(Domain="vpc", Address="81.2.71.1")["AllocationId"]
    ids["nat"] = ec2.create_nat_gateway(SubnetId=ids["sub"], AllocationId=nat_eip)["NatGateway"]["NatGatewayId"]
    ids["spare-eip"] = ec2.allocate_address(Domain="vpc", Address="81.2.71.2")["AllocationId"]
    efs = s.client("efs")
    file_system = efs.create_file_system(CreationToken="usage-fs")["FileSystemId"]
    ids["mount"] = efs.create_mount_target(FileSystemId=file_system, SubnetId=ids["sub"],
                                           SecurityGroups=[ids["sg"]])["NetworkInterfaceId"]
    ids["loose-eni"] = ec2.create_network_interface(SubnetId=ids["sub"], Groups=[ids["sg"]])["NetworkInterface"][
        "NetworkInterfaceId"]
    s.instance("i", "sub", "10.66.0.10", "sg")
    ids["loose-vol"] = ec2.create_volume(AvailabilityZone=f"{REGION}a", Size=8)["VolumeId"]

    from awsx.load.live import load_live_estate

    crawled, _ = asyncio.run(load_live_estate(demo_options(moto_server.endpoint, regions=(REGION,)), cache=None))
    return crawled, ids


def _ids(estate, arns):
    return {estate.resource(arn).id for arn in arns}


def test_a3_only_the_eni_nothing_owns_is_unattached(estate):
    crawled, ids = estate
    faults = {f.name: _ids(crawled, f.arns) for f in pulse_faults(crawled)}
    assert faults["unattached-network-interfaces"] == {ids["loose-eni"]}
    nat_enis = {r.id for r in crawled.resources("ec2:network-interface")
                if r.data.get("Status") == "available" and r.id not in (ids["loose-eni"], ids["mount"])}
    assert nat_enis, "moto shows the NAT gateway's ENI available: the case this rule is for"
    mount = crawled.find(ids["mount"])
    assert resource_mark(crawled, mount) == ("ok", "")
    assert resource_mark(crawled, crawled.find(ids["loose-eni"])) == ("warn", "unattached-network-interfaces")
    nodes = {n.id: n for n in Network.of(crawled).nodes}
    assert nodes[ids["mount"]].attached and not nodes[ids["loose-eni"]].attached  # A3 in the engine too


def test_an_elastic_ip_a_nat_gateway_uses_is_in_use_and_the_spare_one_is_not(estate):
    crawled, ids = estate
    faults = {f.name: _ids(crawled, f.arns) for f in pulse_faults(crawled)}
    assert faults["unattached-elastic-ips"] == {ids["spare-eip"]}
    idle = {crawled.resource(f.arn).id for f in waste_report(crawled).findings if f.rule == "unassociated-eip"}
    assert idle == faults["unattached-elastic-ips"]  # the pulse and the waste report agree


def test_a_volume_no_instance_has_attached_is_unattached_in_the_pulse_and_the_waste_report(estate):
    crawled, ids = estate
    faults = {f.name: _ids(crawled, f.arns) for f in pulse_faults(crawled)}
    assert faults["unattached-volumes"] == {ids["loose-vol"]}
    wasted = {crawled.resource(f.arn).id for f in waste_report(crawled).findings if f.rule == "unattached-volume"}
    assert wasted == faults["unattached-volumes"]
