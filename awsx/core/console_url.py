"""The AWS console page of a resource, per kind: a pure function of the Resource.

Partition-aware only for the standard partition (``console.aws.amazon.com``); a kind without
a known page gets the service's home in the resource's region, never a guess at a deep link."""

from __future__ import annotations

from dataclasses import replace
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


def _page(template: str) -> Callable[[Resource], str]:
    """A regional console page written as a template of ``{region}``, ``{id}`` and ``{name}``
    (the name falls back to the id); both are URL-quoted, slashes included."""
    def url(r: Resource) -> str:
        region = _region(r)
        path = template.format(region=region, id=quote(r.id, safe=""), name=quote(r.name or r.id, safe=""))
        return f"https://{region}.console.aws.amazon.com/{path}"
    return url


_redis = _page("elasticache/home?region={region}#/redis/{id}")
_memcached = _page("elasticache/home?region={region}#/memcached/{id}")


def _cache_cluster(r: Resource) -> str:
    """Memcached clusters have their own page; a Redis / Valkey node's page is its replication group's."""
    if r.data.get("Engine") == "memcached":
        return _memcached(r)
    return _redis(replace(r, id=str(r.data.get("ReplicationGroupId") or r.id)))


def _iam_policy(r: Resource) -> str:
    return f"https://us-east-1.console.aws.amazon.com/iam/home#/policies/details/{quote(r.arn, safe='')}"


def _page(template: str) -> Callable[[Resource], str]:
    """A page of a regional console from a path template over ``{region}``, ``{account}`` and the
    resource's ``{id}``, ``{name}`` (its id when it has none) and ``{arn}``, each URL-quoted."""
    def url(r: Resource) -> str:
        region = _region(r)
        path = template.format(region=region, account=r.account, id=quote(r.id, safe=""),
                               name=quote(r.name or r.id, safe=""), arn=quote(r.arn, safe=""))
        return f"https://{region}.console.aws.amazon.com/{path}"
    return url


def _console(path: Callable[[Resource], str]) -> Callable[[Resource], str]:
    """A page of a regional console whose path names the resource (``ecs/v2/clusters/orders``)."""
    def url(r: Resource) -> str:
        region = _region(r)
        page, _, fragment = path(r).partition("#")
        return (f"https://{region}.console.aws.amazon.com/{page}?region={region}"
                + (f"#{fragment}" if fragment else ""))
    return url


def _ecs_cluster_of(r: Resource) -> str:
    """The cluster name of an ECS service or task (its ``clusterArn`` ends ``cluster/<name>``)."""
    return quote(str(r.data.get("clusterArn") or "").rsplit("/", 1)[-1], safe="")


def _task_definition(r: Resource) -> str:
    family, _, revision = r.id.partition(":")
    return f"ecs/v2/task-definitions/{quote(family, safe='')}/{quote(revision, safe='')}/containers"


def _hosted_zone(r: Resource) -> str:
    """A zone's record list; a record opens its zone's (its id starts with the zone id)."""
    zone = r.id.split("/", 1)[0]
    return f"https://us-east-1.console.aws.amazon.com/route53/v2/hostedzones#ListRecordSets/{quote(zone, safe='')}"


EDGE_PAGES: dict[str, Callable[[Resource], str]] = {
    "cloudfront:distribution": _page("cloudfront/v4/home#/distributions/{id}"),
    "route53:hosted-zone": _hosted_zone,
    "route53:record": _hosted_zone,
    "apigateway:rest-api": _page("apigateway/main/apis/{id}/resources?api={id}&region={region}"),
    "apigatewayv2:api": _page("apigateway/main/api-detail?api={id}&region={region}"),
    "elb:load-balancer": _ec2("LoadBalancers", "search"),
    "cloudwatch:alarm": _page("cloudwatch/home?region={region}#alarmsV2:alarm/{id}"),
    "cloudtrail:trail": _page("cloudtrailv2/home?region={region}#/trails/{arn}"),
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
    # The organization's tree is the console's accounts page; an account has a page of its own.
    "organizations:root": lambda r: f"https://{GLOBAL_REGION}.console.aws.amazon.com/organizations/v2/home/accounts",
    "organizations:ou": lambda r: f"https://{GLOBAL_REGION}.console.aws.amazon.com/organizations/v2/home/accounts",
    "organizations:account": lambda r: (f"https://{GLOBAL_REGION}.console.aws.amazon.com/organizations/v2/home"
                                        f"/accounts/{quote(r.id)}"),
    "cloudformation:stack": _page("cloudformation/home?region={region}#/stacks/stackinfo?stackId={arn}"),
    "cloudformation:stack-set": _page("cloudformation/home?region={region}#/stacksets/{name}/info"),
    "codebuild:project": _page("codesuite/codebuild/{account}/projects/{id}?region={region}"),
    "glue:job": _page("gluestudio/home?region={region}#/editor/job/{id}/details"),
    "sagemaker:notebook-instance": _page("sagemaker/home?region={region}#/notebook-instances/{id}"),
    "ssm:managed-instance": _page("systems-manager/fleet-manager/managed-nodes/{id}/general?region={region}"),
    "dynamodb:table": _page("dynamodbv2/home?region={region}#table?name={name}"),
    "elasticache:replication-group": _redis,
    "elasticache:cluster": _cache_cluster,
    "rds:db-cluster": _page("rds/home?region={region}#database:id={id};is-cluster=true"),
    "backup:plan": _page("backup/home?region={region}#/backupplan/details/{id}"),
    "backup:vault": _page("backup/home?region={region}#/backupvaults/details/{id}"),
    "acm:certificate": _page("acm/home?region={region}#/certificates/{id}"),
    "secretsmanager:secret": _page("secretsmanager/secret?name={name}&region={region}"),
    "ec2:launch-template": _ec2("LaunchTemplateDetails", "launchTemplateId"),
    "autoscaling:group": _ec2("AutoScalingGroupDetails", "id"),
    "ecs:cluster": _console(lambda r: f"ecs/v2/clusters/{quote(r.id, safe='')}/services"),
    "ecs:service": _console(lambda r: f"ecs/v2/clusters/{_ecs_cluster_of(r)}/services/{quote(r.id, safe='')}/health"),
    "ecs:task": _console(lambda r: f"ecs/v2/clusters/{_ecs_cluster_of(r)}/tasks/{quote(r.id, safe='')}/configuration"),
    "ecs:task-definition": _console(_task_definition),
    "eks:cluster": _console(lambda r: f"eks/home#/clusters/{quote(r.id, safe='')}"),
    "eks:nodegroup": _console(lambda r: f"eks/home#/clusters/{quote(str(r.data.get('clusterName') or ''), safe='')}"
                                        f"/nodegroups/{quote(r.id, safe='')}"),
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
