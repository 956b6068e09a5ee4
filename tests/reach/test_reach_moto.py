"""Subtle cases of reachability.md section 17 as moto represents them: seeded into the session's
moto server in a region of their own (sa-east-1, which no other test crawls), crawled with the
real crawler, then asked. moto's own quirks (section 18) are part of what is being tested:
routes to a detached IGW or a pending peering stay `active`, custom NACLs list no `*` rule."""

from __future__ import annotations

import asyncio

import boto3
import pytest
from session_options import demo_options

from awsx.reach.query import reach

REGION = "sa-east-1"
AMI = "ami-0c0ffee0c0ffee000"


def _tcp(port, **peer):
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, **peer}


@pytest.fixture(scope="module")
def estate(moto_server):
    ec2 = boto3.client("ec2", region_name=REGION, endpoint_url=moto_server.endpoint,
                       aws_access_key_id="testing", aws_secret_access_key="testing")
    vpc = ec2.create_vpc(CidrBlock="10.77.0.0/16")["Vpc"]["VpcId"]
    ids = {"vpc": vpc}

    def subnet(name, cidr):
        ids[name] = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=f"{REGION}a")["Subnet"]["SubnetId"]
        return ids[name]

    public, private, loose = subnet("public", "10.77.0.0/24"), subnet("private", "10.77.1.0/24"), subnet("loose", "10.77.2.0/24")
    igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)
    ec2.associate_route_table(RouteTableId=rtb, SubnetId=public)
    ids["public-rt"] = rtb

    def group(name, *rules):
        gid = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        if rules:
            ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=list(rules))
        ids[name] = gid
        return gid

    web = group("web", _tcp(443, IpRanges=[{"CidrIp": "0.0.0.0/0"}]), _tcp(8443, Ipv6Ranges=[{"CidrIpv6": "::/0"}]))
    group("app", _tcp(8080, UserIdGroupPairs=[{"GroupId": web}]), _tcp(9090, IpRanges=[{"CidrIp": "0.0.0.0/0"}]))
    group("ref", _tcp(8080, UserIdGroupPairs=[{"GroupId": web}]))

    def instance(name, subnet_id, ip, group_name):
        launched = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SubnetId=subnet_id, PrivateIpAddress=ip,
                                     SecurityGroupIds=[ids[group_name]])["Instances"][0]
        ids[name] = launched["InstanceId"]
        ids[f"{name}-eni"] = launched["NetworkInterfaces"][0]["NetworkInterfaceId"]
        return ids[name]

    instance("web-i", public, "10.77.0.10", "web")
    instance("app-i", private, "10.77.1.10", "app")
    instance("app-eip", private, "10.77.1.20", "web")  # case 14: EIP in a private subnet
    instance("loose-i", loose, "10.77.2.10", "web")  # case 12: uses the main table
    instance("ref-i", public, "10.77.0.20", "ref")  # case 3: admits 8080 from the web group only
    for name, address in (("web-i", "198.51.100.201"), ("app-eip", "198.51.100.202"), ("loose-i", "198.51.100.203"),
                          ("ref-i", "198.51.100.204")):
        allocation = ec2.allocate_address(Domain="vpc", Address=address)["AllocationId"]
        ec2.associate_address(AllocationId=allocation, InstanceId=ids[name])
    # case 25: an ENI nobody attached
    ids["unattached"] = ec2.create_network_interface(SubnetId=public, PrivateIpAddress="10.77.0.50",
                                                     Groups=[web])["NetworkInterface"]["NetworkInterfaceId"]
    # cases 8 + 9: a custom NACL on the private subnet: deny 9090 before allowing everything but SSH
    nacl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    for number, action, egress, low, high in ((90, "deny", False, 9090, 9090), (100, "allow", False, 1024, 65535),
                                              (100, "allow", True, 1024, 65535), (110, "allow", True, 443, 443)):
        ec2.create_network_acl_entry(NetworkAclId=nacl, RuleNumber=number, Protocol="6", RuleAction=action,
                                     Egress=egress, CidrBlock="0.0.0.0/0", PortRange={"From": low, "To": high})
    current = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [private]}])
    for association in (a for acl in current["NetworkAcls"] for a in acl["Associations"] if a["SubnetId"] == private):
        ec2.replace_network_acl_association(AssociationId=association["NetworkAclAssociationId"], NetworkAclId=nacl)
    # case 19: a peering nobody accepted, with a route to it (moto keeps the route `active`)
    peer = ec2.create_vpc(CidrBlock="10.78.0.0/16")["Vpc"]["VpcId"]
    peer_subnet = ec2.create_subnet(VpcId=peer, CidrBlock="10.78.0.0/24", AvailabilityZone=f"{REGION}a")["Subnet"]["SubnetId"]
    pcx = ec2.create_vpc_peering_connection(VpcId=vpc, PeerVpcId=peer)["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    ec2.create_route(RouteTableId=rtb, DestinationCidrBlock="10.78.0.0/16", VpcPeeringConnectionId=pcx)
    ids["pcx"] = pcx
    peer_group = ec2.create_security_group(GroupName="peer", Description="peer", VpcId=peer)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=peer_group, IpPermissions=[_tcp(443, IpRanges=[{"CidrIp": "10.0.0.0/8"}])])
    launched = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SubnetId=peer_subnet, PrivateIpAddress="10.78.0.10",
                                 SecurityGroupIds=[peer_group])["Instances"][0]
    ids["peer-i"] = launched["InstanceId"]

    # case 26: a route through an appliance ENI that keeps its source/destination check on
    instance("fw-i", public, "10.77.0.30", "web")
    fw_rtb = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=fw_rtb, DestinationCidrBlock="0.0.0.0/0", NetworkInterfaceId=ids["fw-i-eni"])
    ec2.associate_route_table(RouteTableId=fw_rtb, SubnetId=subnet("behind-fw", "10.77.3.0/24"))
    instance("behind-i", ids["behind-fw"], "10.77.3.10", "web")
    # case 15: a VPC whose IGW was detached, with the route and the EIP left behind
    dark = ec2.create_vpc(CidrBlock="10.79.0.0/16")["Vpc"]["VpcId"]
    dark_subnet = ec2.create_subnet(VpcId=dark, CidrBlock="10.79.0.0/24", AvailabilityZone=f"{REGION}a")["Subnet"]["SubnetId"]
    dark_igw = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=dark_igw, VpcId=dark)
    dark_rtb = ec2.create_route_table(VpcId=dark)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=dark_rtb, DestinationCidrBlock="0.0.0.0/0", GatewayId=dark_igw)
    ec2.associate_route_table(RouteTableId=dark_rtb, SubnetId=dark_subnet)
    dark_group = ec2.create_security_group(GroupName="dark", Description="dark", VpcId=dark)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=dark_group, IpPermissions=[_tcp(443, IpRanges=[{"CidrIp": "0.0.0.0/0"}])])
    launched = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SubnetId=dark_subnet, PrivateIpAddress="10.79.0.10",
                                 SecurityGroupIds=[dark_group])["Instances"][0]
    ids["dark-i"] = launched["InstanceId"]
    allocation = ec2.allocate_address(Domain="vpc", Address="198.51.100.205")["AllocationId"]
    ec2.associate_address(AllocationId=allocation, InstanceId=ids["dark-i"])
    ec2.detach_internet_gateway(InternetGatewayId=dark_igw, VpcId=dark)
    # case 21: an internal ALB in the public subnets
    second = ec2.create_subnet(VpcId=vpc, CidrBlock="10.77.4.0/24", AvailabilityZone=f"{REGION}b")["Subnet"]["SubnetId"]
    elbv2 = boto3.client("elbv2", region_name=REGION, endpoint_url=moto_server.endpoint,
                         aws_access_key_id="testing", aws_secret_access_key="testing")
    elbv2.create_load_balancer(Name="inside-alb", Subnets=[public, second], SecurityGroups=[web], Scheme="internal",
                               Type="application")

    from awsx.load.live import load_live_estate

    crawled, _ = asyncio.run(load_live_estate(demo_options(moto_server.endpoint, regions=(REGION,)), cache=None))
    return crawled, ids


