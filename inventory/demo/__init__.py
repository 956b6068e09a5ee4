"""The demo estate: an embedded moto server on 127.0.0.1, seeded with an estate shaped like the
AWS reference architecture (three regions of public / app / data tiers, peering, a transit
gateway, S3, IAM with one privilege-escalation path, KMS/SQS/SNS/Lambda resource policies). Seeding is the only place in awsx that
makes mutating AWS calls, and it only ever talks to the embedded endpoint.

Every created resource is recorded as a ``SeededResource`` (kind + the id awsx uses) and every
relation awsx should derive from it as a ``SeededEdge``, so tests can compare a crawl with what
was really made. Names and CIDRs are deterministic; moto's ids are random.

Left out because moto 5.2.5 does not support it (nothing is faked in its place):
- user permissions boundaries: ``CreateUser(PermissionsBoundary=)`` is ignored and
  ``PutUserPermissionsBoundary`` is not implemented, so carol has none (roles carry them);
- AWS managed policies (``arn:aws:iam::aws:policy/AdministratorAccess``) are not loaded: the
  admin group and role use the customer managed ``admin-full-access`` instead;
- a Lambda's ``VpcConfig.VpcId`` reads ``vpc-123abc``, so no lambda IN_VPC edge is expected;
- static transit gateway routes list no attachment, so no TGW route-table ROUTES_TO edge is
  expected;
- tags for the instance's network interface in ``RunInstances(TagSpecifications=)`` and on
  ``CreateTransitGatewayVpcAttachment`` are dropped: instance ENIs stay untagged, attachments
  are tagged with ``CreateTags`` afterwards.
moto also answers differently from AWS in places the crawler must cope with: IAM policies in
``GetAccountAuthorizationDetails`` have no ``PolicyName`` (the ARN ends with it); NAT gateway
ENIs sit outside the VPC CIDR; see reachability.md section 18 for the rest.
"""

from __future__ import annotations

import io
import ipaddress
import json
import logging
import os
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3

DEMO_ACCOUNT = "123456789012"
DEMO_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-1")
DEMO_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}

EXTERNAL_AUDIT_ACCOUNT = "999988887777"  # the cross-account trust points here; it is not seeded
ADMIN_HOME_IP = "203.0.113.10"  # documentation range: the /32 allowed to SSH into the bastion
OFFICE_CIDRS = (("192.0.2.0/26", "hq"), ("192.0.2.64/26", "branch"))
SHARED_SERVICES_CIDR = "10.40.0.0/16"
ON_PREM_CIDR = "192.168.0.0/16"  # a static transit gateway route towards the shared-services VPC
AMI = "ami-0c0ffee0c0ffee000"  # moto launches any well-formed AMI id (default AMIs are not loaded)
SHORT_REGION = {"us-east-1": "use1", "eu-west-1": "euw1", "ap-southeast-1": "apse1"}


@dataclass(frozen=True)
class SeededResource:
    kind: str
    id: str
    region: str  # "global" for IAM; a bucket's own region for S3
    account: str


@dataclass(frozen=True)
class SeededEdge:
    source_kind: str
    source_id: str
    relation: str
    target_kind: str
    target_id: str


@dataclass
class SeededEstate:
    account: str
    regions: tuple[str, ...]
    resources: list[SeededResource] = field(default_factory=list)
    edges: list[SeededEdge] = field(default_factory=list)

    def ids(self, kind: str) -> set[str]:
        return {r.id for r in self.resources if r.kind == kind}

    def counts(self) -> dict[str, int]:
        """Resources per kind, sorted by kind."""
        counts: dict[str, int] = {}
        for resource in self.resources:
            counts[resource.kind] = counts.get(resource.kind, 0) + 1
        return dict(sorted(counts.items()))


class MotoServer:
    """Embedded moto server on 127.0.0.1 at a free port. moto keeps its state per process, so
    every MotoServer in one process serves the same estate.

    Before the first request it turns off moto's default AMIs (unless the environment already
    decides): they bring ~1300 snapshots (in us-east-1) that ``DescribeSnapshots(OwnerIds=self)``
    reports as the account's own. Request logging is silenced (it would write over the TUI)
    unless the ``werkzeug`` logger is already configured."""

    def __init__(self) -> None:
        self._server: Any = None
        self.endpoint = ""

    def start(self) -> None:
        os.environ.setdefault("MOTO_EC2_LOAD_DEFAULT_AMIS", "false")
        werkzeug_log = logging.getLogger("werkzeug")
        if werkzeug_log.level == logging.NOTSET:
            werkzeug_log.setLevel(logging.CRITICAL)
        from moto.server import ThreadedMotoServer

        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None

    def __enter__(self) -> MotoServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _tags(name: str, **extra: str) -> list[dict[str, str]]:
    return [{"Key": "Name", "Value": name}] + [{"Key": k, "Value": v} for k, v in extra.items()]


