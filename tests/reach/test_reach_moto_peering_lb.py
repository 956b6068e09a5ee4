"""Reachability §17 cases 19 (peering) and 21 (load balancers) seeded into moto in regions of
their own (us-east-2, and eu-north-1 for the cross-Region peer), crawled, then asked."""

from __future__ import annotations

import asyncio

import pytest
from moto_seed import Seeder, tcp
from session_options import demo_options

from awsx.reach.query import reach

HOME, FAR = "us-east-2", "eu-north-1"
ANYWHERE = {"IpRanges": [{"CidrIp": "0.0.0.0/0"}]}


@pytest.fixture(scope="module")
def estate(moto_server):
    s = Seeder(moto_server.endpoint, HOME)
    ids = s.ids
    # --- case 19: A peers with B, C, D (same Region) and E (cross-Region) ---------------------
    for name, cidr in (("A", "10.91.0.0/16"), ("B", "10.92.0.0/16"), ("C", "10.93.0.0/16"), ("D", "10.94.0.0/16")):
        s.vpc(name, cidr)
        s.subnet(f"{name}-sub", name, cidr.replace("0.0/16", "0.0/24"))
    s.vpc("E", "10.95.0.0/16", region=FAR)
    s.subnet("E-sub", "E", "10.95.0.0/24", region=FAR)
    s.subnet("B-far", "B", "10.92.5.0/24")
    igw = ids["igw"] = s.client("ec2").create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    s.client("ec2").attach_internet_gateway(InternetGatewayId=igw, VpcId=ids["A"])
    ab, ac, ad = s.peering("AB", "A", "B"), s.peering("AC", "A", "C"), s.peering("AD", "A", "D")
    ae = s.peering("AE", "A", "E", peer_region=FAR)
    # A's NAT gateway and S3 gateway endpoint, which B must not be able to use (PCX2 edge-to-edge, NAT4, VPCE2)
    s.subnet("A-nat", "A", "10.91.1.0/24")
    allocation = s.client("ec2").allocate_address(Domain="vpc", Address="198.51.100.190")["AllocationId"]
    ids["A-natgw"] = s.client("ec2").create_nat_gateway(SubnetId=ids["A-nat"], AllocationId=allocation)[
        "NatGateway"]["NatGatewayId"]
    s.table("A-nat-rt", "A", ["A-nat"], [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw}])
    s.table("A-rt", "A", ["A-sub"], [
        {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": igw},
        {"DestinationCidrBlock": "10.92.0.0/16", "VpcPeeringConnectionId": ab},
        {"DestinationCidrBlock": "10.92.5.0/24", "VpcPeeringConnectionId": ac},  # LPM into the wrong peering
        {"DestinationCidrBlock": "10.93.0.0/16", "VpcPeeringConnectionId": ac},
        {"DestinationCidrBlock": "10.94.0.0/16", "VpcPeeringConnectionId": ad},
        {"DestinationCidrBlock": "10.95.0.0/16", "VpcPeeringConnectionId": ae}])
    ids["A-vpce"] = s.client("ec2").create_vpc_endpoint(
        VpcId=ids["A"], ServiceName=f"com.amazonaws.{HOME}.s3", VpcEndpointType="Gateway",
        RouteTableIds=[ids["A-rt"]])["VpcEndpoint"]["VpcEndpointId"]
    s.table("B-rt", "B", ["B-sub", "B-far"], [
        {"DestinationCidrBlock": "10.91.0.0/16", "VpcPeeringConnectionId": ab},
        {"DestinationCidrBlock": "10.93.0.0/16", "VpcPeeringConnectionId": ab},  # hoping A forwards to C
        {"DestinationCidrBlock": "0.0.0.0/0", "VpcPeeringConnectionId": ab}])  # hoping to use A's IGW
    s.table("C-rt", "C", ["C-sub"], [{"DestinationCidrBlock": "10.91.0.0/16", "VpcPeeringConnectionId": ac},
                                     {"DestinationCidrBlock": "10.92.0.0/16", "VpcPeeringConnectionId": ac}])
    # D has no route back to A: one-sided
    s.table("E-rt", "E", ["E-sub"], [{"DestinationCidrBlock": "10.91.0.0/16", "VpcPeeringConnectionId": ae}],
            region=FAR)
    s.group("A-sg", "A", tcp(443, **ANYWHERE))
    s.group("B-sg", "B", tcp(443, IpRanges=[{"CidrIp": "10.0.0.0/8"}]),
            tcp(8080, UserIdGroupPairs=[{"GroupId": ids["A-sg"], "VpcId": ids["A"]}]))
    s.group("C-sg", "C", tcp(443, IpRanges=[{"CidrIp": "10.0.0.0/8"}]))
    s.group("D-sg", "D", tcp(443, IpRanges=[{"CidrIp": "10.0.0.0/8"}]))
    # moto, like AWS, refuses a reference to a group in another Region: the cross-Region peer uses CIDRs (PCX4)
    s.group("E-sg", "E", tcp(443, IpRanges=[{"CidrIp": "10.91.0.0/16"}]), region=FAR)
    s.instance("a-i", "A-sub", "10.91.0.10", "A-sg")
    s.instance("b-i", "B-sub", "10.92.0.10", "B-sg")
    s.instance("b-far-i", "B-far", "10.92.5.10", "B-sg")
    s.instance("c-i", "C-sub", "10.93.0.10", "C-sg")
    s.instance("d-i", "D-sub", "10.94.0.10", "D-sg")
    s.instance("e-i", "E-sub", "10.95.0.10", "E-sg", region=FAR)

    # --- case 21: load balancers in VPC L (AZs a and b enabled; c is not) ---------------------
    s.vpc("L", "10.96.0.0/16")
    for zone, cidr in (("a", "10.96.0.0/24"), ("b", "10.96.1.0/24"), ("c", "10.96.2.0/24")):
        s.subnet(f"L-{zone}", "L", cidr, zone=zone)
    l_igw = s.client("ec2").create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    s.client("ec2").attach_internet_gateway(InternetGatewayId=l_igw, VpcId=ids["L"])
    s.table("L-rt", "L", ["L-a", "L-b", "L-c"], [{"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": l_igw}])
    alb_sg = s.group("alb-sg", "L", tcp(80, **ANYWHERE), tcp(8443, **ANYWHERE))
    s.group("target-sg", "L", tcp(8080, UserIdGroupPairs=[{"GroupId": alb_sg}]))
    s.group("closed-sg", "L", tcp(8080, IpRanges=[{"CidrIp": "192.0.2.0/24"}]))
    s.group("client-sg", "L")
    s.instance("target-a", "L-a", "10.96.0.10", "target-sg")
    s.instance("target-c", "L-c", "10.96.2.10", "target-sg")
    s.instance("closed-a", "L-a", "10.96.0.11", "closed-sg")
    s.instance("client-i", "L-b", "10.96.1.20", "client-sg")
    elbv2 = s.client("elbv2")

    def balancer(name: str, targets: list[str], scheme: str = "internet-facing") -> None:
        arn = elbv2.create_load_balancer(Name=name, Subnets=[ids["L-a"], ids["L-b"]], SecurityGroups=[alb_sg],
                                         Scheme=scheme, Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        group_arn = elbv2.create_target_group(Name=f"{name}-tg", Protocol="HTTP", Port=8080, VpcId=ids["L"],
                                              TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
        if targets:
            elbv2.register_targets(TargetGroupArn=group_arn, Targets=[{"Id": ids[t], "Port": 8080} for t in targets])
        elbv2.create_listener(LoadBalancerArn=arn, Protocol="HTTP", Port=80,
                              DefaultActions=[{"Type": "forward", "TargetGroupArn": group_arn}])

    balancer("good-alb", ["target-a"])
    balancer("empty-alb", [])
    balancer("far-alb", ["target-c"])  # its only target is in AZ c, not enabled for the LB
    balancer("closed-alb", ["closed-a"])  # the target's SG does not admit the LB
    balancer("inner-alb", ["target-a"], scheme="internal")

    from awsx.load.live import load_live_estate

    crawled, _ = asyncio.run(load_live_estate(demo_options(moto_server.endpoint, regions=(HOME, FAR)), cache=None))
    return crawled, ids


def test_case19_active_peering_with_routes_on_both_sides(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["a-i"], ids["b-i"], 443)
    assert verdict.reachable, verdict.to_json()
    assert any(h.id == ids["AB"] for h in verdict.hops)


def test_case19_peering_is_not_transitive(estate):
    crawled, ids = estate
    assert reach(crawled, ids["b-i"], ids["c-i"], 443).blocker.kind == "peering-not-transitive"


def test_case19_no_edge_to_edge_through_the_peers_igw(estate):
    crawled, ids = estate
    assert reach(crawled, ids["b-i"], "internet", 443).blocker.kind == "peering-not-transitive"


def test_case18_case23_a_peer_cannot_use_the_other_vpcs_nat_or_gateway_endpoint(estate):
    crawled, ids = estate
    assert reach(crawled, ids["a-i"], ids["A-vpce"], 443).reachable  # A itself can
    # PCX2: what arrives over the peering is delivered by A's local routing only, so neither A's gateway
    # endpoint nor its NAT gateway (nor its IGW) carries B's traffic on
    for destination in (ids["A-vpce"], "internet"):
        verdict = reach(crawled, ids["b-i"], destination, 443)
        assert (verdict.blocker.kind, verdict.blocker.id) == ("peering-not-transitive", ids["AB"])
    assert reach(crawled, "internet", ids["A-natgw"], 443).blocker.kind == "nat-gateway"  # NAT1


def test_case19_a_one_sided_route_breaks_the_return(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["a-i"], ids["d-i"], 443)
    assert verdict.blocker.kind == "route-table" and verdict.blocker.direction == "return"


def test_case19_lpm_into_the_wrong_peering(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["a-i"], ids["b-far-i"], 443)
    assert verdict.blocker.kind == "peering-not-transitive" and verdict.blocker.id == ids["AC"]


def test_case19_peer_sg_reference_in_the_same_region_and_cidrs_across_regions(estate):
    crawled, ids = estate
    assert reach(crawled, ids["a-i"], ids["b-i"], 8080).reachable  # same Region: the reference matches (PCX4)
    verdict = reach(crawled, ids["a-i"], ids["e-i"], 443)  # cross-Region peering: one hop, CIDR rule
    assert verdict.reachable, verdict.to_json()
    assert any(h.id == ids["AE"] for h in verdict.hops)


def test_case21_internet_to_an_alb_end_to_end(estate):
    crawled, _ = estate
    verdict = reach(crawled, "internet", "good-alb", 80)
    assert verdict.reachable, verdict.to_json()
    assert reach(crawled, "internet", "good-alb", 8443).blocker.kind == "lb-listener"  # the SG admits it, no listener


def test_case21_empty_target_group(estate):
    crawled, _ = estate
    assert reach(crawled, "internet", "empty-alb", 80).blocker.kind == "lb-no-targets"


def test_case21_target_in_an_az_the_lb_does_not_enable(estate):
    crawled, _ = estate
    assert reach(crawled, "internet", "far-alb", 80).blocker.kind == "lb-no-targets"


def test_case21_target_sg_not_admitting_the_lb(estate):
    crawled, ids = estate
    verdict = reach(crawled, "internet", "closed-alb", 80)
    blocker = verdict.blocker
    assert (blocker.kind, blocker.id, blocker.direction) == ("security-group-ingress", ids["closed-sg"], "forward")
    assert "tcp/8080" in blocker.rule  # the LB -> target leg, on the registered port (LB5, LB6)


def test_case21_internal_alb_from_inside_the_vpc_but_not_the_internet(estate):
    crawled, ids = estate
    assert reach(crawled, ids["client-i"], "inner-alb", 80).reachable
    assert reach(crawled, "internet", "inner-alb", 80).blocker.kind == "lb-internal"
