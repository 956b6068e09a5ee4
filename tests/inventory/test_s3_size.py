"""S3 storage is priced from the size CloudWatch reports (AWS/S3 BucketSizeBytes, per storage
class), read at crawl time with one read-only GetMetricData call per bucket; a bucket with no
datapoint is "unknown", never $0 (issue 6, costs.md §1)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import boto3
import pytest
from session_options import demo_options

from awsx.core.graph import Estate
from awsx.cost.estimators import bucket
from awsx.cost.relations import EstateView
from awsx.cost.table import table_for
from awsx.inventory.crawler import Crawler
from awsx.inventory.readonly import is_allowed
from awsx.inventory.session import open_accounts
from awsx.inventory.specs import s3

GIB = 1024 ** 3
SIZED, EMPTY = "awsx-size-probe", "awsx-size-empty"


@pytest.fixture(scope="module")
def crawled(moto_server):
    keys = dict(aws_access_key_id="testing", aws_secret_access_key="testing", endpoint_url=moto_server.endpoint)
    storage = boto3.client("s3", region_name="us-east-1", **keys)
    for name in (SIZED, EMPTY):
        storage.create_bucket(Bucket=name)
    metrics = boto3.client("cloudwatch", region_name="us-east-1", **keys)
    now = datetime.now(timezone.utc)
    for storage_type, size, age in (("StandardStorage", 40 * GIB, 2), ("StandardStorage", 50 * GIB, 1),
                                    ("StandardIAStorage", 10 * GIB, 1)):
        metrics.put_metric_data(Namespace="AWS/S3", MetricData=[{
            "MetricName": "BucketSizeBytes", "Value": size, "Unit": "Bytes", "Timestamp": now - timedelta(days=age),
            "Dimensions": [{"Name": "BucketName", "Value": SIZED}, {"Name": "StorageType", "Value": storage_type}]}])

    async def crawl():
        accounts = await open_accounts(demo_options(moto_server.endpoint, regions=("us-east-1",)))
        return await Crawler(accounts, specs=s3.SPECS, enrichments=s3.ENRICHMENTS).run()

    result = asyncio.run(crawl())
    return Estate(result.resources, []), result


def test_the_size_call_is_an_allowed_read():
    assert is_allowed("cloudwatch", "GetMetricData")
    assert not is_allowed("cloudwatch", "PutMetricData")


def test_the_latest_datapoint_per_storage_class_is_recorded(crawled):
    estate, result = crawled
    sized = estate.find(SIZED)
    assert sized.data["BucketSizeBytes"] == {"StandardStorage": 50 * GIB, "StandardIAStorage": 10 * GIB}
    assert estate.find(EMPTY).data["BucketSizeBytes"] == {}
    buckets = len(list(estate.resources("s3:bucket")))
    assert result.calls[("cloudwatch", "GetMetricData")] == buckets  # one call per bucket, all classes


def test_a_sized_bucket_is_priced_per_storage_class(crawled):
    estate, _ = crawled
    table = table_for({})
    estimate = bucket(estate.find(SIZED), EstateView(estate), table)
    assert estimate.monthly == pytest.approx(50 * 0.023 + 10 * 0.0125)  # $1.15 + $0.125
    assert "50 GB StandardStorage" in estimate.basis and "10 GB StandardIAStorage" in estimate.basis


def test_a_bucket_without_a_datapoint_is_unknown_not_zero(crawled):
    estate, _ = crawled
    estimate = bucket(estate.find(EMPTY), EstateView(estate), table_for({}))
    assert estimate.monthly is None and "no CloudWatch BucketSizeBytes datapoint" in estimate.basis


def test_the_demo_estates_buckets_are_priced_from_their_crawled_size(demo_estate):
    view, table = EstateView(demo_estate), table_for({})
    logs = bucket(demo_estate.find("acme-prod-logs"), view, table)
    assert logs.monthly == pytest.approx(2048 * 0.023 + 512 * 0.0125)  # us-east-1: exact rows
    assert not logs.approximate
    assert bucket(demo_estate.find("acme-public-assets"), view, table).monthly is None  # no datapoint: unknown


def test_latest_sizes_takes_the_newest_point_of_each_series():
    results = [{"Label": "StandardStorage", "Timestamps": ["2026-11-21T00:00:00Z", "2026-11-22T00:00:00Z"],
                "Values": [2.0, 3.0]},
               {"Label": "GlacierStorage", "Timestamps": [], "Values": []}]
    assert s3.latest_sizes(results) == {"StandardStorage": 3.0}
    assert s3.latest_sizes(None) == {}
