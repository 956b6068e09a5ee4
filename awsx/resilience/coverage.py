"""What nobody is watching (issue 17 §3): finite resources x whether an alarm watches the metric
that runs out; data stores x their last backup and whether AWS Backup protects them; KMS keys
that are disabled or pending deletion x everything that depends on them.

The metrics are the ones AWS documents as the limit of each resource: CPU credits of burstable
instances (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/burstable-performance-instances-
monitoring-cpu-credits.html), the burst bucket of gp2 / st1 / sc1 volumes (BurstBalance,
https://docs.aws.amazon.com/ebs/latest/userguide/using_cloudwatch_ebs.html), RDS storage, CPU and
connections, NAT gateway port allocation errors (ErrorPortAllocation), Lambda throttles and load
balancers' unhealthy hosts. An alarm watches a resource when its metric (or one metric of its
metric-math expression) has that namespace, name and the resource's dimension value.

Ages are measured against the estate's crawl time (never the wall clock): a snapshot reviewed a
month later says how old the last backup was when it was crawled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable, Iterator, Mapping

from awsx.core.age import parse_crawl_time
from awsx.core.graph import Estate
from awsx.core.model import Resource

BURSTABLE_FAMILIES = ("t2.", "t3.", "t3a.", "t4g.")
BURST_BUCKET_VOLUMES = ("gp2", "st1", "sc1")
UNUSABLE_KEY_STATES = ("PendingDeletion", "Disabled", "PendingReplicaDeletion", "Unavailable")


@dataclass(frozen=True, slots=True)
class Watch:
    """A metric that runs out, for a kind: namespace, name, the dimension that names the
    resource, how to read that dimension's value from the record, and which records have it."""

    kind: str
    namespace: str
    metric: str
    dimension: str
    value: Callable[[Resource], str]
    applies: Callable[[Resource], bool] = lambda _resource: True


def _id(resource: Resource) -> str:
    return resource.id


def _load_balancer_dimension(resource: Resource) -> str:
    """CloudWatch's LoadBalancer dimension is the ARN's suffix: ``app/NAME/ID`` (``net/...``)."""
    return resource.arn.split(":loadbalancer/", 1)[-1]


WATCHES: tuple[Watch, ...] = (
    Watch("ec2:instance", "AWS/EC2", "CPUCreditBalance", "InstanceId", _id,
          lambda r: str(r.data.get("InstanceType", "")).startswith(BURSTABLE_FAMILIES)),
    Watch("ec2:volume", "AWS/EBS", "BurstBalance", "VolumeId", _id,
          lambda r: r.data.get("VolumeType") in BURST_BUCKET_VOLUMES),
    Watch("rds:db-instance", "AWS/RDS", "FreeStorageSpace", "DBInstanceIdentifier", _id),
    Watch("rds:db-instance", "AWS/RDS", "CPUUtilization", "DBInstanceIdentifier", _id),
    Watch("rds:db-instance", "AWS/RDS", "DatabaseConnections", "DBInstanceIdentifier", _id),
    Watch("ec2:nat-gateway", "AWS/NATGateway", "ErrorPortAllocation", "NatGatewayId", _id),
    Watch("lambda:function", "AWS/Lambda", "Throttles", "FunctionName", _id),
    Watch("elbv2:load-balancer", "AWS/ApplicationELB", "UnHealthyHostCount", "LoadBalancer", _load_balancer_dimension,
          lambda r: r.data.get("Type") == "application"),
    Watch("elbv2:load-balancer", "AWS/NetworkELB", "UnHealthyHostCount", "LoadBalancer", _load_balancer_dimension,
          lambda r: r.data.get("Type") == "network"),
)


@dataclass(frozen=True, slots=True)
class AlarmCoverage:
    arn: str
    kind: str
    metric: str
    alarm: str | None

    @property
    def watched(self) -> bool:
        return self.alarm is not None

    def to_json(self) -> dict[str, Any]:
        return {"arn": self.arn, "kind": self.kind, "metric": self.metric, "watched": self.watched,
                "alarm": self.alarm}


