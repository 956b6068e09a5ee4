"""Reachability §17 case 20 (transit gateway) seeded into moto in a region of its own
(ap-northeast-2), crawled, then asked: association vs propagation, a blackhole route, AZ
coverage forward and return, and an asymmetric pair of tables. moto lists static routes only
(section 18): the propagated ones must come from the propagations and the VPCs' CIDRs; it also
keeps every attachment in the default table's association list after an explicit association,
which AWS does not allow (TGW2: one association per attachment)."""

from __future__ import annotations

import asyncio

import pytest
from moto_seed import Seeder, tcp
from session_options import demo_options

from awsx.reach.query import reach

REGION = "ap-northeast-2"
PRIVATE = {"IpRanges": [{"CidrIp": "10.0.0.0/8"}]}


@pytest.fixture(scope="module")
def estate(moto_server):
    s = Seeder(moto_server.endpoint, REGION)
    ids = s.ids
    ec2 = s.client("ec2")
    tgw = ids["tgw"] = ec2.create_transit_gateway(Options={
        "DefaultRouteTableAssociation": "disable", "DefaultRouteTablePropagation": "disable"})[
        "TransitGateway"]["TransitGatewayId"]
    for name, cidr in (("X", "10.97.0.0/16"), ("Y", "10.98.0.0/16"), ("Z", "10.99.0.0/16")):
        s.vpc(name, cidr)
        s.subnet(f"{name}-a", name, cidr.replace("0.0/16", "0.0/24"), zone="a")
        s.group(f"{name}-sg", name, tcp(443, **PRIVATE))
    s.subnet("X-b", "X", "10.97.1.0/24", zone="b")  # no attachment subnet in AZ b (TGW1)
    s.subnet("X-a2", "X", "10.97.2.0/24", zone="a")
    for name in ("X", "Y", "Z"):
        ids[f"{name}-att"] = ec2.create_transit_gateway_vpc_attachment(
            TransitGatewayId=tgw, VpcId=ids[name], SubnetIds=[ids[f"{name}-a"]])[
            "TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        ids[f"{name}-tgw-rt"] = ec2.create_transit_gateway_route_table(TransitGatewayId=tgw)[
            "TransitGatewayRouteTable"]["TransitGatewayRouteTableId"]
        ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=ids[f"{name}-tgw-rt"],
                                                  TransitGatewayAttachmentId=ids[f"{name}-att"])
    # X and Y learn each other by propagation (each propagates into the *other's* table)
    ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=ids["Y-tgw-rt"],
                                                      TransitGatewayAttachmentId=ids["X-att"])
    ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=ids["X-tgw-rt"],
                                                      TransitGatewayAttachmentId=ids["Y-att"])
    # X's table learns Z; Z's table learns nothing (asymmetric). By propagation, because moto drops the
    # attachment of a static route from SearchTransitGatewayRoutes (the engine would see a blackhole)
    ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=ids["X-tgw-rt"],
                                                      TransitGatewayAttachmentId=ids["Z-att"])
    # Y's table drops one of X's subnets on the floor
    ec2.create_transit_gateway_route(DestinationCidrBlock="10.97.2.0/24", TransitGatewayRouteTableId=ids["Y-tgw-rt"],
                                     Blackhole=True)
    s.table("X-rt", "X", ["X-a", "X-b", "X-a2"], [{"DestinationCidrBlock": "10.98.0.0/16", "TransitGatewayId": tgw},
                                                  {"DestinationCidrBlock": "10.99.0.0/16", "TransitGatewayId": tgw}])
    for name in ("Y", "Z"):
        s.table(f"{name}-rt", name, [f"{name}-a"], [{"DestinationCidrBlock": "10.97.0.0/16", "TransitGatewayId": tgw}])
    s.instance("x-i", "X-a", "10.97.0.10", "X-sg")
    s.instance("x-b-i", "X-b", "10.97.1.10", "X-sg")
    s.instance("x-a2-i", "X-a2", "10.97.2.10", "X-sg")
    s.instance("y-i", "Y-a", "10.98.0.10", "Y-sg")
    s.instance("z-i", "Z-a", "10.99.0.10", "Z-sg")

    from awsx.load.live import load_live_estate

    crawled, _ = asyncio.run(load_live_estate(demo_options(moto_server.endpoint, regions=(REGION,)), cache=None))
    return crawled, ids


def test_case20_propagation_into_the_other_table_connects_both_ways(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["x-i"], ids["y-i"], 443)
    assert verdict.reachable, verdict.to_json()
    assert any(h.id == ids["X-tgw-rt"] for h in verdict.hops) and any(h.id == ids["Y-tgw-rt"] for h in verdict.hops)
    assert reach(crawled, ids["y-i"], ids["x-i"], 443).reachable


def test_case20_asymmetric_tables_break_the_return(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["x-i"], ids["z-i"], 443)
    assert not verdict.reachable
    assert (verdict.blocker.kind, verdict.blocker.direction, verdict.blocker.id) == (
        "tgw-route-table", "return", ids["Z-tgw-rt"])


def test_case20_a_blackhole_route_drops(estate):
    crawled, ids = estate
    verdict = reach(crawled, ids["y-i"], ids["x-a2-i"], 443)
    assert (verdict.blocker.kind, verdict.blocker.direction) == ("tgw-blackhole", "forward")


def test_case20_az_coverage_forward_and_return(estate):
    crawled, ids = estate
    forward = reach(crawled, ids["x-b-i"], ids["y-i"], 443)  # sender's AZ b has no attachment subnet
    assert (forward.blocker.kind, forward.blocker.direction) == ("tgw-az", "forward")
    back = reach(crawled, ids["y-i"], ids["x-b-i"], 443)  # the replying ENI's AZ b: the same gap
    assert (back.blocker.kind, back.blocker.direction) == ("tgw-az", "return")
