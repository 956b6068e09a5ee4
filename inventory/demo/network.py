"""The demo's network. In each region: the VPC in three tiers, its route tables, the internet,
NAT and egress-only gateways, the S3 gateway endpoint, the security groups (alb -> app -> db,
bastion) with the office prefix list, and the app-tier NACL. Across regions: the peering
between the first two, and the transit gateway joining the home VPC to a shared-services VPC."""

from __future__ import annotations

import ipaddress
from typing import Any

from .region import RegionSeeder
from .seeder import Seeder
from .shapes import name_tags, tag_spec, tcp

# Globally routable example ranges (the ones GeoIP test data uses), not documentation ranges: no
# internet host holds 192.0.2.0/24 or 203.0.113.0/24, so a demo that lists them lets nobody in and
# hides what matters, that the bastions are open to listed ranges and the ALBs to the world (issue 14).
ADMIN_HOME_IP = "81.2.69.142"  # the /32 allowed to SSH into the bastion
OFFICE_CIDRS = (("89.160.20.112/28", "hq"), ("89.160.20.128/28", "branch"))
SHARED_SERVICES_CIDR = "10.40.0.0/16"
ON_PREM_CIDR = "192.168.0.0/16"  # a static transit gateway route towards the shared-services VPC


# ----------------------------------------------------------------------------- VPC, subnets, route tables

def seed_vpc(region: RegionSeeder) -> None:
    """The VPC (with IPv6 at home) and a public, an app and a data subnet in every zone."""
    vpc = region.ec2.create_vpc(CidrBlock=region.cidr, AmazonProvidedIpv6CidrBlock=region.home,
                                TagSpecifications=region.spec("vpc", f"prod-{region.short}-vpc"))
    region.vpc = region.add("ec2:vpc", vpc["Vpc"]["VpcId"])
    region.ec2.modify_vpc_attribute(VpcId=region.vpc, EnableDnsHostnames={"Value": True})
    for j, zone in enumerate(region.zones):
        region.public.append(_subnet(region, f"public-{zone[-1]}", f"{region.net}.{j}.0/24", zone, "public"))
        region.app.append(_subnet(region, f"app-{zone[-1]}", f"{region.net}.{10 + j}.0/24", zone, "app"))
        region.data.append(_subnet(region, f"data-{zone[-1]}", f"{region.net}.{20 + j}.0/24", zone, "data"))
    for subnet in region.public:
        region.ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})


def _subnet(region: RegionSeeder, name: str, cidr: str, zone: str, tier: str) -> str:
    created = region.ec2.create_subnet(VpcId=region.vpc, CidrBlock=cidr, AvailabilityZone=zone,
                                       TagSpecifications=tag_spec("subnet", name, tier=tier, **region.tags))
    subnet = region.add("ec2:subnet", created["Subnet"]["SubnetId"])
    region.seeder.edge("ec2:subnet", subnet, "IN_VPC", "ec2:vpc", region.vpc)
    return subnet


def _route_table(region: RegionSeeder, name: str, subnets: list[str]) -> str:
    created = region.ec2.create_route_table(VpcId=region.vpc, TagSpecifications=region.spec("route-table", name))
    table = region.add("ec2:route-table", created["RouteTable"]["RouteTableId"])
    for subnet in subnets:
        region.ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
        region.seeder.edge("ec2:route-table", table, "ASSOCIATED_WITH", "ec2:subnet", subnet)
    return table


def _route(region: RegionSeeder, table: str, target_kind: str, target: str, **route: str) -> None:
    region.ec2.create_route(RouteTableId=table, **route)
    region.seeder.edge("ec2:route-table", table, "ROUTES_TO", target_kind, target)


def _elastic_ip(region: RegionSeeder, name: str, address: str) -> str:
    allocated = region.ec2.allocate_address(Domain="vpc", Address=address,
                                            TagSpecifications=region.spec("elastic-ip", name))
    return region.add("ec2:elastic-ip", allocated["AllocationId"])


# ----------------------------------------------------------------------------- gateways

