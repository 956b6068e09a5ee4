"""The data kinds of issue #16 (DynamoDB, ElastiCache, Aurora, Backup, ACM, Secrets Manager):
each spec and its edges, from the smallest moto estate that shows them, seeded into an account
of its own. What moto 5.2.5 cannot answer (Backup protected resources, ElastiCache security
groups and replication-group members) is checked on the records AWS documents instead."""

from __future__ import annotations

import json

import pytest
from account_estate import OwnAccount

from awsx.core.model import Relation, Resource
from awsx.inventory.edges import assemble
from awsx.inventory.normalize import to_resource
from awsx.inventory.specs import SPECS
from awsx.store.snapshot import open_snapshot, write_snapshot

ACCOUNT = "416000000016"
REGION = "us-east-1"
PASSWORD = "demo-only-password"


def _seed(account: OwnAccount) -> dict[str, str]:
    """One of each data kind, wired to each other as on-call would see them."""
    ids: dict[str, str] = {}
    ec2 = account.client("ec2")
    vpc = ids["vpc"] = ec2.create_vpc(CidrBlock="10.60.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.60.{i}.0/24", AvailabilityZone=f"{REGION}{z}")
               ["Subnet"]["SubnetId"] for i, z in enumerate("ab")]
    ids["subnet"] = subnets[0]
    key = ids["key"] = account.client("kms").create_key(Description="data")["KeyMetadata"]["Arn"]

    dynamodb = account.client("dynamodb")
    schema = {"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
              "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}
    dynamodb.create_table(TableName="orders", BillingMode="PROVISIONED", **schema,
                          ProvisionedThroughput={"ReadCapacityUnits": 10, "WriteCapacityUnits": 5},
                          SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key},
                          StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
                          Tags=[{"Key": "team", "Value": "orders"}])
    dynamodb.update_continuous_backups(TableName="orders",
                                       PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    dynamodb.create_table(TableName="sessions", BillingMode="PAY_PER_REQUEST", **schema)

    elasticache = account.client("elasticache")
    elasticache.create_cache_subnet_group(CacheSubnetGroupName="cache-data", CacheSubnetGroupDescription="data",
                                          SubnetIds=subnets)
    elasticache.create_replication_group(ReplicationGroupId="sessions-redis", ReplicationGroupDescription="sessions",
                                         Engine="redis", CacheNodeType="cache.t3.small", NumCacheClusters=2,
                                         CacheSubnetGroupName="cache-data", AtRestEncryptionEnabled=True,
                                         Tags=[{"Key": "team", "Value": "sessions"}])
    elasticache.create_cache_cluster(CacheClusterId="catalog-memcached", Engine="memcached",
                                     CacheNodeType="cache.t3.micro", NumCacheNodes=2,
                                     CacheSubnetGroupName="cache-data")

    rds = account.client("rds")
    rds.create_db_cluster(DBClusterIdentifier="catalog", Engine="aurora-postgresql", MasterUsername="catalog",
                          MasterUserPassword=PASSWORD, StorageEncrypted=True)
    for member in ("catalog-1", "catalog-2"):
        rds.create_db_instance(DBInstanceIdentifier=member, DBClusterIdentifier="catalog",
                               Engine="aurora-postgresql", DBInstanceClass="db.r6g.large")
    rds.create_db_instance(DBInstanceIdentifier="billing", Engine="postgres", DBInstanceClass="db.t3.medium",
                           AllocatedStorage=20, MasterUsername="billing", MasterUserPassword=PASSWORD)
    rds.create_db_instance_read_replica(DBInstanceIdentifier="billing-replica", SourceDBInstanceIdentifier="billing")

    backup = account.client("backup")
    backup.create_backup_vault(BackupVaultName="data-vault", EncryptionKeyArn=key)
    ids["plan"] = backup.create_backup_plan(BackupPlan={"BackupPlanName": "daily", "Rules": [
        {"RuleName": "daily", "TargetBackupVaultName": "data-vault", "ScheduleExpression": "cron(0 5 * * ? *)"}]}
    )["BackupPlanId"]

    elbv2 = account.client("elbv2")
    lb = elbv2.create_load_balancer(Name="shop", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    group = elbv2.create_target_group(Name="shop", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0]
    certificate = ids["certificate"] = account.client("acm").request_certificate(
        DomainName="shop.example.org", SubjectAlternativeNames=["www.shop.example.org"])["CertificateArn"]
    ids["listener"] = elbv2.create_listener(
        LoadBalancerArn=lb, Protocol="HTTPS", Port=443, Certificates=[{"CertificateArn": certificate}],
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}])["Listeners"][0]["ListenerArn"]

    secrets = account.client("secretsmanager")
    secrets.create_secret(Name="prod/billing/db", SecretString=PASSWORD, KmsKeyId=key)
    secrets.put_resource_policy(SecretId="prod/billing/db", ResourcePolicy=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue",
                                                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                                                "Resource": "*"}]}))
    secrets.rotate_secret(SecretId="prod/billing/db", RotationRules={"AutomaticallyAfterDays": 30})
    secrets.create_secret(Name="prod/legacy/token", SecretString=PASSWORD)
    return ids


