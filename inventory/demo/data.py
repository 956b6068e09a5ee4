"""The demo's data and what talks to it: S3 buckets (with their CloudWatch sizes), the RDS
database, the EFS file system, and one of each resource policy awsx reads besides S3's (KMS,
SQS, SNS, a Lambda permission)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from .network import security_group
from .region import RegionSeeder
from .seeder import Seeder
from .shapes import name_tags, policy_doc, tcp


def seed_buckets(seeder: Seeder, regions: tuple[str, ...]) -> None:
    """Four buckets, each in its own region when it is seeded (else the first): one public by
    policy, three behind a public access block, and the sizes CloudWatch reports for them."""
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
        Bucket="acme-public-assets", Policy=policy_doc(public))
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


def seed_resource_policies(seeder: Seeder, home: RegionSeeder) -> None:
    """One of each resource policy awsx reads besides S3's: a KMS key whose policy delegates to
    IAM and names the app role, an SQS queue anyone may send to (a public-resource fault), an
    SNS topic open to ``{"AWS": "*"}`` but only from this account (not public), and a Lambda
    permission letting that topic invoke the orders worker."""
    account, region = seeder.account, home.name
    app_role = f"arn:aws:iam::{account}:role/app-role"
    key_policy = policy_doc({"Sid": "EnableIamPolicies", "Effect": "Allow",
                             "Principal": {"AWS": f"arn:aws:iam::{account}:root"},
                             "Action": "kms:*", "Resource": "*"},
                            {"Sid": "AppRoleUse", "Effect": "Allow", "Principal": {"AWS": app_role},
                             "Action": ["kms:Decrypt", "kms:GenerateDataKey"], "Resource": "*"})
    key = seeder.client("kms", region).create_key(Policy=key_policy, Description="acme prod data",
                                                  Tags=[{"TagKey": "env", "TagValue": "prod"}])["KeyMetadata"]["KeyId"]
    seeder.add("kms:key", key, region)
    sqs = seeder.client("sqs", region)
    queue = seeder.add("sqs:queue", "prod-orders-events", region)
    queue_arn = f"arn:aws:sqs:{region}:{account}:{queue}"
    sqs.create_queue(QueueName=queue, Attributes={"Policy": policy_doc(
        {"Sid": "AnyoneMaySend", "Effect": "Allow", "Principal": "*", "Action": "sqs:SendMessage",
         "Resource": queue_arn})})
    sns = seeder.client("sns", region)
    topic = sns.create_topic(Name="prod-alerts")["TopicArn"]
    seeder.add("sns:topic", "prod-alerts", region)
    sns.set_topic_attributes(TopicArn=topic, AttributeName="Policy", AttributeValue=policy_doc(
        {"Sid": "AccountPublish", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sns:Publish",
         "Resource": topic, "Condition": {"StringEquals": {"aws:SourceAccount": account}}}))
    seeder.client("lambda", region).add_permission(
        FunctionName=f"prod-{home.short}-orders-worker", StatementId="AlertsInvoke",
        Action="lambda:InvokeFunction", Principal="sns.amazonaws.com", SourceArn=topic)


def seed_database(region: RegionSeeder) -> None:
    """The orders database (postgres, encrypted, private) in the data subnets, behind db-sg."""
    rds = region.seeder.client("rds", region.name)
    subnet_group = region.add("rds:db-subnet-group", f"prod-{region.short}-data")
    rds.create_db_subnet_group(DBSubnetGroupName=subnet_group, DBSubnetGroupDescription="data tier",
                               SubnetIds=region.data)
    db = region.add("rds:db-instance", f"prod-{region.short}-orders-db")
    rds.create_db_instance(
        DBInstanceIdentifier=db, Engine="postgres", DBInstanceClass="db.t3.medium", AllocatedStorage=100,
        StorageType="gp3", StorageEncrypted=True, MasterUsername="orders", MasterUserPassword="demo-only-password",
        DBSubnetGroupName=subnet_group, VpcSecurityGroupIds=[region.groups["db-sg"]], PubliclyAccessible=False,
        Tags=name_tags(db, **region.tags))
    region.seeder.edge("rds:db-instance", db, "MEMBER_OF_SECURITY_GROUP", "ec2:security-group", region.groups["db-sg"])
    region.seeder.edge("rds:db-instance", db, "ASSOCIATED_WITH", "rds:db-subnet-group", subnet_group)


def seed_file_system(region: RegionSeeder) -> None:
    """A shared EFS file system (home region only) with a mount target in every app subnet,
    NFS open to the app tier only."""
    group = security_group(region, "efs-sg", "NFS from the app tier",
                           tcp(2049, UserIdGroupPairs=[{"GroupId": region.groups["app-sg"]}]))
    efs = region.seeder.client("efs", region.name)
    created = efs.create_file_system(CreationToken=f"prod-{region.short}-shared", PerformanceMode="generalPurpose",
                                     Encrypted=True, Tags=name_tags(f"prod-{region.short}-shared", **region.tags))
    file_system = region.add("efs:file-system", created["FileSystemId"])
    for subnet in region.app:  # one mount target per app subnet
        mount = efs.create_mount_target(FileSystemId=file_system, SubnetId=subnet, SecurityGroups=[group])
        region.add("efs:mount-target", mount["MountTargetId"])
        region.seeder.edge("efs:mount-target", mount["MountTargetId"], "ATTACHED_TO", "efs:file-system", file_system)