def seed_gateways(region: RegionSeeder) -> None:
    """IGW + public route table, a NAT gateway per AZ, egress-only IGW, S3 gateway endpoint."""
    created = region.ec2.create_internet_gateway(
        TagSpecifications=region.spec("internet-gateway", f"prod-{region.short}-igw"))
    igw = region.add("ec2:internet-gateway", created["InternetGateway"]["InternetGatewayId"])
    region.ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=region.vpc)
    region.seeder.edge("ec2:internet-gateway", igw, "ATTACHED_TO", "ec2:vpc", region.vpc)
    public = _route_table(region, f"prod-{region.short}-public-rt", region.public)
    _route(region, public, "ec2:internet-gateway", igw, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)

    for j, zone in enumerate(region.zones):
        allocation = _elastic_ip(region, f"nat-{zone[-1]}-eip", f"198.51.100.{region.eip_base + j}")
        created = region.ec2.create_nat_gateway(SubnetId=region.public[j], AllocationId=allocation,
                                                TagSpecifications=region.spec("natgateway", f"nat-{zone[-1]}"))
        nat = region.add("ec2:nat-gateway", created["NatGateway"]["NatGatewayId"])
        region.seeder.edge("ec2:nat-gateway", nat, "IN_SUBNET", "ec2:subnet", region.public[j])
        private = _route_table(region, f"prod-{region.short}-private-{zone[-1]}-rt", [region.app[j], region.data[j]])
        _route(region, private, "ec2:nat-gateway", nat, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
        region.private_route_tables.append(private)
    # allocated, never associated
    _elastic_ip(region, f"prod-{region.short}-unused-eip", f"198.51.100.{region.eip_base + 9}")

    if region.home:  # IPv6 egress for the private tiers
        created = region.ec2.create_egress_only_internet_gateway(
            VpcId=region.vpc,
            TagSpecifications=region.spec("egress-only-internet-gateway", f"prod-{region.short}-eigw"))
        eigw = region.add("ec2:egress-only-internet-gateway",
                          created["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"])
        region.seeder.edge("ec2:egress-only-internet-gateway", eigw, "ATTACHED_TO", "ec2:vpc", region.vpc)
        for table in region.private_route_tables:
            _route(region, table, "ec2:egress-only-internet-gateway", eigw,
                   DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=eigw)

    # moto lists the gateway endpoint as each route table's route (GatewayId vpce-..., the S3 prefix list).
    created = region.ec2.create_vpc_endpoint(
        VpcId=region.vpc, ServiceName=f"com.amazonaws.{region.name}.s3", VpcEndpointType="Gateway",
        RouteTableIds=region.private_route_tables,
        TagSpecifications=region.spec("vpc-endpoint", f"prod-{region.short}-s3"))
    endpoint = region.add("ec2:vpc-endpoint", created["VpcEndpoint"]["VpcEndpointId"])
    region.seeder.edge("ec2:vpc-endpoint", endpoint, "IN_VPC", "ec2:vpc", region.vpc)
    for table in region.private_route_tables:
        region.seeder.edge("ec2:route-table", table, "ROUTES_TO", "ec2:vpc-endpoint", endpoint)


# ----------------------------------------------------------------------------- security groups, NACL

def seed_security(region: RegionSeeder) -> None:
    """Security groups (alb -> app -> db, bastion) and the app-tier NACL."""
    created = region.ec2.create_managed_prefix_list(
        PrefixListName="office-cidrs", AddressFamily="IPv4", MaxEntries=10,
        Entries=[{"Cidr": cidr, "Description": where} for cidr, where in OFFICE_CIDRS],
        TagSpecifications=tag_spec("prefix-list", "office-cidrs", team="netops"))
    offices = region.add("ec2:prefix-list", created["PrefixList"]["PrefixListId"])
    anywhere = [{"CidrIp": "0.0.0.0/0"}]
    alb = security_group(region, "alb-sg", "internet-facing ALB",
                         tcp(80, IpRanges=anywhere), tcp(443, IpRanges=anywhere))
    security_group(region, "bastion-sg", "SSH from the admin and the offices",
                   tcp(22, IpRanges=[{"CidrIp": f"{ADMIN_HOME_IP}/32", "Description": "admin home"}]),
                   tcp(22, PrefixListIds=[{"PrefixListId": offices, "Description": "offices"}]))
    app = security_group(region, "app-sg", "app tier", tcp(80, UserIdGroupPairs=[{"GroupId": alb}]),
                         tcp(443, UserIdGroupPairs=[{"GroupId": alb}]),
                         tcp(22, IpRanges=[{"CidrIp": f"{region.bastion_ip}/32", "Description": "bastion"}]))
    security_group(region, "db-sg", "postgres from the app tier", tcp(5432, UserIdGroupPairs=[{"GroupId": app}]))

    created = region.ec2.create_network_acl(
        VpcId=region.vpc, TagSpecifications=region.spec("network-acl", f"prod-{region.short}-app-nacl"))
    nacl = region.add("ec2:network-acl", created["NetworkAcl"]["NetworkAclId"])
    for number, action, egress, cidr, (low, high) in (
        (90, "deny", False, "0.0.0.0/0", (22, 22)),  # no SSH into the app tier from anywhere
        (100, "allow", False, region.cidr, (80, 80)),
        (110, "allow", False, region.cidr, (443, 443)),
        (120, "allow", False, "0.0.0.0/0", (1024, 65535)),  # return traffic of outbound calls
        (100, "allow", True, region.cidr, (1024, 65535)),  # responses to the ALB
        (110, "allow", True, "0.0.0.0/0", (443, 443)),
        (120, "allow", True, region.cidr, (5432, 5432)),
    ):
        region.ec2.create_network_acl_entry(NetworkAclId=nacl, RuleNumber=number, Protocol="6", RuleAction=action,
                                            Egress=egress, CidrBlock=cidr, PortRange={"From": low, "To": high})
    current = region.ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": region.app}])
    for association in (a for acl in current["NetworkAcls"] for a in acl["Associations"]):
        if association["SubnetId"] in region.app:
            region.ec2.replace_network_acl_association(AssociationId=association["NetworkAclAssociationId"],
                                                       NetworkAclId=nacl)
            region.seeder.edge("ec2:network-acl", nacl, "ASSOCIATED_WITH", "ec2:subnet", association["SubnetId"])


def security_group(region: RegionSeeder, name: str, description: str, *rules: dict[str, Any]) -> str:
    """A security group in the region's VPC with these ingress rules, recorded under ``name``
    in ``region.groups`` (the later steps look their groups up there)."""
    created = region.ec2.create_security_group(GroupName=name, Description=description, VpcId=region.vpc,
                                               TagSpecifications=region.spec("security-group", name))
    group = region.groups[name] = region.add("ec2:security-group", created["GroupId"])
    region.seeder.edge("ec2:security-group", group, "IN_VPC", "ec2:vpc", region.vpc)
    region.ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=list(rules))
    for rule in rules:
        for pair in rule.get("UserIdGroupPairs", ()):
            region.seeder.edge("ec2:security-group", group, "REFERENCES_SECURITY_GROUP", "ec2:security-group",
                               pair["GroupId"])
        for ref in rule.get("PrefixListIds", ()):
            region.seeder.edge("ec2:security-group", group, "USES_PREFIX_LIST", "ec2:prefix-list",
                               ref["PrefixListId"])
    return group


