"""The escalation targets open on their own console page, in their own region (not the
service's home): the stack by its ARN, the stack set by its name, the build project under its
account, the Glue job in Glue Studio, the notebook and the managed node by their ids."""

from __future__ import annotations

import pytest
from records import record

from awsx.core.console_url import console_url
from awsx.core.model import Resource


def resource(kind: str, resource_id: str, arn: str, name: str = ""):
    return record(kind, resource_id, arn=arn, name=name)


@pytest.mark.parametrize("found, page", [
    (resource("cloudformation:stack", "net", "arn:aws:cloudformation:eu-west-1:123456789012:stack/net/1a"),
     "cloudformation/home?region=eu-west-1#/stacks/stackinfo?stackId="
     "arn%3Aaws%3Acloudformation%3Aeu-west-1%3A123456789012%3Astack%2Fnet%2F1a"),
    (resource("cloudformation:stack-set", "guard:1a", "arn:aws:cloudformation:eu-west-1:123456789012:stackset/guard:1a",
              name="guard"), "cloudformation/home?region=eu-west-1#/stacksets/guard/info"),
    (resource("codebuild:project", "ci", "arn:aws:codebuild:eu-west-1:123456789012:project/ci"),
     "codesuite/codebuild/123456789012/projects/ci?region=eu-west-1"),
    (resource("glue:job", "orders etl", "arn:aws:glue:eu-west-1:123456789012:job/orders etl"),
     "gluestudio/home?region=eu-west-1#/editor/job/orders%20etl/details"),
    (resource("sagemaker:notebook-instance", "lab", "arn:aws:sagemaker:eu-west-1:123456789012:notebook-instance/lab"),
     "sagemaker/home?region=eu-west-1#/notebook-instances/lab"),
    (resource("ssm:managed-instance", "i-0abc", "arn:aws:ssm:eu-west-1:123456789012:managed-instance/i-0abc"),
     "systems-manager/fleet-manager/managed-nodes/i-0abc/general?region=eu-west-1"),
], ids=lambda value: value.kind if isinstance(value, Resource) else "")
def test_each_escalation_target_opens_its_own_page_in_its_region(found, page):
    assert console_url(found) == f"https://eu-west-1.console.aws.amazon.com/{page}"
