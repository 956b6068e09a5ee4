"""The demo's data services (home region only): DynamoDB tables, the sessions Redis, the
catalogue's Aurora cluster, a backup plan and vault, the shop's certificate and two secrets.
They use the KMS key ``seed_resource_policies`` made, so they run after it.

Their faults are on purpose: ``sessions`` has no point-in-time recovery and
``prod/legacy/api-key`` was never rotated. The certificate is in use by nothing: the ALB has
no HTTPS listener on purpose (reach's demo tests rely on 443 having none). Secret values are
seeded, never read back.
"""

from __future__ import annotations

from .region import RegionSeeder
from .shapes import name_tags, policy_doc

ROTATED_SECRET, LEGACY_SECRET = "prod/orders/db", "prod/legacy/api-key"


def seed_data_services(home: RegionSeeder) -> None:
    key = _data_key(home)
    for step in (seed_tables, seed_cache, seed_aurora, seed_backup, seed_secrets):
        step(home, key)
    seed_certificate(home)


def _data_key(home: RegionSeeder) -> str:
    """The ARN of the home region's KMS key (the demo has exactly one)."""
    seeder = home.seeder
    (key,) = [r.id for r in seeder.estate.resources if r.kind == "kms:key" and r.region == home.name]
    return f"arn:aws:kms:{home.name}:{seeder.account}:key/{key}"


def _uses_key(home: RegionSeeder, kind: str, resource_id: str, key: str) -> None:
    """Record that the resource is encrypted with the data key (the edge targets its key id)."""
    home.seeder.edge(kind, resource_id, "ASSOCIATED_WITH", "kms:key", key.rsplit("/", 1)[-1])


