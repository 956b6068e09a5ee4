"""What runs in each region of the demo: a bastion and two app servers (with their ENIs and
root volumes), data and unattached EBS volumes and their snapshots, the internet-facing ALB in
front of the app servers, and the orders worker Lambda in the app subnets."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from .region import RegionSeeder
from .shapes import name_tags

AMI = "ami-0c0ffee0c0ffee000"  # moto launches any well-formed AMI id (default AMIs are not loaded)


def seed_instances(region: RegionSeeder) -> None:
    """Instances (bastion + two app servers), their ENIs and root volumes, EBS, snapshots."""
    bastion = _instance(region, f"prod-{region.short}-bastion", region.public[0], region.bastion_ip, "bastion-sg",
                        None, "t3.micro")
    for j, zone in enumerate(region.zones[:2]):
        # At home app-a runs as the admin role: the target of deploy-bot's PassRole path.
        profile = "admin" if region.home and j == 0 else "app-role"
        region.app_instances.append(_instance(region, f"prod-{region.short}-app-{zone[-1]}", region.app[j],
                                              f"{region.net}.{10 + j}.10", "app-sg", profile, "m5.large"))
    described = region.ec2.describe_instances(InstanceIds=[bastion, *region.app_instances])
    for found in (i for reservation in described["Reservations"] for i in reservation["Instances"]):
        for eni in found["NetworkInterfaces"]:
            region.add("ec2:network-interface", eni["NetworkInterfaceId"])
            region.seeder.edge("ec2:network-interface", eni["NetworkInterfaceId"], "ATTACHED_TO", "ec2:instance",
                               found["InstanceId"])
        for device in found.get("BlockDeviceMappings", ()):  # the root volume comes with the instance
            region.add("ec2:volume", device["Ebs"]["VolumeId"])
            region.seeder.edge("ec2:volume", device["Ebs"]["VolumeId"], "ATTACHED_TO", "ec2:instance",
                               found["InstanceId"])

    app_a, app_b = region.app_instances
    data = _volume(region, f"prod-{region.short}-app-a-data", region.zones[0], "gp3", 100, app_a, Encrypted=True)
    _volume(region, f"prod-{region.short}-app-b-journal", region.zones[1], "io2", 200, app_b, Iops=4000,
            Encrypted=True)
    legacy = _volume(region, f"prod-{region.short}-legacy", region.zones[0], "gp2", 50)  # unattached
    _volume(region, f"prod-{region.short}-old-scratch", region.zones[1], "gp3", 20)  # unattached
    for source, description in ((data, "nightly app-a data"), (legacy, "before decommissioning legacy")):
        snapshot = region.ec2.create_snapshot(VolumeId=source, Description=description,
                                              TagSpecifications=region.spec("snapshot", description))
        region.add("ec2:snapshot", snapshot["SnapshotId"])
        region.seeder.edge("ec2:snapshot", snapshot["SnapshotId"], "SNAPSHOT_OF", "ec2:volume", source)


def _instance(region: RegionSeeder, name: str, subnet: str, ip: str, group: str, profile: str | None,
              size: str) -> str:
    extra = {"IamInstanceProfile": {"Name": profile}} if profile else {}
    launched = region.ec2.run_instances(
        ImageId=AMI, MinCount=1, MaxCount=1, InstanceType=size, SubnetId=subnet, PrivateIpAddress=ip,
        SecurityGroupIds=[region.groups[group]],
        TagSpecifications=[*region.spec("instance", name), *region.spec("volume", f"{name}-root")], **extra)
    instance = region.add("ec2:instance", launched["Instances"][0]["InstanceId"])
    region.seeder.edge("ec2:instance", instance, "IN_SUBNET", "ec2:subnet", subnet)
    region.seeder.edge("ec2:instance", instance, "MEMBER_OF_SECURITY_GROUP", "ec2:security-group",
                       region.groups[group])
    if profile:
        region.seeder.edge("ec2:instance", instance, "HAS_INSTANCE_PROFILE", "iam:instance-profile", profile)
    return instance


def _volume(region: RegionSeeder, name: str, zone: str, kind: str, size: int, attach_to: str | None = None,
            **extra: Any) -> str:
    created = region.ec2.create_volume(AvailabilityZone=zone, VolumeType=kind, Size=size,
                                       TagSpecifications=region.spec("volume", name), **extra)
    volume = region.add("ec2:volume", created["VolumeId"])
    if attach_to:
        region.ec2.attach_volume(VolumeId=volume, InstanceId=attach_to, Device="/dev/sdf")
        region.seeder.edge("ec2:volume", volume, "ATTACHED_TO", "ec2:instance", attach_to)
    return volume


def seed_load_balancer(region: RegionSeeder) -> None:
    """The internet-facing ALB: an HTTP listener forwarding to the app servers' target group."""
    elbv2 = region.seeder.client("elbv2", region.name)
    name = region.add("elbv2:load-balancer", f"prod-{region.short}-alb")
    alb_sg = region.groups["alb-sg"]
    created = elbv2.create_load_balancer(Name=name, Subnets=region.public, SecurityGroups=[alb_sg],
                                         Scheme="internet-facing", Type="application",
                                         Tags=name_tags(name, **region.tags))
    region.seeder.edge("elbv2:load-balancer", name, "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", alb_sg)
    target_group = region.add("elbv2:target-group", f"prod-{region.short}-app-tg")
    created_group = elbv2.create_target_group(Name=target_group, Protocol="HTTP", Port=80, VpcId=region.vpc,
                                              TargetType="instance", HealthCheckPath="/health")
    arn = created_group["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": i, "Port": 80} for i in region.app_instances])
    for instance in region.app_instances:
        region.seeder.edge("elbv2:target-group", target_group, "TARGETS", "ec2:instance", instance)
    listener = elbv2.create_listener(LoadBalancerArn=created["LoadBalancers"][0]["LoadBalancerArn"],
                                     Protocol="HTTP", Port=80,
                                     DefaultActions=[{"Type": "forward", "TargetGroupArn": arn}])
    listener_arn = region.add("elbv2:listener", listener["Listeners"][0]["ListenerArn"])
    region.seeder.edge("elbv2:listener", listener_arn, "ATTACHED_TO", "elbv2:load-balancer", name)
    region.seeder.edge("elbv2:listener", listener_arn, "FORWARDS_TO", "elbv2:target-group", target_group)


def seed_function(region: RegionSeeder) -> None:
    """The orders worker: a Lambda in the app subnets, running as lambda-exec."""
    function = region.add("lambda:function", f"prod-{region.short}-orders-worker")
    region.seeder.client("lambda", region.name).create_function(
        FunctionName=function, Runtime="python3.12", Handler="handler.handler", Code={"ZipFile": lambda_zip()},
        Role=f"arn:aws:iam::{region.seeder.account}:role/lambda-exec", Timeout=30, MemorySize=256,
        VpcConfig={"SubnetIds": region.app, "SecurityGroupIds": [region.groups["app-sg"]]},
        Tags={"env": "prod", "team": "orders"})
    for subnet in region.app:
        region.seeder.edge("lambda:function", function, "IN_SUBNET", "ec2:subnet", subnet)
    region.seeder.edge("lambda:function", function, "HAS_EXECUTION_ROLE", "iam:role", "lambda-exec")


def lambda_zip() -> bytes:
    """A Lambda deployment package holding one trivial handler."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {'processed': len(event)}\n")
    return buffer.getvalue()