@pytest.fixture(scope="module")
def data_estate(moto_server):
    account = OwnAccount.assume(moto_server.endpoint, ACCOUNT, REGION)
    ids = _seed(account)
    return account.crawl(), ids


def _one(estate, kind: str, rid: str) -> Resource:
    (found,) = [r for r in estate.resources(kind) if r.id == rid]
    return found


def _targets(estate, resource: Resource, relation: Relation) -> set[str]:
    return {estate.resource(e.target).id for e in estate.out_edges(resource.arn) if e.relation is relation}


def test_dynamodb_tables_carry_billing_capacity_pitr_stream_key_and_tags(data_estate):
    estate, ids = data_estate
    orders, sessions = _one(estate, "dynamodb:table", "orders"), _one(estate, "dynamodb:table", "sessions")
    assert orders.arn == f"arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/orders"
    assert orders.data["Table"]["ProvisionedThroughput"]["ReadCapacityUnits"] == 10
    assert orders.data["Table"]["StreamSpecification"]["StreamViewType"] == "NEW_IMAGE"
    assert orders.data["ContinuousBackups"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"
    assert orders.tags == {"team": "orders"}
    assert sessions.data["Table"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert sessions.data["ContinuousBackups"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    assert _targets(estate, orders, Relation.ASSOCIATED_WITH) == {estate.resource(ids["key"]).id}


def test_elasticache_groups_clusters_and_subnet_groups_are_read_with_their_placement(data_estate):
    estate, ids = data_estate
    group = _one(estate, "elasticache:replication-group", "sessions-redis")
    assert group.data["Engine"] == "redis" and group.data["AtRestEncryptionEnabled"] is True
    cluster = _one(estate, "elasticache:cluster", "catalog-memcached")
    assert cluster.data["NumCacheNodes"] == 2 and group.tags == {"team": "sessions"}
    assert _targets(estate, cluster, Relation.ASSOCIATED_WITH) == {"cache-data"}
    subnet_group = _one(estate, "elasticache:subnet-group", "cache-data")
    assert _targets(estate, subnet_group, Relation.IN_VPC) == {ids["vpc"]}
    assert ids["subnet"] in _targets(estate, subnet_group, Relation.ASSOCIATED_WITH)


def test_aurora_members_point_at_their_cluster_with_the_writer_marked(data_estate):
    estate, _ = data_estate
    cluster = _one(estate, "rds:db-cluster", "catalog")
    members = {estate.resource(e.source).id: e.attrs.get("IsClusterWriter")
               for e in estate.in_edges(cluster.arn) if e.relation is Relation.IS_CLUSTER_MEMBER_OF}
    assert members == {"catalog-1": True, "catalog-2": False}


def test_a_read_replica_points_at_its_source_instance(data_estate):
    estate, _ = data_estate
    replica = _one(estate, "rds:db-instance", "billing-replica")
    assert _targets(estate, replica, Relation.IS_READ_REPLICA_OF) == {"billing"}


def test_backup_plans_read_their_rules_and_point_at_their_vault(data_estate):
    estate, ids = data_estate
    plan = _one(estate, "backup:plan", ids["plan"])
    assert plan.name == "daily"
    assert plan.data["BackupPlan"]["Rules"][0]["ScheduleExpression"] == "cron(0 5 * * ? *)"
    assert _targets(estate, plan, Relation.ASSOCIATED_WITH) == {"data-vault"}
    vault = _one(estate, "backup:vault", "data-vault")
    assert _targets(estate, vault, Relation.ASSOCIATED_WITH) == {estate.resource(ids["key"]).id}


def test_a_certificate_has_its_names_status_expiry_and_is_used_by_its_listener(data_estate):
    estate, ids = data_estate
    (certificate,) = estate.resources("acm:certificate")
    assert certificate.arn == ids["certificate"] and certificate.name == "shop.example.org"
    assert certificate.data["Status"] and certificate.data["NotAfter"]
    assert "www.shop.example.org" in certificate.data["Certificate"]["SubjectAlternativeNames"]
    used_by = [e.target for e in estate.out_edges(certificate.arn) if e.relation is Relation.USED_BY]
    assert used_by == [ids["listener"]]


def test_secrets_hold_rotation_key_and_policy_but_never_the_value(data_estate):
    estate, ids = data_estate
    rotated, legacy = _one(estate, "secretsmanager:secret", "prod/billing/db"), _one(
        estate, "secretsmanager:secret", "prod/legacy/token")
    assert rotated.data["RotationEnabled"] is True and rotated.data["LastRotatedDate"]
    assert rotated.data["Policy"]["Statement"][0]["Action"] == "secretsmanager:GetSecretValue"
    assert _targets(estate, rotated, Relation.ASSOCIATED_WITH) == {estate.resource(ids["key"]).id}
    assert "LastRotatedDate" not in legacy.data and legacy.data.get("Policy") is None
    assert PASSWORD not in json.dumps([r.data for r in estate.resources()])


def _spec(kind: str):
    return next(spec for spec in SPECS if spec.kind == kind)


def _record(kind: str, record: dict) -> Resource:
    return to_resource(_spec(kind), record, account=ACCOUNT, region=REGION, crawled_at="2026-11-30T12:00:00+00:00")


def test_a_protected_resource_points_at_what_it_protects_and_its_vault():
    """ListProtectedResources as the AWS Backup API reference shows it (moto 5.2.5 does not
    implement it): the volume's detail view reaches its last backup through this edge."""
    volume_arn = f"arn:aws:ec2:{REGION}:{ACCOUNT}:volume/vol-0123456789abcdef0"
    vault_arn = f"arn:aws:backup:{REGION}:{ACCOUNT}:backup-vault:data-vault"
    volume = Resource(arn=volume_arn, kind="ec2:volume", id="vol-0123456789abcdef0", name="", account=ACCOUNT,
                      region=REGION)
    vault = _record("backup:vault", {"BackupVaultName": "data-vault", "BackupVaultArn": vault_arn})
    protected = _record("backup:protected-resource", {
        "ResourceArn": volume_arn, "ResourceType": "EBS", "ResourceName": "orders-data",
        "LastBackupTime": "2026-11-30T05:10:00+00:00", "LastBackupVaultArn": vault_arn})
    assert protected.arn != volume_arn and protected.name == "orders-data"
    _, edges, dangling = assemble([volume, vault, protected])
    assert {(e.relation, e.target) for e in edges if e.source == protected.arn} == {
        (Relation.PROTECTS, volume_arn), (Relation.ASSOCIATED_WITH, vault_arn)}
    assert dangling == []


def test_cache_clusters_point_at_their_replication_group_and_security_groups():
    """DescribeCacheClusters as AWS documents it: moto 5.2.5 lists neither a replication
    group's member clusters nor a cluster's SecurityGroups."""
    group = _record("elasticache:replication-group", {
        "ReplicationGroupId": "sessions-redis", "ARN": f"arn:aws:elasticache:{REGION}:{ACCOUNT}:replicationgroup:sessions-redis"})
    sg = Resource(arn=f"arn:aws:ec2:{REGION}:{ACCOUNT}:security-group/sg-1", kind="ec2:security-group", id="sg-1",
                  name="", account=ACCOUNT, region=REGION)
    member = _record("elasticache:cluster", {
        "CacheClusterId": "sessions-redis-001", "ARN": f"arn:aws:elasticache:{REGION}:{ACCOUNT}:cluster:sessions-redis-001",
        "ReplicationGroupId": "sessions-redis", "SecurityGroups": [{"SecurityGroupId": "sg-1", "Status": "active"}]})
    _, edges, _ = assemble([group, sg, member])
    assert {(e.relation, e.target) for e in edges if e.source == member.arn} == {
        (Relation.IS_CLUSTER_MEMBER_OF, group.arn), (Relation.MEMBER_OF_SECURITY_GROUP, sg.arn)}


def test_the_crawled_data_kinds_load_back_from_a_snapshot_with_their_typed_fields(data_estate, tmp_path):
    estate, _ = data_estate
    reopened = open_snapshot(write_snapshot(estate, tmp_path / "data.awsx"))
    kinds = ("dynamodb:table", "elasticache:cluster", "elasticache:replication-group", "acm:certificate",
             "secretsmanager:secret", "rds:db-cluster", "backup:plan")
    for kind in kinds:
        assert {r.arn: r.data for r in reopened.resources(kind)} == {r.arn: r.data for r in estate.resources(kind)}
        assert any(True for _ in reopened.resources(kind)), kind


def test_a_cross_region_read_replica_points_at_its_source_named_by_arn():
    source = _record("rds:db-instance", {"DBInstanceIdentifier": "billing",
                                         "DBInstanceArn": f"arn:aws:rds:{REGION}:{ACCOUNT}:db:billing"})
    replica = to_resource(_spec("rds:db-instance"), {
        "DBInstanceIdentifier": "billing-eu", "DBInstanceArn": f"arn:aws:rds:eu-west-1:{ACCOUNT}:db:billing-eu",
        "ReadReplicaSourceDBInstanceIdentifier": source.arn}, account=ACCOUNT, region="eu-west-1", crawled_at="")
    _, edges, dangling = assemble([source, replica])
    assert [(e.source, e.relation, e.target) for e in edges] == [(replica.arn, Relation.IS_READ_REPLICA_OF, source.arn)]
    assert dangling == []
