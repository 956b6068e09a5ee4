"""What runs as a role in the home region (issue #15's escalation targets): the
``acme-network-baseline`` CloudFormation stack and the ``acme-guardrails`` stack set deployed
as ``acme-cfn-deploy``, the ``acme-ci`` CodeBuild project building as the admin-like
``acme-ci-build`` inside the app tier, the ``acme-orders-etl`` Glue job, the
``acme-analytics-dev`` Glue dev endpoint and the ``acme-analytics`` SageMaker notebook, all
three as ``acme-analytics``. No SSM managed instance: moto 5.2.5 does not implement
DescribeInstanceInformation (see the package docstring)."""

from __future__ import annotations

import json

from .region import RegionSeeder

# A template whose one resource (an SSM parameter, which awsx does not list) adds no crawled resource.
_TEMPLATE = json.dumps({
    "Parameters": {"Environment": {"Type": "String"}, "AlarmEmail": {"Type": "String", "NoEcho": True}},
    "Resources": {"BaselineVersion": {"Type": "AWS::SSM::Parameter", "Properties": {
        "Type": "String", "Value": "1", "Name": "/acme/baseline/version"}}},
})
_PARAMETERS = [{"ParameterKey": "Environment", "ParameterValue": "prod"},
               {"ParameterKey": "AlarmEmail", "ParameterValue": "oncall@example.com"}]


def seed_automation(region: RegionSeeder) -> None:
    """The stack, the stack set, the build project, the ETL job, the dev endpoint, the notebook."""
    account = region.seeder.account
    role = {name: f"arn:aws:iam::{account}:role/{name}" for name in ("acme-cfn-deploy", "acme-ci-build",
                                                                     "acme-analytics")}
    _seed_cloudformation(region, role["acme-cfn-deploy"])
    _seed_codebuild(region, role["acme-ci-build"])
    _seed_analytics(region, role["acme-analytics"])


def _seed_cloudformation(region: RegionSeeder, deploy_role: str) -> None:
    cloudformation = region.seeder.client("cloudformation", region.name)
    tags = [{"Key": k, "Value": v} for k, v in region.tags.items()]
    cloudformation.create_stack(StackName="acme-network-baseline", TemplateBody=_TEMPLATE, Parameters=_PARAMETERS,
                                RoleARN=deploy_role, Tags=tags)
    region.add("cloudformation:stack", "acme-network-baseline")
    region.seeder.edge("cloudformation:stack", "acme-network-baseline", "HAS_ROLE", "iam:role", "acme-cfn-deploy")
    stack_set = cloudformation.create_stack_set(
        StackSetName="acme-guardrails", TemplateBody=_TEMPLATE, Parameters=_PARAMETERS, PermissionModel="SELF_MANAGED",
        AdministrationRoleARN=deploy_role, ExecutionRoleName="AWSCloudFormationStackSetExecutionRole")["StackSetId"]
    region.add("cloudformation:stack-set", stack_set)
    region.seeder.edge("cloudformation:stack-set", stack_set, "HAS_ROLE", "iam:role", "acme-cfn-deploy")


def _seed_codebuild(region: RegionSeeder, build_role: str) -> None:
    app_sg = region.groups["app-sg"]
    region.seeder.client("codebuild", region.name).create_project(
        name="acme-ci", description="builds and tests the orders service",
        source={"type": "S3", "location": "acme-prod-artifacts/ci/source.zip"}, artifacts={"type": "NO_ARTIFACTS"},
        environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0",
                     "computeType": "BUILD_GENERAL1_SMALL",
                     "environmentVariables": [{"name": "STAGE", "value": "prod", "type": "PLAINTEXT"},
                                              {"name": "DB_PASSWORD", "value": "/prod/db/password",
                                               "type": "PARAMETER_STORE"}]},
        serviceRole=build_role,
        vpcConfig={"vpcId": region.vpc, "subnets": region.app[:2], "securityGroupIds": [app_sg]},
        tags=[{"key": k, "value": v} for k, v in region.tags.items()])
    region.add("codebuild:project", "acme-ci")
    for relation, kind, target in (("HAS_ROLE", "iam:role", "acme-ci-build"), ("IN_VPC", "ec2:vpc", region.vpc),
                                   *(("IN_SUBNET", "ec2:subnet", subnet) for subnet in region.app[:2]),
                                   ("MEMBER_OF_SECURITY_GROUP", "ec2:security-group", app_sg)):
        region.seeder.edge("codebuild:project", "acme-ci", relation, kind, target)


def _seed_analytics(region: RegionSeeder, analytics_role: str) -> None:
    glue = region.seeder.client("glue", region.name)
    # The role by name, as the Glue console writes it: awsx resolves names and ARNs alike.
    glue.create_job(Name="acme-orders-etl", Role="acme-analytics", GlueVersion="4.0", WorkerType="G.1X",
                    NumberOfWorkers=2,
                    Command={"Name": "glueetl", "ScriptLocation": "s3://acme-prod-data/etl/orders.py"},
                    DefaultArguments={"--job-language": "python", "--TempDir": "s3://acme-prod-data/tmp/"},
                    Tags=region.tags)
    region.add("glue:job", "acme-orders-etl")
    region.seeder.edge("glue:job", "acme-orders-etl", "HAS_ROLE", "iam:role", "acme-analytics")
    app_sg, subnet = region.groups["app-sg"], region.app[0]
    glue.create_dev_endpoint(EndpointName="acme-analytics-dev", RoleArn=analytics_role, SubnetId=subnet,
                             SecurityGroupIds=[app_sg], Tags=region.tags)
    region.add("glue:dev-endpoint", "acme-analytics-dev")
    region.seeder.client("sagemaker", region.name).create_notebook_instance(
        NotebookInstanceName="acme-analytics", InstanceType="ml.t3.medium", RoleArn=analytics_role, SubnetId=subnet,
        SecurityGroupIds=[app_sg], DirectInternetAccess="Disabled", RootAccess="Disabled",
        Tags=[{"Key": k, "Value": v} for k, v in region.tags.items()])
    region.add("sagemaker:notebook-instance", "acme-analytics")
    for kind, name in (("glue:dev-endpoint", "acme-analytics-dev"), ("sagemaker:notebook-instance", "acme-analytics")):
        for relation, target_kind, target in (("HAS_ROLE", "iam:role", "acme-analytics"),
                                              ("IN_SUBNET", "ec2:subnet", subnet),
                                              ("MEMBER_OF_SECURITY_GROUP", "ec2:security-group", app_sg)):
            region.seeder.edge(kind, name, relation, target_kind, target)
