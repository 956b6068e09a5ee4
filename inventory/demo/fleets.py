"""What runs as fleets in the home region: the web tier's Auto Scaling group and its launch
template, the orders API as an ECS service on Fargate, and the platform EKS cluster with one
managed node group. Their roles are made here (trusting ECS or EKS, with no permissions
policy: the AWS managed policies such roles carry are not loaded by moto)."""

from __future__ import annotations

import base64

from .region import RegionSeeder
from .shapes import tag_spec, trust_policy

# The web tier's bootstrap; awsx keeps only that a launch template has user data.
WEB_USER_DATA = base64.b64encode(b"#!/bin/bash\nsystemctl enable --now acme-web\n").decode()


def _roles(region: RegionSeeder) -> dict[str, str]:
    """The ECS task and execution roles and the EKS cluster and node roles, by name: ARN."""
    iam = region.seeder.client("iam", "us-east-1")
    services = {"orders-api-task": "ecs-tasks", "ecs-task-execution": "ecs-tasks", "eks-cluster": "eks",
                "eks-node": "ec2"}
    arns = {}
    for role, service in services.items():
        made = iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust_policy({"Service": f"{service}.amazonaws.com"}),
                               Tags=[{"Key": "env", "Value": "prod"}])
        region.seeder.add("iam:role", role, "global")
        arns[role] = made["Role"]["Arn"]
    return arns


def seed_fleets(region: RegionSeeder) -> None:
    """The Auto Scaling group, the ECS service and the EKS cluster of the home region."""
    roles = _roles(region)
    _seed_web_group(region)
    _seed_orders_service(region, roles)
    _seed_platform_cluster(region, roles)


def _seed_web_group(region: RegionSeeder) -> None:
    """``acme-web-lt`` (app-role's profile, app-sg, user data) and ``acme-web-asg`` launching
    two instances from it across the first two app subnets."""
    app_sg = region.groups["app-sg"]
    template = region.ec2.create_launch_template(
        LaunchTemplateName="acme-web-lt", TagSpecifications=tag_spec("launch-template", "acme-web-lt", **region.tags),
        LaunchTemplateData={"ImageId": "ami-0c0ffee0c0ffee000", "InstanceType": "t3.small", "UserData": WEB_USER_DATA,
                            "IamInstanceProfile": {"Name": "app-role"}, "SecurityGroupIds": [app_sg]},
    )["LaunchTemplate"]["LaunchTemplateId"]
    region.add("ec2:launch-template", template)
    region.seeder.edge("ec2:launch-template", template, "HAS_INSTANCE_PROFILE", "iam:instance-profile", "app-role")
    region.seeder.edge("ec2:launch-template", template, "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", app_sg)
    autoscaling = region.seeder.client("autoscaling", region.name)
    group = region.add("autoscaling:group", "acme-web-asg")
    subnets = region.app[:2]
    autoscaling.create_auto_scaling_group(
        AutoScalingGroupName=group, LaunchTemplate={"LaunchTemplateId": template, "Version": "$Default"},
        MinSize=1, MaxSize=4, DesiredCapacity=2, VPCZoneIdentifier=",".join(subnets),
        Tags=[{"Key": k, "Value": v, "PropagateAtLaunch": True} for k, v in {"Name": "acme-web", **region.tags}.items()])
    region.seeder.edge("autoscaling:group", group, "HAS_LAUNCH_TEMPLATE", "ec2:launch-template", template)
    for subnet in subnets:
        region.seeder.edge("autoscaling:group", group, "IN_SUBNET", "ec2:subnet", subnet)
    [described] = autoscaling.describe_auto_scaling_groups(AutoScalingGroupNames=[group])["AutoScalingGroups"]
    for instance in described["Instances"]:
        region.add("ec2:instance", instance["InstanceId"])
        region.seeder.edge("ec2:instance", instance["InstanceId"], "MEMBER_AUTO_SCALE_GROUP", "autoscaling:group", group)


