"""The compute kinds' fields the engines compute with are typed (issue #16): a snapshot whose
ECS service, Auto Scaling group, ECS task or EKS cluster has one of them mistyped is refused
with the JSON path, and records as AWS returns them pass."""

from __future__ import annotations

import msgspec
import pytest

from awsx.store.data_schema import check_data


@pytest.mark.parametrize("kind, data, path", [
    ("autoscaling:group", {"DesiredCapacity": "two"}, "$.DesiredCapacity"),
    ("autoscaling:group", {"Instances": [{"LifecycleState": 3}]}, "$.Instances[0].LifecycleState"),
    ("ecs:service", {"desiredCount": 2, "runningCount": "1"}, "$.runningCount"),
    ("ecs:task", {"cpu": 256}, "$.cpu"),
    ("eks:cluster", {"resourcesVpcConfig": {"publicAccessCidrs": ["everyone"]}}, "$.resourcesVpcConfig"),
])
def test_a_mistyped_field_is_refused_naming_its_path(kind, data, path):
    with pytest.raises(msgspec.ValidationError, match=path.replace("$", r"\$").replace("[", r"\[")):
        check_data(kind, data)


def test_records_as_aws_returns_them_pass():
    check_data("autoscaling:group", {"DesiredCapacity": 2, "Instances": [{"InstanceId": "i-1", "LifecycleState": "InService"}]})
    check_data("ecs:service", {"status": "ACTIVE", "desiredCount": 2, "runningCount": 0, "deployments": []})
    check_data("ecs:task", {"launchType": "FARGATE", "cpu": "256", "memory": "512", "ephemeralStorage": {"sizeInGiB": 20},
                            "attributes": [{"name": "ecs.cpu-architecture", "value": "x86_64"}]})
    check_data("eks:cluster", {"version": "1.31", "upgradePolicy": {"supportType": "STANDARD"}, "resourcesVpcConfig": {
        "endpointPublicAccess": True, "publicAccessCidrs": ["0.0.0.0/0", "203.0.113.0/24"]}})
