"""Pulse faults of the compute kinds (issue #16), on the smallest records: an Auto Scaling
group or ECS service running below desired, and an EKS endpoint public to 0.0.0.0/0."""

from __future__ import annotations

import pytest

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.pulse.faults import pulse_faults


def record(kind: str, rid: str, **data) -> Resource:
    return Resource(arn=f"arn:aws:x:us-east-1:111122223333:{kind}/{rid}", kind=kind, id=rid, name=rid,
                    account="111122223333", region="us-east-1", data=data)


def found(*resources: Resource) -> dict[str, set[str]]:
    return {f.name: {a.rsplit("/", 1)[-1] for a in f.arns} for f in pulse_faults(Estate(list(resources)))}


def instances(*states: str) -> list[dict]:
    return [{"InstanceId": f"i-{n}", "LifecycleState": state} for n, state in enumerate(states)]


def test_an_auto_scaling_group_with_fewer_instances_in_service_than_desired_is_a_fault():
    short = record("autoscaling:group", "short", DesiredCapacity=3, Instances=instances("InService", "Pending",
                                                                                         "InService"))
    full = record("autoscaling:group", "full", DesiredCapacity=2, Instances=instances("InService", "InService"))
    idle = record("autoscaling:group", "idle", DesiredCapacity=0, Instances=[])
    assert found(short, full, idle)["asg-below-desired"] == {"short"}


def test_an_ecs_service_running_fewer_tasks_than_desired_is_a_fault_unless_it_is_draining():
    short = record("ecs:service", "short", status="ACTIVE", desiredCount=2, runningCount=1)
    full = record("ecs:service", "full", status="ACTIVE", desiredCount=2, runningCount=2)
    draining = record("ecs:service", "draining", status="DRAINING", desiredCount=2, runningCount=0)
    assert found(short, full, draining)["ecs-services-below-desired"] == {"short"}


@pytest.mark.parametrize("public, cidrs, fault", [
    (True, ["0.0.0.0/0"], True),
    (True, ["203.0.113.0/24"], False),
    (False, ["0.0.0.0/0"], False),  # private only: the CIDRs do not apply
])
def test_an_eks_endpoint_is_a_fault_when_public_to_the_whole_internet(public, cidrs, fault):
    cluster = record("eks:cluster", "platform", resourcesVpcConfig={"endpointPublicAccess": public,
                                                                   "endpointPrivateAccess": True,
                                                                   "publicAccessCidrs": cidrs})
    assert found(cluster)["public-eks-endpoints"] == ({"platform"} if fault else set())


def test_the_demo_pulse_shows_orders_api_below_desired_and_acme_platform_public_and_the_web_group_whole(demo_estate):
    faults = {f.name: {demo_estate.resource(arn).id for arn in f.arns} for f in pulse_faults(demo_estate)}
    assert faults["ecs-services-below-desired"] == {"orders-api"}  # moto runs none of its tasks
    assert faults["public-eks-endpoints"] == {"acme-platform"}
    assert faults["asg-below-desired"] == set()  # moto launched both desired instances
