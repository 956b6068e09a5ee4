"""Where the network interfaces of AWS-managed services sit (A7-A11), read from each service's
own Describe* record as AWS returns it: an ECS awsvpc task, an ElastiCache cache cluster, an
EKS cluster's private endpoint and a Classic Load Balancer. Each function places nodes for one
record; ``Network`` (network.py) calls them once per estate. What a record does not say (an ECS
task's security groups when neither its ENI nor its service was crawled) is left unknown on
the node, never guessed open."""

from __future__ import annotations

from typing import Any, Iterable, Mapping

from awsx.core.model import Resource

from .nodes import Node, Placing, Subnet

# A7: a task whose ENI is gone (stopped) receives nothing (A3); every other status holds it.
_TASK_GONE = frozenset({"STOPPED", "DEPROVISIONING", "DELETED"})


def subnet_in_zone(network: Placing, subnets: Iterable[Mapping[str, Any]], zone: str | None) -> Subnet | None:
    """The subnet of a DB or cache subnet group (``Subnets[].SubnetIdentifier`` with
    ``SubnetAvailabilityZone.Name``, the same shape in RDS and ElastiCache) in ``zone``, else
    the group's first known subnet (A5, A8)."""
    listed = list(subnets)
    in_zone = [s.get("SubnetIdentifier") for s in listed if (s.get("SubnetAvailabilityZone") or {}).get("Name") == zone]
    for subnet_id in in_zone or [s.get("SubnetIdentifier") for s in listed]:
        if subnet_id in network.subnets:
            return network.subnets[subnet_id]
    return None


# --- ECS tasks (A7) -----------------------------------------------------------------------------
def task_eni(r: Resource) -> Mapping[str, str]:
    """The ``details`` name/value pairs of a task's ``ElasticNetworkInterface`` attachment
    (DescribeTasks): ``subnetId``, ``networkInterfaceId``, ``privateIPv4Address``, ..."""
    for attachment in r.data.get("attachments") or ():
        if attachment.get("type") == "ElasticNetworkInterface":
            return {d.get("name", ""): str(d.get("value", "")) for d in attachment.get("details") or ()}
    return {}


def crawled_eni(network: Placing, r: Resource) -> str | None:
    """The id of the task's ENI when the crawl holds it (``ec2:network-interface``)."""
    eni = task_eni(r).get("networkInterfaceId", "")
    found = [e for e in network.estate.by_id(eni) if e.kind == "ec2:network-interface"] if eni else []
    return found[0].id if found else None


def task_service(network: Placing, r: Resource) -> Resource | None:
    """The ECS service that started the task: its ``group`` is ``service:<name>`` in the same cluster."""
    group = str(r.data.get("group") or "")
    if not group.startswith("service:"):
        return None
    name, cluster = group.removeprefix("service:"), r.data.get("clusterArn")
    return next((s for s in network.estate.resources("ecs:service")
                 if s.data.get("serviceName") == name and s.data.get("clusterArn", cluster) == cluster), None)


def task_node(network: Placing, r: Resource) -> Node | None:
    """A7: an awsvpc task whose ENI was not crawled, placed from its attachment: the subnet and
    private address it names; the security groups are the ENI's, so they come from the service's
    ``awsvpcConfiguration`` when the task belongs to one, else they are unknown. A task whose ENI
    was crawled is that ENI's node (endpoints.py), and a task without an ENI attachment (bridge
    or host networking) shares its container instance's network: not a node of its own."""
    eni = task_eni(r)
    subnet = network.subnets.get(eni.get("subnetId", ""))
    if subnet is None or crawled_eni(network, r) is not None:
        return None
    service = task_service(network, r)
    config = ((service.data.get("networkConfiguration") or {}).get("awsvpcConfiguration") or {}) if service else {}
    groups = tuple(config.get("securityGroups") or ())
    unknown = "" if groups else (
        f"the security groups of {r.id}: its network interface {eni.get('networkInterfaceId') or '(unnamed)'} "
        "is not in the estate and " + (f"its service {service.name} lists none" if service else
                                        "it belongs to no crawled ECS service") + " (A7)")
    public = f"ecs:{r.id}" if config.get("assignPublicIp") == "ENABLED" else None
    address = eni.get("privateIPv4Address") or network.stand_in(subnet)
    return Node("ecs-task", r.id, subnet.vpc, subnet.id, r.data.get("availabilityZone") or subnet.az, subnet.region,
                address, public, groups, attached=r.data.get("lastStatus") not in _TASK_GONE, modelled=True,
                owner=r.id, unknown_groups=unknown)


