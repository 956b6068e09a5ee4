"""Edge derivation from declarative rules, on the smallest records that show each point."""

from __future__ import annotations

from awsx.core.model import Relation, Resource
from awsx.inventory.edges import assemble


def ec2(kind: str, rid: str, region: str = "us-east-1", account: str = "111111111111", **data) -> Resource:
    return Resource(arn=f"arn:aws:ec2:{region}:{account}:{kind}/{rid}", kind=f"ec2:{kind}", id=rid, name="",
                    account=account, region=region, data=data)


def test_route_table_routes_carry_destination_and_skip_local():
    vpc = ec2("vpc", "vpc-1")
    igw = ec2("internet-gateway", "igw-1", Attachments=[{"VpcId": "vpc-1"}])
    rtb = ec2("route-table", "rtb-1", VpcId="vpc-1", Routes=[
        {"DestinationCidrBlock": "10.0.0.0/16", "GatewayId": "local", "State": "active"},
        {"DestinationCidrBlock": "0.0.0.0/0", "GatewayId": "igw-1", "State": "active"},
        {"DestinationIpv6CidrBlock": "::/0", "GatewayId": "igw-1", "State": "active"},
    ])
    _, edges, dangling = assemble([vpc, igw, rtb])
    routes = [e for e in edges if e.relation is Relation.ROUTES_TO]
    assert sorted(str(e.attrs.get("DestinationCidrBlock") or e.attrs.get("DestinationIpv6CidrBlock")) for e in routes) == ["0.0.0.0/0", "::/0"]
    assert all(e.target == igw.arn for e in routes)
    assert dangling == []


def test_reference_prefers_same_region_then_same_account():
    here = ec2("vpc", "vpc-1", region="eu-west-1")
    there = ec2("vpc", "vpc-1", region="us-east-1")
    subnet = ec2("subnet", "subnet-1", region="eu-west-1", VpcId="vpc-1")
    _, edges, _ = assemble([there, here, subnet])
    assert [e.target for e in edges] == [here.arn]


def test_cross_region_peering_resolves_the_other_regions_vpc():
    requester = ec2("vpc", "vpc-a", region="us-east-1")
    accepter = ec2("vpc", "vpc-b", region="eu-west-1")
    pcx = ec2("vpc-peering-connection", "pcx-1", RequesterVpcInfo={"VpcId": "vpc-a"}, AccepterVpcInfo={"VpcId": "vpc-b"})
    _, edges, _ = assemble([requester, accepter, pcx])
    assert {e.target for e in edges if e.relation is Relation.PEERS_WITH} == {requester.arn, accepter.arn}


def test_unknown_reference_is_kept_as_dangling_not_dropped():
    subnet = ec2("subnet", "subnet-1", VpcId="vpc-gone")
    _, edges, dangling = assemble([subnet])
    assert edges == []
    assert [(d.relation, d.ref) for d in dangling] == [(Relation.IN_VPC, "vpc-gone")]


def test_iam_group_membership_resolves_by_name_within_the_account():
    group = Resource(arn="arn:aws:iam::111111111111:group/admins", kind="iam:group", id="admins", name="admins",
                     account="111111111111", region="global")
    user = Resource(arn="arn:aws:iam::111111111111:user/alice", kind="iam:user", id="alice", name="alice",
                    account="111111111111", region="global", data={"GroupList": ["admins"]})
    _, edges, _ = assemble([group, user])
    assert [(e.source, e.relation, e.target) for e in edges] == [(user.arn, Relation.MEMBER_OF_GROUP, group.arn)]


def test_availability_zone_ids_are_added_next_to_names():
    zone = Resource(arn="arn:aws:ec2:us-east-1:111111111111:availability-zone/us-east-1a", kind="ec2:availability-zone",
                    id="us-east-1a", name="use1-az4", account="111111111111", region="us-east-1",
                    data={"ZoneName": "us-east-1a", "ZoneId": "use1-az4"})
    volume = ec2("volume", "vol-1", AvailabilityZone="us-east-1a")
    resources, _, _ = assemble([zone, volume])
    assert next(r for r in resources if r.id == "vol-1").data["AvailabilityZoneId"] == "use1-az4"


def test_one_record_per_arn_is_kept_whichever_account_crawled_first():
    # The organization's root, seen from the management account and from a member: the copy the
    # ARN's own account crawled is kept, in either order (a merge of shards equals one crawl).
    arn = "arn:aws:organizations::111111111111:root/o-1/r-1"
    seen = [Resource(arn, "organizations:root", "r-1", "Root", account, "global") for account in
            ("333333333333", "111111111111", "222222222222")]
    for order in (seen, seen[::-1]):
        [kept], _, _ = assemble(order)
        assert kept.account == "111111111111"
    policy = "arn:aws:iam::aws:policy/ReadOnlyAccess"  # AWS's own: the lowest account's copy
    copies = [Resource(policy, "iam:policy", "p", "ReadOnlyAccess", account, "global") for account in
              ("333333333333", "222222222222")]
    assert [r.account for r in assemble(copies)[0]] == [r.account for r in assemble(copies[::-1])[0]] == [
        "222222222222"]
