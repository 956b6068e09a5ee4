"""The internet as a set of addresses, IPv6 end to end, egress-only gateways and addresses that
mean addresses (issue 14; reachability.md IGW1b, IGW4, EIGW1, NACL6, SG3, Q3, Q6, A4), seeded into
moto in a region of their own (eu-west-3, which no other test crawls), crawled, then asked."""

from __future__ import annotations

import asyncio
import ipaddress

import pytest
from moto_seed import AMI, Seeder, tcp
from session_options import demo_options

from awsx.reach.exposure import exposure
from awsx.reach.query import reach

REGION = "eu-west-3"
OFFICE = ["81.2.69.0/25", "81.2.69.128/25"]  # globally routable example ranges


@pytest.fixture(scope="module")
def estate(moto_server):
    s = Seeder(moto_server.endpoint, REGION)
    ec2, ids = s.client("ec2"), s.ids
    vpc = ids["vpc"] = ec2.create_vpc(CidrBlock="10.77.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    block = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    prefix = ipaddress.ip_network(block)
    sixty_fours = list(prefix.subnets(new_prefix=64))[:4]
    igw = ids["igw"] = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    eigw = ids["eigw"] = ec2.create_egress_only_internet_gateway(VpcId=vpc)["EgressOnlyInternetGateway"][
        "EgressOnlyInternetGatewayId"]
    office = ids["pl"] = ec2.create_managed_prefix_list(
        PrefixListName="office-cidrs", MaxEntries=5, AddressFamily="IPv4",
        Entries=[{"Cidr": c} for c in OFFICE])["PrefixList"]["PrefixListId"]
    for index, name in enumerate(("public", "egress", "strict")):
        ids[name] = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.77.{index}.0/24", Ipv6CidrBlock=str(sixty_fours[index]),
                                      AvailabilityZone=f"{REGION}a")["Subnet"]["SubnetId"]
    s.table("public-rt", "vpc", ["public", "strict"], [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw},
                                                       {"DestinationIpv6CidrBlock": "::/0", "GatewayId": igw}])
    s.table("egress-rt", "vpc", ["egress"], [{"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": eigw}])
    # NACL6: AWS gives the default NACL of an IPv6 VPC "101 allow ::/0" both ways; moto lists none
    default_acl = next(n["NetworkAclId"] for n in ec2.describe_network_acls(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "default", "Values": ["true"]}])["NetworkAcls"])
    for egress in (False, True):
        ec2.create_network_acl_entry(NetworkAclId=default_acl, RuleNumber=101, Protocol="-1", RuleAction="allow",
                                     Egress=egress, Ipv6CidrBlock="::/0")
    # NACL6: IPv4 and IPv6 entries are separate; this one lets IPv4 in on 22 but no IPv6 at all
    nacl = ids["strict-acl"] = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    for egress in (False, True):
        ec2.create_network_acl_entry(NetworkAclId=nacl, RuleNumber=100, Protocol="-1", RuleAction="allow",
                                     Egress=egress, CidrBlock="0.0.0.0/0")
    association = next(a["NetworkAclAssociationId"] for n in ec2.describe_network_acls()["NetworkAcls"]
                       for a in n["Associations"] if a["SubnetId"] == ids["strict"])
    ec2.replace_network_acl_association(AssociationId=association, NetworkAclId=nacl)
    s.group("v6-sg", "vpc", tcp(22, Ipv6Ranges=[{"CidrIpv6": "::/0"}]), tcp(443, IpRanges=[{"CidrIp": "0.0.0.0/0"}]))
    s.group("office-sg", "vpc", tcp(22, PrefixListIds=[{"PrefixListId": office}]))

    def launch(name, subnet, ip, group, v6=True):
        extra = {"Ipv6AddressCount": 1} if v6 else {}
        ids[name] = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SubnetId=ids[subnet], PrivateIpAddress=ip,
                                      SecurityGroupIds=[ids[group]], **extra)["Instances"][0]["InstanceId"]

    launch("v6-i", "public", "10.77.0.10", "v6-sg")
    launch("eigw-i", "egress", "10.77.1.10", "v6-sg")
    launch("strict-i", "strict", "10.77.2.10", "v6-sg")
    launch("office-i", "public", "10.77.0.20", "office-sg", v6=False)
    for name, address in (("v6-i", "81.2.70.10"), ("office-i", "81.2.70.20")):  # EIPs: moto defaults to 127.x
        allocation = ec2.allocate_address(Domain="vpc", Address=address)["AllocationId"]
        ec2.associate_address(AllocationId=allocation, InstanceId=ids[name])

    from awsx.load.live import load_live_estate

    crawled, _ = asyncio.run(load_live_estate(demo_options(moto_server.endpoint, regions=(REGION,)), cache=None))
    return crawled, ids


