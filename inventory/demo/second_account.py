"""A second account beside the demo's: a small staging estate reached by assuming a role,
for the tests and views that span accounts."""

from __future__ import annotations

import boto3

from .seeder import SeededEstate, Seeder
from .server import DEMO_CREDENTIALS
from .shapes import tag_spec, tcp, trust_policy


def seed_second_account(endpoint: str, account: str = "210987654321", region: str = "us-east-1") -> SeededEstate:
    """A small staging estate in another account (VPC, subnet, security group, an ``auditor``
    role the demo account may assume). moto serves the account named in an assumed role's ARN
    to whoever holds the credentials ``AssumeRole`` returned."""
    sts = boto3.client("sts", region_name=region, endpoint_url=endpoint, **DEMO_CREDENTIALS)
    home_account = sts.get_caller_identity()["Account"]
    assumed = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                              RoleSessionName="awsx-demo-seed")["Credentials"]
    seeder = Seeder(endpoint, {"aws_access_key_id": assumed["AccessKeyId"],
                               "aws_secret_access_key": assumed["SecretAccessKey"],
                               "aws_session_token": assumed["SessionToken"]}, (region,))
    ec2, tags = seeder.client("ec2", region), {"env": "staging", "team": "platform"}
    created = ec2.create_vpc(CidrBlock="10.50.0.0/16", TagSpecifications=tag_spec("vpc", "staging-vpc", **tags))
    vpc = seeder.add("ec2:vpc", created["Vpc"]["VpcId"], region)
    created = ec2.create_subnet(VpcId=vpc, CidrBlock="10.50.0.0/24", AvailabilityZone=f"{region}a",
                                TagSpecifications=tag_spec("subnet", "staging-app-a", **tags))
    subnet = seeder.add("ec2:subnet", created["Subnet"]["SubnetId"], region)
    seeder.edge("ec2:subnet", subnet, "IN_VPC", "ec2:vpc", vpc)
    created = ec2.create_security_group(GroupName="staging-web-sg", Description="HTTPS from anywhere", VpcId=vpc,
                                        TagSpecifications=tag_spec("security-group", "staging-web-sg", **tags))
    group = seeder.add("ec2:security-group", created["GroupId"], region)
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[tcp(443, IpRanges=[{"CidrIp": "0.0.0.0/0"}])])
    seeder.edge("ec2:security-group", group, "IN_VPC", "ec2:vpc", vpc)
    seeder.client("iam", region).create_role(
        RoleName="auditor", AssumeRolePolicyDocument=trust_policy({"AWS": f"arn:aws:iam::{home_account}:root"}))
    seeder.add("iam:role", "auditor", "global")
    return seeder.estate