def _seed_orders_service(region: RegionSeeder, roles: dict[str, str]) -> None:
    """``acme-orders``: the ``orders-api`` Fargate service (awsvpc in the app subnets, app-sg),
    two tasks desired; its task definition names its environment, and its value is dropped."""
    ecs = region.seeder.client("ecs", region.name)
    cluster = ecs.create_cluster(clusterName="acme-orders", tags=[{"key": "team", "value": "orders"}])
    region.add("ecs:cluster", "acme-orders")
    definition = ecs.register_task_definition(
        family="orders-api", networkMode="awsvpc", requiresCompatibilities=["FARGATE"], cpu="512", memory="1024",
        taskRoleArn=roles["orders-api-task"], executionRoleArn=roles["ecs-task-execution"],
        containerDefinitions=[{"name": "api", "image": "public.ecr.aws/nginx/nginx:1.27", "essential": True,
                               "portMappings": [{"containerPort": 8080, "protocol": "tcp"}],
                               "environment": [{"name": "ORDERS_DB_HOST", "value": "orders-db.internal"}]}],
        tags=[{"key": "team", "value": "orders"}])["taskDefinition"]
    family = f"{definition['family']}:{definition['revision']}"
    region.add("ecs:task-definition", family)
    region.seeder.edge("ecs:task-definition", family, "HAS_ROLE", "iam:role", "orders-api-task")
    region.seeder.edge("ecs:task-definition", family, "HAS_EXECUTION_ROLE", "iam:role", "ecs-task-execution")
    app_sg = region.groups["app-sg"]
    ecs.create_service(cluster=cluster["cluster"]["clusterArn"], serviceName="orders-api",
                       taskDefinition=definition["taskDefinitionArn"], desiredCount=2, launchType="FARGATE",
                       networkConfiguration={"awsvpcConfiguration": {"subnets": region.app, "securityGroups": [app_sg],
                                                                     "assignPublicIp": "DISABLED"}},
                       tags=[{"key": "team", "value": "orders"}])
    region.add("ecs:service", "orders-api")
    region.seeder.edge("ecs:service", "orders-api", "ATTACHED_TO", "ecs:cluster", "acme-orders")
    region.seeder.edge("ecs:service", "orders-api", "HAS_TASK_DEFINITION", "ecs:task-definition", family)
    region.seeder.edge("ecs:service", "orders-api", "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", app_sg)
    for subnet in region.app:
        region.seeder.edge("ecs:service", "orders-api", "IN_SUBNET", "ec2:subnet", subnet)


def _seed_platform_cluster(region: RegionSeeder, roles: dict[str, str]) -> None:
    """``acme-platform``: public and private endpoint, the public one open to 0.0.0.0/0 (EKS's
    default), in the app subnets; one managed node group of two m5.large."""
    eks = region.seeder.client("eks", region.name)
    app_sg = region.groups["app-sg"]
    eks.create_cluster(name="acme-platform", version="1.31", roleArn=roles["eks-cluster"], tags={"team": "platform"},
                       resourcesVpcConfig={"subnetIds": region.app, "securityGroupIds": [app_sg],
                                           "endpointPublicAccess": True, "endpointPrivateAccess": True,
                                           "publicAccessCidrs": ["0.0.0.0/0"]})
    region.add("eks:cluster", "acme-platform")
    region.seeder.edge("eks:cluster", "acme-platform", "HAS_ROLE", "iam:role", "eks-cluster")
    region.seeder.edge("eks:cluster", "acme-platform", "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", app_sg)
    eks.create_nodegroup(clusterName="acme-platform", nodegroupName="general", subnets=region.app,
                         nodeRole=roles["eks-node"], instanceTypes=["m5.large"],
                         scalingConfig={"minSize": 2, "maxSize": 4, "desiredSize": 2},
                         tags={"Name": "acme-platform-general", **region.tags})
    region.add("eks:nodegroup", "general")
    region.seeder.edge("eks:nodegroup", "general", "ATTACHED_TO", "eks:cluster", "acme-platform")
    region.seeder.edge("eks:nodegroup", "general", "HAS_ROLE", "iam:role", "eks-node")
    for subnet in region.app:
        region.seeder.edge("eks:nodegroup", "general", "IN_SUBNET", "ec2:subnet", subnet)
        region.seeder.edge("eks:cluster", "acme-platform", "IN_SUBNET", "ec2:subnet", subnet)