def _ipv6_of(crawled, instance):
    eni = next(r for r in crawled.resources("ec2:network-interface")
               if (r.data.get("Attachment") or {}).get("InstanceId") == instance)
    return eni.data["Ipv6Addresses"][0]["Ipv6Address"], eni.data["PrivateIpAddress"]


def test_igw4_sg3_ipv6_from_the_whole_internet_over_an_ipv6_route(estate):
    """IGW4: an IPv6 address, ::/0 to the IGW, NACL IPv6 entries and an SG rule for ::/0 make
    the instance reachable from the internet; the sources are IPv6 only (SG3: ::/0 admits no
    IPv4) and they are the world (Q3)."""
    crawled, ids = estate
    verdict = reach(crawled, "internet", ids["v6-i"], 22)
    assert verdict.reachable, verdict.to_json()
    assert verdict.world is True
    assert verdict.sources and all(ipaddress.ip_network(c).version == 6 for c in verdict.sources)
    assert any(h.kind == "internet-gateway" and "IGW4" in h.rule for h in verdict.hops)


def test_q6_reach_takes_an_ipv6_address_as_either_end(estate):
    """Q6/A4: an IPv6 address of an ENI names that ENI; an external IPv6 address is the internet."""
    crawled, ids = estate
    address, _ = _ipv6_of(crawled, ids["v6-i"])
    assert reach(crawled, "internet", address, 22).reachable
    assert reach(crawled, "2600:1f18::1", ids["v6-i"], 22).reachable
    assert reach(crawled, ids["v6-i"], "2600:1f18::1", 443).reachable  # outbound IPv6 via the IGW (IGW4)


def test_eigw1_egress_only_gateway_is_outbound_only(estate):
    """EIGW1: out through the egress-only gateway works; in, the reply would go to the EIGW,
    which has not seen the flow, even though the VPC has an internet gateway."""
    crawled, ids = estate
    assert reach(crawled, ids["eigw-i"], "2600:1f18::1", 443).reachable
    verdict = reach(crawled, "2600:1f18::1", ids["eigw-i"], 22)
    assert not verdict.reachable and verdict.blocker.kind == "egress-only-igw", verdict.to_json()
    assert verdict.blocker.direction == "return"
    assert not reach(crawled, "internet", ids["eigw-i"], 22).reachable


def test_nacl6_ipv4_entries_never_admit_ipv6(estate):
    crawled, ids = estate
    verdict = reach(crawled, "2600:1f18::1", ids["strict-i"], 22)
    assert not verdict.reachable and verdict.blocker.kind == "nacl-inbound", verdict.to_json()


def test_igw1b_a_private_address_as_the_destination_is_not_reachable(estate):
    """Issue 14 item 3 (IGW1b, A4): the internet reaches the public address, never the private
    one, although both belong to the same reachable instance."""
    crawled, ids = estate
    _, private = _ipv6_of(crawled, ids["v6-i"])
    assert reach(crawled, "internet", ids["v6-i"], 443).reachable
    assert reach(crawled, "internet", "81.2.70.10", 443).reachable
    verdict = reach(crawled, "internet", private, 443)
    assert not verdict.reachable and verdict.blocker.kind == "no-public-ip", verdict.to_json()
    assert "private address" in verdict.blocker.rule


def test_sg3_q3_prefix_list_exposure_names_the_list_and_is_not_the_world(estate):
    """SG3 + Q3: a prefix list of global ranges lets exactly those in; exposure names the list
    and says open to listed ranges, while ::/0 and 0.0.0.0/0 rules are the world."""
    crawled, ids = estate
    found = {(e.target, e.port): e for e in exposure(crawled)}
    office = found[(ids["office-i"], 22)]
    assert office.world is False and office.sources == ("81.2.69.0/24",)
    assert [str(a) for a in office.admitted_by] == [f"{ids['office-sg']} {ids['pl']} office-cidrs: 2 ranges"]
    assert office.audience == f"{ids['pl']} office-cidrs: 2 ranges"
    document = office.to_json()
    assert document["sources"] == ["81.2.69.0/24"] and document["world"] is False
    assert document["admitted_by"] == [{"group": ids["office-sg"], "peer": f"{ids['pl']} office-cidrs: 2 ranges"}]
    assert found[(ids["v6-i"], 22)].world and found[(ids["v6-i"], 443)].world
    assert (ids["eigw-i"], 22) not in found and (ids["strict-i"], 22) not in found
