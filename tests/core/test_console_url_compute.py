"""Console pages of the compute kinds (issue #16): each opens the resource's own page in its
region, the ECS ones under their cluster."""

from __future__ import annotations

import pytest
from records import record as built

from awsx.core.console_url import console_url

ECS = "arn:aws:ecs:eu-west-1:111122223333"


def record(kind: str, rid: str, arn: str = "", **data):
    return built(kind, rid, arn=arn, name=rid, account="111122223333", **data)


@pytest.mark.parametrize("resource, page", [
    (record("autoscaling:group", "web-asg"), "ec2/home?region=eu-west-1#AutoScalingGroupDetails:id=web-asg"),
    (record("ec2:launch-template", "lt-1"), "ec2/home?region=eu-west-1#LaunchTemplateDetails:launchTemplateId=lt-1"),
    (record("ecs:cluster", "orders"), "ecs/v2/clusters/orders/services?region=eu-west-1"),
    (record("ecs:service", "orders-api", clusterArn=f"{ECS}:cluster/orders"),
     "ecs/v2/clusters/orders/services/orders-api/health?region=eu-west-1"),
    (record("ecs:task", "0a1b", clusterArn=f"{ECS}:cluster/orders"),
     "ecs/v2/clusters/orders/tasks/0a1b/configuration?region=eu-west-1"),
    (record("ecs:task-definition", "orders-api:7"), "ecs/v2/task-definitions/orders-api/7/containers?region=eu-west-1"),
    (record("eks:cluster", "platform"), "eks/home?region=eu-west-1#/clusters/platform"),
    (record("eks:nodegroup", "general", clusterName="platform"),
     "eks/home?region=eu-west-1#/clusters/platform/nodegroups/general"),
])
def test_each_compute_kind_opens_its_own_console_page(resource, page):
    assert console_url(resource) == f"https://eu-west-1.console.aws.amazon.com/{page}"
