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

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import boto3

from awsx.core.graph import Estate
from awsx.core.model import Resource
from awsx.inventory.demo import AMI, DEMO_CREDENTIALS
from awsx.inventory.demo.seeder import Seeder
from awsx.inventory.demo.shapes import tag_spec, tcp, trust_policy
from awsx.inventory.readonly import DEFAULT_ORG_ROLE

REGION = "us-east-1"
INSTANCES_PER_MEMBER = 2
# The fields that say when a crawl ran, and so differ between any two crawls of the same accounts;
# ``comparable`` ignores these and nothing else. The role every crawl assumes in a member has its
# RoleLastUsed set by that crawl's own AssumeRole.
CRAWL_TIME_FIELDS = ("info.crawled_at", "info.source", "info.extra.parts", "info.extra.organization.shard",
                     "resource provenance.crawled_at", f"{DEFAULT_ORG_ROLE} data.RoleLastUsed")


@dataclass(frozen=True, slots=True)
class SimulatedOrganization:
    management: str
    members: tuple[str, ...]
    peering: str  # the VPC peering connection between the two linked members


def _client(endpoint: str, service: str):
    return boto3.client(service, region_name=REGION, endpoint_url=endpoint, **DEMO_CREDENTIALS)


def member_credentials(endpoint: str, account: str) -> dict[str, str]:
    """The member's credentials, through the role the management account assumes in it."""
    granted = _client(endpoint, "sts").assume_role(RoleArn=f"arn:aws:iam::{account}:role/{DEFAULT_ORG_ROLE}",
                                                   RoleSessionName="awsx-org-seed")["Credentials"]
    return {"aws_access_key_id": granted["AccessKeyId"], "aws_secret_access_key": granted["SecretAccessKey"],
            "aws_session_token": granted["SessionToken"]}


def member_seeder(endpoint: str, account: str) -> Seeder:
    return Seeder(endpoint, member_credentials(endpoint, account), (REGION,))


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


def comparable(estate: Estate) -> dict[str, Any]:
    """What must be equal between a one-machine crawl and the merge of its shards: every member
    of the snapshot (accounts, regions, organization, markers, resources, edges, dangling
    references), as sorted JSON lines, without the ``CRAWL_TIME_FIELDS``."""
    organization = dict(estate.info.extra.get("organization") or {})
    organization.pop("shard", None)
    return {"accounts": list(estate.info.accounts), "regions": list(estate.info.regions),
            "organization": organization,
            "markers": _lines(m.to_json() for m in estate.markers),
            "resources": _lines(_without_crawl_time(r) for r in estate.resources()),
            "edges": _lines(e.to_json() for e in estate.edges()),
            "dangling": _lines(d.to_json() for d in estate.dangling)}


def _without_crawl_time(resource: Resource) -> dict[str, Any]:
    record = resource.to_json()
    record.get("provenance", {}).pop("crawled_at", None)
    if resource.kind == "iam:role" and resource.id == DEFAULT_ORG_ROLE:
        record["data"] = {**record["data"], "RoleLastUsed": None}
    return record


def _lines(records) -> list[str]:
    return sorted(json.dumps(record, sort_keys=True, default=str) for record in records)
