"""One pure estimator per kind: (resource, view, table) -> Estimate of the monthly list price,
on-demand, 730 hours a month, with the arithmetic as the basis (costs.md §2).

Public IPv4 ($0.005/h since 2024-02-01) is billed exactly once: Elastic IPs on their
``ec2:elastic-ip`` item (associated or not, NAT gateways' too), auto-assigned addresses on the
instance, load balancer addresses on the load balancer. Usage (GB processed, LCUs, requests)
is not crawled, so those estimates are the fixed part and say so.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from awsx.core.model import Resource

from .bill import Bill, Estimate, sized_price
from .containers import CONTAINER_ESTIMATORS
from .data_estimators import aurora_instance, cache_cluster, db_cluster, dynamodb_table, replication_group, secret
from .relations import EstateView
from .table import PriceTable

GIB = 1024**3
IPV4_IN_USE = "vpc/public-ipv4/in-use"
IPV4_IDLE = "vpc/public-ipv4/idle"

# gp3 includes 3,000 IOPS and 125 MB/s (costs.md §2, EBS).
GP3_BASE_IOPS = 3000
GP3_BASE_THROUGHPUT = 125


def instance(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    bill = Bill(table, resource.region)
    state = (resource.data.get("State") or {}).get("Name", "")
    instance_type = str(resource.data.get("InstanceType") or "")
    if state in ("stopped", "stopping", "terminated", "shutting-down"):
        bill.note(f"{state}: no instance-hour charge (its volumes and Elastic IPs are billed on their own items)")
        return bill.estimate(resource.arn, resource.kind)
    family, _, size = instance_type.partition(".")
    price = sized_price(table, "ec2/instance", family, size, "", resource.region)
    bill.charge(f"ec2/instance/{instance_type}", bill.hours, f"{instance_type} {bill.hours:g} h", price)
    if resource.data.get("Platform") or "windows" in str(resource.data.get("PlatformDetails", "")).lower():
        bill.note("Linux price: the Windows licence is not included", approximate=True)
    ips = view.auto_assigned_ipv4s(resource)
    if ips:
        bill.charge(IPV4_IN_USE, len(ips) * bill.hours, f"{len(ips)} public IPv4 × {bill.hours:g} h")
    return bill.estimate(resource.arn, resource.kind)


def volume_bill(bill: Bill, volume_type: str, size: float, iops: float, throughput: float) -> Bill:
    """Charges of an EBS volume of this shape (also used to price a gp3 replacement)."""
    if volume_type == "gp3":
        bill.charge("ebs/gp3/storage", size, f"{size:g} GB gp3")
        if iops > GP3_BASE_IOPS:
            bill.charge("ebs/gp3/iops", iops - GP3_BASE_IOPS, f"{iops - GP3_BASE_IOPS:g} IOPS above 3000")
        if throughput > GP3_BASE_THROUGHPUT:
            bill.charge("ebs/gp3/throughput", throughput - GP3_BASE_THROUGHPUT,
                        f"{throughput - GP3_BASE_THROUGHPUT:g} MB/s above 125")
    elif volume_type in ("io1", "io2"):
        bill.charge(f"ebs/{volume_type}/storage", size, f"{size:g} GB {volume_type}")
        tiers = [(iops, "")] if volume_type == "io1" else [
            (min(iops, 32000), ""), (min(max(iops - 32000, 0), 32000), "-tier2"), (max(iops - 64000, 0), "-tier3")]
        for count, tier in tiers:
            if count:
                bill.charge(f"ebs/{volume_type}/iops{tier}", count, f"{count:g} PIOPS")
    elif volume_type in ("gp2", "st1", "sc1", "standard"):
        bill.charge(f"ebs/{volume_type}/storage", size, f"{size:g} GB {volume_type}")
        if volume_type == "standard":
            bill.note("plus $0.05 per million I/O (I/O not crawled)")
    else:
        bill.unknown(f"volume type {volume_type or '?'}")
    return bill


def volume_shape(resource: Resource) -> tuple[str, float, float, float]:
    data = resource.data
    return (str(data.get("VolumeType") or ""), float(data.get("Size") or 0), float(data.get("Iops") or 0),
            float(data.get("Throughput") or 0))


def volume(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    bill = volume_bill(Bill(table, resource.region), *volume_shape(resource))
    return bill.estimate(resource.arn, resource.kind)


def snapshot(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    bill = Bill(table, resource.region)
    tier = "archive" if resource.data.get("StorageTier") == "archive" else "standard"
    size = float(resource.data.get("VolumeSize") or 0)
    bill.charge(f"ebs/snapshot/{tier}", size, f"{size:g} GB (source volume size)")
    bill.note("upper bound: snapshots are incremental, billed for changed blocks only", approximate=True)
    return bill.estimate(resource.arn, resource.kind)


def nat_gateway(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    bill = Bill(table, resource.region)
    state = resource.data.get("State", "available")
    if state in ("deleted", "deleting", "failed"):
        bill.note(f"{state}: not billed")
        return bill.estimate(resource.arn, resource.kind)
    bill.charge("nat/hour", bill.hours, f"{bill.hours:g} h")
    bill.note("plus $/GB processed (traffic not crawled); its Elastic IP is billed on the EIP item")
    return bill.estimate(resource.arn, resource.kind)


def elastic_ip(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    bill = Bill(table, resource.region)
    associated = bool(resource.data.get("AssociationId"))
    key, what = (IPV4_IN_USE, "in-use") if associated else (IPV4_IDLE, "idle")
    bill.charge(key, bill.hours, f"1 {what} public IPv4 × {bill.hours:g} h")
    return bill.estimate(resource.arn, resource.kind)


def public_ipv4s_of_load_balancer(resource: Resource) -> int:
    """Internet-facing load balancers hold a public IPv4 per AZ unless it is an Elastic IP."""
    if resource.data.get("Scheme") != "internet-facing":
        return 0
    count = 0
    for zone in resource.data.get("AvailabilityZones") or ():
        addresses = zone.get("LoadBalancerAddresses") or ()
        if not any(a.get("AllocationId") for a in addresses):
            count += 1
    return count


def load_balancer(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    bill = Bill(table, resource.region)
    lb_type = str(resource.data.get("Type") or "?")
    bill.charge(f"elb/{lb_type}/hour", bill.hours, f"{lb_type} LB {bill.hours:g} h")
    ips = public_ipv4s_of_load_balancer(resource)
    if ips:
        bill.charge(IPV4_IN_USE, ips * bill.hours, f"{ips} public IPv4 (1 per AZ) × {bill.hours:g} h")
    bill.note("plus capacity units (LCU usage not crawled)")
    return bill.estimate(resource.arn, resource.kind)


_RDS_ENGINES = {"mysql": "mysql", "mariadb": "mysql", "postgres": "postgres"}


def db_instance(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    data = resource.data
    bill = Bill(table, resource.region)
    db_class = str(data.get("DBInstanceClass") or "")
    engine = str(data.get("Engine") or "")
    if engine.startswith("aurora"):
        return aurora_instance(resource, view, table)
    copies = 2 if data.get("MultiAZ") else 1
    az = "Multi-AZ ×2" if copies == 2 else "Single-AZ"
    priced_as = _RDS_ENGINES.get(engine)
    if priced_as is None:
        bill.unknown(f"RDS engine {engine or '?'}")
        return bill.estimate(resource.arn, resource.kind)
    _, family, size = (db_class.split(".") + ["", ""])[:3]
    price = sized_price(table, "rds/instance", f"db.{family}", size, priced_as, resource.region)
    bill.charge(f"rds/instance/{db_class}/{priced_as}", copies * bill.hours,
                f"{db_class} {engine} {az} {copies * bill.hours:g} h", price)
    if engine != priced_as:
        bill.note(f"{engine} priced as {priced_as}", approximate=True)
    storage_type = str(data.get("StorageType") or "gp2")
    size_gb = float(data.get("AllocatedStorage") or 0)
    iops = float(data.get("Iops") or 0)
    bill.charge(f"rds/storage/{storage_type}", copies * size_gb, f"{copies * size_gb:g} GB {storage_type} ({az})")
    if storage_type == "gp3":
        included = 12000 if size_gb >= 400 else 3000
        if iops > included:
            extra = copies * (iops - included)
            bill.charge("rds/storage/gp3-iops", extra, f"{extra:g} IOPS above {included}")
    elif storage_type in ("io1", "io2") and iops:
        bill.charge(f"rds/storage/{storage_type}-iops", copies * iops, f"{copies * iops:g} PIOPS")
    if data.get("PubliclyAccessible"):
        bill.charge(IPV4_IN_USE, bill.hours, f"1 public IPv4 × {bill.hours:g} h")
    return bill.estimate(resource.arn, resource.kind)


def file_system(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    data = resource.data
    bill = Bill(table, resource.region)
    size = data.get("SizeInBytes") or {}
    one_zone = bool(data.get("AvailabilityZoneName"))
    standard = size.get("ValueInStandard", size.get("Value", 0)) or 0
    infrequent = size.get("ValueInIA", 0) or 0
    archive = size.get("ValueInArchive", 0) or 0
    bursting = data.get("ThroughputMode") in ("bursting", "provisioned")
    ia_key = "efs/one-zone-ia" if one_zone else ("efs/ia-legacy" if bursting else "efs/ia")
    for key, value, label in (("efs/one-zone" if one_zone else "efs/standard", standard, "Standard"),
                              (ia_key, infrequent, "IA"), ("efs/archive", archive, "Archive")):
        if value or label == "Standard":
            bill.charge(key, value / GIB, f"{value / GIB:,.3g} GB {label}")
    if data.get("ThroughputMode") == "provisioned":
        mibps = float(data.get("ProvisionedThroughputInMibps") or 0)
        bill.charge("efs/provisioned-throughput", mibps, f"{mibps:g} MB/s provisioned")
    bill.note("size as metered at crawl time; reads/writes not crawled")
    return bill.estimate(resource.arn, resource.kind)


# CloudWatch AWS/S3 BucketSizeBytes StorageType dimension -> price key.
_S3_STORAGE = {"StandardStorage": "s3/standard", "StandardIAStorage": "s3/standard-ia",
               "OneZoneIAStorage": "s3/onezone-ia", "GlacierInstantRetrievalStorage": "s3/glacier-ir",
               "GlacierStorage": "s3/glacier", "DeepArchiveStorage": "s3/deep-archive"}


def bucket(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """Priced only when the crawl recorded CloudWatch ``BucketSizeBytes`` (bytes, or a mapping
    StorageType -> bytes); otherwise unknown, never zero."""
    bill = Bill(table, resource.region)
    sizes = resource.data.get("BucketSizeBytes")
    if sizes is None:
        bill.unknown("bucket size (CloudWatch BucketSizeBytes not crawled)")
        return bill.estimate(resource.arn, resource.kind)
    if not isinstance(sizes, dict):
        sizes = {"StandardStorage": sizes}
    if not sizes:  # no datapoint in the crawl window: an empty or brand-new bucket, not provably $0
        bill.unknown("bucket size (no CloudWatch BucketSizeBytes datapoint at crawl time)")
    for storage_type, value in sorted(sizes.items()):
        key = _S3_STORAGE.get(storage_type)
        if key is None:
            bill.unknown(f"S3 storage type {storage_type}")
            continue
        bill.charge(key, float(value) / GIB, f"{float(value) / GIB:,.3g} GB {storage_type}")
    bill.note("storage only; requests and transfer not crawled")
    return bill.estimate(resource.arn, resource.kind)


def vpc_endpoint(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    bill = Bill(table, resource.region)
    endpoint_type = resource.data.get("VpcEndpointType")
    if endpoint_type == "Gateway":
        bill.note("Gateway endpoint (S3/DynamoDB): no hourly charge")
    elif endpoint_type == "Interface":
        zones = len(resource.data.get("SubnetIds") or ()) or 1
        bill.charge("vpc/interface-endpoint/hour", zones * bill.hours, f"{zones} AZ × {bill.hours:g} h")
        bill.note("plus $/GB processed (traffic not crawled)")
    else:
        bill.unknown(f"{endpoint_type or '?'} endpoint")
    return bill.estimate(resource.arn, resource.kind)


Estimator = Callable[[Resource, EstateView, PriceTable], Estimate]


def classic_load_balancer(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """Per LB-hour, plus a public IPv4 per Availability Zone when internet-facing (Classic
    Load Balancers hold one per zone, as ALBs do; in a VPC it has one subnet per zone); GB
    processed is usage, not crawled."""
    bill = Bill(table, resource.region)
    bill.charge("elb/classic/hour", bill.hours, f"Classic LB {bill.hours:g} h")
    if resource.data.get("Scheme") == "internet-facing":
        zones = len(resource.data.get("AvailabilityZones") or resource.data.get("Subnets") or ())
        if zones:
            bill.charge(IPV4_IN_USE, zones * bill.hours, f"{zones} public IPv4 (1 per AZ) × {bill.hours:g} h")
        else:
            bill.note("its public IPv4 addresses are not counted: no Availability Zones listed", approximate=True)
    bill.note("plus $/GB processed (traffic not crawled)")
    return bill.estimate(resource.arn, resource.kind)


HIGH_RESOLUTION_PERIOD = 60  # seconds: a shorter period makes an alarm high resolution


def _alarm_metrics(data: Mapping[str, Any]) -> tuple[int, bool]:
    """(metrics the alarm is billed for, whether any is high resolution). A metric-math alarm
    is billed per metric it evaluates (CloudWatch pricing, "Alarms")."""
    stats = [m["MetricStat"] for m in data.get("Metrics") or () if isinstance(m, dict) and m.get("MetricStat")]
    periods = [float(stat.get("Period") or HIGH_RESOLUTION_PERIOD) for stat in stats] or [
        float(data.get("Period") or HIGH_RESOLUTION_PERIOD)]
    return max(len(stats), 1), min(periods) < HIGH_RESOLUTION_PERIOD


def alarm(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """Per alarm metric-month: standard or high resolution; a composite alarm per alarm-month
    (the alarms it combines are billed on their own items). The free tier's 10 alarm metrics
    are an account's, not an alarm's: not deducted."""
    bill = Bill(table, resource.region)
    if "AlarmRule" in resource.data:
        bill.charge("cloudwatch/alarm/composite", 1, "1 composite alarm-month")
        return bill.estimate(resource.arn, resource.kind)
    metrics, high = _alarm_metrics(resource.data)
    resolution = "high-resolution" if high else "standard"
    bill.charge(f"cloudwatch/alarm/{resolution}", metrics, f"{metrics} {resolution} alarm metric-month")
    return bill.estimate(resource.arn, resource.kind)


def hosted_zone(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
    """Per hosted zone-month (Route 53 is global: its us-east-1 price); queries are usage."""
    bill = Bill(table, "us-east-1")
    bill.charge("route53/hosted-zone", 1, "1 hosted zone-month")
    bill.note("first 25 zones of an account; plus $/million queries (queries not crawled; alias queries to AWS "
              "resources are free)")
    return bill.estimate(resource.arn, resource.kind)


def usage_priced(what: str) -> Estimator:
    """A kind billed only by usage awsx does not crawl: unknown, never $0."""
    def estimate(resource: Resource, view: EstateView, table: PriceTable) -> Estimate:
        bill = Bill(table, resource.region)
        bill.unknown(f"{what} (usage-priced, not crawled)")
        return bill.estimate(resource.arn, resource.kind)
    return estimate


ESTIMATORS: dict[str, Estimator] = {
    "ec2:instance": instance,
    "ec2:volume": volume,
    "ec2:snapshot": snapshot,
    "ec2:nat-gateway": nat_gateway,
    "ec2:elastic-ip": elastic_ip,
    "elbv2:load-balancer": load_balancer,
    "rds:db-instance": db_instance,
    "efs:file-system": file_system,
    "s3:bucket": bucket,
    "ec2:vpc-endpoint": vpc_endpoint,
    "dynamodb:table": dynamodb_table,
    "elasticache:cluster": cache_cluster,
    "elasticache:replication-group": replication_group,
    "rds:db-cluster": db_cluster,
    "secretsmanager:secret": secret,
    **CONTAINER_ESTIMATORS,
    "elb:load-balancer": classic_load_balancer,
    "cloudwatch:alarm": alarm,
    "route53:hosted-zone": hosted_zone,
    "cloudfront:distribution": usage_priced("requests and data transfer out"),
    "apigateway:rest-api": usage_priced("requests, data transfer and any stage cache"),
    "apigatewayv2:api": usage_priced("requests, messages and connection minutes"),
    "cloudtrail:trail": usage_priced("management event copies after the first and data events"),
}