# ----------------------------------------------------------------------------- across regions

def seed_peering(seeder: Seeder, a: RegionSeeder, b: RegionSeeder) -> None:
    """Requester a, accepter b (another region), routes to the peer's CIDR on both sides."""
    pcx = seeder.client("ec2", a.name).create_vpc_peering_connection(
        VpcId=a.vpc, PeerVpcId=b.vpc, PeerRegion=b.name,
        TagSpecifications=tag_spec("vpc-peering-connection", f"prod-{a.short}-to-{b.short}", env="prod"),
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    seeder.add("ec2:vpc-peering-connection", pcx, a.name)
    seeder.client("ec2", b.name).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    for side, peer in ((a, b), (b, a)):
        seeder.edge("ec2:vpc-peering-connection", pcx, "PEERS_WITH", "ec2:vpc", side.vpc)
        for rtb in side.private_route_tables:
            seeder.client("ec2", side.name).create_route(RouteTableId=rtb, DestinationCidrBlock=peer.cidr,
                                                         VpcPeeringConnectionId=pcx)
            seeder.edge("ec2:route-table", rtb, "ROUTES_TO", "ec2:vpc-peering-connection", pcx)


def seed_transit_gateway(seeder: Seeder, prod: RegionSeeder) -> None:
    """A shared-services VPC and the prod VPC on one TGW with its own route table: both
    associated and propagating, plus a static route to on-prem through shared services."""
    region, ec2 = prod.name, seeder.client("ec2", prod.name)
    tags = {"env": "shared", "team": "netops"}
    created = ec2.create_vpc(CidrBlock=SHARED_SERVICES_CIDR,
                             TagSpecifications=tag_spec("vpc", "shared-services-vpc", **tags))
    shared = seeder.add("ec2:vpc", created["Vpc"]["VpcId"], region)
    subnets = []
    for letter, cidr in zip("ab", ipaddress.ip_network(SHARED_SERVICES_CIDR).subnets(new_prefix=24)):
        created = ec2.create_subnet(VpcId=shared, CidrBlock=str(cidr), AvailabilityZone=f"{region}{letter}",
                                    TagSpecifications=tag_spec("subnet", f"shared-{letter}", tier="shared", **tags))
        subnets.append(seeder.add("ec2:subnet", created["Subnet"]["SubnetId"], region))
        seeder.edge("ec2:subnet", subnets[-1], "IN_VPC", "ec2:vpc", shared)
    created = ec2.create_route_table(VpcId=shared,
                                     TagSpecifications=tag_spec("route-table", "shared-services-rt", **tags))
    shared_rtb = seeder.add("ec2:route-table", created["RouteTable"]["RouteTableId"], region)
    for subnet in subnets:
        ec2.associate_route_table(RouteTableId=shared_rtb, SubnetId=subnet)
        seeder.edge("ec2:route-table", shared_rtb, "ASSOCIATED_WITH", "ec2:subnet", subnet)

    created = ec2.create_transit_gateway(
        Description="core transit gateway",
        Options={"AmazonSideAsn": 64512, "DefaultRouteTableAssociation": "disable",
                 "DefaultRouteTablePropagation": "disable"},
        TagSpecifications=tag_spec("transit-gateway", "core-tgw", **tags))
    tgw = seeder.add("ec2:transit-gateway", created["TransitGateway"]["TransitGatewayId"], region)
    created = ec2.create_transit_gateway_route_table(
        TransitGatewayId=tgw, TagSpecifications=tag_spec("transit-gateway-route-table", "core-rt", **tags))
    tgw_rtb = seeder.add("ec2:transit-gateway-route-table",
                         created["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"], region)
    attachments = {}
    for name, vpc, vpc_subnets in (("prod", prod.vpc, prod.app[:2]), ("shared-services", shared, subnets)):
        created = ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=vpc_subnets)
        attachment = created["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        attachments[name] = seeder.add("ec2:transit-gateway-attachment", attachment, region)
        # moto drops TagSpecifications on this call; CreateTags works.
        ec2.create_tags(Resources=[attachment], Tags=name_tags(f"{name}-attachment", **tags))
        seeder.edge("ec2:transit-gateway-attachment", attachment, "ATTACHED_TO", "ec2:transit-gateway", tgw)
        seeder.edge("ec2:transit-gateway-attachment", attachment, "ASSOCIATED_WITH", "ec2:vpc", vpc)
        ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=tgw_rtb,
                                                  TransitGatewayAttachmentId=attachment)
        ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=tgw_rtb,
                                                           TransitGatewayAttachmentId=attachment)
    ec2.create_transit_gateway_route(DestinationCidrBlock=ON_PREM_CIDR, TransitGatewayRouteTableId=tgw_rtb,
                                     TransitGatewayAttachmentId=attachments["shared-services"])
    for rtb, destination in [(t, SHARED_SERVICES_CIDR) for t in prod.private_route_tables] + [(shared_rtb, prod.cidr)]:
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock=destination, TransitGatewayId=tgw)
        seeder.edge("ec2:route-table", rtb, "ROUTES_TO", "ec2:transit-gateway", tgw)
