"""The AWS console page of a resource, per kind: a pure function of the Resource.

Partition-aware only for the standard partition (``console.aws.amazon.com``); a kind without
a known page gets the service's home in the resource's region, never a guess at a deep link."""

from __future__ import annotations

from typing import Callable
from urllib.parse import quote

from awsx.core.model import Resource

GLOBAL_REGION = "us-east-1"


def _region(resource: Resource) -> str:
    return resource.region if resource.region not in ("", "global") else GLOBAL_REGION


def _by_id(console: str) -> Callable[[str, str], Callable[[Resource], str]]:
    """A page of a regional console (``ec2``, ``vpcconsole``) that selects the resource by id."""
    def page_of(page: str, param: str) -> Callable[[Resource], str]:
        def url(r: Resource) -> str:
            region = _region(r)
            return (f"https://{region}.console.aws.amazon.com/{console}/home?region={region}"
                    f"#{page}:{param}={quote(r.id)}")
        return url
    return page_of


_ec2 = _by_id("ec2")
_vpc = _by_id("vpcconsole")


def _iam(path: str) -> Callable[[Resource], str]:
    return lambda r: f"https://us-east-1.console.aws.amazon.com/iam/home#/{path}/{quote(r.name or r.id, safe='')}"


def _s3(r: Resource) -> str:
    return f"https://s3.console.aws.amazon.com/s3/buckets/{quote(r.name or r.id)}?region={_region(r)}"


def _lambda(r: Resource) -> str:
    region = _region(r)
    return (f"https://{region}.console.aws.amazon.com/lambda/home?region={region}"
            f"#/functions/{quote(r.name or r.id, safe='')}")


def _rds(r: Resource) -> str:
    region = _region(r)
    return (f"https://{region}.console.aws.amazon.com/rds/home?region={region}"
            f"#database:id={quote(r.id)}")


def _iam_policy(r: Resource) -> str:
    return f"https://us-east-1.console.aws.amazon.com/iam/home#/policies/details/{quote(r.arn, safe='')}"


def _regional(path: str) -> Callable[[Resource], str]:
    """A regional console page, ``path`` formatted with ``{region}``, ``{id}`` and ``{arn}``."""
    def url(r: Resource) -> str:
        region = _region(r)
        return (f"https://{region}.console.aws.amazon.com/"
                + path.format(region=region, id=quote(r.id, safe=""), arn=quote(r.arn, safe="")))
    return url


def _hosted_zone(r: Resource) -> str:
    """A zone's record list; a record opens its zone's (its id starts with the zone id)."""
    zone = r.id.split("/", 1)[0]
    return f"https://us-east-1.console.aws.amazon.com/route53/v2/hostedzones#ListRecordSets/{quote(zone, safe='')}"


EDGE_PAGES: dict[str, Callable[[Resource], str]] = {
    "cloudfront:distribution": _regional("cloudfront/v4/home#/distributions/{id}"),
    "route53:hosted-zone": _hosted_zone,
    "route53:record": _hosted_zone,
    "apigateway:rest-api": _regional("apigateway/main/apis/{id}/resources?api={id}&region={region}"),
    "apigatewayv2:api": _regional("apigateway/main/api-detail?api={id}&region={region}"),
    "elb:load-balancer": _ec2("LoadBalancers", "search"),
    "cloudwatch:alarm": _regional("cloudwatch/home?region={region}#alarmsV2:alarm/{id}"),
    "cloudtrail:trail": _regional("cloudtrailv2/home?region={region}#/trails/{arn}"),
}

CONSOLE_PAGES: dict[str, Callable[[Resource], str]] = {
    "ec2:instance": _ec2("InstanceDetails", "instanceId"),
    "ec2:volume": _ec2("VolumeDetails", "volumeId"),
    "ec2:snapshot": _ec2("SnapshotDetails", "snapshotId"),
    "ec2:security-group": _ec2("SecurityGroup", "groupId"),
    "ec2:network-interface": _ec2("NetworkInterface", "networkInterfaceId"),
    "ec2:elastic-ip": _ec2("ElasticIpDetails", "AllocationId"),
    "ec2:vpc": _vpc("VpcDetails", "VpcId"),
    "ec2:subnet": _vpc("SubnetDetails", "subnetId"),
    "ec2:route-table": _vpc("RouteTableDetails", "RouteTableId"),
    "ec2:network-acl": _vpc("NetworkAclDetails", "networkAclId"),
    "ec2:internet-gateway": _vpc("InternetGateway", "internetGatewayId"),
    "ec2:nat-gateway": _vpc("NatGatewayDetails", "natGatewayId"),
    "ec2:vpc-endpoint": _vpc("EndpointDetails", "vpcEndpointId"),
    "ec2:vpc-peering-connection": _vpc("PeeringConnectionDetails", "VpcPeeringConnectionId"),
    "ec2:transit-gateway": _vpc("TransitGatewayDetails", "transitGatewayId"),
    "s3:bucket": _s3,
    "lambda:function": _lambda,
    "rds:db-instance": _rds,
    "iam:role": _iam("roles/details"),
    "iam:user": _iam("users/details"),
    "iam:group": _iam("groups/details"),
    "iam:policy": _iam_policy,
    **EDGE_PAGES,
}

SERVICE_HOME = {"elbv2": "ec2/home#LoadBalancers:", "efs": "efs/home#/file-systems",
                "organizations": "organizations/v2/home/policies"}


def console_url(resource: Resource) -> str:
    """The console page for ``resource`` (its service's home when no deep link is known)."""
    page = CONSOLE_PAGES.get(resource.kind)
    if page is not None:
        return page(resource)
    service = resource.kind.split(":", 1)[0]
    region = _region(resource)
    home = SERVICE_HOME.get(service, f"{service}/home")
    joiner = "&" if "?" in home else "?"
    path, _, fragment = home.partition("#")
    return (f"https://{region}.console.aws.amazon.com/{path}{joiner}region={region}"
            + (f"#{fragment}" if fragment else ""))
