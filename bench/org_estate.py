"""A simulated AWS Organization in moto (issue 18, part 5): an organization of N member accounts
made through Organizations, each entered by ``sts:AssumeRole`` of the role Organizations creates
and seeded with a small realistic estate (a VPC with two subnets, a security group, instances,
a role, a bucket), and two members linked across accounts: a VPC peering connection from one
to the other, and a role in the second trusting the first. bench/org.py crawls it at
scale; tests/inventory/test_org_shard.py crawls a small one whole and in shards.

moto keeps its Organization in process-wide state: make it in a moto server of its own (a
subprocess's embedded server, or bench/moto_process.py).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import boto3

from awsx.inventory.demo import AMI, DEMO_CREDENTIALS
from awsx.inventory.demo.seeder import Seeder
from awsx.inventory.demo.shapes import tag_spec, tcp, trust_policy
from awsx.inventory.readonly import DEFAULT_ORG_ROLE

REGION = "us-east-1"
INSTANCES_PER_MEMBER = 2


@dataclass(frozen=True, slots=True)
class SimulatedOrganization:
    management: str
    members: tuple[str, ...]
    peering: str  # the VPC peering connection between the two linked members


def _client(endpoint: str, service: str):
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint, **DEMO_CREDENTIALS)


def member_seeder(endpoint: str, account: str) -> Seeder:
    """The member's clients, through the role the management account assumes in it."""
    granted = _client(endpoint, "sts").assume_role(RoleArn=f"arn:aws:iam::{account}:role/{DEFAULT_ORG_ROLE}",
                                                   RoleSessionName="awsx-org-seed")["Credentials"]
    return Seeder(endpoint, {"aws_access_key_id": granted["AccessKeyId"],
                             "aws_secret_access_key": granted["SecretAccessKey"],
                             "aws_session_token": granted["SessionToken"]}, (REGION,))


@dataclass(frozen=True, slots=True)
class SeededMember:
    seeder: Seeder
    vpc: str
    role: str  # the application role's ARN


def seed_member(seeder: Seeder, number: int) -> SeededMember:
    """One member's estate. Member ``number`` gets 10.<number % 256>.0.0/16."""
    ec2, team = seeder.client("ec2", REGION), {"team": f"team-{number}"}
    prefix = f"10.{number % 256}"
    vpc = ec2.create_vpc(CidrBlock=f"{prefix}.0.0/16",
                         TagSpecifications=tag_spec("vpc", f"member-{number}-vpc", **team))["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"{prefix}.{zone}.0/24", AvailabilityZone=f"{REGION}{letter}",
                                 TagSpecifications=tag_spec("subnet", f"member-{number}-{letter}", **team)
                                 )["Subnet"]["SubnetId"] for zone, letter in enumerate("ab")]
    group = ec2.create_security_group(GroupName=f"member-{number}-web", Description="HTTPS inside the VPC",
                                      VpcId=vpc)["GroupId"]
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[tcp(443, IpRanges=[{"CidrIp": f"{prefix}.0.0/16"}])])
    ec2.run_instances(ImageId=AMI, MinCount=INSTANCES_PER_MEMBER, MaxCount=INSTANCES_PER_MEMBER, InstanceType="t3.micro",
                      SubnetId=subnets[0], SecurityGroupIds=[group],
                      TagSpecifications=tag_spec("instance", f"member-{number}-web", **team))
    role = seeder.client("iam", REGION).create_role(
        RoleName=f"member-{number}-app", AssumeRolePolicyDocument=trust_policy({"Service": "ec2.amazonaws.com"}))
    seeder.client("s3", REGION).create_bucket(Bucket=f"awsx-org-member-{seeder.account}")
    return SeededMember(seeder, vpc, role["Role"]["Arn"])


def link_members(first: SeededMember, second: SeededMember) -> str:
    """What crosses the two accounts: a peering from ``first`` (accepted by ``second``) and a
    role in ``second`` that ``first``'s application role may assume. The peering's id."""
    peering = first.seeder.client("ec2", REGION).create_vpc_peering_connection(
        VpcId=first.vpc, PeerVpcId=second.vpc, PeerOwnerId=second.seeder.account, PeerRegion=REGION,
        TagSpecifications=tag_spec("vpc-peering-connection", "first-to-second"),
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    second.seeder.client("ec2", REGION).accept_vpc_peering_connection(VpcPeeringConnectionId=peering)
    second.seeder.client("iam", REGION).create_role(
        RoleName="cross-account-auditor", AssumeRolePolicyDocument=trust_policy({"AWS": first.role}))
    return peering


def create_organization(endpoint: str, members: int) -> list[str]:
    """An organization (all features) with ``members`` accounts made through it; their ids."""
    organizations = _client(endpoint, "organizations")
    organizations.create_organization(FeatureSet="ALL")
    return [organizations.create_account(Email=f"member-{n}@example.com", AccountName=f"member-{n}")
            ["CreateAccountStatus"]["AccountId"] for n in range(members)]


def seed_organization(endpoint: str, accounts: list[str], linked: tuple[int, int] = (0, 1), *,
                      workers: int = 8) -> SimulatedOrganization:
    """Every member of ``accounts`` seeded (``workers`` at a time), and members ``linked`` linked."""

    with ThreadPoolExecutor(max_workers=workers) as pool:
        seeded = list(pool.map(lambda number: seed_member(member_seeder(endpoint, accounts[number]), number),
                               range(len(accounts))))
    management = _client(endpoint, "sts").get_caller_identity()["Account"]
    first, second = linked
    return SimulatedOrganization(management, tuple(accounts), link_members(seeded[first], seeded[second]))
