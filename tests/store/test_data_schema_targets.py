"""The fields privesc computes with on the escalation targets are typed: a snapshot whose
stack's RoleARN or managed instance's PingStatus is not text is refused at load, naming the
field, instead of failing later inside an engine."""

from __future__ import annotations

import msgspec
import pytest

from awsx.store.data_schema import check_data


@pytest.mark.parametrize("kind, data, field", [
    ("cloudformation:stack", {"RoleARN": 7}, "RoleARN"),
    ("codebuild:project", {"serviceRole": ["arn"]}, "serviceRole"),
    ("glue:job", {"Role": {"Name": "etl"}}, "Role"),
    ("glue:dev-endpoint", {"RoleArn": 1}, "RoleArn"),
    ("sagemaker:notebook-instance", {"RoleArn": True}, "RoleArn"),
    ("ssm:managed-instance", {"InstanceId": "i-1", "PingStatus": ["Online"]}, "PingStatus"),
    ("ecs:cluster", {"registeredContainerInstancesCount": "2"}, "registeredContainerInstancesCount"),
    ("ecs:task", {"lastStatus": "RUNNING", "enableExecuteCommand": "yes"}, "enableExecuteCommand"),
    ("sagemaker:notebook-instance", {"NotebookInstanceStatus": 1}, "NotebookInstanceStatus"),
    ("glue:dev-endpoint", {"RoleArn": "arn:aws:iam::1:role/r", "Status": ["READY"]}, "Status"),
])
def test_a_mistyped_role_or_ping_field_is_refused_naming_it(kind, data, field):
    with pytest.raises(msgspec.ValidationError, match=field):
        check_data(kind, data)


def test_the_fields_as_aws_returns_them_are_accepted():
    check_data("cloudformation:stack", {"RoleARN": "arn:aws:iam::1:role/deploy", "StackStatus": "CREATE_COMPLETE"})
    check_data("ssm:managed-instance", {"InstanceId": "i-1", "PingStatus": "Online", "ResourceType": "EC2Instance"})
    check_data("glue:job", {"Role": "etl"})
    check_data("ecs:cluster", {"clusterName": "apps", "registeredContainerInstancesCount": 0})
