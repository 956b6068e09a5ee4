"""The compute kinds' estimates (issue #16): the EKS control plane per cluster-hour, a Fargate
task by its vCPU and memory, and no double counting of capacity an Auto Scaling group, node
group or ECS service launches (its instances and tasks are priced on their own items)."""

from __future__ import annotations

import pytest

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.cost.estimators import ESTIMATORS
from awsx.cost.relations import EstateView
from awsx.cost.table import default_table

TABLE = default_table()
H = TABLE.hours_per_month


def usd(key: str, region: str = "us-east-1") -> float:
    return TABLE.row(key, region).usd


def estimate(kind: str, region: str = "us-east-1", **data):
    r = Resource(arn=f"arn:aws:x:{region}:111122223333:{kind}/r", kind=kind, id="r", name="r",
                 account="111122223333", region=region, data=data)
    return ESTIMATORS[kind](r, EstateView(Estate([r])), TABLE)


def test_an_eks_cluster_on_the_standard_upgrade_policy_pays_the_standard_control_plane_hour():
    est = estimate("eks:cluster", version="1.31", upgradePolicy={"supportType": "STANDARD"})
    assert est.monthly == pytest.approx(usd("eks/cluster/standard") * H) == pytest.approx(73.0)
    assert not est.approximate


def test_an_eks_cluster_that_may_be_in_extended_support_is_a_lower_bound_and_says_so():
    est = estimate("eks:cluster", version="1.28")  # no upgradePolicy: AWS's default is EXTENDED
    assert est.monthly == pytest.approx(73.0) and est.approximate
    assert "lower bound" in est.basis and "1.28" in est.basis


def test_a_fargate_task_is_its_vcpu_and_memory_hours_plus_storage_above_20_gb():
    est = estimate("ecs:task", launchType="FARGATE", lastStatus="RUNNING", cpu="512", memory="1024",
                   ephemeralStorage={"sizeInGiB": 30})
    expected = H * (0.5 * usd("fargate/linux-x86/vcpu") + 1 * usd("fargate/linux-x86/gb")
                    + 10 * usd("fargate/ephemeral-storage"))
    assert est.monthly == pytest.approx(expected) == pytest.approx(18.83, abs=0.01)


def test_an_arm_fargate_task_is_priced_at_the_arm_rate():
    est = estimate("ecs:task", launchType="FARGATE", cpu="1024", memory="2048",
                   attributes=[{"name": "ecs.cpu-architecture", "value": "arm64"}])
    assert est.monthly == pytest.approx(H * (usd("fargate/linux-arm/vcpu") + 2 * usd("fargate/linux-arm/gb")))


@pytest.mark.parametrize("data, reason", [
    ({"capacityProviderName": "FARGATE_SPOT", "cpu": "256", "memory": "512"}, "Fargate Spot"),
    ({"launchType": "FARGATE", "platformFamily": "Windows Server 2022 Full", "cpu": "1024", "memory": "2048"},
     "Windows"),
    ({"launchType": "FARGATE"}, "cpu / memory"),
])
def test_a_fargate_task_awsx_cannot_price_is_unknown_with_the_reason(data, reason):
    est = estimate("ecs:task", **data)
    assert est.monthly is None and reason in est.basis


def test_fargate_outside_us_east_1_is_the_labelled_regional_estimate():
    shape = {"launchType": "FARGATE", "cpu": "256", "memory": "512"}
    here, there = estimate("ecs:task", **shape), estimate("ecs:task", region="eu-west-1", **shape)
    assert there.approximate and not here.approximate and there.monthly > here.monthly


@pytest.mark.parametrize("kind", ["autoscaling:group", "eks:nodegroup", "ecs:service"])
def test_capacity_a_group_launches_is_not_counted_twice(kind):
    est = estimate(kind, DesiredCapacity=4)
    assert est.monthly == 0.0 and "no charge of its own" in est.basis


def test_a_task_on_ec2_is_its_container_instance_cost():
    est = estimate("ecs:task", launchType="EC2", cpu="256", memory="512")
    assert est.monthly == 0.0 and "container instance" in est.basis