# --- ElastiCache (A8) ---------------------------------------------------------------------------
def cache_subnets(network: Placing, r: Resource) -> list[Mapping[str, Any]]:
    """The ``Subnets[]`` of the cluster's cache subnet group: on the record if the crawl put the
    group there, else the ``elasticache:subnet-group`` named by ``CacheSubnetGroupName``."""
    embedded = (r.data.get("CacheSubnetGroup") or {}).get("Subnets")
    if embedded:
        return list(embedded)
    name = r.data.get("CacheSubnetGroupName")
    group = next((g for g in network.estate.resources("elasticache:subnet-group")
                  if g.data.get("CacheSubnetGroupName") == name and g.region == r.region), None)
    return list(group.data.get("Subnets") or ()) if group else []


def cache_nodes(network: Placing, r: Resource) -> list[Node]:
    """A8: one node per cache node (``CacheNodes[]``, else one in ``PreferredAvailabilityZone``)
    in the subnet group's subnet of its AZ, with the cluster's ``SecurityGroups``. ElastiCache
    has no public address: "ElastiCache is a service designed to be used internally to your VPC"
    (docs.aws.amazon.com/AmazonElastiCache/latest/dg/accessing-elasticache.html)."""
    subnets = cache_subnets(network, r)
    groups = tuple(g.get("SecurityGroupId", "") for g in r.data.get("SecurityGroups") or () if g.get("SecurityGroupId"))
    unknown = "" if groups else f"the security groups of {r.id}: its record lists none (A8)"
    zones = [n.get("CustomerAvailabilityZone") for n in r.data.get("CacheNodes") or ()] or \
        [r.data.get("PreferredAvailabilityZone")]
    nodes = []
    for zone in zones:
        subnet = subnet_in_zone(network, subnets, zone or r.data.get("PreferredAvailabilityZone"))
        if subnet is not None:
            nodes.append(Node("cache-node", r.id, subnet.vpc, subnet.id, subnet.az, subnet.region,
                              network.stand_in(subnet), None, groups, modelled=True, owner=r.id, unknown_groups=unknown))
    return nodes


# --- EKS private endpoint (A9) ------------------------------------------------------------------
def eks_config(data: Mapping[str, Any]) -> Mapping[str, Any]:
    """DescribeCluster's ``resourcesVpcConfig``: subnets, groups, which endpoints are on."""
    return data.get("resourcesVpcConfig") or {}


def eks_groups(r: Resource) -> tuple[str, ...]:
    """The cluster security group first, then the additional ones (DescribeCluster)."""
    config = eks_config(r.data)
    found = [config.get("clusterSecurityGroupId"), *(config.get("securityGroupIds") or ())]
    return tuple(dict.fromkeys(g for g in found if g))


def eks_nodes(network: Placing, r: Resource) -> list[Node]:
    """A9: EKS places network interfaces for the control plane in the cluster's subnets, with the
    cluster security group and the additional ones; they carry the control plane's traffic to
    the nodes and, with ``endpointPrivateAccess``, are the private API endpoint
    (docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html, .../sec-group-reqs.html).
    They are never public: the public endpoint is not in the VPC at all (EKS1, eks.py)."""
    config = eks_config(r.data)
    return [Node("eks-endpoint", r.id, subnet.vpc, subnet.id, subnet.az, subnet.region, network.stand_in(subnet),
                 None, eks_groups(r), modelled=True, owner=r.id)
            for subnet in (network.subnets.get(s) for s in config.get("subnetIds") or ()) if subnet is not None]


# --- Classic Load Balancer (A11) ----------------------------------------------------------------
def classic_load_balancer_nodes(network: Placing, r: Resource) -> list[Node]:
    """A11 (A6 for a Classic Load Balancer, elb DescribeLoadBalancers): a node per subnet in
    ``Subnets``, with the ``SecurityGroups``, public iff ``Scheme`` is internet-facing."""
    public = r.data.get("Scheme", "internet-facing") == "internet-facing"
    groups = tuple(r.data.get("SecurityGroups") or ())
    return [Node("classic-load-balancer", r.id, subnet.vpc, subnet.id, subnet.az, subnet.region,
                 network.stand_in(subnet), f"elb:{r.id}:{subnet.az}" if public else None, groups, modelled=True,
                 owner=r.id)
            for subnet in (network.subnets.get(s) for s in r.data.get("Subnets") or ()) if subnet is not None]
