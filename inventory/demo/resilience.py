"""The demo's planted single points of failure (issue 17): a batch VPC in the home region whose
one NAT gateway, in the first zone, serves private subnets in the two others (so failing the
NAT's zone cuts their egress, and every byte crosses zones), two burstable batch workers that
no alarm watches, and a gp2 scratch volume (on one worker) encrypted with a key pending deletion. The prod VPC
already holds a Single-AZ database, gp2 root volumes and unbacked volumes."""

from __future__ import annotations

from .seeder import Seeder
from .shapes import tag_spec

BATCH_CIDR = "10.60.0.0/16"
BATCH_NAT_IP = "198.51.100.60"  # beside the prod NATs' 198.51.100.10-39


def seed_batch(seeder: Seeder, region: str) -> None:
    ec2 = seeder.client("ec2", region)
    tags = {"env": "prod", "team": "data"}
    zones = [f"{region}{letter}" for letter in "abc"]
    vpc = seeder.add("ec2:vpc", ec2.create_vpc(CidrBlock=BATCH_CIDR,
                                               TagSpecifications=tag_spec("vpc", "acme-batch-vpc", **tags))["Vpc"]["VpcId"],
                     region)

    def subnet(name: str, cidr: str, zone: str) -> str:
        made = ec2.create_subnet(VpcId=vpc, CidrBlock=cidr, AvailabilityZone=zone,
                                 TagSpecifications=tag_spec("subnet", name, **tags))
        found = seeder.add("ec2:subnet", made["Subnet"]["SubnetId"], region)
        seeder.edge("ec2:subnet", found, "IN_VPC", "ec2:vpc", vpc)
        return found

    def route_table(name: str, subnets: list[str], target_kind: str, target: str, **route: str) -> None:
        table = seeder.add("ec2:route-table", ec2.create_route_table(
            VpcId=vpc, TagSpecifications=tag_spec("route-table", name, **tags))["RouteTable"]["RouteTableId"], region)
        for associated in subnets:
            ec2.associate_route_table(RouteTableId=table, SubnetId=associated)
            seeder.edge("ec2:route-table", table, "ASSOCIATED_WITH", "ec2:subnet", associated)
        ec2.create_route(RouteTableId=table, DestinationCidrBlock="0.0.0.0/0", **route)
        seeder.edge("ec2:route-table", table, "ROUTES_TO", target_kind, target)

    public = subnet("batch-public-a", "10.60.0.0/24", zones[0])
    private = [subnet(f"batch-private-{zone[-1]}", f"10.60.{10 + j}.0/24", zone) for j, zone in enumerate(zones[1:], 1)]
    igw = seeder.add("ec2:internet-gateway", ec2.create_internet_gateway(
        TagSpecifications=tag_spec("internet-gateway", "acme-batch-igw", **tags))["InternetGateway"]["InternetGatewayId"],
        region)
    ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=vpc)
    seeder.edge("ec2:internet-gateway", igw, "ATTACHED_TO", "ec2:vpc", vpc)
    route_table("acme-batch-public-rt", [public], "ec2:internet-gateway", igw, GatewayId=igw)
    allocation = seeder.add("ec2:elastic-ip", ec2.allocate_address(
        Domain="vpc", Address=BATCH_NAT_IP, TagSpecifications=tag_spec("elastic-ip", "batch-nat-eip", **tags))["AllocationId"],
        region)
    nat = seeder.add("ec2:nat-gateway", ec2.create_nat_gateway(
        SubnetId=public, AllocationId=allocation,
        TagSpecifications=tag_spec("natgateway", "batch-nat-a", **tags))["NatGateway"]["NatGatewayId"], region)
    seeder.edge("ec2:nat-gateway", nat, "IN_SUBNET", "ec2:subnet", public)
    route_table("acme-batch-private-rt", private, "ec2:nat-gateway", nat, NatGatewayId=nat)

    group = seeder.add("ec2:security-group", ec2.create_security_group(
        GroupName="batch-worker-sg", Description="batch workers: egress only", VpcId=vpc,
        TagSpecifications=tag_spec("security-group", "batch-worker-sg", **tags))["GroupId"], region)
    seeder.edge("ec2:security-group", group, "IN_VPC", "ec2:vpc", vpc)
    workers = []
    for where, zone in zip(private, zones[1:]):
        launched = ec2.run_instances(ImageId="ami-0c0ffee0c0ffee000", MinCount=1, MaxCount=1, InstanceType="t3.small",
                                     SubnetId=where, SecurityGroupIds=[group],
                                     TagSpecifications=tag_spec("instance", f"batch-worker-{zone[-1]}", **tags))
        instance = ec2.describe_instances(InstanceIds=[launched["Instances"][0]["InstanceId"]])[
            "Reservations"][0]["Instances"][0]  # with its ENI and root volume
        workers.append(seeder.add("ec2:instance", instance["InstanceId"], region))
        seeder.edge("ec2:instance", instance["InstanceId"], "IN_SUBNET", "ec2:subnet", where)
        seeder.edge("ec2:instance", instance["InstanceId"], "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", group)
        for eni in instance["NetworkInterfaces"]:
            seeder.add("ec2:network-interface", eni["NetworkInterfaceId"], region)
            seeder.edge("ec2:network-interface", eni["NetworkInterfaceId"], "ATTACHED_TO", "ec2:instance",
                        instance["InstanceId"])
        for device in instance.get("BlockDeviceMappings", ()):
            seeder.add("ec2:volume", device["Ebs"]["VolumeId"], region)

    kms = seeder.client("kms", region)
    key = kms.create_key(Description="acme batch scratch (retiring)")["KeyMetadata"]["KeyId"]
    seeder.add("kms:key", key, region)
    scratch = ec2.create_volume(AvailabilityZone=zones[1], VolumeType="gp2", Size=100, Encrypted=True, KmsKeyId=key,
                                TagSpecifications=tag_spec("volume", "batch-scratch", **tags))["VolumeId"]
    seeder.add("ec2:volume", scratch, region)
    ec2.get_waiter("volume_available").wait(VolumeIds=[scratch])
    ec2.attach_volume(VolumeId=scratch, InstanceId=workers[0], Device="/dev/sdf")
    seeder.edge("ec2:volume", scratch, "ATTACHED_TO", "ec2:instance", workers[0])
    kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
