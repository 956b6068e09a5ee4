"""The benchmark estate: thousands of resources over four regions, seeded into moto fast.

Per region: instances launched a few per RunInstances call (each call is one reservation, so
DescribeInstances paginates deeply; moto adds an ENI and a root volume per instance) and
target groups (each costs awsx a DescribeTargetHealth call and a twentieth of a DescribeTags
call: 212 Elastic Load Balancing calls a region, past the bucket's burst of 100, so the crawl
is bound by the bucket's refill as large real estates are). Regions are seeded in parallel
threads.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import boto3

from awsx.inventory.demo import AMI, DEMO_CREDENTIALS

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1", "us-west-2")


@dataclass(frozen=True, slots=True)
class EstateSize:
    instances: int = 400  # per region; plus one ENI and one volume each
    per_reservation: int = 5
    target_groups: int = 200  # per region

    @property
    def resources_per_region(self) -> int:
        return 3 * self.instances + self.target_groups


def seed_region(endpoint: str, region: str, size: EstateSize) -> None:
    session = boto3.session.Session(**DEMO_CREDENTIALS)
    ec2 = session.client("ec2", region_name=region, endpoint_url=endpoint)
    elbv2 = session.client("elbv2", region_name=region, endpoint_url=endpoint)
    for first in range(0, size.instances, size.per_reservation):
        count = min(size.per_reservation, size.instances - first)
        ec2.run_instances(ImageId=AMI, MinCount=count, MaxCount=count, InstanceType="t3.micro",
                          TagSpecifications=[{"ResourceType": "instance",
                                              "Tags": [{"Key": "Name", "Value": f"bench-{region}-{first}"}]}])
    vpc = ec2.describe_vpcs(Filters=[{"Name": "is-default", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    for number in range(size.target_groups):
        elbv2.create_target_group(Name=f"bench-tg-{number}", Protocol="HTTP", Port=80 + number, VpcId=vpc)


def seed_bench_estate(endpoint: str, size: EstateSize, regions: tuple[str, ...] = REGIONS) -> int:
    """Seed every region in parallel; the number of resources made."""
    with ThreadPoolExecutor(max_workers=len(regions)) as pool:
        list(pool.map(lambda region: seed_region(endpoint, region, size), regions))
    return size.resources_per_region * len(regions)
