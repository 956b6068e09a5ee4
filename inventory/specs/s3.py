"""S3: the bucket list (global), then per bucket its region, policy, public access block,
tags, and its size per storage class from CloudWatch (``BucketSizeBytes``, the daily metric S3
publishes; the cost engine prices storage from it). Object listings and object contents are
never read."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from awsx.core.model import Resource

from .base import Enrichment, ResourceSpec, col, columns

# The StorageType dimensions of AWS/S3 BucketSizeBytes that awsx asks for (one query each, one call).
STORAGE_TYPES = ("StandardStorage", "StandardIAStorage", "OneZoneIAStorage", "GlacierInstantRetrievalStorage",
                 "GlacierStorage", "DeepArchiveStorage")
# S3 publishes BucketSizeBytes once a day: a three-day window always holds the latest point.
SIZE_WINDOW = timedelta(days=3)
DAY = 86400


def bucket_size_queries(bucket: Resource) -> dict[str, Any]:
    """GetMetricData parameters: the daily average of BucketSizeBytes per storage type."""
    end = datetime.now(timezone.utc).replace(microsecond=0)
    queries = [
        {"Id": f"size{index}", "Label": storage, "ReturnData": True,
         "MetricStat": {"Metric": {"Namespace": "AWS/S3", "MetricName": "BucketSizeBytes",
                                   "Dimensions": [{"Name": "BucketName", "Value": bucket.id},
                                                  {"Name": "StorageType", "Value": storage}]},
                        "Period": DAY, "Stat": "Average"}}
        for index, storage in enumerate(STORAGE_TYPES)
    ]
    return {"MetricDataQueries": queries, "StartTime": end - SIZE_WINDOW, "EndTime": end}


def latest_sizes(results: Any) -> dict[str, float]:
    """{StorageType: bytes} from the latest datapoint of each series that has one. An empty
    mapping means CloudWatch had no datapoint (an empty or new bucket): the cost engine says
    unknown, not $0."""
    sizes: dict[str, float] = {}
    for series in results or ():
        points = sorted(zip(series.get("Timestamps") or (), series.get("Values") or ()))
        if points:
            sizes[str(series.get("Label"))] = float(points[-1][1])
    return sizes

# The names a bucket answers to as a CloudFront origin or a DNS target: the global and the
# regional REST endpoints and both spellings of the website endpoint (S3 User Guide, "Website
# endpoints"); GetBucketLocation says nothing for us-east-1.
_REGION = "LocationConstraint || 'us-east-1'"
BUCKET_DNS = (
    "join('', [Name, '.s3.amazonaws.com'])",
    f"join('', [Name, '.s3.', {_REGION}, '.amazonaws.com'])",
    f"join('', [Name, '.s3-website-', {_REGION}, '.amazonaws.com'])",
    f"join('', [Name, '.s3-website.', {_REGION}, '.amazonaws.com'])",
)

SPECS = (
    ResourceSpec(
        kind="s3:bucket", service="s3", operation="ListBuckets", items="Buckets", id="Name", name="Name",
        arn_template="arn:{partition}:s3:::{id}", tags=None, scope="global", dns=BUCKET_DNS, title="S3 buckets",
        aliases=("s3", "bucket"),
        columns=columns(col("Created", "data.CreationDate"), col("Policy status", "data.PolicyStatus.IsPublic")),
    ),
)

ENRICHMENTS = (
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketLocation", params={"Bucket": "@id"},
        into="LocationConstraint", result="LocationConstraint", sets_region=True,
    ),
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketPolicy", params={"Bucket": "@id"},
        into="Policy", result="Policy", absent=("NoSuchBucketPolicy",), in_record_region=True, parse_json=True,
    ),
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketPolicyStatus", params={"Bucket": "@id"},
        into="PolicyStatus", result="PolicyStatus", absent=("NoSuchBucketPolicy",), in_record_region=True,
    ),
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetPublicAccessBlock", params={"Bucket": "@id"},
        into="PublicAccessBlock", result="PublicAccessBlockConfiguration",
        absent=("NoSuchPublicAccessBlockConfiguration",), in_record_region=True,
    ),
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketTagging", params={"Bucket": "@id"},
        into="Tags", result="TagSet", absent=("NoSuchTagSet",), absent_value=[], in_record_region=True, tags=True,
    ),
    # Versioning (a weaker form of backup, issue 17) and default encryption (its KMS key).
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketVersioning", params={"Bucket": "@id"},
        into="Versioning", in_record_region=True,
    ),
    Enrichment(
        kind="s3:bucket", service="s3", operation="GetBucketEncryption", params={"Bucket": "@id"},
        into="Encryption", result="ServerSideEncryptionConfiguration",
        absent=("ServerSideEncryptionConfigurationNotFoundError",), in_record_region=True,
    ),
    Enrichment(
        kind="s3:bucket", service="cloudwatch", operation="GetMetricData", params={},
        params_from=bucket_size_queries, into="BucketSizeBytes", result="MetricDataResults",
        reshape=latest_sizes, in_record_region=True,
    ),
)

EDGES = ()