def seed_tables(home: RegionSeeder, key: str) -> None:
    """``orders``: provisioned, encrypted with the data key, a stream, PITR on. ``sessions``:
    on-demand, PITR off (a pulse fault)."""
    dynamodb = home.seeder.client("dynamodb", home.name)
    schema = {"KeySchema": [{"AttributeName": "id", "KeyType": "HASH"}],
              "AttributeDefinitions": [{"AttributeName": "id", "AttributeType": "S"}]}
    tags = [{"Key": k, "Value": v} for k, v in {**home.tags, "team": "orders"}.items()]
    orders = home.add("dynamodb:table", "orders")
    dynamodb.create_table(TableName=orders, BillingMode="PROVISIONED", **schema,
                          ProvisionedThroughput={"ReadCapacityUnits": 20, "WriteCapacityUnits": 10},
                          SSESpecification={"Enabled": True, "SSEType": "KMS", "KMSMasterKeyId": key},
                          StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                          Tags=tags)
    dynamodb.update_continuous_backups(TableName=orders,
                                       PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    _uses_key(home, "dynamodb:table", orders, key)
    sessions = home.add("dynamodb:table", "sessions")
    dynamodb.create_table(TableName=sessions, BillingMode="PAY_PER_REQUEST", **schema, Tags=tags)


def seed_cache(home: RegionSeeder, key: str) -> None:
    """The sessions Redis (a replication group of two nodes) and the catalogue's memcached, in
    the data subnets."""
    elasticache = home.seeder.client("elasticache", home.name)
    subnet_group = home.add("elasticache:subnet-group", f"prod-{home.short}-cache")
    elasticache.create_cache_subnet_group(CacheSubnetGroupName=subnet_group, SubnetIds=home.data,
                                          CacheSubnetGroupDescription="data tier caches")
    for subnet in home.data:
        home.seeder.edge("elasticache:subnet-group", subnet_group, "ASSOCIATED_WITH", "ec2:subnet", subnet)
    home.seeder.edge("elasticache:subnet-group", subnet_group, "IN_VPC", "ec2:vpc", home.vpc)
    group = home.add("elasticache:replication-group", "acme-sessions")
    elasticache.create_replication_group(
        ReplicationGroupId=group, ReplicationGroupDescription="web sessions", Engine="redis",
        CacheNodeType="cache.t4g.small", NumCacheClusters=2, CacheSubnetGroupName=subnet_group,
        AutomaticFailoverEnabled=True, MultiAZEnabled=True, AtRestEncryptionEnabled=True,
        TransitEncryptionEnabled=True, KmsKeyId=key, Tags=name_tags(group, **home.tags))
    _uses_key(home, "elasticache:replication-group", group, key)
    cluster = home.add("elasticache:cluster", "acme-catalog-cache")
    elasticache.create_cache_cluster(CacheClusterId=cluster, Engine="memcached", CacheNodeType="cache.t3.micro",
                                     NumCacheNodes=2, CacheSubnetGroupName=subnet_group,
                                     Tags=name_tags(cluster, **home.tags))
    home.seeder.edge("elasticache:cluster", cluster, "ASSOCIATED_WITH", "elasticache:subnet-group", subnet_group)


def seed_aurora(home: RegionSeeder, key: str) -> None:
    """The catalogue's Aurora PostgreSQL cluster in the data subnets behind db-sg: a writer
    and a reader."""
    rds = home.seeder.client("rds", home.name)
    cluster = home.add("rds:db-cluster", "acme-catalog")
    rds.create_db_cluster(DBClusterIdentifier=cluster, Engine="aurora-postgresql", MasterUsername="catalog",
                          MasterUserPassword="demo-only-password", StorageEncrypted=True, KmsKeyId=key,
                          DBSubnetGroupName=f"prod-{home.short}-data", VpcSecurityGroupIds=[home.groups["db-sg"]],
                          Tags=name_tags(cluster, **home.tags))
    home.seeder.edge("rds:db-cluster", cluster, "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", home.groups["db-sg"])
    home.seeder.edge("rds:db-cluster", cluster, "ASSOCIATED_WITH", "rds:db-subnet-group", f"prod-{home.short}-data")
    _uses_key(home, "rds:db-cluster", cluster, key)
    for member in (f"{cluster}-1", f"{cluster}-2"):  # the first one created is the writer
        home.add("rds:db-instance", member)
        rds.create_db_instance(DBInstanceIdentifier=member, DBClusterIdentifier=cluster, Engine="aurora-postgresql",
                               DBInstanceClass="db.r6g.large", Tags=name_tags(member, **home.tags))
        home.seeder.edge("rds:db-instance", member, "IS_CLUSTER_MEMBER_OF", "rds:db-cluster", cluster)


def seed_backup(home: RegionSeeder, key: str) -> None:
    """A daily plan into the prod vault (encrypted with the data key), 35 days' retention."""
    backup = home.seeder.client("backup", home.name)
    vault = home.add("backup:vault", "acme-prod-vault")
    backup.create_backup_vault(BackupVaultName=vault, EncryptionKeyArn=key)
    _uses_key(home, "backup:vault", vault, key)
    plan = backup.create_backup_plan(BackupPlan={"BackupPlanName": "acme-daily", "Rules": [
        {"RuleName": "daily-35d", "TargetBackupVaultName": vault, "ScheduleExpression": "cron(0 5 * * ? *)",
         "Lifecycle": {"DeleteAfterDays": 35}}]})["BackupPlanId"]
    home.add("backup:plan", plan)
    home.seeder.edge("backup:plan", plan, "ASSOCIATED_WITH", "backup:vault", vault)


def seed_certificate(home: RegionSeeder) -> None:
    """The shop's certificate, requested with DNS validation (moto leaves it pending)."""
    acm = home.seeder.client("acm", home.name)
    arn = acm.request_certificate(DomainName="shop.acme.example", ValidationMethod="DNS",
                                  SubjectAlternativeNames=["shop.acme.example", "www.shop.acme.example"],
                                  Tags=[{"Key": k, "Value": v} for k, v in home.tags.items()])["CertificateArn"]
    home.add("acm:certificate", arn.rsplit("/", 1)[-1])


def seed_secrets(home: RegionSeeder, key: str) -> None:
    """The orders database credentials (the data key, readable by the app role, rotated every
    30 days) and a legacy API key nobody ever rotated."""
    secrets = home.seeder.client("secretsmanager", home.name)
    account = home.seeder.account
    rotated = home.add("secretsmanager:secret", ROTATED_SECRET)
    secrets.create_secret(Name=rotated, SecretString='{"username": "orders", "password": "demo-only-password"}',
                          KmsKeyId=key, Tags=[{"Key": k, "Value": v} for k, v in home.tags.items()])
    secrets.put_resource_policy(SecretId=rotated, ResourcePolicy=policy_doc(
        {"Sid": "AppReads", "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:role/app-role"},
         "Action": "secretsmanager:GetSecretValue", "Resource": "*"}))
    secrets.rotate_secret(SecretId=rotated, RotationRules={"AutomaticallyAfterDays": 30})
    _uses_key(home, "secretsmanager:secret", rotated, key)
    home.add("secretsmanager:secret", LEGACY_SECRET)
    secrets.create_secret(Name=LEGACY_SECRET, SecretString="demo-only-api-key")