@dataclass(frozen=True, slots=True)
class BackupCoverage:
    """``last_backup`` is the newest of the resource's own backups (snapshots, automated backups,
    point-in-time recovery) and AWS Backup's; ``basis`` says which one it is."""

    arn: str
    kind: str
    protected: bool
    last_backup: str | None
    age_days: int | None
    basis: str

    def to_json(self) -> dict[str, Any]:
        return {"arn": self.arn, "kind": self.kind, "protected": self.protected, "last_backup": self.last_backup,
                "age_days": self.age_days, "basis": self.basis}


@dataclass(frozen=True, slots=True)
class KeyCoverage:
    arn: str
    state: str
    dependents: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"arn": self.arn, "state": self.state, "dependents": list(self.dependents)}


@dataclass(frozen=True, slots=True)
class Coverage:
    """``awsx coverage --json``. ``alarms_read`` is False when the estate holds no alarm records
    (not crawled, or none exist): every row then reads unwatched, which the view says."""

    alarms: tuple[AlarmCoverage, ...]
    backups: tuple[BackupCoverage, ...]
    keys: tuple[KeyCoverage, ...]
    alarms_read: bool

    def to_json(self) -> dict[str, Any]:
        return {"alarms": [a.to_json() for a in self.alarms], "backups": [b.to_json() for b in self.backups],
                "keys": [k.to_json() for k in self.keys], "alarms_read": self.alarms_read}


def coverage(estate: Estate) -> Coverage:
    """Worst first in each list: unwatched before watched; never backed up, then the oldest."""
    alarms = list(estate.resources("cloudwatch:alarm"))
    watched = sorted(_alarm_rows(estate, alarms), key=lambda a: a.watched)
    backups = sorted(_backup_rows(estate), key=lambda b: (b.last_backup is not None, -(b.age_days or 0)))
    return Coverage(tuple(watched), tuple(backups), tuple(_key_rows(estate)), bool(alarms))