def _spec(resource_type: str, name: str, **extra: str) -> list[dict[str, Any]]:
    return [{"ResourceType": resource_type, "Tags": _tags(name, **extra)}]


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(action: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def _trust(principal: dict[str, str], **condition: Any) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if condition:
        statement["Condition"] = condition
    return _doc(statement)


def _tcp(port: int, to_port: int | None = None, **source: Any) -> dict[str, Any]:
    return {"IpProtocol": "tcp", "FromPort": port, "ToPort": to_port or port, **source}


class _Seeder:
    """Clients for one account at the endpoint, and the record of what was made."""

    def __init__(self, endpoint: str, credentials: dict[str, str], regions: tuple[str, ...]) -> None:
        self.endpoint = endpoint
        self.session = boto3.session.Session(**credentials)
        self._clients: dict[tuple[str, str], Any] = {}
        self.account = self.client("sts", regions[0] if regions else "us-east-1").get_caller_identity()["Account"]
        self.estate = SeededEstate(account=self.account, regions=tuple(regions))

    def client(self, service: str, region: str) -> Any:
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = self.session.client(service, region_name=region, endpoint_url=self.endpoint)
        return self._clients[key]

    def add(self, kind: str, resource_id: str, region: str) -> str:
        self.estate.resources.append(SeededResource(kind, resource_id, region, self.account))
        return resource_id

    def edge(self, source_kind: str, source_id: str, relation: str, target_kind: str, target_id: str) -> None:
        self.estate.edges.append(SeededEdge(source_kind, source_id, relation, target_kind, target_id))


# ----------------------------------------------------------------------------- IAM (global)

def _policies(account: str) -> dict[str, str]:
    """Customer managed policies (moto loads no AWS managed ones) by name."""
    return {
        "admin-full-access": _doc(_allow("*")),
        "developer-access": _doc(_allow(["ec2:Describe*", "s3:Get*", "s3:List*", "logs:*", "lambda:*",
                                         "rds:Describe*"])),
        "dev-boundary": _doc(_allow(["ec2:*", "s3:*", "lambda:*", "logs:*", "cloudwatch:*"])),
        # The privilege-escalation path: pass the admin role to an instance this principal launches.
        "deploy-ec2-launch": _doc(_allow("iam:PassRole", f"arn:aws:iam::{account}:role/admin"),
                                  _allow(["ec2:RunInstances", "ec2:Describe*", "ec2:CreateTags"])),
        "read-only-audit": _doc(_allow(["ec2:Describe*", "iam:Get*", "iam:List*", "s3:GetBucket*", "s3:List*"])),
        "app-runtime": _doc(_allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::acme-prod-logs/*")),
        "lambda-vpc-execution": _doc(_allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                                             "ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces",
                                             "ec2:DeleteNetworkInterface"])),
    }


_GROUPS = {"admins": ["admin-full-access"], "developers": ["developer-access"]}
_USERS = {  # name: (groups, managed policies, console password, access key, MFA)
    "alice": (["admins"], [], True, False, True),
    "bob": (["developers"], [], False, True, False),
    "carol": (["developers"], [], True, False, False),
    "deploy-bot": ([], ["deploy-ec2-launch"], False, True, False),
}


def _roles(account: str) -> dict[str, tuple[str, list[str], str | None, str | None]]:
    """name: (trust policy, managed policies, permissions boundary, instance profile)."""
    return {
        "admin": (_trust({"Service": "ec2.amazonaws.com"}), ["admin-full-access"], None, "admin"),
        "app-role": (_trust({"Service": "ec2.amazonaws.com"}), ["app-runtime"], None, "app-role"),
        "lambda-exec": (_trust({"Service": "lambda.amazonaws.com"}), ["lambda-vpc-execution"], None, None),
        "auditor-cross-account": (
            _trust({"AWS": f"arn:aws:iam::{EXTERNAL_AUDIT_ACCOUNT}:root"},
                   StringEquals={"sts:ExternalId": "acme-audit-2024"}),
            ["read-only-audit"], None, None,
        ),
        "ops": (_trust({"AWS": f"arn:aws:iam::{account}:user/alice"}), ["developer-access"], None, None),
        "ci-deployer": (_trust({"AWS": f"arn:aws:iam::{account}:user/deploy-bot"}), ["developer-access"],
                        "dev-boundary", None),
    }


def _seed_iam(seeder: _Seeder) -> None:
    iam = seeder.client("iam", "us-east-1")
    policies = _policies(seeder.account)
    arn = {name: f"arn:aws:iam::{seeder.account}:policy/{name}" for name in policies}
    for name, document in policies.items():
        iam.create_policy(PolicyName=name, PolicyDocument=document, Description=f"acme {name}")
        seeder.add("iam:policy", name, "global")
    for group, policies in _GROUPS.items():
        iam.create_group(GroupName=group)
        seeder.add("iam:group", group, "global")
        for policy in policies:
            iam.attach_group_policy(GroupName=group, PolicyArn=arn[policy])
            seeder.edge("iam:group", group, "HAS_POLICY", "iam:policy", policy)
    for user, (groups, policies, console, access_key, mfa) in _USERS.items():
        iam.create_user(UserName=user, Tags=[{"Key": "team", "Value": "ci" if user == "deploy-bot" else "platform"}])
        seeder.add("iam:user", user, "global")
        for group in groups:
            iam.add_user_to_group(GroupName=group, UserName=user)
            seeder.edge("iam:user", user, "MEMBER_OF_GROUP", "iam:group", group)
        for policy in policies:
            iam.attach_user_policy(UserName=user, PolicyArn=arn[policy])
            seeder.edge("iam:user", user, "HAS_POLICY", "iam:policy", policy)
        if console:
            iam.create_login_profile(UserName=user, Password="Demo-only-password-1!", PasswordResetRequired=False)
        if access_key:
            iam.create_access_key(UserName=user)  # the secret is dropped on the floor
        if mfa:
            serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]["SerialNumber"]
            iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                                  AuthenticationCode1="123456", AuthenticationCode2="654321")
    iam.put_user_policy(UserName="bob", PolicyName="bob-scratch-bucket",
                        PolicyDocument=_doc(_allow("s3:*", "arn:aws:s3:::acme-scratch-bob/*")))
    for role, (trust, policies, boundary, profile) in _roles(seeder.account).items():
        extra = {"PermissionsBoundary": arn[boundary]} if boundary else {}
        iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust, Tags=[{"Key": "env", "Value": "prod"}],
                        **extra)
        seeder.add("iam:role", role, "global")
        for policy in policies:
            iam.attach_role_policy(RoleName=role, PolicyArn=arn[policy])
            seeder.edge("iam:role", role, "HAS_POLICY", "iam:policy", policy)
        if boundary:
            seeder.edge("iam:role", role, "HAS_PERMISSIONS_BOUNDARY", "iam:policy", boundary)
        if profile:
            iam.create_instance_profile(InstanceProfileName=profile)
            iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=role)
            seeder.add("iam:instance-profile", profile, "global")
            seeder.edge("iam:instance-profile", profile, "HAS_ROLE", "iam:role", role)
    seeder.edge("iam:role", "ops", "TRUSTS", "iam:user", "alice")
    seeder.edge("iam:role", "ci-deployer", "TRUSTS", "iam:user", "deploy-bot")
    iam.put_role_policy(RoleName="ops", PolicyName="ops-break-glass",
                        PolicyDocument=_doc(_allow(["ec2:StopInstances", "ec2:StartInstances"])))


# ----------------------------------------------------------------------------- S3 (global list)

def _seed_s3(seeder: _Seeder, regions: tuple[str, ...]) -> None:
    def region_or_first(region: str) -> str:
        return region if region in regions else regions[0]

    buckets = {
        "acme-prod-logs": region_or_first("us-east-1"),
        "acme-public-assets": region_or_first("us-east-1"),
        "acme-data-eu": region_or_first("eu-west-1"),
        "acme-backups-apse1": region_or_first("ap-southeast-1"),
    }
    for bucket, region in buckets.items():
        s3 = seeder.client("s3", region)
        location = {} if region == "us-east-1" else {"CreateBucketConfiguration": {"LocationConstraint": region}}
        s3.create_bucket(Bucket=bucket, **location)
        seeder.add("s3:bucket", bucket, region)
    block_all = {k: True for k in ("BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets")}
    for bucket in ("acme-prod-logs", "acme-data-eu", "acme-backups-apse1"):
        seeder.client("s3", buckets[bucket]).put_public_access_block(
            Bucket=bucket, PublicAccessBlockConfiguration=block_all)
    public = {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
              "Resource": "arn:aws:s3:::acme-public-assets/*"}
    seeder.client("s3", buckets["acme-public-assets"]).put_bucket_policy(
        Bucket="acme-public-assets", Policy=_doc(public))
    for bucket, team in (("acme-prod-logs", "platform"), ("acme-data-eu", "data")):
        seeder.client("s3", buckets[bucket]).put_bucket_tagging(
            Bucket=bucket, Tagging={"TagSet": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": team}]})
    # The daily size S3 reports to CloudWatch, which the cost engine prices; acme-public-assets
    # has none (an empty bucket reports nothing), so the demo shows "unknown" too.
    yesterday = datetime.now(timezone.utc) - timedelta(days=1)
    for bucket, storage_type, gib in (("acme-prod-logs", "StandardStorage", 2048),
                                      ("acme-prod-logs", "StandardIAStorage", 512),
                                      ("acme-data-eu", "StandardStorage", 800),
                                      ("acme-backups-apse1", "GlacierStorage", 1536)):
        seeder.client("cloudwatch", buckets[bucket]).put_metric_data(Namespace="AWS/S3", MetricData=[{
            "MetricName": "BucketSizeBytes", "Value": gib * 1024 ** 3, "Unit": "Bytes", "Timestamp": yesterday,
            "Dimensions": [{"Name": "BucketName", "Value": bucket}, {"Name": "StorageType", "Value": storage_type}]}])


# ----------------------------------------------------------------------------- resource policies

def _seed_resource_policies(seeder: _Seeder, home: _RegionSeeder) -> None:
    """One of each resource policy awsx reads besides S3's: a KMS key whose policy delegates to
    IAM and names the app role, an SQS queue anyone may send to (a public-resource fault), an
    SNS topic open to ``{"AWS": "*"}`` but only from this account (not public), and a Lambda
    permission letting that topic invoke the orders worker."""
    account, region = seeder.account, home.name
    app_role = f"arn:aws:iam::{account}:role/app-role"
    key_policy = _doc({"Sid": "EnableIamPolicies", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                       "Action": "kms:*", "Resource": "*"},
                      {"Sid": "AppRoleUse", "Effect": "Allow", "Principal": {"AWS": app_role},
                       "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*"})
    key = seeder.client("kms", region).create_key(Policy=key_policy, Description="acme prod data",
                                                  Tags=[{"TagKey": "env", "TagValue": "prod"}])["KeyMetadata"]["KeyId"]
    seeder.add("kms:key", key, region)
    sqs = seeder.client("sqs", region)
    queue = seeder.add("sqs:queue", "prod-orders-events", region)
    queue_arn = f"arn:aws:sqs:{region}:{account}:{queue}"
    sqs.create_queue(QueueName=queue, Attributes={"Policy": _doc(
        {"Sid": "AnyoneMaySend", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
         "Resource": queue_arn})})
    sns = seeder.client("sns", region)
    topic = sns.create_topic(Name="prod-alerts")["TopicArn"]
    seeder.add("sns:topic", "prod-alerts", region)
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=_doc(
        {"Sid": "AccountPublish", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Publish",
         "Resource": topic, "Condition": {"StringEquals": {"aws:SourceAccount": account}}}))
    seeder.client("lambda", region).add_permission(
        FunctionName=f"prod-{home.short}-orders-worker", StatementId="AlertsInvoke",
        Action="lambda:InvokeFunction", Principal="sns.amazonaws.com", SourceArn=topic)


# ----------------------------------------------------------------------------- one region

class _RegionSeeder:
    """One region of the prod estate: a VPC in three tiers (3 AZs in the home region, 2
    elsewhere) and what runs in it. The steps run in order; each uses what the previous made."""

    def __init__(self, seeder: _Seeder, region: str, index: int, home: bool) -> None:
        self.seeder, self.name, self.home = seeder, region, home
        self.ec2 = seeder.client("ec2", region)
        parts = region.split("-")
        self.short = SHORT_REGION.get(region) or "".join(p[0] for p in parts[:-1]) + parts[-1]
        octet = 10 * (index + 1) if index < 3 else 10 * (index + 2)  # 10.40 is the shared-services VPC
        self.net, self.cidr = f"10.{octet}", f"10.{octet}.0.0/16"
        self.eip_base = 10 * (index + 1)  # NAT EIPs 198.51.100.<base + AZ>, the spare one <base + 9>
        self.zones = [f"{region}{letter}" for letter in "abc"[: 3 if home else 2]]
        self.tags = {"env": "prod", "team": "platform"}
        self.vpc = ""
        self.public: list[str] = []
        self.app: list[str] = []
        self.data: list[str] = []
        self.private_route_tables: list[str] = []
        self.groups: dict[str, str] = {}
        self.app_instances: list[str] = []

    def seed(self) -> _RegionSeeder:
        for step in (self.network, self.gateways, self.security, self.compute, self.load_balancer,
                     self.database, self.function):
            step()
        if self.home:
            self.file_system()
        return self

    def add(self, kind: str, resource_id: str) -> str:
        return self.seeder.add(kind, resource_id, self.name)

    def spec(self, resource_type: str, name: str) -> list[dict[str, Any]]:
        return _spec(resource_type, name, **self.tags)

    # -- VPC, subnets, route tables

    def network(self) -> None:
        vpc = self.ec2.create_vpc(CidrBlock=self.cidr, AmazonProvidedIpv6CidrBlock=self.home,
                                  TagSpecifications=self.spec("vpc", f"prod-{self.short}-vpc"))
        self.vpc = self.add("ec2:vpc", vpc["Vpc"]["VpcId"])
        self.ec2.modify_vpc_attribute(VpcId=self.vpc, EnableDnsHostnames={"Value": True})
        for j, zone in enumerate(self.zones):
            self.public.append(self.subnet(f"public-{zone[-1]}", f"{self.net}.{j}.0/24", zone, "public"))
            self.app.append(self.subnet(f"app-{zone[-1]}", f"{self.net}.{10 + j}.0/24", zone, "app"))
            self.data.append(self.subnet(f"data-{zone[-1]}", f"{self.net}.{20 + j}.0/24", zone, "data"))
        for subnet in self.public:
            self.ec2.modify_subnet_attribute(SubnetId=subnet, MapPublicIpOnLaunch={"Value": True})

    def subnet(self, name: str, cidr: str, zone: str, tier: str) -> str:
        created = self.ec2.create_subnet(VpcId=self.vpc, CidrBlock=cidr, AvailabilityZone=zone,
                                         TagSpecifications=_spec("subnet", name, tier=tier, **self.tags))
        subnet = self.add("ec2:subnet", created["Subnet"]["SubnetId"])
        self.seeder.edge("ec2:subnet", subnet, "IN_VPC", "ec2:vpc", self.vpc)
        return subnet

    def route_table(self, name: str, subnets: list[str]) -> str:
        created = self.ec2.create_route_table(VpcId=self.vpc, TagSpecifications=self.spec("route-table", name))
        table = self.add("ec2:route-table", created["RouteTable"]["RouteTableId"])
        for subnet in subnets:
            self.ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
            self.seeder.edge("ec2:route-table", table, "ASSOCIATED_WITH", "ec2:subnet", subnet)
        return table

    def route(self, table: str, target_kind: str, target: str, **route: str) -> None:
        self.ec2.create_route(RouteTableId=table, **route)
        self.seeder.edge("ec2:route-table", table, "ROUTES_TO", target_kind, target)

    def eip(self, name: str, address: str) -> str:
        allocated = self.ec2.allocate_address(Domain="vpc", Address=address,
                                              TagSpecifications=self.spec("elastic-ip", name))
        return self.add("ec2:elastic-ip", allocated["AllocationId"])

    # -- IGW + public route table, a NAT gateway per AZ, egress-only IGW, S3 gateway endpoint

    def gateways(self) -> None:
        created = self.ec2.create_internet_gateway(
            TagSpecifications=self.spec("internet-gateway", f"prod-{self.short}-igw"))
        igw = self.add("ec2:internet-gateway", created["InternetGateway"]["InternetGatewayId"])
        self.ec2.attach_internet_gateway(InternetGatewayId=igw, VpcId=self.vpc)
        self.seeder.edge("ec2:internet-gateway", igw, "ATTACHED_TO", "ec2:vpc", self.vpc)
        public = self.route_table(f"prod-{self.short}-public-rt", self.public)
        self.route(public, "ec2:internet-gateway", igw, DestinationCidrBlock="0.0.0.0/0", GatewayId=igw)

        for j, zone in enumerate(self.zones):
            allocation = self.eip(f"nat-{zone[-1]}-eip", f"198.51.100.{self.eip_base + j}")
            created = self.ec2.create_nat_gateway(SubnetId=self.public[j], AllocationId=allocation,
                                                  TagSpecifications=self.spec("natgateway", f"nat-{zone[-1]}"))
            nat = self.add("ec2:nat-gateway", created["NatGateway"]["NatGatewayId"])
            self.seeder.edge("ec2:nat-gateway", nat, "IN_SUBNET", "ec2:subnet", self.public[j])
            private = self.route_table(f"prod-{self.short}-private-{zone[-1]}-rt", [self.app[j], self.data[j]])
            self.route(private, "ec2:nat-gateway", nat, DestinationCidrBlock="0.0.0.0/0", NatGatewayId=nat)
            self.private_route_tables.append(private)
        self.eip(f"prod-{self.short}-unused-eip", f"198.51.100.{self.eip_base + 9}")  # allocated, never associated

        if self.home:  # IPv6 egress for the private tiers
            created = self.ec2.create_egress_only_internet_gateway(
                VpcId=self.vpc, TagSpecifications=self.spec("egress-only-internet-gateway", f"prod-{self.short}-eigw"))
            eigw = self.add("ec2:egress-only-internet-gateway",
                            created["EgressOnlyInternetGateway"]["EgressOnlyInternetGatewayId"])
            self.seeder.edge("ec2:egress-only-internet-gateway", eigw, "ATTACHED_TO", "ec2:vpc", self.vpc)
            for table in self.private_route_tables:
                self.route(table, "ec2:egress-only-internet-gateway", eigw,
                           DestinationIpv6CidrBlock="::/0", EgressOnlyInternetGatewayId=eigw)

        # moto lists the gateway endpoint as each route table's route (GatewayId vpce-..., the S3 prefix list).
        created = self.ec2.create_vpc_endpoint(
            VpcId=self.vpc, ServiceName=f"com.amazonaws.{self.name}.s3", VpcEndpointType="Gateway",
            RouteTableIds=self.private_route_tables,
            TagSpecifications=self.spec("vpc-endpoint", f"prod-{self.short}-s3"))
        endpoint = self.add("ec2:vpc-endpoint", created["VpcEndpoint"]["VpcEndpointId"])
        self.seeder.edge("ec2:vpc-endpoint", endpoint, "IN_VPC", "ec2:vpc", self.vpc)
        for table in self.private_route_tables:
            self.seeder.edge("ec2:route-table", table, "ROUTES_TO", "ec2:vpc-endpoint", endpoint)

    # -- security groups (alb -> app -> db, bastion) and the app-tier NACL

    def security(self) -> None:
        created = self.ec2.create_managed_prefix_list(
            PrefixListName="office-cidrs", AddressFamily="IPv4", MaxEntries=10,
            Entries=[{"Cidr": cidr, "Description": where} for cidr, where in OFFICE_CIDRS],
            TagSpecifications=_spec("prefix-list", "office-cidrs", team="netops"))
        offices = self.add("ec2:prefix-list", created["PrefixList"]["PrefixListId"])
        anywhere = [{"CidrIp": "0.0.0.0/0"}]
        alb = self.group("alb-sg", "internet-facing ALB", _tcp(80, IpRanges=anywhere), _tcp(443, IpRanges=anywhere))
        self.group("bastion-sg", "SSH from the admin and the offices",
                   _tcp(22, IpRanges=[{"CidrIp": f"{ADMIN_HOME_IP}/32", "Description": "admin home"}]),
                   _tcp(22, PrefixListIds=[{"PrefixListId": offices, "Description": "offices"}]))
        app = self.group("app-sg", "app tier", _tcp(80, UserIdGroupPairs=[{"GroupId": alb}]),
                         _tcp(443, UserIdGroupPairs=[{"GroupId": alb}]),
                         _tcp(22, IpRanges=[{"CidrIp": f"{self.bastion_ip}/32", "Description": "bastion"}]))
        self.group("db-sg", "postgres from the app tier", _tcp(5432, UserIdGroupPairs=[{"GroupId": app}]))

        created = self.ec2.create_network_acl(VpcId=self.vpc,
                                              TagSpecifications=self.spec("network-acl", f"prod-{self.short}-app-nacl"))
        nacl = self.add("ec2:network-acl", created["NetworkAcl"]["NetworkAclId"])
        for number, action, egress, cidr, (low, high) in (
            (90, "deny", False, "0.0.0.0/0", (22, 22)),  # no SSH into the app tier from anywhere
            (100, "allow", False, self.cidr, (80, 80)),
            (110, "allow", False, self.cidr, (443, 443)),
            (120, "allow", False, "0.0.0.0/0", (1024, 65535)),  # return traffic of outbound calls
            (100, "allow", True, self.cidr, (1024, 65535)),  # responses to the ALB
            (110, "allow", True, "0.0.0.0/0", (443, 443)),
            (120, "allow", True, self.cidr, (5432, 5432)),
        ):
            self.ec2.create_network_acl_entry(NetworkAclId=nacl, RuleNumber=number, Protocol="6", RuleAction=action,
                                              Egress=egress, CidrBlock=cidr, PortRange={"From": low, "To": high})
        current = self.ec2.describe_network_acls(Filters=[{"Name": "association.subnet-id", "Values": self.app}])
        for association in (a for acl in current["NetworkAcls"] for a in acl["Associations"]):
            if association["SubnetId"] in self.app:
                self.ec2.replace_network_acl_association(AssociationId=association["NetworkAclAssociationId"],
                                                         NetworkAclId=nacl)
                self.seeder.edge("ec2:network-acl", nacl, "ASSOCIATED_WITH", "ec2:subnet", association["SubnetId"])

    @property
    def bastion_ip(self) -> str:
        return f"{self.net}.0.10"

    def group(self, name: str, description: str, *rules: dict[str, Any]) -> str:
        created = self.ec2.create_security_group(GroupName=name, Description=description, VpcId=self.vpc,
                                                 TagSpecifications=self.spec("security-group", name))
        group = self.groups[name] = self.add("ec2:security-group", created["GroupId"])
        self.seeder.edge("ec2:security-group", group, "IN_VPC", "ec2:vpc", self.vpc)
        self.ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=list(rules))
        for rule in rules:
            for pair in rule.get("UserIdGroupPairs", ()):
                self.seeder.edge("ec2:security-group", group, "REFERENCES_SECURITY_GROUP", "ec2:security-group",
                                 pair["GroupId"])
            for ref in rule.get("PrefixListIds", ()):
                self.seeder.edge("ec2:security-group", group, "USES_PREFIX_LIST", "ec2:prefix-list",
                                 ref["PrefixListId"])
        return group

    # -- instances (bastion + two app servers), their ENIs and root volumes, EBS, snapshots

    def compute(self) -> None:
        bastion = self.instance(f"prod-{self.short}-bastion", self.public[0], self.bastion_ip, "bastion-sg", None,
                                "t3.micro")
        for j, zone in enumerate(self.zones[:2]):
            # At home app-a runs as the admin role: the target of deploy-bot's PassRole path.
            profile = "admin" if self.home and j == 0 else "app-role"
            self.app_instances.append(self.instance(f"prod-{self.short}-app-{zone[-1]}", self.app[j],
                                                    f"{self.net}.{10 + j}.10", "app-sg", profile, "m5.large"))
        described = self.ec2.describe_instances(InstanceIds=[bastion, *self.app_instances])
        for found in (i for reservation in described["Reservations"] for i in reservation["Instances"]):
            for eni in found["NetworkInterfaces"]:
                self.add("ec2:network-interface", eni["NetworkInterfaceId"])
                self.seeder.edge("ec2:network-interface", eni["NetworkInterfaceId"], "ATTACHED_TO", "ec2:instance",
                            found["InstanceId"])
            for device in found.get("BlockDeviceMappings", ()):  # the root volume comes with the instance
                self.add("ec2:volume", device["Ebs"]["VolumeId"])
                self.seeder.edge("ec2:volume", device["Ebs"]["VolumeId"], "ATTACHED_TO", "ec2:instance",
                                 found["InstanceId"])

        app_a, app_b = self.app_instances
        data = self.volume(f"prod-{self.short}-app-a-data", self.zones[0], "gp3", 100, app_a, Encrypted=True)
        self.volume(f"prod-{self.short}-app-b-journal", self.zones[1], "io2", 200, app_b, Iops=4000, Encrypted=True)
        legacy = self.volume(f"prod-{self.short}-legacy", self.zones[0], "gp2", 50)  # unattached
        self.volume(f"prod-{self.short}-old-scratch", self.zones[1], "gp3", 20)  # unattached
        for source, description in ((data, "nightly app-a data"), (legacy, "before decommissioning legacy")):
            snapshot = self.ec2.create_snapshot(VolumeId=source, Description=description,
                                                TagSpecifications=self.spec("snapshot", description))
            self.add("ec2:snapshot", snapshot["SnapshotId"])
            self.seeder.edge("ec2:snapshot", snapshot["SnapshotId"], "SNAPSHOT_OF", "ec2:volume", source)

    def instance(self, name: str, subnet: str, ip: str, group: str, profile: str | None, size: str) -> str:
        extra = {"IamInstanceProfile": {"Name": profile}} if profile else {}
        launched = self.ec2.run_instances(
            ImageId=AMI, MinCount=1, MaxCount=1, InstanceType=size, SubnetId=subnet, PrivateIpAddress=ip,
            SecurityGroupIds=[self.groups[group]],
            TagSpecifications=[*self.spec("instance", name), *self.spec("volume", f"{name}-root")], **extra)
        instance = self.add("ec2:instance", launched["Instances"][0]["InstanceId"])
        self.seeder.edge("ec2:instance", instance, "IN_SUBNET", "ec2:subnet", subnet)
        self.seeder.edge("ec2:instance", instance, "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", self.groups[group])
        if profile:
            self.seeder.edge("ec2:instance", instance, "HAS_INSTANCE_PROFILE", "iam:instance-profile", profile)
        return instance

    def volume(self, name: str, zone: str, kind: str, size: int, attach_to: str | None = None, **extra: Any) -> str:
        created = self.ec2.create_volume(AvailabilityZone=zone, VolumeType=kind, Size=size,
                                         TagSpecifications=self.spec("volume", name), **extra)
        volume = self.add("ec2:volume", created["VolumeId"])
        if attach_to:
            self.ec2.attach_volume(VolumeId=volume, InstanceId=attach_to, Device="/dev/sdf")
            self.seeder.edge("ec2:volume", volume, "ATTACHED_TO", "ec2:instance", attach_to)
        return volume

    # -- internet-facing ALB, RDS, Lambda, EFS

    def load_balancer(self) -> None:
        elbv2 = self.seeder.client("elbv2", self.name)
        name = self.add("elbv2:load-balancer", f"prod-{self.short}-alb")
        alb_sg = self.groups["alb-sg"]
        created = elbv2.create_load_balancer(Name=name, Subnets=self.public, SecurityGroups=[alb_sg],
                                             Scheme="internet-facing", Type="application",
                                             Tags=_tags(name, **self.tags))
        self.seeder.edge("elbv2:load-balancer", name, "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", alb_sg)
        target_group = self.add("elbv2:target-group", f"prod-{self.short}-app-tg")
        created_group = elbv2.create_target_group(Name=target_group, Protocol="HTTP", Port=80, VpcId=self.vpc,
                                                  TargetType="instance", HealthCheckPath="/health")
        arn = created_group["TargetGroups"][0]["TargetGroupArn"]
        elbv2.register_targets(TargetGroupArn=arn, Targets=[{"Id": i, "Port": 80} for i in self.app_instances])
        for instance in self.app_instances:
            self.seeder.edge("elbv2:target-group", target_group, "TARGETS", "ec2:instance", instance)
        listener = elbv2.create_listener(LoadBalancerArn=created["LoadBalancers"][0]["LoadBalancerArn"],
                                         Protocol="HTTP", Port=80,
                                         DefaultActions=[{"Type": "forward", "TargetGroupArn": arn}])
        listener_arn = self.add("elbv2:listener", listener["Listeners"][0]["ListenerArn"])
        self.seeder.edge("elbv2:listener", listener_arn, "ATTACHED_TO", "elbv2:load-balancer", name)
        self.seeder.edge("elbv2:listener", listener_arn, "FORWARDS_TO", "elbv2:target-group", target_group)

    def database(self) -> None:
        rds = self.seeder.client("rds", self.name)
        subnet_group = self.add("rds:db-subnet-group", f"prod-{self.short}-data")
        rds.create_db_subnet_group(DBSubnetGroupName=subnet_group, DBSubnetGroupDescription="data tier",
                                   SubnetIds=self.data)
        db = self.add("rds:db-instance", f"prod-{self.short}-orders-db")
        rds.create_db_instance(
            DBInstanceIdentifier=db, Engine="postgres", DBInstanceClass="db.t3.medium", AllocatedStorage=100,
            StorageType="gp3", StorageEncrypted=True, MasterUsername="orders", MasterUserPassword="demo-only-password",
            DBSubnetGroupName=subnet_group, VpcSecurityGroupIds=[self.groups["db-sg"]], PubliclyAccessible=False,
            Tags=_tags(db, **self.tags))
        self.seeder.edge("rds:db-instance", db, "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", self.groups["db-sg"])
        self.seeder.edge("rds:db-instance", db, "ASSOCIATED_WITH", "rds:db-subnet-group", subnet_group)

    def function(self) -> None:
        function = self.add("lambda:function", f"prod-{self.short}-orders-worker")
        self.seeder.client("lambda", self.name).create_function(
            FunctionName=function, Runtime="python3.12", Handler="handler.handler", Code={"ZipFile": _lambda_zip()},
            Role=f"arn:aws:iam::{self.seeder.account}:role/lambda-exec", Timeout=30, MemorySize=256,
            VpcConfig={"SubnetIds": self.app, "SecurityGroupIds": [self.groups["app-sg"]]},
            Tags={"env": "prod", "team": "orders"})
        for subnet in self.app:
            self.seeder.edge("lambda:function", function, "IN_SUBNET", "ec2:subnet", subnet)
        self.seeder.edge("lambda:function", function, "HAS_EXECUTION_ROLE", "iam:role", "lambda-exec")

    def file_system(self) -> None:
        group = self.group("efs-sg", "NFS from the app tier",
                           _tcp(2049, UserIdGroupPairs=[{"GroupId": self.groups["app-sg"]}]))
        efs = self.seeder.client("efs", self.name)
        created = efs.create_file_system(CreationToken=f"prod-{self.short}-shared", PerformanceMode="generalPurpose",
                                         Encrypted=True, Tags=_tags(f"prod-{self.short}-shared", **self.tags))
        file_system = self.add("efs:file-system", created["FileSystemId"])
        for subnet in self.app:  # one mount target per app subnet
            mount = efs.create_mount_target(FileSystemId=file_system, SubnetId=subnet, SecurityGroups=[group])
            self.add("efs:mount-target", mount["MountTargetId"])
            self.seeder.edge("efs:mount-target", mount["MountTargetId"], "ATTACHED_TO", "efs:file-system", file_system)


def _lambda_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return {'processed': len(event)}\n")
    return buffer.getvalue()


# ----------------------------------------------------------------------------- across regions

def _seed_peering(seeder: _Seeder, a: _RegionSeeder, b: _RegionSeeder) -> None:
    """Requester a, accepter b (another region), routes to the peer's CIDR on both sides."""
    pcx = seeder.client("ec2", a.name).create_vpc_peering_connection(
        VpcId=a.vpc, PeerVpcId=b.vpc, PeerRegion=b.name,
        TagSpecifications=_spec("vpc-peering-connection", f"prod-{a.short}-to-{b.short}", env="prod"),
    )["VpcPeeringConnection"]["VpcPeeringConnectionId"]
    seeder.add("ec2:vpc-peering-connection", pcx, a.name)
    seeder.client("ec2", b.name).accept_vpc_peering_connection(VpcPeeringConnectionId=pcx)
    for side, peer in ((a, b), (b, a)):
        seeder.edge("ec2:vpc-peering-connection", pcx, "PEERS_WITH", "ec2:vpc", side.vpc)
        for rtb in side.private_route_tables:
            seeder.client("ec2", side.name).create_route(RouteTableId=rtb, DestinationCidrBlock=peer.cidr,
                                                         VpcPeeringConnectionId=pcx)
            seeder.edge("ec2:route-table", rtb, "ROUTES_TO", "ec2:vpc-peering-connection", pcx)


def _seed_transit_gateway(seeder: _Seeder, prod: _RegionSeeder) -> None:
    """A shared-services VPC and the prod VPC on one TGW with its own route table: both
    associated and propagating, plus a static route to on-prem through shared services."""
    region, ec2 = prod.name, seeder.client("ec2", prod.name)
    tags = {"env": "shared", "team": "netops"}
    created = ec2.create_vpc(CidrBlock=SHARED_SERVICES_CIDR,
                             TagSpecifications=_spec("vpc", "shared-services-vpc", **tags))
    shared = seeder.add("ec2:vpc", created["Vpc"]["VpcId"], region)
    subnets = []
    for letter, cidr in zip("ab", ipaddress.ip_network(SHARED_SERVICES_CIDR).subnets(new_prefix=24)):
        created = ec2.create_subnet(VpcId=shared, CidrBlock=str(cidr), AvailabilityZone=f"{region}{letter}",
                                    TagSpecifications=_spec("subnet", f"shared-{letter}", tier="shared", **tags))
        subnets.append(seeder.add("ec2:subnet", created["Subnet"]["SubnetId"], region))
        seeder.edge("ec2:subnet", subnets[-1], "IN_VPC", "ec2:vpc", shared)
    created = ec2.create_route_table(VpcId=shared, TagSpecifications=_spec("route-table", "shared-services-rt", **tags))
    shared_rtb = seeder.add("ec2:route-table", created["RouteTable"]["RouteTableId"], region)
    for subnet in subnets:
        ec2.associate_route_table(RouteTableId=shared_rtb, SubnetId=subnet)
        seeder.edge("ec2:route-table", shared_rtb, "ASSOCIATED_WITH", "ec2:subnet", subnet)

    created = ec2.create_transit_gateway(
        Description="core transit gateway",
        Options={"AmazonSideAsn": 64512, "DefaultRouteTableAssociation": "disable",
                 "DefaultRouteTablePropagation": "disable"},
        TagSpecifications=_spec("transit-gateway", "core-tgw", **tags))
    tgw = seeder.add("ec2:transit-gateway", created["TransitGateway"]["TransitGatewayId"], region)
    created = ec2.create_transit_gateway_route_table(
        TransitGatewayId=tgw, TagSpecifications=_spec("transit-gateway-route-table", "core-rt", **tags))
    tgw_rtb = seeder.add("ec2:transit-gateway-route-table",
                         created["TransitGatewayRouteTable"]["TransitGatewayRouteTableId"], region)
    attachments = {}
    for name, vpc, vpc_subnets in (("prod", prod.vpc, prod.app[:2]), ("shared-services", shared, subnets)):
        created = ec2.create_transit_gateway_vpc_attachment(TransitGatewayId=tgw, VpcId=vpc, SubnetIds=vpc_subnets)
        attachment = created["TransitGatewayVpcAttachment"]["TransitGatewayAttachmentId"]
        attachments[name] = seeder.add("ec2:transit-gateway-attachment", attachment, region)
        # moto drops TagSpecifications on this call; CreateTags works.
        ec2.create_tags(Resources=[attachment], Tags=_tags(f"{name}-attachment", **tags))
        seeder.edge("ec2:transit-gateway-attachment", attachment, "ATTACHED_TO", "ec2:transit-gateway", tgw)
        seeder.edge("ec2:transit-gateway-attachment", attachment, "ASSOCIATED_WITH", "ec2:vpc", vpc)
        ec2.associate_transit_gateway_route_table(TransitGatewayRouteTableId=tgw_rtb,
                                                  TransitGatewayAttachmentId=attachment)
        ec2.enable_transit_gateway_route_table_propagation(TransitGatewayRouteTableId=tgw_rtb,
                                                           TransitGatewayAttachmentId=attachment)
    ec2.create_transit_gateway_route(DestinationCidrBlock=ON_PREM_CIDR, TransitGatewayRouteTableId=tgw_rtb,
                                     TransitGatewayAttachmentId=attachments["shared-services"])
    for rtb, destination in [(t, SHARED_SERVICES_CIDR) for t in prod.private_route_tables] + [(shared_rtb, prod.cidr)]:
        ec2.create_route(RouteTableId=rtb, DestinationCidrBlock=destination, TransitGatewayId=tgw)
        seeder.edge("ec2:route-table", rtb, "ROUTES_TO", "ec2:transit-gateway", tgw)


# ----------------------------------------------------------------------------- entry points

def seed_demo_estate(endpoint: str, regions: tuple[str, ...] = DEMO_REGIONS) -> SeededEstate:
    """Seed the demo estate into the moto server at ``endpoint``. The first region is home
    (3 AZs, EFS, IPv6 egress, the transit gateway); it peers with the second. Names are fixed,
    so seeding twice into one moto state (one process) fails on duplicates."""
    regions = tuple(regions)
    seeder = _Seeder(endpoint, DEMO_CREDENTIALS, regions)
    _seed_iam(seeder)
    _seed_s3(seeder, regions)
    seeded = [_RegionSeeder(seeder, region, index, home=index == 0).seed() for index, region in enumerate(regions)]
    if len(seeded) >= 2:
        _seed_peering(seeder, seeded[0], seeded[1])
    _seed_transit_gateway(seeder, seeded[0])
    _seed_resource_policies(seeder, seeded[0])
    return seeder.estate


def seed_second_account(endpoint: str, account: str = "210987654321", region: str = "us-east-1") -> SeededEstate:
    """A small staging estate in another account (VPC, subnet, security group, an ``auditor``
    role the demo account may assume). moto serves the account named in an assumed role's ARN
    to whoever holds the credentials ``AssumeRole`` returned."""
    sts = boto3.client("sts", region_name=region, endpoint_url=endpoint, **DEMO_CREDENTIALS)
    home_account = sts.get_caller_identity()["Account"]
    assumed = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole",
                              RoleSessionName="awsx-demo-seed")["Credentials"]
    seeder = _Seeder(endpoint, {"aws_access_key_id": assumed["AccessKeyId"],
                                "aws_secret_access_key": assumed["SecretAccessKey"],
                                "aws_session_token": assumed["SessionToken"]}, (region,))
    ec2, tags = seeder.client("ec2", region), {"env": "staging", "team": "platform"}
    created = ec2.create_vpc(CidrBlock="10.50.0.0/16", TagSpecifications=_spec("vpc", "staging-vpc", **tags))
    vpc = seeder.add("ec2:vpc", created["Vpc"]["VpcId"], region)
    created = ec2.create_subnet(VpcId=vpc, CidrBlock="10.50.0.0/24", AvailabilityZone=f"{region}a",
                                TagSpecifications=_spec("subnet", "staging-app-a", **tags))
    subnet = seeder.add("ec2:subnet", created["Subnet"]["SubnetId"], region)
    seeder.edge("ec2:subnet", subnet, "IN_VPC", "ec2:vpc", vpc)
    created = ec2.create_security_group(GroupName="staging-web-sg", Description="HTTPS from anywhere", VpcId=vpc,
                                        TagSpecifications=_spec("security-group", "staging-web-sg", **tags))
    group = seeder.add("ec2:security-group", created["GroupId"], region)
    ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[_tcp(443, IpRanges=[{"CidrIp": "0.0.0.0/0"}])])
    seeder.edge("ec2:security-group", group, "IN_VPC", "ec2:vpc", vpc)
    seeder.client("iam", region).create_role(
        RoleName="auditor", AssumeRolePolicyDocument=_trust({"AWS": f"arn:aws:iam::{home_account}:root"}))
    seeder.add("iam:role", "auditor", "global")
    return seeder.estate