def test_moto_public_instance_is_reachable_from_the_internet(estate):
    crawled, ids = estate
    assert reach(crawled, "internet", ids["web-i"], 443).reachable


def test_moto_sg_reference_admits_the_web_tier_private_ip(estate):
    crawled, ids = estate
    assert reach(crawled, ids["web-i"], ids["app-i"], 8080).reachable


def test_moto_case3_sg_reference_matches_private_ips_only(estate):
    crawled, ids = estate
    assert reach(crawled, ids["web-i"], ids["ref-i"], 8080).reachable  # private address, same subnet
    verdict = reach(crawled, ids["web-i"], "198.51.100.204", 8080)  # via the EIP: hairpin through the IGW
    assert verdict.blocker.kind == "security-group-ingress" and "SG4" in verdict.blocker.rule


def test_moto_case1_ipv6_rule_does_not_admit_ipv4(estate):
    crawled, ids = estate
    verdict = reach(crawled, "internet", ids["web-i"], 8443)
    assert verdict.blocker.kind == "security-group-ingress"


def test_moto_case9_custom_nacl_without_a_star_entry_still_denies(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["web-i"], ids["app-i"], 80)  # no entry for port 80: the implicit `*`
    assert verdict.blocker.kind in ("nacl-inbound", "security-group-ingress")
    assert any("rule *" in h.rule for h in verdict.hops if h.kind == "network-acl")


