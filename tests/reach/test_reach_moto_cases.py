"""More subtle cases of reachability.md section 17, seeded into moto in a region of their own
(ca-central-1, which no other test crawls), crawled with the real crawler, then asked. Each test
names its case number; test_reach_moto.py holds the first batch (1, 3, 8, 9, 12, 14, 15, 19
pending, 21 internal, 25, 26)."""

from __future__ import annotations

import asyncio

import boto3
import pytest
from session_options import demo_options

from awsx.reach.query import reach

REGION = "ca-central-1"
AMI = "ami-0c0ffee0c0ffee000"
PARTNER = "203.0.113.0/24"  # a customer-managed prefix list's only entry
PARTNER_IP, STRANGER_IP = "203.0.113.10", "198.51.100.77"


def _rule(protocol, port, **peer):
    return {"IpProtocol": protocol, "FromPort": port, "ToPort": port, **peer}


ANYWHERE = {"IpRanges": [{"CidrIp": "0.0.0.0/0"}]}


@pytest.fixture(scope="module")
def estate(moto_server):
    keys = dict(region_name=REGION, endpoint_url=moto_server.endpoint, aws_access_key_id="testing",
                aws_secret_access_key="testing")
    ec2 = boto3.client("ec2", **keys)
    ids: dict[str, str] = {}
    vpc = ids["vpc"] = ec2.create_vpc(CidrBlock="10.88.0.0/16", AmazonProvidedIpv6CidrBlock=True)["Vpc"]["VpcId"]
    ipv6_block = ec2.describe_vpcs(VpcIds=[vpc])["Vpcs"][0]["Ipv6CidrBlockAssociationSet"][0]["Ipv6CidrBlock"]
    igw = ids["igw"] = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    partner = ids["pl"] = ec2.create_managed_prefix_list(
        PrefixListName="partners", MaxEntries=5, AddressFamily="IPv4",
        Entries=[{"Cidr": PARTNER}])["PrefixList"]["PrefixListId"]

    def subnet(name, cidr, **extra):
        ids[name] = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=f"{REGION}a", **extra)["Subnet"]["SubnetId"]
        return ids[name]

    def table(name, subnet_ids, *routes):
        rtb = ids[name] = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
        for route in routes:
            ec2.create_route(RouteTableId=rtb, **route)
        for subnet_id in subnet_ids:
            ec2.associate_route_table(RouteTableId=rtb, SubnetId=subnet_id)
        return rtb

    def group(name, *rules, egress=None):
        gid = ids[name] = ec2.create_security_group(GroupName=name, Description=name, VpcId=vpc)["GroupId"]
        if rules:
            ec2.authorize_security_group_ingress(GroupId=gid, IpPermissions=list(rules))
        if egress is not None:  # replace the default allow-all egress (case 7)
            ec2.revoke_security_group_egress(GroupId=gid, IpPermissions=[{"IpProtocol": "-1", **ANYWHERE}])
            ec2.authorize_security_group_egress(GroupId=gid, IpPermissions=egress)
        return gid

    def instance(name, subnet_id, ip, *group_names, **extra):
        launched = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, SubnetId=subnet_id, PrivateIpAddress=ip,
                                     SecurityGroupIds=[ids[g] for g in group_names], **extra)["Instances"][0]
        ids[name] = launched["InstanceId"]
        ids[f"{name}-eni"] = launched["NetworkInterfaces"][0]["NetworkInterfaceId"]
        return ids[name]

    def eip(name, address):
        allocation = ec2.allocate_address(Domain="vpc", Address=address)["AllocationId"]
        ec2.associate_address(AllocationId=allocation, InstanceId=ids[name])

    public = subnet("public", "10.88.0.0/24")
    private = subnet("private", "10.88.1.0/24")
    locked = subnet("locked", "10.88.2.0/24")
    dead = subnet("dead", "10.88.3.0/24")
    v6 = subnet("v6", "10.88.4.0/24", Ipv6CidrBlock=ipv6_block.replace("::/56", "::/64"))
    partners_only = subnet("partners-only", "10.88.5.0/24")
    behind_dead = subnet("behind-dead", "10.88.6.0/24")
    strict = subnet("strict", "10.88.7.0/24")
    table("public-rt", [public, strict], {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw})
    nat = ids["nat"] = ec2.create_nat_gateway(SubnetId=public, AllocationId=ec2.allocate_address(
        Domain="vpc", Address="198.51.100.150")["AllocationId"])["NatGateway"]["NatGatewayId"]
    table("private-rt", [private, locked], {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat})
    # case 18: a NAT gateway in a subnet whose table has no route to the IGW
    dead_nat = ids["dead-nat"] = ec2.create_nat_gateway(SubnetId=dead, AllocationId=ec2.allocate_address(
        Domain="vpc", Address="198.51.100.151")["AllocationId"])["NatGateway"]["NatGatewayId"]
    table("behind-dead-rt", [behind_dead], {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": dead_nat})
    # case 13: the only way out is a prefix-list route to the IGW
    table("partners-rt", [partners_only], {"DestinationPrefixListId": partner, "GatewayId": igw})
    # case 27: IPv6 out through an egress-only IGW
    eigw = ids["eigw"] = ec2.create_egress_only_internet_gateway(VpcId=vpc)["EgressOnlyInternetGateway"][
        "EgressOnlyInternetGatewayId"]
    table("v6-rt", [v6], {"DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": eigw},
          {"DestinationCidrBlock": "0.0.0.0/0", "NatGatewayId": nat})

    group("web", _rule("tcp", 443, **ANYWHERE), _rule("tcp", 53, **ANYWHERE), _rule("tcp", 8080, **ANYWHERE),
          {"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "Ipv6Ranges": [{"CidrIpv6": "::/0"}]})
    group("ssh", _rule("tcp", 22, **ANYWHERE))
    group("http", _rule("tcp", 80, **ANYWHERE))
    group("member")
    group("members-only", _rule("tcp", 8080, UserIdGroupPairs=[{"GroupId": ids["member"]}]))
    group("partners", _rule("tcp", 443, PrefixListIds=[{"PrefixListId": partner}]))
    group("db", _rule("tcp", 5432, **ANYWHERE))
    group("https-out", _rule("tcp", 443, **ANYWHERE), egress=[_rule("tcp", 443, **ANYWHERE)])

    instance("web-i", public, "10.88.0.10", "web")
    eip("web-i", "198.51.100.160")
    instance("union-i", public, "10.88.0.11", "ssh", "http")  # case 5
    eip("union-i", "198.51.100.161")
    instance("nopub-i", public, "10.88.0.12", "web")  # case 16: public subnet, no public IP
    instance("guarded-i", public, "10.88.0.13", "members-only")  # case 4
    instance("member-i", public, "10.88.0.14", "member")
    instance("stranger-i", public, "10.88.0.15", "web")
    instance("partner-i", public, "10.88.0.16", "partners")  # case 6
    eip("partner-i", "198.51.100.162")
    instance("tight-i", public, "10.88.0.17", "https-out")  # case 7
    eip("tight-i", "198.51.100.163")
    instance("app-i", private, "10.88.1.10", "web")  # case 18: out through the NAT
    instance("locked-a", locked, "10.88.2.10", "web")  # case 11
    instance("locked-b", locked, "10.88.2.11", "web")
    instance("stuck-i", behind_dead, "10.88.6.10", "web")  # case 18: behind the NAT with no IGW route
    instance("v6-i", v6, "10.88.4.10", "web", Ipv6AddressCount=1)  # case 27
    instance("pl-i", partners_only, "10.88.5.10", "web")  # case 13
    eip("pl-i", "198.51.100.164")
    instance("strict-i", strict, "10.88.7.10", "web")  # case 10
    eip("strict-i", "198.51.100.165")
    # case 11: the locked subnet's NACL has no entries at all (only the implicit `*` deny)
    empty_nacl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    # case 10: the strict subnet admits 443 in and lets only 443 out, so replies on ephemeral ports die
    strict_nacl = ids["strict-nacl"] = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    for egress in (False, True):
        ec2.create_network_acl_entry(NetworkAclId=strict_nacl, RuleNumber=100, Protocol="6", RuleAction="allow",
                                     Egress=egress, CidrBlock="0.0.0.0/0", PortRange={"From": 443, "To": 443})
    # case 27: the v6 subnet's NACL allows all IPv6 both ways (moto's default NACL has no IPv6 rules, NACL6)
    v6_nacl = ec2.create_network_acl(VpcId=vpc)["NetworkAcl"]["NetworkAclId"]
    for egress in (False, True):
        for number, block in ((100, {"CidrBlock": "0.0.0.0/0"}), (101, {"Ipv6CidrBlock": "::/0"})):
            ec2.create_network_acl_entry(NetworkAclId=v6_nacl, RuleNumber=number, Protocol="-1", RuleAction="allow",
                                         Egress=egress, **block)
    for subnet_id, nacl in ((locked, empty_nacl), (strict, strict_nacl), (v6, v6_nacl)):
        current = ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": [subnet_id]}])
        for association in (a for acl in current["NetworkAcls"] for a in acl["Associations"]
                            if a["SubnetId"] == subnet_id):
            ec2.replace_network_acl_association(AssociationId=association["NetworkAclAssociationId"], NetworkAclId=nacl)
    # case 23: an S3 gateway endpoint on the private table
    ids["vpce"] = ec2.create_vpc_endpoint(VpcId=vpc, ServiceName=f"com.amazonaws.{REGION}.s3", VpcEndpointType="Gateway",
                                          RouteTableIds=[ids["private-rt"]])["VpcEndpoint"]["VpcEndpointId"]
    # case 22: DB instances in the private subnets, one flagged PubliclyAccessible
    rds = boto3.client("rds", **keys)
    second = subnet("private-b", "10.88.8.0/24")
    ec2.associate_route_table(RouteTableId=ids["private-rt"], SubnetId=second)
    rds.create_db_subnet_group(DBSubnetGroupName="cases-db", DBSubnetGroupDescription="private",
                               SubnetIds=[private, second])
    for name, public_flag in (("cases-db-private", False), ("cases-db-flagged", True)):
        rds.create_db_instance(DBInstanceIdentifier=name, DBInstanceClass="db.t3.micro", Engine="postgres",
                               MasterUsername="admin", MasterUserPassword="not-a-secret-1", AllocatedStorage=20,
                               DBSubnetGroupName="cases-db", VpcSecurityGroupIds=[ids["db"]],
                               PubliclyAccessible=public_flag, AvailabilityZone=f"{REGION}a", Port=5432)

    from awsx.load.live import load_live_estate

    crawled, _ = asyncio.run(load_live_estate(demo_options(moto_server.endpoint, regions=(REGION,)), cache=None))
    return crawled, ids


def test_case2_a_tcp_rule_does_not_admit_udp(estate):
    crawled, ids = estate
    assert reach(crawled, "internet", ids["web-i"], 53, "tcp").reachable
    verdict = reach(crawled, "internet", ids["web-i"], 53, "udp")
    assert verdict.blocker.kind == "security-group-ingress" and "udp" in verdict.blocker.rule


def test_case4_sg_reference_in_the_same_subnet_needs_the_group(estate):
    crawled, ids = estate
    assert reach(crawled, ids["member-i"], ids["guarded-i"], 8080).reachable
    verdict = reach(crawled, ids["stranger-i"], ids["guarded-i"], 8080)
    assert verdict.blocker.kind == "security-group-ingress"
    assert not any(h.kind == "network-acl" for h in verdict.hops)  # same subnet: no NACL (NACL2)


def test_case5_several_groups_are_a_union(estate):
    crawled, ids = estate
    assert reach(crawled, "internet", ids["union-i"], 22).reachable
    assert reach(crawled, "internet", ids["union-i"], 80).reachable
    assert reach(crawled, "internet", ids["union-i"], 443).blocker.kind == "security-group-ingress"


def test_case6_prefix_list_in_an_sg_rule(estate):
    crawled, ids = estate
    assert reach(crawled, PARTNER_IP, ids["partner-i"], 443).reachable
    assert reach(crawled, STRANGER_IP, ids["partner-i"], 443).blocker.kind == "security-group-ingress"


def test_case7_restricted_egress(estate):
    crawled, ids = estate
    assert reach(crawled, ids["tight-i"], "internet", 443).reachable
    verdict = reach(crawled, ids["tight-i"], "internet", 80)
    assert verdict.blocker.kind == "security-group-egress" and verdict.blocker.direction == "forward"


def test_case10_nacl_return_traffic_on_ephemeral_ports(estate):
    crawled, ids = estate
    verdict = reach(crawled, "internet", ids["strict-i"], 443)
    assert not verdict.reachable
    assert verdict.blocker.kind == "nacl-outbound" and verdict.blocker.direction == "return"
    assert verdict.blocker.id == ids["strict-nacl"]


def test_case11_no_nacl_within_a_subnet(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["locked-a"], ids["locked-b"], 443)
    assert verdict.reachable, verdict.to_json()
    assert not any(h.kind == "network-acl" for h in verdict.hops)
    assert reach(crawled, ids["locked-a"], ids["web-i"], 443).blocker.kind == "nacl-outbound"  # leaving it: `*`


def test_case13_prefix_list_route_forward_and_return(estate):
    crawled, ids = estate
    assert reach(crawled, PARTNER_IP, ids["pl-i"], 443).reachable  # the reply matches the pl route
    verdict = reach(crawled, STRANGER_IP, ids["pl-i"], 443)
    assert verdict.blocker.kind == "route-table" and verdict.blocker.direction == "return"
    assert reach(crawled, ids["pl-i"], STRANGER_IP, 443).blocker.kind == "route-table"


def test_case16_no_public_ip_behind_a_public_subnet_inbound_and_outbound(estate):
    crawled, ids = estate
    assert reach(crawled, "internet", ids["nopub-i"], 443).blocker.kind == "no-public-ip"
    assert reach(crawled, ids["nopub-i"], "internet", 443).blocker.kind == "no-public-ip"


def test_case17_an_eip_as_the_destination_address(estate):
    crawled, ids = estate
    verdict = reach(crawled, "internet", "198.51.100.160", 443)
    assert verdict.reachable
    assert any(h.kind == "internet-gateway" and "198.51.100.160" in h.rule and "10.88.0.10" in h.rule
               for h in verdict.hops)  # A4: translated to the owner's private IP at the IGW


def test_case18_nat_is_outbound_only_and_needs_an_igw_route(estate):
    crawled, ids = estate
    out = reach(crawled, ids["app-i"], "internet", 443)
    assert out.reachable and any(h.kind == "nat-gateway" for h in out.hops)
    assert reach(crawled, "internet", ids["nat"], 443).blocker.kind == "nat-gateway"
    assert reach(crawled, "internet", ids["app-i"], 443).blocker.kind == "no-public-ip"
    stuck = reach(crawled, ids["stuck-i"], "internet", 443)
    assert not stuck.reachable and stuck.blocker.kind == "route-table"


def test_case22_rds_flag_off_and_flag_on_in_private_subnets(estate):
    crawled, ids = estate
    assert reach(crawled, "internet", "cases-db-private", 5432).blocker.kind == "no-public-ip"
    flagged = reach(crawled, "internet", "cases-db-flagged", 5432)
    assert not flagged.reachable and flagged.blocker.kind == "route-table"  # RDS: must be a public subnet
    assert reach(crawled, ids["app-i"], "cases-db-private", 5432).reachable


def test_case23_gateway_endpoint_wins_by_lpm_and_carries_tcp_only(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["app-i"], ids["vpce"], 443)
    assert verdict.reachable, verdict.to_json()
    assert not any(h.kind == "nat-gateway" for h in verdict.hops)  # the pl route beats 0.0.0.0/0 -> nat
    assert reach(crawled, ids["app-i"], ids["vpce"], 443, "udp").blocker.kind == "vpc-endpoint"
    assert reach(crawled, ids["web-i"], ids["vpce"], 443).blocker.kind == "vpc-endpoint"  # not on its table


def test_case27_ipv6_out_through_the_eigw_but_not_in(estate):
    crawled, ids = estate
    outward = reach(crawled, ids["v6-i"], "2600:1f18::1", 443)
    assert outward.reachable, outward.to_json()
    assert any(h.kind == "egress-only-internet-gateway" or "eigw" in h.id for h in outward.hops)
    inward = reach(crawled, "2600:1f18::1", ids["v6-i"], 443)
    assert not inward.reachable and inward.blocker.kind == "egress-only-igw"  # EIGW1: the reply goes to the EIGW
