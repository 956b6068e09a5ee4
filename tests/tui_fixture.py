"""The smallest estate that exercises every part of the browse and detail screens: two VPCs,
three subnets, two security groups (one referencing the other), three ENIs, the edges between
them, and one denied service so the UI has an "unknown" to show. Every id and time is fixed,
so Pilot assertions and SVG snapshots are deterministic."""

from __future__ import annotations

from typing import Any

from awsx.graph import Estate, EstateInfo
from awsx.model import DanglingRef, Edge, Marker, MarkerStatus, Provenance, Relation, Resource

ACCOUNT = "111111111111"
REGION = "eu-west-1"
CRAWLED_AT = "2025-01-02T03:04:05Z"


def arn(kind_type: str, resource_id: str) -> str:
    """The documented ARN format for EC2 sub-resources."""
    return f"arn:aws:ec2:{REGION}:{ACCOUNT}:{kind_type}/{resource_id}"


def _name_tags(name: str) -> dict[str, str]:
    return {"Name": name, "env": "prod" if "prod" in name else "staging"} if name else {}


def _ec2(kind: str, kind_type: str, resource_id: str, name: str, operation: str,
         data: dict[str, Any], ips: tuple[str, ...] = (), tags: dict[str, str] | None = None) -> Resource:
    tags = _name_tags(name) if tags is None else tags
    return Resource(
        arn=arn(kind_type, resource_id),
        kind=kind,
        id=resource_id,
        name=name,
        account=ACCOUNT,
        region=REGION,
        tags=tags,
        data={**data, "Tags": [{"Key": k, "Value": v} for k, v in tags.items()]},
        ips=ips,
        provenance=Provenance(operation, CRAWLED_AT),
    )


def _vpc(vpc_id: str, name: str, cidr: str) -> Resource:
    return _ec2("ec2:vpc", "vpc", vpc_id, name, "DescribeVpcs",
                {"VpcId": vpc_id, "CidrBlock": cidr, "State": "available", "IsDefault": False})


def _subnet(subnet_id: str, name: str, vpc_id: str, cidr: str, zone: str) -> Resource:
    return _ec2("ec2:subnet", "subnet", subnet_id, name, "DescribeSubnets",
                {"SubnetId": subnet_id, "VpcId": vpc_id, "CidrBlock": cidr,
                 "AvailabilityZone": f"{REGION}{zone}", "AvailabilityZoneId": f"euw1-az{ord(zone) - 96}",
                 "MapPublicIpOnLaunch": False})


def _security_group(group_id: str, name: str, vpc_id: str, ingress: list[dict[str, Any]]) -> Resource:
    # Security groups are named by GroupName and carry no Name tag.
    return _ec2("ec2:security-group", "security-group", group_id, name, "DescribeSecurityGroups",
                {"GroupId": group_id, "GroupName": name, "VpcId": vpc_id,
                 "Description": f"{name} tier", "IpPermissions": ingress, "IpPermissionsEgress": []},
                tags={})


def _eni(eni_id: str, name: str, subnet_id: str, vpc_id: str, group_id: str, ip: str) -> Resource:
    return _ec2("ec2:network-interface", "network-interface", eni_id, name, "DescribeNetworkInterfaces",
                {"NetworkInterfaceId": eni_id, "SubnetId": subnet_id, "VpcId": vpc_id,
                 "PrivateIpAddress": ip, "InterfaceType": "interface", "Status": "in-use",
                 "Groups": [{"GroupId": group_id}],
                 "PrivateIpAddresses": [{"PrivateIpAddress": ip, "Primary": True}]},
                ips=(ip,))


def small_estate() -> Estate:
    """Two VPCs, three subnets, two security groups, three ENIs; RDS denied in eu-west-1."""
    web_ingress = [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443,
                    "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "UserIdGroupPairs": []}]
    db_ingress = [{"IpProtocol": "tcp", "FromPort": 5432, "ToPort": 5432, "IpRanges": [],
                   "UserIdGroupPairs": [{"GroupId": "sg-0web"}]}]
    resources = [
        _vpc("vpc-0prod", "prod", "10.0.0.0/16"),
        _vpc("vpc-0stage", "staging", "10.1.0.0/16"),
        _subnet("subnet-0a", "prod-a", "vpc-0prod", "10.0.1.0/24", "a"),
        _subnet("subnet-0b", "prod-b", "vpc-0prod", "10.0.2.0/24", "b"),
        _subnet("subnet-0c", "staging-a", "vpc-0stage", "10.1.1.0/24", "a"),
        _security_group("sg-0web", "web", "vpc-0prod", web_ingress),
        _security_group("sg-0db", "db", "vpc-0prod", db_ingress),
        _eni("eni-0001", "prod-web-1", "subnet-0a", "vpc-0prod", "sg-0web", "10.0.1.10"),
        _eni("eni-0002", "prod-db-1", "subnet-0b", "vpc-0prod", "sg-0db", "10.0.2.20"),
        _eni("eni-0003", "", "subnet-0c", "vpc-0stage", "sg-0web", "10.1.1.30"),
    ]
    by_id = {r.id: r.arn for r in resources}

    def edge(source: str, relation: Relation, target: str) -> Edge:
        return Edge(by_id[source], by_id[target], relation)

    edges = [
        edge("subnet-0a", Relation.IN_VPC, "vpc-0prod"),
        edge("subnet-0b", Relation.IN_VPC, "vpc-0prod"),
        edge("subnet-0c", Relation.IN_VPC, "vpc-0stage"),
        edge("sg-0web", Relation.IN_VPC, "vpc-0prod"),
        edge("sg-0db", Relation.IN_VPC, "vpc-0prod"),
        edge("sg-0db", Relation.REFERENCES_SECURITY_GROUP, "sg-0web"),
    ]
    for eni in (r for r in resources if r.kind == "ec2:network-interface"):
        edges += [
            edge(eni.id, Relation.IN_VPC, eni.data["VpcId"]),
            edge(eni.id, Relation.IN_SUBNET, eni.data["SubnetId"]),
            edge(eni.id, Relation.MEMBER_OF_SECURITY_GROUP, eni.data["Groups"][0]["GroupId"]),
        ]
    # What the crawl could not see: a deleted group (missing-ref), and a database in RDS,
    # which was denied (so whether it exists is unknown).
    dangling = [
        DanglingRef(by_id["eni-0001"], Relation.MEMBER_OF_SECURITY_GROUP, "sg-0gone"),
        DanglingRef(by_id["eni-0002"], Relation.ATTACHED_TO, f"arn:aws:rds:{REGION}:{ACCOUNT}:db:orders"),
    ]
    markers = [Marker(ACCOUNT, REGION, "rds", "DescribeDBInstances", MarkerStatus.DENIED,
                      "AccessDenied: not authorized to perform rds:DescribeDBInstances")]
    info = EstateInfo(source="snapshot fixture.awsx", crawled_at=CRAWLED_AT,
                      accounts=(ACCOUNT,), regions=(REGION,))
    return Estate(resources, edges, markers, dangling, info=info)
