"""The escalation targets of issue #15 are crawled with the role each runs as: CloudFormation
stacks and stack sets, CodeBuild projects, Glue jobs and dev endpoints, SageMaker notebook
instances; and SSM managed instances point at their EC2 instance. One account of its own in the
shared moto server, seeded with the smallest estate that shows each edge."""

from __future__ import annotations

import json

import pytest
from account_estate import OwnAccount
from denials import deny

from awsx.core.model import MarkerStatus, Provenance, Relation, Resource
from awsx.inventory.edges import derive_edges
from awsx.inventory.normalize import to_resource
from awsx.inventory.specs import EDGE_RULES, SPECS

ACCOUNT = "310987654321"
TEMPLATE = json.dumps({"Parameters": {"Stage": {"Type": "String"}},
                       "Resources": {"Version": {"Type": "AWS::SSM::Parameter", "Properties": {
                           "Type": "String", "Value": "1", "Name": "/baseline/version"}}}})


def role_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT}:role/{name}"


@pytest.fixture(scope="module")
def seeded_account(moto_server):
    own = OwnAccount.assume(moto_server.endpoint, ACCOUNT)
    iam, ec2 = own.client("iam"), own.client("ec2")
    for name in ("deploy", "build", "etl"):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument="{}")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.9.1.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="build", Description="build", VpcId=vpc)["GroupId"]
    key = own.client("kms").create_key(Description="notebook")["KeyMetadata"]

    cloudformation = own.client("cloudformation")
    cloudformation.create_stack(StackName="baseline", TemplateBody=TEMPLATE, RoleARN=role_arn("deploy"),
                                Parameters=[{"ParameterKey": "Stage", "ParameterValue": "prod"}])
    for name in ("guardrails", "hidden"):
        cloudformation.create_stack_set(StackSetName=name, TemplateBody=TEMPLATE,
                                        AdministrationRoleARN=role_arn("deploy"),
                                        ExecutionRoleName="exec", Parameters=[{"ParameterKey": "Stage",
                                                                               "ParameterValue": "prod"}])
    own.client("codebuild").create_project(
        name="ci", source={"type": "S3", "location": "bucket/source.zip", "buildspec": "phases: {}"},
        artifacts={"type": "NO_ARTIFACTS"}, serviceRole=role_arn("build"),
        environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                     "computeType": "BUILD_GENERAL1_SMALL",
                     "environmentVariables": [{"name": "STAGE", "value": "prod", "type": "PLAINTEXT"}]},
        vpcConfig={"vpcId": vpc, "subnets": [subnet], "securityGroupIds": [group]},
        tags=[{"key": "team", "value": "data"}])
    glue = own.client("glue")
    command = {"Name": "glueetl", "ScriptLocation": "s3://bucket/etl.py"}
    glue.create_job(Name="by-name", Role="etl", Command=command, DefaultArguments={"--stage": "prod"},
                    Tags={"team": "data"})
    glue.create_job(Name="by-arn", Role=role_arn("etl"), Command=command)
    glue.create_dev_endpoint(EndpointName="dev", RoleArn=role_arn("etl"), SubnetId=subnet, SecurityGroupIds=[group])
    own.client("sagemaker").create_notebook_instance(
        NotebookInstanceName="lab", InstanceType="ml.t3.medium", RoleArn=role_arn("etl"), SubnetId=subnet,
        SecurityGroupIds=[group], KmsKeyId=key["Arn"], DirectInternetAccess="Disabled", RootAccess="Disabled")
    estate = own.crawl(hooks=(("before-call", deny("DescribeStackSet", "hidden", "AccessDenied", 403)),))
    return estate, {"vpc": vpc, "subnet": subnet, "group": group, "key": key["KeyId"]}


def only(estate, kind: str, resource_id: str) -> Resource:
    [found] = [r for r in estate.resources(kind) if r.id == resource_id or r.name == resource_id]
    return found


def targets(estate, resource: Resource, relation: Relation) -> set[str]:
    return {estate.resource(e.target).id for e in estate.out_edges(resource.arn, relation)}


def test_a_stack_is_named_by_its_name_carries_its_arn_and_points_at_its_role(seeded_account):
    estate, _ = seeded_account
    stack = only(estate, "cloudformation:stack", "baseline")
    assert stack.arn.startswith(f"arn:aws:cloudformation:us-east-1:{ACCOUNT}:stack/baseline/")
    assert targets(estate, stack, Relation.HAS_ROLE) == {"deploy"}
    assert stack.data["StackStatus"] == "CREATE_COMPLETE"


def test_a_stack_keeps_its_parameter_keys_and_never_their_values(seeded_account):
    estate, _ = seeded_account
    stack = only(estate, "cloudformation:stack", "baseline")
    assert stack.data["ParameterKeys"] == ["Stage"]
    assert "Parameters" not in stack.data and "prod" not in json.dumps(stack.data)


def test_a_stack_set_is_described_with_its_administration_role_and_without_template_or_parameters(seeded_account):
    estate, _ = seeded_account
    stack_set = only(estate, "cloudformation:stack-set", "guardrails")
    assert stack_set.arn == f"arn:aws:cloudformation:us-east-1:{ACCOUNT}:stackset/{stack_set.id}"
    assert stack_set.data["StackSet"]["ExecutionRoleName"] == "exec"
    assert not {"TemplateBody", "Parameters"} & set(stack_set.data["StackSet"])
    assert targets(estate, stack_set, Relation.HAS_ROLE) == {"deploy"}