# --- alarms -----------------------------------------------------------------------------------
def _metrics_of(alarm: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(namespace, metric, dimensions) of a metric alarm, and of each metric of its math."""
    if alarm.get("MetricName"):
        yield (str(alarm.get("Namespace", "")), str(alarm["MetricName"]),
               {d.get("Name", ""): d.get("Value", "") for d in alarm.get("Dimensions") or ()})
    for query in alarm.get("Metrics") or ():
        metric = (query.get("MetricStat") or {}).get("Metric") or {}
        if metric.get("MetricName"):
            yield (str(metric.get("Namespace", "")), str(metric["MetricName"]),
                   {d.get("Name", ""): d.get("Value", "") for d in metric.get("Dimensions") or ()})


def _alarm_rows(estate: Estate, alarms: list[Resource]) -> Iterator[AlarmCoverage]:
    watching: dict[tuple[str, str, str, str, str, str], str] = {}
    for alarm in alarms:
        for namespace, metric, dimensions in _metrics_of(alarm.data):
            for name, value in dimensions.items():
                watching.setdefault((alarm.account, alarm.region, namespace, metric, name, value), alarm.arn)
    for watch in WATCHES:
        for resource in estate.resources(watch.kind):
            if watch.applies(resource):
                key = (resource.account, resource.region, watch.namespace, watch.metric, watch.dimension,
                       watch.value(resource))
                yield AlarmCoverage(resource.arn, resource.kind, f"{watch.namespace} {watch.metric}", watching.get(key))


# --- backups ----------------------------------------------------------------------------------
def _when(text: Any) -> datetime | None:
    return parse_crawl_time(str(text)) if text else None


def _own_backups(estate: Estate) -> dict[str, tuple[datetime, str]]:
    """The newest backup each data store keeps itself, by ARN, with its basis."""
    newest: dict[str, tuple[datetime, str]] = {}

    def offer(arn: str, when: datetime | None, basis: str) -> None:
        if when and (arn not in newest or when > newest[arn][0]):
            newest[arn] = (when, basis)

    volumes = {(v.account, v.region, v.id): v.arn for v in estate.resources("ec2:volume")}
    for snapshot in estate.resources("ec2:snapshot"):
        arn = volumes.get((snapshot.account, snapshot.region, snapshot.data.get("VolumeId")))
        if arn and snapshot.data.get("State", "completed") == "completed":
            offer(arn, _when(snapshot.data.get("StartTime")), f"EBS snapshot {snapshot.id}")
    for kind in ("rds:db-instance", "rds:db-cluster"):
        for db in estate.resources(kind):
            if int(db.data.get("BackupRetentionPeriod") or 0) > 0:
                offer(db.arn, _when(db.data.get("LatestRestorableTime")), "automated backups (point in time)")
    for table in estate.resources("dynamodb:table"):
        recovery = ((table.data.get("ContinuousBackups") or {}).get("PointInTimeRecoveryDescription") or {})
        if recovery.get("PointInTimeRecoveryStatus") == "ENABLED":
            offer(table.arn, _when(recovery.get("LatestRestorableDateTime")), "point-in-time recovery")
    return newest


def _backup_rows(estate: Estate) -> Iterator[BackupCoverage]:
    crawled = parse_crawl_time(estate.info.crawled_at)
    protected = {r.data.get("ResourceArn"): _when(r.data.get("LastBackupTime"))
                 for r in estate.resources("backup:protected-resource")}
    own = _own_backups(estate)
    for kind in ("ec2:volume", "rds:db-instance", "rds:db-cluster", "efs:file-system", "dynamodb:table", "s3:bucket"):
        for resource in estate.resources(kind):
            if kind == "rds:db-instance" and resource.data.get("DBClusterIdentifier"):
                continue  # an Aurora member is backed up as its cluster
            candidates = [own[resource.arn]] if resource.arn in own else []
            if protected.get(resource.arn):
                candidates.append((protected[resource.arn], "AWS Backup"))
            basis = ""
            if kind == "s3:bucket" and (resource.data.get("Versioning") or {}).get("Status") == "Enabled":
                basis = "versioning only (a weaker form: same bucket, same Region)"
            when, basis = max(candidates) if candidates else (None, basis)
            age = (crawled - when).days if when and crawled else None
            yield BackupCoverage(resource.arn, kind, resource.arn in protected, when.isoformat() if when else None,
                                 age, basis)


# --- keys -------------------------------------------------------------------------------------
_KEY_FIELDS = ("KmsKeyId", "KMSMasterKeyArn", "KmsMasterKeyId", "KMSKeyId", "KmsKeyArn")


def _key_refs(data: Mapping[str, Any]) -> Iterator[str]:
    for field in _KEY_FIELDS:
        if isinstance(data.get(field), str):
            yield data[field]
    for nested in ("SSEDescription", "EncryptionConfiguration"):
        if isinstance(data.get(nested), Mapping):
            yield from _key_refs(data[nested])
    for rule in ((data.get("Encryption") or {}).get("Rules") or ()):  # S3 default encryption
        default = rule.get("ApplyServerSideEncryptionByDefault") or {}
        if isinstance(default.get("KMSMasterKeyID"), str):
            yield default["KMSMasterKeyID"]


def _key_rows(estate: Estate) -> Iterator[KeyCoverage]:
    unusable: dict[str, tuple[Resource, str]] = {}
    for key in estate.resources("kms:key"):
        state = str((key.data.get("KeyMetadata") or {}).get("KeyState", ""))
        if state in UNUSABLE_KEY_STATES:
            for ref in (key.arn, key.id):
                unusable[ref] = (key, state)
    if not unusable:
        return
    dependents: dict[str, list[str]] = {}
    for resource in estate.resources():
        for ref in _key_refs(resource.data):
            found = unusable.get(ref) or unusable.get(ref.rsplit("/", 1)[-1])
            if found and resource.arn != found[0].arn:
                dependents.setdefault(found[0].arn, []).append(resource.arn)
    for arn, (key, state) in {k.arn: (k, s) for k, s in unusable.values()}.items():
        yield KeyCoverage(arn, state, tuple(dict.fromkeys(dependents.get(arn, ()))))
