"""The demo seed really builds the estate it records: checked here with plain boto3 describe
calls against the embedded moto server, not through awsx's crawler."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter

import boto3
import pytest
from session_options import offline_env

from awsx.inventory.demo import DEMO_CREDENTIALS, DEMO_REGIONS, seed_second_account

# One seeding into a fresh server, summarised. moto keeps its state per process, so another
# server with its own state has to live in another process.
_SEED_ELSEWHERE = """
import json
from collections import Counter
from awsx.inventory.demo import MotoServer, seed_demo_estate
with MotoServer() as server:
    assert server.endpoint.startswith("http://127.0.0.1:"), server.endpoint
    estate = seed_demo_estate(server.endpoint)
print(json.dumps({"counts": estate.counts(), "edges": Counter(e.relation for e in estate.edges)}))
"""


def _client(endpoint: str, service: str, region: str = "us-east-1"):
    return boto3.client(service, region_name=region, endpoint_url=endpoint, **DEMO_CREDENTIALS)


def _in_region(seeded, kind: str, region: str) -> list[str]:
    return [r.id for r in seeded.resources if r.kind == kind and r.region == region]


def _tag(resource: dict, key: str = "Name") -> str | None:
    return next((t["Value"] for t in resource.get("Tags", []) if t["Key"] == key), None)


@pytest.fixture(scope="session", autouse=True)
def seeding_elsewhere():
    """Autouse at session scope, so it starts before the shared server is seeded and the two
    seedings overlap (the whole file stays well under 20 s)."""
    run = subprocess.Popen([sys.executable, "-c", _SEED_ELSEWHERE], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True, env=offline_env())
    yield run
    if run.poll() is None:
        run.kill()
    run.communicate()


@pytest.fixture(scope="module")
def endpoint(moto_server, seeded) -> str:
    return moto_server.endpoint


def test_each_region_has_its_vpc_and_us_east_1_also_shared_services_and_batch(endpoint, seeded):
    expected = {"us-east-1": {"10.10.0.0/16", "10.40.0.0/16", "10.60.0.0/16"}, "eu-west-1": {"10.20.0.0/16"},
                "ap-southeast-1": {"10.30.0.0/16"}}
    assert seeded.regions == DEMO_REGIONS
    for region, cidrs in expected.items():
        vpcs = _client(endpoint, "ec2", region).describe_vpcs(VpcIds=_in_region(seeded, "ec2:vpc", region))["Vpcs"]
        assert {v["CidrBlock"] for v in vpcs} == cidrs
        assert all(_tag(v) and _tag(v, "env") for v in vpcs)


def test_app_tier_nacl_denies_ssh_from_anywhere_and_allows_web_from_the_vpc(endpoint, seeded):
    for region in DEMO_REGIONS:
        ec2 = _client(endpoint, "ec2", region)
        (nacl,) = ec2.describe_network_acls(NetworkAclIds=_in_region(seeded, "ec2:network-acl", region))["NetworkAcls"]
        vpc_cidr = ec2.describe_vpcs(VpcIds=[nacl["VpcId"]])["Vpcs"][0]["CidrBlock"]
        inbound = {(e["RuleAction"], e["CidrBlock"], e["PortRange"]["From"])
                   for e in nacl["Entries"] if not e["Egress"]}
        assert {("deny", "0.0.0.0/0", 22), ("allow", vpc_cidr, 80), ("allow", vpc_cidr, 443)} <= inbound
        app_subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [nacl["VpcId"]]},
                                                    {"Name": "tag:tier", "Values": ["app"]}])["Subnets"]
        assert {a["SubnetId"] for a in nacl["Associations"]} == {s["SubnetId"] for s in app_subnets}


def test_security_groups_chain_alb_to_app_to_db_and_ssh_only_from_the_bastion(endpoint, seeded):
    ec2 = _client(endpoint, "ec2", "us-east-1")
    groups = ec2.describe_security_groups(GroupIds=_in_region(seeded, "ec2:security-group", "us-east-1"))
    by_name = {g["GroupName"]: g for g in groups["SecurityGroups"]}
    sources = {name: {(p["FromPort"], pair["GroupId"]) for p in g["IpPermissions"] for pair in p["UserIdGroupPairs"]}
               for name, g in by_name.items()}
    assert sources["app-sg"] == {(80, by_name["alb-sg"]["GroupId"]), (443, by_name["alb-sg"]["GroupId"])}
    assert sources["db-sg"] == {(5432, by_name["app-sg"]["GroupId"])}
    app_ssh = [r["CidrIp"] for p in by_name["app-sg"]["IpPermissions"] if p["FromPort"] == 22 for r in p["IpRanges"]]
    assert app_ssh == ["10.10.0.10/32"]
    bastion_lists = [pl["PrefixListId"] for p in by_name["bastion-sg"]["IpPermissions"] for pl in p["PrefixListIds"]]
    assert bastion_lists == _in_region(seeded, "ec2:prefix-list", "us-east-1")


def test_exactly_one_bucket_has_a_public_policy_and_buckets_live_in_their_regions(endpoint, seeded):
    s3 = _client(endpoint, "s3")
    public = []
    for bucket in (r for r in seeded.resources if r.kind == "s3:bucket"):
        location = s3.get_bucket_location(Bucket=bucket.id)["LocationConstraint"] or "us-east-1"
        assert location == bucket.region
        try:
            status = s3.get_bucket_policy_status(Bucket=bucket.id)["PolicyStatus"]
        except s3.exceptions.ClientError as error:
            assert error.response["Error"]["Code"] == "NoSuchBucketPolicy"
            continue
        if status["IsPublic"]:
            public.append(bucket.id)
    assert public == ["acme-public-assets"]
    statement = json.loads(s3.get_bucket_policy(Bucket="acme-public-assets")["Policy"])["Statement"][0]
    assert statement["Principal"] == "*" and statement["Action"] == "s3:GetObject"


def test_peering_between_us_east_1_and_eu_west_1_is_active_with_routes_on_both_sides(endpoint, seeded):
    (pcx_id,) = seeded.ids("ec2:vpc-peering-connection")
    (pcx,) = _client(endpoint, "ec2").describe_vpc_peering_connections(
        VpcPeeringConnectionIds=[pcx_id])["VpcPeeringConnections"]
    assert pcx["Status"]["Code"] == "active"
    requester, accepter = pcx["RequesterVpcInfo"], pcx["AccepterVpcInfo"]
    assert (requester["CidrBlock"], accepter["CidrBlock"], accepter["Region"]) == ("10.10.0.0/16", "10.20.0.0/16",
                                                                                 "eu-west-1")
    for region, peer_cidr in (("us-east-1", "10.20.0.0/16"), ("eu-west-1", "10.10.0.0/16")):
        tables = _client(endpoint, "ec2", region).describe_route_tables(
            Filters=[{"Name": "route.vpc-peering-connection-id", "Values": [pcx_id]}])["RouteTables"]
        routes = [{(r.get("DestinationCidrBlock"), r.get("VpcPeeringConnectionId")) for r in table["Routes"]}
                  for table in tables]
        assert routes and all((peer_cidr, pcx_id) in table_routes for table_routes in routes)


def test_private_route_tables_use_their_zones_nat_and_the_s3_gateway_endpoint(endpoint, seeded):
    ec2 = _client(endpoint, "ec2", "eu-west-1")
    nats = {n["NatGatewayId"]: n for n in ec2.describe_nat_gateways(
        NatGatewayIds=_in_region(seeded, "ec2:nat-gateway", "eu-west-1"))["NatGateways"]}
    (endpoint_id,) = _in_region(seeded, "ec2:vpc-endpoint", "eu-west-1")
    tables = ec2.describe_route_tables(RouteTableIds=_in_region(seeded, "ec2:route-table", "eu-west-1"))["RouteTables"]
    private = [t for t in tables if "private" in _tag(t)]
    assert len(private) == len(nats) == 2
    described = ec2.describe_subnets(SubnetIds=_in_region(seeded, "ec2:subnet", "eu-west-1"))["Subnets"]
    subnets = {s["SubnetId"]: s for s in described}
    for table in private:
        (nat_id,) = [r["NatGatewayId"] for r in table["Routes"] if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
        zones = {subnets[a["SubnetId"]]["AvailabilityZone"] for a in table["Associations"] if a.get("SubnetId")}
        assert zones == {subnets[nats[nat_id]["SubnetId"]]["AvailabilityZone"]}
        assert any(r.get("GatewayId") == endpoint_id for r in table["Routes"])


def test_volumes_include_gp2_gp3_io2_and_two_unattached_per_region(endpoint, seeded):
    for region in DEMO_REGIONS:
        volumes = _client(endpoint, "ec2", region).describe_volumes(VolumeIds=_in_region(seeded, "ec2:volume", region))
        assert {"gp2", "gp3", "io2"} <= {v["VolumeType"] for v in volumes["Volumes"]}
        assert sum(not v["Attachments"] for v in volumes["Volumes"]) == 2


def test_deploy_bot_can_pass_the_admin_role_to_an_instance_it_launches(endpoint, seeded):
    iam = _client(endpoint, "iam")
    (attached,) = iam.list_attached_user_policies(UserName="deploy-bot")["AttachedPolicies"]
    version = iam.get_policy(PolicyArn=attached["PolicyArn"])["Policy"]["DefaultVersionId"]
    document = iam.get_policy_version(PolicyArn=attached["PolicyArn"], VersionId=version)["PolicyVersion"]["Document"]
    document = json.loads(document) if isinstance(document, str) else document
    actions = {(action, statement["Resource"]) for statement in document["Statement"]
               for action in ([statement["Action"]] if isinstance(statement["Action"], str) else statement["Action"])}
    admin = iam.get_role(RoleName="admin")["Role"]
    assert ("iam:PassRole", admin["Arn"]) in actions and ("ec2:RunInstances", "*") in actions
    profiles = iam.list_instance_profiles_for_role(RoleName="admin")["InstanceProfiles"]
    assert [p["InstanceProfileName"] for p in profiles] == ["admin"]


def test_second_account_resources_are_seen_only_with_its_credentials(endpoint, seeded):
    other = seed_second_account(endpoint, account="333344445555")  # not test_live's account: no clash
    (vpc_id,) = other.ids("ec2:vpc")
    assert other.account == "333344445555"
    sts = _client(endpoint, "sts")
    assumed = sts.assume_role(RoleArn="arn:aws:iam::333344445555:role/auditor", RoleSessionName="test")["Credentials"]
    as_other = boto3.client("ec2", region_name="us-east-1", endpoint_url=endpoint,
                            aws_access_key_id=assumed["AccessKeyId"], aws_secret_access_key=assumed["SecretAccessKey"],
                            aws_session_token=assumed["SessionToken"])
    assert vpc_id in {v["VpcId"] for v in as_other.describe_vpcs()["Vpcs"]}
    assert vpc_id not in {v["VpcId"] for v in _client(endpoint, "ec2").describe_vpcs()["Vpcs"]}


def test_seeding_another_fresh_server_gives_the_same_counts_per_kind(seeding_elsewhere, seeded):
    stdout, stderr = seeding_elsewhere.communicate(timeout=120)
    assert seeding_elsewhere.returncode == 0, stderr
    elsewhere = json.loads(stdout)
    assert elsewhere["counts"] == seeded.counts()
    assert elsewhere["edges"] == dict(Counter(e.relation for e in seeded.edges))


def test_data_services_live_in_the_home_region_with_their_deliberate_faults(endpoint, seeded):
    home = DEMO_REGIONS[0]
    data_kinds = ("dynamodb:table", "elasticache:replication-group", "rds:db-cluster", "backup:plan",
                  "acm:certificate", "secretsmanager:secret")
    assert {r.region for r in seeded.resources if r.kind in data_kinds} == {home}
    dynamodb = _client(endpoint, "dynamodb", home)
    recovery = {table: dynamodb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
                ["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] for table in ("orders", "sessions")}
    assert recovery == {"orders": "ENABLED", "sessions": "DISABLED"}
    secrets = {s["Name"]: s for s in _client(endpoint, "secretsmanager", home).list_secrets()["SecretList"]}
    assert secrets["prod/orders/db"].get("LastRotatedDate") and not secrets["prod/legacy/api-key"].get("LastRotatedDate")
    members = _client(endpoint, "rds", home).describe_db_clusters(DBClusterIdentifier="acme-catalog")["DBClusters"][0]
    assert sorted((m["DBInstanceIdentifier"], m["IsClusterWriter"]) for m in members["DBClusterMembers"]) == [
        ("acme-catalog-1", True), ("acme-catalog-2", False)]
