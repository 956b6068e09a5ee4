"""Estimators of the data services: list-price arithmetic on the shipped table's rows, and
"unknown" (never $0) where the price is usage awsx does not crawl."""

from __future__ import annotations

import pytest

from awsx.core.graph import Estate
from awsx.core.model import Edge, Relation, Resource
from awsx.cost.estimators import ESTIMATORS
from awsx.cost.relations import EstateView
from awsx.cost.report import estimate_all
from awsx.cost.table import default_table

ACCOUNT = "111122223333"
TABLE = default_table()
H = TABLE.hours_per_month
GIB = 1024**3


def usd(key: str) -> float:
    return TABLE.row(key, "us-east-1").usd


def resource(kind: str, rid: str, **data) -> Resource:
    return Resource(arn=f"arn:aws:{kind.split(':')[0]}:us-east-1:{ACCOUNT}:{kind.split(':')[1]}/{rid}", kind=kind,
                    id=rid, name=rid, account=ACCOUNT, region="us-east-1", data=data)


def estimate(r: Resource, *others: Resource, edges: tuple[Edge, ...] = ()):
    return ESTIMATORS[r.kind](r, EstateView(Estate([r, *others], list(edges))), TABLE)


def test_a_provisioned_table_pays_its_and_its_indexes_capacity_hours_and_storage():
    table = resource("dynamodb:table", "orders", Table={
        "BillingModeSummary": {"BillingMode": "PROVISIONED"}, "TableSizeBytes": 10 * GIB,
        "ProvisionedThroughput": {"ReadCapacityUnits": 10, "WriteCapacityUnits": 5},
        "GlobalSecondaryIndexes": [{"ProvisionedThroughput": {"ReadCapacityUnits": 5, "WriteCapacityUnits": 5}}]})
    est = estimate(table)
    expected = 15 * H * usd("dynamodb/provisioned/rcu") + 10 * H * usd("dynamodb/provisioned/wcu") \
        + 10 * usd("dynamodb/storage/standard")
    assert est.monthly == pytest.approx(expected)
    assert "15 RCU × 730 h" in est.basis and "10 WCU × 730 h" in est.basis and "10 GB" in est.basis


def test_an_on_demand_table_prices_its_storage_and_says_the_requests_are_unknown():
    est = estimate(resource("dynamodb:table", "sessions", Table={
        "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}, "TableSizeBytes": 4 * GIB}))
    assert est.monthly == pytest.approx(4 * usd("dynamodb/storage/standard"))
    assert est.approximate and "request units: unknown" in est.basis


def test_an_empty_on_demand_table_is_unknown_not_zero():
    est = estimate(resource("dynamodb:table", "sessions", Table={
        "BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}, "TableSizeBytes": 0}))
    assert est.monthly is None and "on-demand request units" in est.basis


def test_a_cache_cluster_pays_each_node_hour_and_valkey_is_unknown():
    est = estimate(resource("elasticache:cluster", "c", Engine="memcached", CacheNodeType="cache.t3.micro",
                            NumCacheNodes=3))
    assert est.monthly == pytest.approx(3 * H * usd("elasticache/node/cache.t3.micro"))
    assert "3 × cache.t3.micro × 730 h" in est.basis
    valkey = estimate(resource("elasticache:cluster", "v", Engine="valkey", CacheNodeType="cache.t3.micro",
                               NumCacheNodes=1))
    assert valkey.monthly is None


def test_a_replication_group_is_priced_on_its_members_when_they_are_crawled_never_twice():
    group = resource("elasticache:replication-group", "sessions", Engine="redis", CacheNodeType="cache.r6g.large",
                     MemberClusters=["sessions-001", "sessions-002"])
    member = resource("elasticache:cluster", "sessions-001", Engine="redis", CacheNodeType="cache.r6g.large",
                      NumCacheNodes=1, ReplicationGroupId="sessions")
    with_members = estimate(group, member, edges=(Edge(member.arn, group.arn, Relation.IS_CLUSTER_MEMBER_OF),))
    assert with_members.monthly == 0 and "member clusters" in with_members.basis
    alone = estimate(group)
    assert alone.monthly == pytest.approx(2 * H * usd("elasticache/node/cache.r6g.large"))


def test_an_aurora_instance_pays_instance_hours_once_and_no_storage_of_its_own():
    est = estimate(resource("rds:db-instance", "catalog-1", Engine="aurora-postgresql", DBInstanceClass="db.r6g.large",
                            MultiAZ=True, StorageType="aurora", AllocatedStorage=1, DBClusterIdentifier="catalog"))
    assert est.monthly == pytest.approx(H * usd("rds/instance/db.r6g.large/aurora-postgresql"))
    assert "rds:db-cluster" in est.basis and "storage/aurora" not in est.basis


def test_an_aurora_clusters_storage_and_io_are_unknown():
    est = estimate(resource("rds:db-cluster", "catalog", Engine="aurora-postgresql"))
    assert est.monthly is None and "usage-priced" in est.basis


def test_a_secret_is_0_40_a_month():
    est = estimate(resource("secretsmanager:secret", "prod/db"))
    assert est.monthly == pytest.approx(usd("secretsmanager/secret")) == pytest.approx(0.40)


def test_the_demos_data_services_are_priced_and_the_aurora_storage_is_unknown(demo_estate):
    by_id = {(e.kind, demo_estate.resource(e.arn).id): e for e in estimate_all(demo_estate)}
    for priced in (("dynamodb:table", "orders"), ("elasticache:cluster", "acme-catalog-cache"),
                   ("elasticache:replication-group", "acme-sessions"), ("rds:db-instance", "acme-catalog-1"),
                   ("secretsmanager:secret", "prod/legacy/api-key")):
        assert by_id[priced].monthly, priced
    assert by_id[("rds:db-cluster", "acme-catalog")].monthly is None
    assert by_id[("dynamodb:table", "sessions")].monthly is None  # on-demand and empty: unknown, not $0
