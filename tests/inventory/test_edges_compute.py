"""Edges of the compute kinds that moto 5.2.5 cannot seed, on records shaped as AWS returns
them: an awsvpc task's ENI and subnet (DescribeTasks ``attachments``), a mixed-instances Auto
Scaling group's launch templates and its comma-separated subnets, an EKS node group's Auto
Scaling group."""

from __future__ import annotations

from awsx.core.model import Relation, Resource
from awsx.inventory.edges import assemble
from awsx.inventory.normalize import to_resource
from awsx.inventory.specs import SPECS

ACCOUNT, REGION = "111111111111", "us-east-1"


def record(kind: str, rid: str, arn: str = "", **data) -> Resource:
    return Resource(arn=arn or f"arn:aws:{kind.split(':')[0]}:{REGION}:{ACCOUNT}:{kind}/{rid}", kind=kind, id=rid,
                    name="", account=ACCOUNT, region=REGION, data=data)


def targets(edges, source: Resource, relation: Relation) -> set[str]:
    return {e.target for e in edges if e.source == source.arn and e.relation is relation}


def test_an_awsvpc_task_has_its_attached_eni_and_is_in_its_subnet():
    eni = record("ec2:network-interface", "eni-1")
    subnet = record("ec2:subnet", "subnet-1")
    task = record("ecs:task", "abc", attachments=[{"type": "ElasticNetworkInterface", "status": "ATTACHED", "details": [
        {"name": "subnetId", "value": "subnet-1"}, {"name": "networkInterfaceId", "value": "eni-1"},
        {"name": "privateIPv4Address", "value": "10.0.1.5"}]}])
    _, edges, dangling = assemble([eni, subnet, task])
    assert targets(edges, task, Relation.HAS_NETWORK_INTERFACE) == {eni.arn}
    assert targets(edges, task, Relation.IN_SUBNET) == {subnet.arn}
    assert dangling == []


def test_an_awsvpc_task_is_found_by_its_private_ip():
    [spec] = [s for s in SPECS if s.kind == "ecs:task"]
    task = to_resource(spec, {"taskArn": f"arn:aws:ecs:{REGION}:{ACCOUNT}:task/orders/abc", "attachments": [
        {"type": "ElasticNetworkInterface", "details": [{"name": "privateIPv4Address", "value": "10.0.1.5"}]}]},
        account=ACCOUNT, region=REGION, crawled_at="2026-01-01T00:00:00+00:00")
    assert (task.id, task.ips) == ("abc", ("10.0.1.5",))


def test_a_mixed_instances_group_launches_from_its_policy_templates_in_every_listed_subnet():
    templates = [record("ec2:launch-template", f"lt-{n}") for n in (1, 2)]
    subnets = [record("ec2:subnet", f"subnet-{n}") for n in (1, 2)]
    group = record("autoscaling:group", "web", VPCZoneIdentifier="subnet-1, subnet-2", MixedInstancesPolicy={
        "LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": "lt-1"},
                           "Overrides": [{"LaunchTemplateSpecification": {"LaunchTemplateId": "lt-2"}}]}})
    _, edges, _ = assemble([*templates, *subnets, group])
    assert targets(edges, group, Relation.HAS_LAUNCH_TEMPLATE) == {t.arn for t in templates}
    assert targets(edges, group, Relation.IN_SUBNET) == {s.arn for s in subnets}


def test_a_node_group_is_associated_with_the_auto_scaling_group_eks_made_for_it():
    group = record("autoscaling:group", "eks-general-1")
    cluster = record("eks:cluster", "platform")
    nodegroup = record("eks:nodegroup", "general", clusterName="platform",
                       resources={"autoScalingGroups": [{"name": "eks-general-1"}]})
    _, edges, _ = assemble([group, cluster, nodegroup])
    assert targets(edges, nodegroup, Relation.ASSOCIATED_WITH) == {group.arn}
    assert targets(edges, nodegroup, Relation.ATTACHED_TO) == {cluster.arn}