def test_moto_case8_nacl_deny_before_allow(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["web-i"], ids["app-i"], 9090)
    assert verdict.blocker.kind == "nacl-inbound" and "rule 90" in verdict.blocker.rule


def test_moto_case14_eip_in_a_private_subnet_has_no_return_route(estate):
    crawled, ids = estate
    verdict = reach(crawled, "internet", ids["app-eip"], 443)
    # the private subnet's NACL only admits 1024-65535 and denies first; the missing return route is named too (Q4)
    assert verdict.blocker.kind == "nacl-inbound"
    assert any(w.startswith("also blocked by route-table") and "(return)" in w for w in verdict.warnings)


def test_moto_case12_subnet_without_association_uses_the_main_table(estate):
    crawled, ids = estate
    verdict = reach(crawled, "internet", ids["loose-i"], 443)
    assert verdict.blocker.kind == "route-table" and verdict.blocker.direction == "return"
    assert "RT6" in verdict.blocker.rule


def test_moto_case25_unattached_eni(estate):
    crawled, ids = estate
    assert reach(crawled, ids["unattached"], ids["web-i"], 443).blocker.kind == "eni-detached"


def test_moto_case19_pending_peering_route_is_a_blackhole_even_if_moto_says_active(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["web-i"], ids["peer-i"], 443)
    assert verdict.blocker.kind == "peering-inactive" and verdict.blocker.id == ids["pcx"]


def test_moto_case26_source_dest_check_on_a_middlebox_route(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["behind-i"], "internet", 443)
    assert verdict.blocker.kind == "source-dest-check" and verdict.blocker.id == ids["fw-i-eni"]


def test_moto_case15_detached_igw_with_an_eip_left_behind(estate):
    crawled, ids = estate
    assert reach(crawled, "internet", ids["dark-i"], 443).blocker.kind == "igw-missing"
    assert reach(crawled, ids["dark-i"], "internet", 443).blocker.kind == "igw-missing"  # moto says the route is active


def test_moto_case21_internal_alb(estate):
    crawled, ids = estate
    assert reach(crawled, "internet", "inside-alb", 443).blocker.kind == "lb-internal"
    assert reach(crawled, ids["web-i"], "inside-alb", 443).blocker.kind == "lb-listener"  # it has none
