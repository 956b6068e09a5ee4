"""The fields the pulse and cost engines read from alarms, trails, Classic ELBs and target health
are typed: a mistyped one is refused at load, naming its path."""

from __future__ import annotations

import re

import msgspec
import pytest

from awsx.store.data_schema import check_data


@pytest.mark.parametrize("kind, data", [
    ("cloudtrail:trail", {"IsMultiRegionTrail": True, "Status": {"IsLogging": False, "LatestDeliveryTime": "x"}}),
    ("cloudwatch:alarm", {"StateValue": "ALARM", "Period": 60, "Metrics": [{"Id": "e", "Expression": "a"}]}),
    ("elb:load-balancer", {"Scheme": "internal", "AvailabilityZones": ["eu-west-1a"],
                           "InstanceStates": [{"InstanceId": "i-1", "State": "OutOfService"}]}),
    ("elbv2:target-group", {"TargetHealthDescriptions": [{"Target": {"Id": "i-1"},
                                                          "TargetHealth": {"State": "unhealthy"}}]}),
])
def test_what_aws_returns_is_accepted(kind, data):
    check_data(kind, data)


@pytest.mark.parametrize("kind, data, path", [
    ("cloudtrail:trail", {"Status": {"IsLogging": "yes"}}, "$.Status.IsLogging"),
    ("cloudwatch:alarm", {"Period": "five minutes"}, "$.Period"),
    ("elb:load-balancer", {"InstanceStates": [{"State": 3}]}, "$.InstanceStates[0].State"),
    ("elbv2:target-group", {"TargetHealthDescriptions": [{"TargetHealth": ["unhealthy"]}]},
     "$.TargetHealthDescriptions[0].TargetHealth"),
])
def test_a_mistyped_field_is_refused_with_its_path(kind, data, path):
    with pytest.raises(msgspec.ValidationError, match=re.escape(f"at `{path}`")):
        check_data(kind, data)