def test_a_denied_describe_stack_set_marks_that_stack_set_and_hides_no_other(seeded_account):
    estate, _ = seeded_account
    hidden, shown = (only(estate, "cloudformation:stack-set", name) for name in ("hidden", "guardrails"))
    assert "StackSet" not in hidden.data and "StackSet" in shown.data
    [marker] = [m for m in estate.markers if m.operation == "DescribeStackSet"]
    assert (marker.status, marker.resources) == (MarkerStatus.DENIED, (hidden.arn,))


def test_a_build_project_is_described_in_a_batch_and_points_at_its_role_and_placement(seeded_account):
    estate, ids = seeded_account
    project = only(estate, "codebuild:project", "ci")
    assert project.arn == f"arn:aws:codebuild:us-east-1:{ACCOUNT}:project/ci"
    assert targets(estate, project, Relation.HAS_ROLE) == {"build"}
    assert targets(estate, project, Relation.IN_VPC) == {ids["vpc"]}
    assert targets(estate, project, Relation.IN_SUBNET) == {ids["subnet"]}
    assert targets(estate, project, Relation.MEMBER_OF_SECURITY_GROUP) == {ids["group"]}


def test_a_build_project_keeps_variable_names_and_types_never_values_nor_the_buildspec(seeded_account):
    estate, _ = seeded_account
    project = only(estate, "codebuild:project", "ci")
    assert project.data["environment"]["environmentVariables"] == [{"name": "STAGE", "type": "PLAINTEXT"}]
    assert "buildspec" not in project.data["source"]


@pytest.mark.parametrize("kind, resource_id", [("codebuild:project", "ci"), ("glue:job", "by-name")])
def test_tags_are_kept_in_the_one_key_value_shape_redaction_knows(seeded_account, kind, resource_id):
    estate, _ = seeded_account
    found = only(estate, kind, resource_id)
    assert found.tags == {"team": "data"}
    assert found.data["Tags"] == [{"Key": "team", "Value": "data"}] and "tags" not in found.data


def test_a_glue_job_role_resolves_whether_given_by_name_or_by_arn(seeded_account):
    estate, _ = seeded_account
    for job in ("by-name", "by-arn"):
        assert targets(estate, only(estate, "glue:job", job), Relation.HAS_ROLE) == {"etl"}
    assert not [d for d in estate.dangling if "job/" in d.source]


def test_a_glue_job_keeps_argument_keys_never_values(seeded_account):
    estate, _ = seeded_account
    job = only(estate, "glue:job", "by-name")
    assert job.data["DefaultArgumentKeys"] == ["--stage"] and "DefaultArguments" not in job.data


@pytest.mark.parametrize("kind, resource_id", [("glue:dev-endpoint", "dev"), ("sagemaker:notebook-instance", "lab")])
def test_a_dev_endpoint_and_a_notebook_point_at_their_role_subnet_and_security_groups(seeded_account, kind,
                                                                                      resource_id):
    estate, ids = seeded_account
    found = only(estate, kind, resource_id)
    assert targets(estate, found, Relation.HAS_ROLE) == {"etl"}
    assert targets(estate, found, Relation.IN_SUBNET) == {ids["subnet"]}
    assert targets(estate, found, Relation.MEMBER_OF_SECURITY_GROUP) == {ids["group"]}


def test_a_notebook_is_described_with_its_network_access_and_key(seeded_account):
    estate, ids = seeded_account
    notebook = only(estate, "sagemaker:notebook-instance", "lab")
    assert (notebook.data["DirectInternetAccess"], notebook.data["RootAccess"]) == ("Disabled", "Disabled")
    assert targets(estate, notebook, Relation.ASSOCIATED_WITH) == {ids["key"]}


def test_moto_answers_describe_instance_information_not_implemented_and_the_read_is_marked_unsupported(seeded_account):
    estate, _ = seeded_account
    [marker] = [m for m in estate.markers if m.operation == "DescribeInstanceInformation"]
    assert (marker.status, marker.message) == (MarkerStatus.UNSUPPORTED, "NotImplemented")


# DescribeInstanceInformation as the API reference shows it: moto 5.2.5 does not implement it.
def _managed(instance_id: str, resource_type: str) -> dict:
    return {"InstanceId": instance_id, "PingStatus": "Online", "ResourceType": resource_type,
            "PlatformName": "Amazon Linux", "AgentVersion": "3.3.40.0", "ComputerName": f"{instance_id}.internal"}


def test_an_ssm_managed_ec2_instance_points_at_its_instance_and_a_hybrid_node_points_nowhere():
    [spec] = [s for s in SPECS if s.kind == "ssm:managed-instance"]
    instance = Resource(arn=f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0abc", kind="ec2:instance", id="i-0abc",
                        name="", account=ACCOUNT, region="us-east-1", tags={}, data={}, ips=(),
                        provenance=Provenance("ec2:DescribeInstances", "2026-01-01T00:00:00+00:00"))
    managed = [to_resource(spec, _managed(i, kind), account=ACCOUNT, region="us-east-1",
                           crawled_at="2026-01-01T00:00:00+00:00")
               for i, kind in (("i-0abc", "EC2Instance"), ("mi-0def", "ManagedInstance"))]
    assert [m.arn for m in managed] == [f"arn:aws:ssm:us-east-1:{ACCOUNT}:managed-instance/i-0abc",
                                        f"arn:aws:ssm:us-east-1:{ACCOUNT}:managed-instance/mi-0def"]
    edges, dangling = derive_edges([instance, *managed], EDGE_RULES)
    assert [(e.source, e.relation, e.target) for e in edges] == [
        (managed[0].arn, Relation.ASSOCIATED_WITH, instance.arn)]
    assert dangling == []
