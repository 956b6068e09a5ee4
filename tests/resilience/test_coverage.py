"""Coverage (issue 17 §3): which finite resources an alarm watches, how old each data store's
last backup was at the crawl, and what depends on a key that is disabled or pending deletion;
on records shaped like DescribeAlarms, DescribeSnapshots, ListProtectedResources and DescribeKey."""

from __future__ import annotations

from awsx.core.graph import Estate, EstateInfo
from awsx.core.model import Resource
from awsx.resilience.coverage import coverage

ACCOUNT = "111122223333"
CRAWLED = "2025-03-10T12:00:00Z"


def _r(kind: str, rid: str, data: dict, arn: str | None = None, region: str = "us-east-1") -> Resource:
    service, rtype = kind.split(":")
    return Resource(arn or f"arn:aws:{service}:{region}:{ACCOUNT}:{rtype}/{rid}", kind, rid, rid, ACCOUNT, region, {},
                    data)


def _estate(*resources: Resource) -> Estate:
    return Estate(resources, info=EstateInfo(source="memory", crawled_at=CRAWLED))


def _alarm(name: str, namespace: str, metric: str, dimension: str, value: str, region: str = "us-east-1") -> Resource:
    return _r("cloudwatch:alarm", name, {"AlarmName": name, "Namespace": namespace, "MetricName": metric,
                                         "Dimensions": [{"Name": dimension, "Value": value}], "StateValue": "OK"},
              region=region)


def test_a_burstable_instance_is_watched_only_by_an_alarm_on_its_cpu_credits():
    burstable = _r("ec2:instance", "i-1", {"InstanceType": "t3.micro"})
    steady = _r("ec2:instance", "i-2", {"InstanceType": "m5.large"})
    cpu = _alarm("cpu-high", "AWS/EC2", "CPUUtilization", "InstanceId", "i-1")
    rows = {a.arn: a for a in coverage(_estate(burstable, steady, cpu)).alarms}
    assert steady.arn not in rows  # no credits to run out of
    assert rows[burstable.arn].metric == "AWS/EC2 CPUCreditBalance" and not rows[burstable.arn].watched
    credits = _alarm("credits-low", "AWS/EC2", "CPUCreditBalance", "InstanceId", "i-1")
    assert coverage(_estate(burstable, credits)).alarms[0].alarm == credits.arn


def test_an_alarm_in_another_region_does_not_watch_and_metric_math_does():
    volume = _r("ec2:volume", "vol-1", {"VolumeType": "gp2"})
    elsewhere = _alarm("burst", "AWS/EBS", "BurstBalance", "VolumeId", "vol-1", region="eu-west-1")
    assert not coverage(_estate(volume, elsewhere)).alarms[0].watched
    math = _r("cloudwatch:alarm", "burst-math", {"AlarmName": "burst-math", "Metrics": [
        {"Id": "e1", "Expression": "100 - m1"},
        {"Id": "m1", "MetricStat": {"Metric": {"Namespace": "AWS/EBS", "MetricName": "BurstBalance",
                                               "Dimensions": [{"Name": "VolumeId", "Value": "vol-1"}]}}}]})
    assert coverage(_estate(volume, math)).alarms[0].alarm == math.arn
    gp3 = _r("ec2:volume", "vol-2", {"VolumeType": "gp3"})
    assert coverage(_estate(gp3)).alarms == ()  # gp3 has no burst bucket


def test_a_load_balancer_is_named_by_its_arn_suffix():
    arn = f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:loadbalancer/app/web/50dc6c495c0c9188"
    balancer = _r("elbv2:load-balancer", "web", {"Type": "application"}, arn=arn)
    alarm = _alarm("unhealthy", "AWS/ApplicationELB", "UnHealthyHostCount", "LoadBalancer", "app/web/50dc6c495c0c9188")
    assert coverage(_estate(balancer, alarm)).alarms[0].watched


def test_backups_age_at_the_crawl_from_snapshots_automated_backups_and_aws_backup():
    volume = _r("ec2:volume", "vol-1", {})
    snapshots = [_r("ec2:snapshot", f"snap-{n}", {"VolumeId": "vol-1", "StartTime": when, "State": "completed"})
                 for n, when in ((1, "2025-03-01T00:00:00Z"), (2, "2025-02-01T00:00:00Z"))]
    db = _r("rds:db-instance", "orders", {"BackupRetentionPeriod": 7, "LatestRestorableTime": "2025-03-10T11:55:00Z"})
    never = _r("ec2:volume", "vol-2", {})
    protected = _r("backup:protected-resource", "p-1", {"ResourceArn": never.arn, "LastBackupTime": "2025-01-09T12:00:00Z"})
    backups = coverage(_estate(volume, *snapshots, db, never, protected)).backups
    assert [b.arn for b in backups] == [never.arn, volume.arn, db.arn]  # the oldest first
    rows = {b.arn: b for b in backups}
    assert (rows[volume.arn].age_days, rows[volume.arn].basis, rows[volume.arn].protected) == (9, "EBS snapshot snap-1", False)
    assert (rows[db.arn].age_days, rows[db.arn].basis) == (0, "automated backups (point in time)")
    assert (rows[never.arn].age_days, rows[never.arn].basis, rows[never.arn].protected) == (60, "AWS Backup", True)


def test_an_unbacked_store_says_so_and_s3_versioning_is_named_as_weaker():
    bare = _r("ec2:volume", "vol-1", {})
    bucket = _r("s3:bucket", "logs", {"Versioning": {"Status": "Enabled"}}, arn="arn:aws:s3:::logs")
    rows = {b.arn: b for b in coverage(_estate(bare, bucket)).backups}
    assert rows[bare.arn].to_json() == {"arn": bare.arn, "kind": "ec2:volume", "protected": False, "last_backup": None,
                                        "age_days": None, "basis": ""}
    assert rows[bucket.arn].basis.startswith("versioning only")


def test_a_key_pending_deletion_lists_what_depends_on_it():
    key = _r("kms:key", "1234abcd", {"KeyMetadata": {"KeyState": "PendingDeletion"}})
    fine = _r("kms:key", "5678efgh", {"KeyMetadata": {"KeyState": "Enabled"}})
    volume = _r("ec2:volume", "vol-1", {"KmsKeyId": key.arn})
    by_id = _r("rds:db-instance", "orders", {"KmsKeyId": "1234abcd"})
    bucket = _r("s3:bucket", "logs", {"Encryption": {"Rules": [{"ApplyServerSideEncryptionByDefault": {
        "SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key.arn}}]}}, arn="arn:aws:s3:::logs")
    other = _r("ec2:volume", "vol-2", {"KmsKeyId": fine.arn})
    keys = coverage(_estate(key, fine, volume, by_id, bucket, other)).keys
    assert [k.to_json() for k in keys] == [{"arn": key.arn, "state": "PendingDeletion",
                                            "dependents": [volume.arn, by_id.arn, bucket.arn]}]


def test_without_alarm_records_the_answer_says_alarms_were_not_read():
    answer = coverage(_estate(_r("ec2:nat-gateway", "nat-1", {})))
    assert answer.alarms_read is False and answer.to_json()["alarms"][0]["watched"] is False
